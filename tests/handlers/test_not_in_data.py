"""Questions the data cannot answer get no head count: "เงินเดือนครู" is not "how many teachers", even right
after a school's answer; and "อย่างละกี่คน" gives each part, not only the total."""

from __future__ import annotations

from handlers import data_texts as T
from tests.handlers.test_data import n
from tests.support.chat import Chat

SCHOOL = "ภูผาวิทยาคม"


def test_a_question_about_salaries_gets_no_teacher_count(chat: Chat) -> None:
    for question in ("สอบถามเรื่องเงินเดือนครูค่ะ", "ครูบรรจุใหม่ปีนี้กี่คน", "นักเรียนที่ได้ทุนการศึกษากี่คน"):
        a = chat.say(question)
        assert "ครู:" not in a.text and "นักเรียนทั้งหมด" not in a.text, (question, a.text)
        assert T.NOT_IN_DATA in a.text, (question, a.text)


def test_after_a_school_answer_salaries_are_still_no_follow_up(chat: Chat) -> None:
    assert n(SCHOOL) in chat.say(f"นักเรียนโรงเรียน{SCHOOL}กี่คน").text
    a = chat.say("แล้วเงินเดือนครูล่ะ")
    assert "ครู:" not in a.text and T.NOT_IN_DATA in a.text, a.text
    b = chat.say("แล้วครูล่ะ")  # the topic is still there for a real follow-up
    assert f"ครู: {n(SCHOOL, col='ครู')} คน" in b.text, b.text


def test_each_part_asked_with_ayang_la(chat: Chat) -> None:
    a = chat.say(f"ม.ต้นกับม.ปลาย {SCHOOL} อย่างละกี่คน")
    low, up = n(SCHOOL, grades=["ม.1", "ม.2", "ม.3"]), n(SCHOOL, grades=["ม.4", "ม.5", "ม.6"])
    assert low in a.text and up in a.text, a.text
