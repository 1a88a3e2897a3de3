"""Casual phrasings found missing by a held-out probe: typos glued to the next word, abbreviations
glued to a count word, Thai-letter system names, problem reports that ask where to report."""

from __future__ import annotations

import pytest

from knowledge.manual.query import repair_section_words
from knowledge.manual.textproc import normalize_text
from knowledge.normalize import normalize
from knowledge.understand import understand
from knowledge.vocabulary import Vocabulary


def test_a_section_typo_glued_to_the_next_word_mid_message_is_repaired() -> None:
    # fuzz.partial_ratio alone only saw it at the start of the message
    assert "แบบฟอร์ม" in repair_section_words(normalize_text("งานMIS แบบฟอมอะไรบ้าง"))
    assert "แบบฟอร์ม" in repair_section_words(normalize_text("แบบฟอมอะไรบ้าง"))


def test_strict_repair_leaves_two_whole_words_alone() -> None:
    assert repair_section_words("ขอเขตไหนมีนักเรียนมากสุด", strict=True) == "ขอเขตไหนมีนักเรียนมากสุด"
    assert repair_section_words("วัตถุประสงงานเครือข่าย", strict=True) == "วัตถุประสงค์งานเครือข่าย"


@pytest.mark.parametrize("text", [
    "วัตถุประสงงานเครือข่าย", "ขั้นตอลงานนวัตกรรม", "งานMIS แบบฟอมอะไรบ้าง", "มาตราฐานงานเครือข่าย",
    "ทำแผนไอซีทีต้องทำอะไรบ้าง", "ขอบเขตของงานเอ็มไอเอส", "ขั้นที่ 4 งานเครือข่าย",
])
def test_manual_questions_typed_casually_read_as_manual(vocab: Vocabulary, text: str) -> None:
    u = understand(text, vocab)
    assert u.intent == "manual" and u.confidence >= 0.5, (u.intent, u.confidence, u.text)


@pytest.mark.parametrize(("raw", "expect"), [
    ("จำนวนนร.ทั้งหมดในเขต ปี 67", "จำนวนนักเรียนทั้งหมดในเขต"),
    ("ยอดนร ม.1", "ยอดนักเรียน ม.1"),
    ("น.ร.ทั้งหมดของ ร.ร.วังโป่งพิทยาคม", "นักเรียนทั้งหมดของ"),
    ("งานเอ็มไอเอส", "mis"),
    ("ขอบเขตงานไอซีที", "ict"),
])
def test_abbreviations_glued_or_spelt_in_thai(raw: str, expect: str) -> None:
    assert expect in normalize(raw)


def test_glued_student_abbreviation_is_a_whole_area_count(vocab: Vocabulary) -> None:
    u = understand("จำนวนนร.ทั้งหมดในเขต ปี 67", vocab)
    assert u.intent == "student_count" and u.entities.whole_area and u.entities.academic_year == 2567


@pytest.mark.parametrize("text", [
    "เครือข่ายมีปัญหาติดต่อที่ไหน", "อินเทอร์เน็ตมีปัญหาจะแจ้งได้ที่ไหนคะ", "เน็ตล่มอีกแล้ว ติดต่อใครดีคะ",
])
def test_a_problem_with_where_to_report_is_an_incident(vocab: Vocabulary, text: str) -> None:
    u = understand(text, vocab)
    assert u.intent == "incident_report" and u.confidence >= 0.5, (u.intent, u.confidence)


@pytest.mark.parametrize("text", ["ใช้งานไม่เป็น ต้องพิมพ์ยังไง", "ต้องพิมพ์ถามยังไง"])
def test_not_knowing_how_to_use_the_bot_is_help(vocab: Vocabulary, text: str) -> None:
    assert understand(text, vocab).intent == "help"


def test_manual_words_still_do_not_take_data_questions(vocab: Vocabulary) -> None:
    assert understand("นักเรียนโรงเรียนหนองไผ่กี่คน", vocab).intent == "student_count"
    assert understand("ขอเบอร์ รร.หนองไผ่ หน่อยค่ะ", vocab).intent == "school_info"


# ---- a second held-out probe

def test_a_typo_of_a_name_is_not_its_numbered_namesake(vocab: Vocabulary) -> None:
    plain = understand("โรงเรียนหล่มสักวิทยคม มีนักเรียนกี่คน", vocab).entities
    assert not plain.school_ambiguous and plain.schools[0].name == "หล่มสักวิทยาคม", plain.schools
    numbered = understand("โรงเรียนหล่มสักวิทยคม 2 มีนักเรียนกี่คน", vocab).entities
    assert not numbered.school_ambiguous and numbered.schools[0].name == "หล่มสักวิทยาคม 2", numbered.schools
    year = understand("หลมสักวิทยาคม 2567 นักเรียน", vocab).entities  # a year is no branch number
    assert year.schools[0].name == "หล่มสักวิทยาคม" and year.academic_year == 2567, year


@pytest.mark.parametrize("text", [
    "นักเรียนรวมของโรงเรียนหนองไผ่และโรงเรียนวิเชียรบุรี",
    "โรงเรียนหนองไผ่ กับ โรงเรียนวิเชียรบุรี โรงไหนนักเรียนมากกว่า",
])
def test_schools_named_together_are_all_kept(vocab: Vocabulary, text: str) -> None:
    e = understand(text, vocab).entities
    assert [vocab.school(c).name for c in e.named_schools] == ["หนองไผ่", "วิเชียรบุรี"]  # type: ignore[union-attr]


def test_one_school_or_an_ambiguous_name_names_no_group(vocab: Vocabulary) -> None:
    assert understand("นักเรียนโรงเรียนหนองไผ่", vocab).entities.named_schools == ()
    assert understand("นักเรียนโรงเรียนหล่มสัก กับ โรงเรียนหนองไผ่", vocab).entities.named_schools == ()


def test_a_long_number_is_a_school_code_only_when_known_or_asked_about(vocab: Vocabulary) -> None:
    assert understand("งบประมาณ 12000000 บาท", vocab).entities.lookup is None
    assert understand("เลขที่หนังสือ 123456789 นักเรียน ม.1", vocab).entities.lookup is None
    assert understand("12345678 โรงเรียนอะไร", vocab).entities.lookup == ("code", "12345678")
    assert understand("ข้อมูล 1067000022", vocab).entities.lookup == ("code", "1067000022")
    assert understand("รหัส 123456 คือที่ไหน", vocab).entities.lookup == ("code", "123456")


def test_the_manuals_people_are_answered_by_name() -> None:
    from knowledge.manual import ManualIndex
    index = ManualIndex.load()
    for q in ("นฤมล รักษาบุญ ตำแหน่งอะไร", "นางสาวนฤมล รับผิดชอบงานไหนบ้างคะ"):
        a = index.answer(q)
        assert a.field == "person" and "นักวิเคราะห์นโยบายและแผน" in a.text, a.text
        assert all(p.name in a.text for p in index.content.processes)
    assert "ผู้อำนวยการกลุ่มนโยบายและแผน" in index.answer("ทิพวรรณ ศิริวรรณ คือใคร").text
    assert index.answer("ผู้รับผิดชอบงานพัฒนาเครือข่าย").field == "owner"  # no name: the process's people
