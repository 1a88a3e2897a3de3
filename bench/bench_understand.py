"""Benchmark knowledge.understand with the real 24-school area and a synthetic national dataset.

    python bench/bench_understand.py [--schools 30000] [--queries 2000] [--engine newmm|nlpo3|both]

Prints Vocabulary.build time and understand() median / p95 per query (ms), and compares the
newmm and nlpo3 tokenisers (speed and agreement) on the same dictionary.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.tokenize import Tokenizer  # noqa: E402
from knowledge.understand import understand  # noqa: E402
from knowledge.vocabulary import SchoolEntry, Vocabulary, thai_provinces  # noqa: E402

FIXTURE = ROOT / "tests" / "knowledge" / "schools_fixture.csv"
LABELLED = ROOT / "tests" / "knowledge" / "nlu_labelled.tsv"

_SYLLABLE_TEXT = (
    "หนอง บ้าน นา โคก ดอน ห้วย ท่า วัง บึง ทุ่ง เขา ดง โนน น้ำ ศรี สระ ป่า คลอง บาง ไผ่ แดง ยาง บัว ทอง คำ "
    "หิน ทราย แก้ว กลาง สูง งาม ใหม่ ตาล ม่วง ขาม สะแก กุง จาน ชัย สวรรค์ โพธิ์ ไทร ตะเคียน มะค่า เสือ ช้าง "
    "กระทุ่ม แสง สว่าง หลวง เหล็ก เพชร นาค มะขาม ลาน กุด ซับ โป่ง หัว ปาก ค้อ แค สัก ผักหวาน พยอม บุญ"
)
SYLLABLES = _SYLLABLE_TEXT.split()
SUFFIXES = (
    "วิทยาคม", "พิทยาคม", "วิทยา", "พิทยา", "วิทยาลัย", "ประชาสรรค์", "ประชานุสรณ์", "พัฒนศึกษา",
    "ราษฎร์บำรุง", "อุปถัมภ์", "วิทยาสรรค์", "พิทยาสรรพ์", "ศึกษา", "", "",
)
TEMPLATES = (
    "โรงเรียน{s}มีนักเรียนกี่คน", "ร.ร.{s} นักเรียน ม.{g} กี่คนครับ", "เบอร์โทร รร.{s}", "ผอ.{s}",
    "ครูโรงเรียน{s}มีกี่คน", "{s} นักเรียนหญิงปี ๒๕๖๗", "อำเภอ{d}มีโรงเรียนกี่โรง", "โรงเรียนในอำเภอ{d}",
    "นักเรียนอำเภอ{d}ทั้งหมด", "{t} มีนักเรียนกี่คน", "อีเมล ร.ร.{t}", "ทั้งเขตมีนักเรียน ม.{g} กี่คน",
    "เทียบนักเรียน{s} ปี 2567 กับ 2568", "โรงเรียนไหนใหญ่ที่สุดในอำเภอ{d}",
)


def synthetic(n: int, seed: int = 7) -> list[SchoolEntry]:
    """About n schools over ~900 districts in the 77 provinces, with realistic Thai names."""
    rnd = random.Random(seed)
    provinces = sorted(thai_provinces())

    def place(k: int) -> str:
        return "".join(rnd.sample(SYLLABLES, k))

    districts: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(districts) < 900:
        d = place(2)
        if d not in seen:
            seen.add(d)
            districts.append((d, provinces[len(districts) % len(provinces)]))
    schools = []
    for i in range(n):
        d, p = districts[i % len(districts)]
        base = rnd.choice((place(2), place(2), place(3), d, "บ้าน" + place(2)))
        sub = rnd.choice((base[:6] or d, place(2)))
        schools.append(SchoolEntry(f"{10_0000_0000 + i}", base + rnd.choice(SUFFIXES), d, sub, p))
    return schools


def typo(text: str, rnd: random.Random) -> str:
    """One deleted, doubled or swapped character somewhere in the middle."""
    if len(text) < 6:
        return text
    i = rnd.randrange(2, len(text) - 2)
    op = rnd.randrange(3)
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def queries(schools: list[SchoolEntry], n: int, seed: int = 11) -> list[str]:
    """n realistic queries: templates over real names (some with typos) plus the labelled set."""
    rnd = random.Random(seed)
    labelled = [ln.split("\t")[0] for ln in LABELLED.read_text("utf-8").splitlines() if "\t" in ln and ln[0] != "#"]
    out = []
    for k in range(n):
        if k % 4 == 3:
            out.append(rnd.choice(labelled))
            continue
        s = rnd.choice(schools)
        out.append(rnd.choice(TEMPLATES).format(s=s.name, t=typo(s.name, rnd), d=s.district, g=rnd.randint(1, 6)))
    return out


def time_understand(vocab: Vocabulary, qs: list[str]) -> tuple[float, float]:
    """Median and p95 milliseconds of understand() over the queries (after a warm-up)."""
    for q in qs[:50]:
        understand(q, vocab)
    times = []
    for q in qs:
        t = time.perf_counter()
        understand(q, vocab)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def compare_tokenizers(schools: list[SchoolEntry], qs: list[str]) -> None:
    """Build both engines on the same dictionary; print build time, speed and agreement."""
    vocab = Vocabulary.build(schools)
    words = {w for f in vocab.form_list for w in [f]} | {s.name for s in schools}
    results = {}
    for engine in ("newmm", "nlpo3"):
        t = time.perf_counter()
        tok = Tokenizer(words, engine=engine)
        build = time.perf_counter() - t
        times, outs = [], []
        for q in qs:
            t = time.perf_counter()
            outs.append(tok(q))
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        results[engine] = outs
        print(f"  {engine:6} ({tok.engine}) build {build:.2f} s, tokenise median {statistics.median(times):.3f} ms,"
              f" p95 {times[int(len(times) * 0.95) - 1]:.3f} ms")
    same = sum(a == b for a, b in zip(results["newmm"], results["nlpo3"], strict=True))
    print(f"  identical token sequences: {same}/{len(qs)} ({100 * same / len(qs):.1f} %)")


def school_recall(vocab: Vocabulary, schools: list[SchoolEntry], n: int = 1000, seed: int = 5) -> None:
    """How often the asked school is found (top 1 / among candidates), exact names and one typo."""
    rnd = random.Random(seed)
    for label, spoil in (("exact", False), ("1 typo", True)):
        top1 = found = ambiguous = 0
        for _ in range(n):
            s = rnd.choice(schools)
            name = typo(s.name, rnd) if spoil else s.name
            q = rnd.choice((f"โรงเรียน{name}มีนักเรียนกี่คน", f"ผอ.{name}", f"{name} ครูกี่คน", f"เบอร์โทร ร.ร.{name} ครับ"))
            e = understand(q, vocab).entities
            names = [c.name for c in e.schools]
            top1 += bool(names) and names[0] == s.name
            found += s.name in names
            ambiguous += e.school_ambiguous
        print(f"  school found ({label}): top-1 {100 * top1 / n:.1f} %, among candidates {100 * found / n:.1f} %,"
              f" asked back {100 * ambiguous / n:.1f} %")


def load_fixture() -> list[SchoolEntry]:
    """The 24 real schools of the Phetchabun area office (test fixture)."""
    with FIXTURE.open(encoding="utf-8-sig") as fh:
        return [
            SchoolEntry(r["รหัสโรงเรียน"], r["ชื่อโรงเรียน"], r["อำเภอ"], r["ตำบล"], r["จังหวัด"])
            for r in csv.DictReader(fh)
        ]


def main() -> None:
    """Run the benchmark and print the numbers."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--schools", type=int, default=30_000)
    ap.add_argument("--queries", type=int, default=2_000)
    ap.add_argument("--skip-tokenizers", action="store_true")
    args = ap.parse_args()
    for label, schools in (("real area", load_fixture()), ("synthetic", synthetic(args.schools))):
        t = time.perf_counter()
        vocab = Vocabulary.build(schools)
        build = time.perf_counter() - t
        qs = queries(list(schools), args.queries)
        med, p95 = time_understand(vocab, qs)
        print(f"{label}: {len(schools):,} schools, {len(vocab.districts):,} districts, "
              f"{len(vocab.form_list):,} name forms; build {build:.2f} s")
        print(f"  understand(): median {med:.2f} ms, p95 {p95:.2f} ms over {len(qs):,} queries")
        school_recall(vocab, list(schools))
        if not args.skip_tokenizers:
            compare_tokenizers(list(schools), qs)


if __name__ == "__main__":
    main()
