"""The manual knowledge base: content fidelity, precise answers, labelled-set accuracy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from knowledge.manual import ContentError, ManualIndex, load_content
from knowledge.manual.evaluate import evaluate, read_cases
from knowledge.manual.model import DEFAULT_CONTENT_DIR

HERE = Path(__file__).resolve().parent
LABELLED = HERE / "labelled.tsv"
MANUAL_TXT = HERE.parents[1] / "fixtures" / "manual.txt"  # copy of ../shared/seed/manual.txt


@pytest.fixture(scope="module")
def index() -> ManualIndex:
    return ManualIndex.load()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("ฯ", "")).translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))


def test_content_is_the_manuals_wording() -> None:
    source = _squash(MANUAL_TXT.read_text(encoding="utf-8"))
    content = load_content()
    for p in content.processes:
        parts = [p.name, p.objective, p.indicator, p.owner, p.supervisor, *p.scope, *p.forms, *p.references]
        parts += [d.term for d in p.definitions] + [d.meaning for d in p.definitions]
        for s in p.steps:
            parts += [s.summary, s.detail, s.duration, s.standard, s.responsible]
        for part in parts:
            assert _squash(part) in source, f"{p.id}: not in the manual: {part}"
    for law in content.laws:
        assert _squash(law.text) in source
    assert len(content.laws) == 41


def test_structure(index: ManualIndex) -> None:
    assert [p.id for p in index.processes] == ["ict_plan", "mis", "innovation", "network"]
    assert all(len(p.steps) == 5 for p in index.processes)
    ict = index.processes[0]
    assert ict.step(3) is not None and ict.step(3).duration == "2 เดือน"  # type: ignore[union-attr]
    assert ict.flowchart_source == "manual" and "{จัดทำแผนพัฒนา}" in ict.mermaid()
    assert index.processes[1].mermaid().count("-->") == 4


@pytest.mark.parametrize(("query", "kind", "expect"), [
    ("ขั้นตอนที่ 3 ใช้เวลากี่เดือน", "step", "3-6 เดือน"),
    ("ศึกษาวิเคราะห์ความต้องการด้าน ICT ใช้เวลากี่เดือน", "step", "1 เดือน"),
    ("พ.ร.บ.การศึกษาแห่งชาติ ปีอะไร", "law", "2542"),
    ("แผนพัฒนาเทคโนโลยีสารสนเทศและการสื่อสาร หมายถึงอะไร", "fact", "แผนดำเนินงาน"),
    ("ผู้รับผิดชอบงานพัฒนาเครือข่ายเทคโนโลยีสารสนเทศ", "fact", "นฤมล"),
])
def test_precise_part(index: ManualIndex, query: str, kind: str, expect: str) -> None:
    ans = index.answer(query)
    assert ans.kind == kind and expect in ans.text


def test_step_answer_is_only_that_step(index: ManualIndex) -> None:
    ans = index.answer("ปรับปรุง ติดตั้งระบบและจัดทำคู่มือการใช้งานเครือข่ายใช้เวลาเท่าไร")
    assert (ans.process_id, ans.step_no, ans.field) == ("network", 3, "duration")
    assert "2 เดือน" in ans.text and "3 เดือน" not in ans.text and "10 วัน" not in ans.text


def test_context_process_answers_a_bare_follow_up(index: ManualIndex) -> None:
    ans = index.answer("ขั้นตอนที่ 2 ใช้เวลากี่เดือน", context="network")
    assert (ans.process_id, ans.step_no) == ("network", 2) and "3 เดือน" in ans.text


def test_unrelated_is_no_match_with_process_list(index: ManualIndex) -> None:
    ans = index.answer("ขั้นตอนการขอย้ายครูมีอะไรบ้าง")
    assert ans.kind == "no_match"
    assert all(p.name in ans.text for p in index.processes)
    assert len(ans.related) == 4


def test_related_labels_fit_quick_replies(index: ManualIndex) -> None:
    for q in ("ขั้นตอนงาน MIS", "ขั้นตอนที่ 2 ของงานเครือข่าย", "อากาศวันนี้", "ระเบียบงานสารบรรณ",
              "ขั้นตอนที่ 3 ใช้เวลากี่เดือน", "วัตถุประสงค์"):
        ans = index.answer(q)
        assert all(len(label) <= 20 for label in ans.related), ans.related
        assert len(ans.related) == len(ans.related_queries)


def test_follow_up_queries_resolve_to_the_same_process(index: ManualIndex) -> None:
    ans = index.answer("ขั้นตอนงานพัฒนานวัตกรรม")
    for query in ans.related_queries:
        follow = index.answer(query)
        assert follow.kind != "no_match" and follow.process_id == "innovation", query


def test_labelled_set_top1_at_least_95_percent() -> None:
    cases = read_cases(LABELLED)
    assert len(cases) >= 100
    assert sum(c.kind == "no_match" for c in cases) >= 10
    acc, fails = evaluate(ManualIndex.load(), cases)
    assert acc >= 0.95, "\n".join(f"{c.query}: {why}" for c, why in fails)


@pytest.mark.parametrize("ranker", ["bm25", "fuzzy"])
def test_both_rankers_answer_the_dev_questions(ranker: str) -> None:
    index = ManualIndex.load(ranker=ranker)
    assert "2526" in index.answer("ระเบียบงานสารบรรณ").text
    assert "ออกแบบวิธีการนำเสนอ" in index.answer("ขั้นตอนงานจัดทำข้อมูลสารสนเทศเพื่อการบริหาร").text


def test_edited_content_is_picked_up_on_reload(tmp_path: Path) -> None:
    shutil.copytree(DEFAULT_CONTENT_DIR, tmp_path / "content")
    f = tmp_path / "content" / "04_network.yaml"
    edited = f.read_text(encoding="utf-8").replace("duration: 3 เดือน", "duration: 4 เดือน")
    f.write_text(edited, encoding="utf-8")
    ans = ManualIndex.load(tmp_path / "content").answer("พัฒนารูปแบบเครือข่ายใช้เวลากี่เดือน")
    assert "4 เดือน" in ans.text


def test_bad_content_is_reported_with_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "01_x.yaml").write_text("id: x\nname: งานทดสอบ\nsteps: []\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"01_x\.yaml"):
        load_content(tmp_path)
