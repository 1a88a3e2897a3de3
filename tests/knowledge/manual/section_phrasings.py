"""Held-out style questions: every process x every section kind, in the ways people type them.

Run `python -m tests.knowledge.manual.section_phrasings [--split dev|holdout|all] [--show]` for
the pass rate. Templates marked `H` are the hold-out split: they were not looked at while tuning.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from dataclasses import dataclass

from knowledge.manual import ManualAnswer, ManualIndex

# Names people use for each process (full name first).
PROCESS_NAMES: dict[str, tuple[str, ...]] = {
    "ict_plan": ("งานจัดทำแผนพัฒนาเทคโนโลยีสารสนเทศและการสื่อสาร", "งานแผนไอซีที", "แผน ICT",
                 "งานแผนพัฒนา ICT", "งานจัดทำแผน ICT", "งานทำแผนไอซีที", "แผนพัฒนาไอซีที"),
    "mis": ("งานจัดทำข้อมูลสารสนเทศเพื่อการบริหาร", "งานข้อมูลสารสนเทศ", "งาน MIS",
            "ข้อมูลสารสนเทศเพื่อการบริหาร", "งานจัดทำข้อมูลสารสนเทศ", "งานสารสนเทศเพื่อการบริหาร"),
    "innovation": ("งานพัฒนานวัตกรรมและระบบเทคโนโลยีสารสนเทศเพื่อการบริหาร", "งานนวัตกรรม",
                   "งานพัฒนานวัตกรรม", "การพัฒนานวัตกรรม", "งานนวัตกรรมและระบบไอที", "นวัตกรรม"),
    "network": ("งานพัฒนาเครือข่ายเทคโนโลยีสารสนเทศและการสื่อสาร", "งานเครือข่าย",
                "งานพัฒนาเครือข่าย", "ระบบเครือข่าย", "งานเครือข่าย ICT", "การพัฒนาเครือข่าย"),
}
# What the definition defines, as people name it.
TERMS: dict[str, tuple[str, ...]] = {
    "ict_plan": ("แผนพัฒนาเทคโนโลยีสารสนเทศและการสื่อสาร", "แผนพัฒนา ICT", "แผนไอซีที"),
    "mis": ("ข้อมูลสารสนเทศเพื่อการบริหาร", "สารสนเทศเพื่อการบริหาร", "MIS"),
    "innovation": ("พัฒนานวัตกรรมและระบบเทคโนโลยีสารสนเทศ", "นวัตกรรม", "การพัฒนานวัตกรรม"),
    "network": ("เครือข่ายเทคโนโลยีสารสนเทศและการสื่อสาร", "ระบบเครือข่าย", "เครือข่าย ICT"),
}
PARTICLES = ("", "", "ครับ", "ค่ะ", "คะ", "คับ", "หน่อยครับ", "นะคะ")
# A few typos and short forms people make (applied to some questions).
TYPOS = (("วัตถุประสงค์", "วัตถุประสง"), ("แบบฟอร์ม", "แบบฟอม"), ("นวัตกรรม", "นวัตกรม"),
         ("เครือข่าย", "เครือขาย"), ("ผู้รับผิดชอบ", "ผู้รับผิดชอป"), ("ขั้นตอน", "ขั้นตอล"),
         ("อ้างอิง", "อ้างอิ้ง"), ("ขอบเขต", "ขอบเขค"))

H = "holdout"
D = "dev"
# section -> (split, template); {p} a process name, {t} a defined term, {n} a step number.
TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    "objective": ((D, "วัตถุประสงค์ของ{p}"), (D, "{p} มีเป้าหมายอะไร"), (D, "จุดประสงค์ของ{p}คืออะไร"),
                  (D, "{p}ทำไปเพื่ออะไร"), (D, "เป้าหมายของ{p}"), (H, "{p} มีวัตถุประสงค์ยังไง"),
                  (H, "{p}จัดทำขึ้นเพื่ออะไร"), (H, "จุดมุ่งหมายของ{p}")),
    "scope": ((D, "ขอบเขตของ{p}"), (D, "{p} ครอบคลุมอะไรบ้าง"), (D, "ขอบเขตงาน{p}มีอะไรบ้าง"),
              (D, "{p}มีขอบข่ายแค่ไหน"), (H, "{p} ครอบคลุมเรื่องอะไร"), (H, "ขอบเขตการทำงานของ{p}")),
    "definition": ((D, "คำนิยามของ{t}"), (D, "นิยามของคำว่า{t}"), (D, "{t} หมายถึงอะไร"),
                   (D, "ความหมายของ{t}"), (D, "คำจำกัดความของ{t}"), (D, "{t}คืออะไร"),
                   (D, "คำนิยามใน{p}"), (H, "{t} แปลว่าอะไร"), (H, "คำว่า{t}หมายความว่าอะไร"),
                   (H, "นิยามศัพท์ของ{p}"), (H, "ความหมายของคำว่า{t}")),
    "responsible": ((D, "ใครรับผิดชอบ{p}"), (D, "ผู้รับผิดชอบ{p}"), (D, "{p} ใครทำ"),
                    (D, "{p}ต้องติดต่อใคร"), (D, "ใครเป็นผู้รับผิดชอบ{p}"), (H, "{p} ติดต่อใครได้บ้าง"),
                    (H, "ใครดูแล{p}"), (H, "{p} ใครเป็นคนรับผิดชอบ")),
    "steps": ((D, "ขั้นตอน{p}"), (D, "{p} มีขั้นตอนอะไรบ้าง"), (D, "{p} ทำยังไง"),
              (D, "ขั้นตอนการปฏิบัติงาน{p}"), (D, "{p}ต้องทำอะไรบ้าง"), (H, "วิธีดำเนินการ{p}"),
              (H, "{p} มีกี่ขั้นตอน"), (H, "ขั้นตอนการทำ{p}")),
    "step_duration": ((D, "ขั้นตอนที่ {n} ของ{p}ใช้เวลากี่วัน"), (D, "{p} ขั้นที่ {n} นานเท่าไร"),
                      (D, "{p} ขั้นตอนที่ {n} ใช้เวลากี่เดือน"), (D, "ระยะเวลาขั้นตอนที่ {n} {p}"),
                      (H, "ขั้นตอน {n} ของ{p}ใช้เวลานานแค่ไหน"), (H, "{p} ขั้นที่{n} กี่เดือน")),
    "total_duration": ((D, "{p}ใช้เวลารวมกี่เดือน"), (D, "{p} ทั้งหมดใช้เวลากี่วัน"),
                       (D, "รวมทุกขั้นตอน{p}ใช้เวลาเท่าไร"), (D, "ระยะเวลารวมของ{p}"),
                       (D, "ขั้นตอน{p}ใช้เวลารวมทั้งหมดกี่เดือน"), (H, "{p} รวมทั้งหมดกี่เดือน"),
                       (H, "{p}ตั้งแต่ต้นจนจบใช้เวลานานเท่าไร"), (H, "เวลาทั้งหมดที่ใช้ใน{p}")),
    "standard": ((D, "มาตรฐานคุณภาพงานของ{p}"), (D, "{p} มีมาตรฐานคุณภาพอะไรบ้าง"),
                 (D, "เกณฑ์คุณภาพ{p}"), (D, "มาตรฐานงาน{p}"), (H, "{p}ต้องได้มาตรฐานอะไร"),
                 (H, "คุณภาพงานของ{p}วัดจากอะไร")),
    "forms": ((D, "แบบฟอร์มที่ใช้ใน{p}"), (D, "{p} ใช้ฟอร์มอะไร"), (D, "{p} มีแบบฟอร์มไหม"),
              (D, "เอกสารที่ใช้ใน{p}"), (H, "ฟอร์ม{p}"), (H, "{p}ต้องกรอกแบบฟอร์มอะไรบ้าง")),
    "references": ((D, "เอกสารอ้างอิงของ{p}"), (D, "{p} อ้างอิงอะไรบ้าง"), (D, "หลักฐานอ้างอิง{p}"),
                   (D, "{p} ใช้เอกสารอ้างอิงอะไร"), (H, "{p} มีเอกสารอ้างอิงอะไรบ้าง"),
                   (H, "เอกสารหลักฐานอ้างอิงใน{p}")),
    "flowchart": ((D, "ผังงาน{p}"), (D, "ขอ flow chart {p}"), (D, "แผนผังขั้นตอน{p}"),
                  (D, "โฟลว์ชาร์ต{p}"), (H, "ขอดูผัง{p}หน่อย"), (H, "flowchart ของ{p}")),
}
# section -> (answer kinds, answer fields) that count as the right section.
EXPECTED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "objective": (frozenset({"fact"}), frozenset({"objective"})),
    "scope": (frozenset({"fact"}), frozenset({"scope"})),
    "definition": (frozenset({"fact"}), frozenset({"definition"})),
    "responsible": (frozenset({"fact"}), frozenset({"owner", "responsible"})),
    "steps": (frozenset({"process"}), frozenset({"steps", "detail"})),
    "step_duration": (frozenset({"step"}), frozenset({"duration"})),
    "total_duration": (frozenset({"fact"}), frozenset({"total_duration"})),
    "standard": (frozenset({"fact"}), frozenset({"standard"})),
    "forms": (frozenset({"fact"}), frozenset({"forms"})),
    "references": (frozenset({"fact"}), frozenset({"references"})),
    "flowchart": (frozenset({"fact"}), frozenset({"flowchart"})),
}


@dataclass(frozen=True)
class Phrasing:
    """One generated question and what its answer must be."""

    query: str
    section: str
    process_id: str
    split: str
    step_no: int | None = None


def generate(per_template: int = 2, seed: int = 7) -> list[Phrasing]:
    """For each process, section and template, `per_template` questions with varied names,
    particles and an occasional typo (deterministic for a seed)."""
    rng = random.Random(seed)
    out: list[Phrasing] = []
    for pid, names in PROCESS_NAMES.items():
        for section, templates in TEMPLATES.items():
            for split, template in templates:
                for k in range(per_template):
                    name = names[0] if k == 0 and rng.random() < 0.3 else rng.choice(names)
                    step_no = rng.randint(1, 5) if "{n}" in template else None
                    q = template.format(p=name, t=rng.choice(TERMS[pid]), n=step_no)
                    if rng.random() < 0.12:
                        wrong, typo = rng.choice([t for t in TYPOS if t[0] in q] or [("", "")])
                        q = q.replace(wrong, typo, 1) if wrong else q
                    q += rng.choice(PARTICLES)
                    out.append(Phrasing(q, section, pid, split, step_no))
    return list({p.query: p for p in out}.values())


def problems(case: Phrasing, ans: ManualAnswer, index: ManualIndex) -> list[str]:
    """Why the answer is not the right section of the right process (empty when it is)."""
    kinds, fields = EXPECTED[case.section]
    bad = []
    if ans.process_id != case.process_id:
        bad.append(f"process {ans.process_id}")
    if ans.kind not in kinds or ans.field not in fields:
        bad.append(f"{ans.kind}/{ans.field}")
    if case.step_no is not None:
        p = index.process(case.process_id)
        step = p.step(case.step_no) if p else None
        if ans.step_no != case.step_no or step is None or step.duration not in ans.text:
            bad.append(f"step {ans.step_no}")
    return bad


def run(index: ManualIndex, cases: list[Phrasing]) -> list[tuple[Phrasing, ManualAnswer, list[str]]]:
    """Every failing case with its answer and reasons."""
    fails = []
    for case in cases:
        ans = index.answer(case.query)
        bad = problems(case, ans, index)
        if bad:
            fails.append((case, ans, bad))
    return fails


def main() -> None:
    """Print the pass rate per split and section (and the failures with --show)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="all", choices=("dev", "holdout", "all"))
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    index = ManualIndex.load()
    cases = [c for c in generate() if args.split in ("all", c.split)]
    fails = run(index, cases)
    for split in ("dev", "holdout"):
        n = sum(c.split == split for c in cases)
        f = sum(c.split == split for c, _, _ in fails)
        if n:
            print(f"{split}: {n - f}/{n} = {100 * (n - f) / n:.1f}%")
    total = Counter(c.section for c in cases)
    failed = Counter(c.section for c, _, _ in fails)
    print("  ".join(f"{s} {total[s] - failed[s]}/{total[s]}" for s in total))
    if args.show:
        for c, ans, bad in fails:
            print(f"[{c.split}] {c.section} {c.process_id} | {c.query} -> {ans.kind}/{ans.field}/"
                  f"{ans.process_id}/{ans.step_no} {', '.join(bad)}")


if __name__ == "__main__":
    main()
