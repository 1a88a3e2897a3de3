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
