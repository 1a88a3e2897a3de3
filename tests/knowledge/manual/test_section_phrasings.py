"""Generated phrasings of every section of every process, the total duration and typo repair."""

from __future__ import annotations

import pytest

from knowledge.manual import ManualIndex, load_content
from knowledge.manual.durations import format_amount, parse_duration, total_duration
from knowledge.manual.query import parse_query, repair_section_words
from knowledge.manual.textproc import normalize_text
from tests.knowledge.manual.section_phrasings import TEMPLATES, generate, problems, run


@pytest.fixture(scope="module")
def index() -> ManualIndex:
    return ManualIndex.load()


def test_generator_covers_every_process_and_section() -> None:
    cases = generate()
    assert {(c.process_id, c.section) for c in cases} == {
        (pid, sec) for pid in ("ict_plan", "mis", "innovation", "network") for sec in TEMPLATES}
    assert len(cases) > 500 and {c.split for c in cases} == {"dev", "holdout"}


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_generated_phrasings_find_the_right_section(index: ManualIndex, split: str) -> None:
    cases = [c for c in generate() if c.split == split]
    fails = run(index, cases)
    assert len(fails) / len(cases) <= 0.03, "\n".join(
        f"{c.section} {c.process_id} | {c.query} -> {a.kind}/{a.field}/{a.process_id} {bad}" for c, a, bad in fails)


def test_another_seed_gives_the_same_quality(index: ManualIndex) -> None:
    cases = generate(per_template=3, seed=2027)
    assert len(run(index, cases)) / len(cases) <= 0.05


@pytest.mark.parametrize(("query", "pid", "expect"), [
    ("คำนิยามของคำว่าระบบเครือข่าย", "network", "เครือข่ายเทคโนโลยีสารสนเทศและการสื่อสาร หมายถึง"),
    ("ขั้นตอนการพัฒนานวัตกรรมใช้เวลารวมกี่วัน", "innovation", "รวมประมาณ 5-8 เดือน"),
])
def test_probe_questions(index: ManualIndex, query: str, pid: str, expect: str) -> None:
    ans = index.answer(query)
    assert ans.process_id == pid and expect in ans.text


def test_total_duration_adds_up_and_lists_every_step(index: ManualIndex) -> None:
    ans = index.answer("งานเครือข่ายใช้เวลารวมทั้งหมดกี่เดือนคะ")
    assert (ans.kind, ans.field, ans.process_id) == ("fact", "total_duration", "network")
    assert "รวมประมาณ 5 เดือน 10 วัน (ขั้นตอนที่ 1-3)" in ans.text
    assert "ขั้นตอนที่ 4, 5" in ans.text and "ตลอดปีงบประมาณ" in ans.text
    p = index.process("network")
    assert p is not None and all(s.duration in ans.text for s in p.steps)
    assert "รวมประมาณ 2 เดือน 10 วัน" in index.answer("งาน MIS ทั้งหมดใช้เวลากี่วัน").text
    assert "รวมประมาณ 4 เดือน" in index.answer("แผน ICT ใช้เวลารวมกี่เดือน").text


def test_total_duration_without_a_process_gives_each_total(index: ManualIndex) -> None:
    ans = index.answer("ใช้เวลารวมกี่เดือน")
    assert ans.process_id is None and ans.text.count("รวมประมาณ") == 4


def test_one_step_and_each_step_durations_are_not_totals(index: ManualIndex) -> None:
    assert index.answer("ขั้นตอนที่ 3 ของงานเครือข่ายใช้เวลากี่เดือน").field == "duration"
    assert index.answer("งานแผน ICT แต่ละขั้นตอนใช้เวลาเท่าไร").field == "duration"


def test_parse_and_sum_durations() -> None:
    assert parse_duration("3-6 เดือน") == (3, 6, "เดือน")
    assert parse_duration("10 วัน") == (10, 10, "วัน")
    assert parse_duration("2 อาทิตย์") == (2, 2, "สัปดาห์")
    assert parse_duration("ตลอดปีงบประมาณ") is None
    innovation = next(p for p in load_content().processes if p.id == "innovation")
    total = total_duration(innovation)
    assert format_amount(total) == "5-8 เดือน" and total.counted == (1, 2, 3)
    assert [n for n, _ in total.other] == [4, 5]


@pytest.mark.parametrize(("typed", "fixed"), [
    ("ขั้นตอลแผน", "ขั้นตอนแผน"), ("วัตถุประสงของแผน", "วัตถุประสงค์ของแผน"),
    ("แบบฟอมที่ใช้", "แบบฟอร์มที่ใช้"), ("เอกสารอ้างอิ้งของ", "เอกสารอ้างอิงของ"),
    ("ขั้นต้น", "ขั้นต้น"), ("มาตรา 39", "มาตรา 39"), ("ขอบคุณครับ", "ขอบคุณครับ"),
])
def test_section_word_typos_are_repaired_and_real_words_kept(typed: str, fixed: str) -> None:
    assert repair_section_words(typed) == fixed


def test_latin_abbreviations_glued_to_thai_are_expanded() -> None:
    assert "ข้อมูลสารสนเทศเพื่อการบริหาร" in normalize_text("งาน MISคะ")
    assert "เทคโนโลยีสารสนเทศและการสื่อสาร" in normalize_text("คำนิยามของICT")
    assert normalize_text("edit") == "edit"
    assert parse_query("ขอ flowchartของงานเครือข่าย").field == "flowchart"


def test_problems_reports_a_wrong_process(index: ManualIndex) -> None:
    case = next(c for c in generate() if c.section == "objective" and c.process_id == "mis")
    assert problems(case, index.answer("วัตถุประสงค์ของงานเครือข่าย"), index)
