"""Intent scoring: representative messages per intent, robustness, score shape."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.understand import INTENTS, understand
from knowledge.vocabulary import Vocabulary

CASES = [
    ("ปีการศึกษา ๒๕๖๗ โรงเรียนหนองไผ่มีนักเรียนกี่คนคะ", "student_count"),
    ("ทั้งเขตมีนักเรียน ม.6 กี่คน", "student_count"),
    ("นร. ร.ร.ชนแดน ทั้งหมด", "student_count"),
    ("ครูโรงเรียนหนองไผ่มีกี่คน", "teacher_count"),
    ("อำเภอหนองไผ่มีโรงเรียนกี่โรง", "school_count"),
    ("เบอร์โทรศัพท์โรงเรียนเพชรพิทยาคม", "school_info"),
    ("ร.ร.หนองไผ่", "school_info"),
    ("อำเภอหล่มสัก", "school_info"),
    ("โรงเรียนในอำเภอวังโป่ง", "school_list"),
    ("โรงเรียนไหนใหญ่ที่สุด", "ranking"),
    ("เทียบนักเรียนปี 2567 กับ 2568", "compare_years"),
    ("ศึกษาวิเคราะห์ความต้องการด้าน ICT ใช้เวลากี่เดือน", "manual"),
    ("ผู้อำนวยการกลุ่มนโยบายและแผนคือใคร", "manual"),
    ("wifi ล่ม", "incident_report"),
    ("INC-2570-0003", "incident_status"),
    ("งานค้าง", "incident_status"),
    ("ประกาศ ปิดระบบคืนนี้", "notice"),
    ("ผูกบัญชีกับโรงเรียน", "registration"),
    ("ลบข้อมูลของฉัน", "forget_me"),
    ("ยกเลิกการลงทะเบียน", "forget_me"),
    ("สรุปผลปีงบ 2570", "report_summary"),
    ("4", "rating"),
    ("ช่วยด้วย ใช้งานยังไง", "help"),
    ("หวัดดี", "greeting"),
    ("ขอบคุณครับ", "thanks"),
    ("test 123", "out_of_scope"),
    ("", "out_of_scope"),
]


@pytest.mark.parametrize(("text", "intent"), CASES)
def test_intents(text: str, intent: str, vocab: Vocabulary) -> None:
    assert understand(text, vocab).intent == intent


def test_keywords_inside_school_names_do_not_count() -> None:
    from knowledge.vocabulary import SchoolEntry

    v = Vocabulary.build([SchoolEntry("1", "บ้านประกาศวิทยา", "ก"), SchoolEntry("2", "สรุปผลพิทยาคม", "ข")])
    assert understand("นักเรียนโรงเรียนบ้านประกาศวิทยากี่คน", v).intent == "student_count"
    assert understand("เบอร์โทร ร.ร.สรุปผลพิทยาคม", v).intent == "school_info"


def test_scores_are_a_distribution(vocab: Vocabulary) -> None:
    u = understand("ครูโรงเรียนหนองไผ่มีกี่คน", vocab)
    assert set(u.scores) == set(INTENTS)
    assert math.isclose(sum(u.scores.values()), 1.0, abs_tol=1e-3)
    assert max(u.scores, key=lambda k: u.scores[k]) == u.intent
    assert 0.0 <= u.confidence <= 1.0


def test_clear_message_is_more_confident_than_vague_one(vocab: Vocabulary) -> None:
    clear = understand("ครูโรงเรียนหนองไผ่มีกี่คน", vocab).confidence
    vague = understand("ครู", vocab).confidence
    assert clear > vague


@pytest.mark.parametrize("text", ["😀" * 3, "a" * 10_000, "ก" * 10_000, "\u200b" * 50, "<script>", "\x00", "ม." * 3000])
def test_odd_inputs_never_raise(text: str, vocab: Vocabulary) -> None:
    u = understand(text, vocab)
    assert u.intent in INTENTS
    assert len(u.text) <= 1000


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("กขคงมนรอยวเแโาิีุู่้๊ .1234567890abcINC-ร.ผอ")), max_size=80))
def test_random_thaiish_text_never_raises(text: str) -> None:
    u = understand(text, _VOCAB)
    assert u.intent in INTENTS


def _fixture_vocab() -> Vocabulary:
    from tests.knowledge.conftest import fixture_schools

    return Vocabulary.build(fixture_schools())


_VOCAB = _fixture_vocab()
