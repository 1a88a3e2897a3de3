"""Years and grades written in Thai words, as a user sees the answers (a blind probe found them ignored)."""

from __future__ import annotations

from tests.handlers.test_data import n
from tests.support.chat import Chat


def test_a_year_spelt_in_words_answers_for_that_year(chat: Chat) -> None:
    a = chat.say("ปีการศึกษาสองพันห้าร้อยหกสิบเจ็ด โรงเรียนภูผาวิทยาคมมีนักเรียนกี่คน")
    assert "ปีการศึกษา 2567 ภาคเรียนที่ 2" in a.text, a.text
    assert f"นักเรียนทั้งหมด: {n('ภูผาวิทยาคม', 2567, 2)} คน" in a.text, a.text


def test_a_short_year_spelt_in_words_is_25xx(chat: Chat) -> None:
    a = chat.say("ปีหกสิบเจ็ด นักเรียนชาย ห้วยใสวิทยาคม")
    assert "ปีการศึกษา 2567" in a.text, a.text
    assert f"นักเรียนชาย: {n('ห้วยใสวิทยาคม', 2567, 2, sexes=('ชาย',))} คน" in a.text, a.text


def test_a_year_read_digit_by_digit(chat: Chat) -> None:
    a = chat.say("ปีการศึกษาสองห้าหกเจ็ด นักเรียนโรงเรียนดอกบัวพิทยา")
    assert "ปีการศึกษา 2567" in a.text and n("ดอกบัวพิทยา", 2567, 2) in a.text, a.text


def test_a_grade_spoken_as_mo(chat: Chat) -> None:
    a = chat.say("มอสาม ดอกบัวพิทยา")
    assert f"นักเรียน ม.3: {n('ดอกบัวพิทยา', grades=['ม.3'])} คน" in a.text, a.text


def test_a_grade_spelt_for_the_whole_area(chat: Chat) -> None:
    a = chat.say("มอหก ทั้งเขตมีกี่คน")
    assert "ทั้งเขตพื้นที่" in a.text and f"นักเรียน ม.6: {n(grades=['ม.6'])} คน" in a.text, a.text
