"""The law list: every item found by natural phrasings of its title, where the manual cites it,
items that share a title, years, items the list does not hold, and questions about the manual."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.manual import ManualIndex
from tests.knowledge.manual.law_phrasings import phrasings

INDEX = ManualIndex.load()
LAWS = INDEX.content.laws
NLU_LABELLED = Path(__file__).resolve().parents[1] / "nlu_labelled.tsv"


def test_the_list_is_the_manuals_list() -> None:
    assert len(LAWS) == 41  # "ระเบียบ กฎหมาย แนวปฏิบัติ อ้างอิง" in manual.txt, every bullet


@pytest.mark.parametrize("no", range(len(LAWS)), ids=lambda no: f"item{no + 1}")
def test_every_item_is_found_by_its_title_fragments(no: int) -> None:
    law = LAWS[no]
    for question in phrasings(law):
        ans = INDEX.answer(question)
        assert ans.kind == "law" and law.text in ans.text, (question, ans.kind, ans.title)
        assert f"ลำดับที่ {no + 1} จาก {len(LAWS)}" in ans.text


def test_answer_says_where_the_manual_cites_the_item() -> None:
    computer = INDEX.answer("พ.ร.บ.คอมพิวเตอร์")
    assert "2550" in computer.text and "งานพัฒนาเครือข่ายเทคโนโลยีสารสนเทศและการสื่อสาร" in computer.text
    assert "เอกสารอ้างอิง" in computer.related
    education = INDEX.answer("พระราชบัญญัติการศึกษาแห่งชาติ")
    assert "คำนำ" in education.text and "มาตรา 39" in education.text
    assert "งานจัดทำข้อมูลสารสนเทศเพื่อการบริหาร" in INDEX.answer("โปรแกรมฐานข้อมูลกลางและคู่มือการใช้งาน").text


def test_a_year_the_manual_does_not_cite_is_pointed_out() -> None:
    ans = INDEX.answer("พ.ร.บ.คอมพิวเตอร์ 2560")
    assert ans.kind == "law" and "ว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์" in ans.text
    assert "ไม่ได้กล่าวถึงฉบับ พ.ศ. 2560" in ans.text


def test_items_sharing_a_title_are_shown_together() -> None:
    ans = INDEX.answer("ระเบียบว่าด้วยการให้ข่าวและบริการข่าวสารของทางราชการ")
    assert LAWS[9].text in ans.text and LAWS[10].text in ans.text
    second = INDEX.answer("ระเบียบว่าด้วยการให้ข่าวและบริการข่าวสารของทางราชการ ฉบับที่ 2")
    assert second.text.index(LAWS[10].text) < second.text.index(LAWS[9].text)
    short = INDEX.answer("แผนพัฒนาจังหวัด")  # not "แผนพัฒนาการศึกษาจังหวัด และกลุ่มจังหวัด"
    assert short.title == "แผนพัฒนาจังหวัด"


def test_a_year_names_the_item() -> None:
    assert INDEX.answer("ระเบียบ พ.ศ. 2526").title == "ระเบียบสำนักนายกรัฐมนตรี ว่าด้วยงานสารบรรณ"
    ans = INDEX.answer("กฎหมายปี 2550 มีอะไร")
    assert "คอมพิวเตอร์" in ans.text and "เลิกสถานศึกษาขั้นพื้นฐาน" in ans.text


@pytest.mark.parametrize("question", ["กฎหมาย PDPA", "พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล", "ระเบียบพัสดุ"])
def test_a_law_the_list_does_not_hold_is_said_so(question: str) -> None:
    ans = INDEX.answer(question)
    assert ans.kind == "no_match" and "ไม่มีรายการที่ตรงกับคำถามนี้" in ans.text
    assert ans.related == ("กฎหมายทั้งหมด",)


@pytest.mark.parametrize("question", ["มีกฎหมายอะไรบ้าง", "ระเบียบที่เกี่ยวข้อง", "กฎหมายที่เกี่ยวข้องทั้งหมด"])
def test_the_whole_list(question: str) -> None:
    ans = INDEX.answer(question)
    assert ans.kind == "laws" and all(law.text in ans.text for law in LAWS)


@pytest.mark.parametrize(("question", "field", "expect"), [
    ("ใครจัดทำคู่มือนี้", "author", "นางสาวนฤมล รักษาบุญ"),
    ("ใครเป็นคนเขียนคู่มือการปฏิบัติงาน", "author", "นางสาวนฤมล รักษาบุญ"),
    ("คู่มือนี้ของหน่วยงานไหน", "publisher", "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาเพชรบูรณ์"),
    ("คู่มือนี้สังกัดหน่วยงานอะไร", "publisher", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน"),
    ("คู่มือปีไหน", "year", "ไม่ได้ระบุปี"),
    ("คู่มือฉบับปีอะไร", "year", "ไม่ได้ระบุปี"),
    ("คู่มือเล่มนี้ออกเมื่อไร", "year", "ไม่ได้ระบุปี"),
    ("คู่มือนี้ชื่ออะไร", "title", "สำหรับตำแหน่ง นักวิเคราะห์นโยบายและแผน"),
    ("คู่มือมีกี่กระบวนงาน", "processes", "4 กระบวนงาน"),
])
def test_questions_about_the_manual_itself(question: str, field: str, expect: str) -> None:
    ans = INDEX.answer(question)
    assert ans.field == field and expect in ans.text and ans.step_no is None, (question, ans.title)


def test_a_user_guide_the_steps_make_is_not_the_manual() -> None:
    ans = INDEX.answer("ใครจัดทำคู่มือการใช้งานเครือข่าย")
    assert ans.kind == "step" and ans.process_id == "network" and ans.step_no == 3


def test_sure_answers_leave_other_texts_alone() -> None:
    """`named` (the answer for texts no intent understood) never answers another intent's text."""
    for line in NLU_LABELLED.read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("#"):
            text, intent = line.split("\t")[:2]
            if intent.strip() != "manual":
                assert INDEX.named(text) is None, text
    assert INDEX.named("แผนการบริหารราชการแผ่นดิน") is not None
    assert INDEX.named("ใครเป็นนายกรัฐมนตรี") is None
