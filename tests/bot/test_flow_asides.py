"""A question typed in the middle of a multi-step conversation is answered, and the conversation
waits where it was; answers a step cannot use are asked again, with the way out after a second miss."""

from __future__ import annotations

from tests.handlers.test_data import n
from tests.handlers.test_notice import _world
from tests.support.chat import Chat
from tests.support.incidents import SCHOOL_USER, STAFF, incidents, setup

IMPACT_QUESTION = "กระทบแค่ไหน"
HOW_TO_LEAVE = 'พิมพ์ "ยกเลิก"'


def test_a_data_question_mid_report_is_answered_and_the_report_goes_on(chat: Chat) -> None:
    setup(chat)
    a = chat.say("แจ้งปัญหา", as_user=SCHOOL_USER)
    b = a.tap("คอมพิวเตอร์", as_user=SCHOOL_USER)
    assert IMPACT_QUESTION in b.text
    aside = chat.say("ขอจำนวนนักเรียนโรงเรียนภูผาวิทยาคมหน่อยครับ", as_user=SCHOOL_USER)
    assert n("ภูผาวิทยาคม") in aside.text  # the question is answered…
    assert IMPACT_QUESTION in aside.text and "บางอาคาร/หลายห้อง" in aside.labels  # …and the step asked again
    c = aside.tap("บางอาคาร/หลายห้อง", as_user=SCHOOL_USER)
    assert "พอใช้งานได้ไหม" in c.text
    d = c.tap("ใช้งานไม่ได้เลย", as_user=SCHOOL_USER)
    e = chat.say("อาคาร 3", as_user=SCHOOL_USER)
    e.tap("เมื่อสักครู่", as_user=SCHOOL_USER).tap("ยืนยัน", as_user=SCHOOL_USER)
    assert "ห้องหรืออาคารไหน" in d.text
    [inc] = incidents(chat)
    assert (inc.category, inc.impact, inc.urgency, inc.location) == ("computer", 2, 1, "อาคาร 3")
    assert "นักเรียน" not in inc.description  # the aside is not kept as a detail of the problem


def test_more_words_about_the_problem_are_details_not_a_new_question(chat: Chat) -> None:
    setup(chat)
    chat.say("แจ้งปัญหา", as_user=SCHOOL_USER).tap("อินเทอร์เน็ต", as_user=SCHOOL_USER)
    a = chat.say("เน็ตหลุดบ่อยมาก", as_user=SCHOOL_USER)
    assert IMPACT_QUESTION in a.text and "รับแจ้งปัญหาเรียบร้อย" not in a.text
    assert "สรุปการแจ้งปัญหา" not in a.text


def test_the_way_out_is_said_after_the_second_answer_the_step_cannot_use(chat: Chat) -> None:
    setup(chat)
    chat.say("แจ้งปัญหา", as_user=SCHOOL_USER).tap("Wi-Fi", as_user=SCHOOL_USER)
    first = chat.say("ไม่แน่ใจ", as_user=SCHOOL_USER)
    assert IMPACT_QUESTION in first.text and HOW_TO_LEAVE not in first.text
    second = chat.say("ไม่รู้", as_user=SCHOOL_USER)
    assert IMPACT_QUESTION in second.text and HOW_TO_LEAVE in second.text
    assert "ยกเลิกการแจ้งปัญหาแล้ว" in chat.say("ยกเลิก", as_user=SCHOOL_USER).text
    assert incidents(chat) == []


def test_staff_asking_something_else_while_choosing_a_notice_audience_keep_their_draft(chat: Chat) -> None:
    _world(chat)
    chat.say("ประกาศ", as_user=STAFF)
    a = chat.say("ขอให้ทุกโรงเรียนส่งข้อมูลนักเรียนภายในวันศุกร์", as_user=STAFF)
    assert "ส่งประกาศนี้ถึงใคร" in a.text
    aside = chat.say("คู่มือการปฏิบัติงานมีกี่กระบวนงาน", as_user=STAFF)
    assert "กรุณาเลือกจากปุ่ม" not in aside.text
    assert "ส่งประกาศนี้ถึงใคร" in aside.text and "ทุกคน" in aside.labels  # the draft still waits
    preview = aside.tap("ทุกคน", as_user=STAFF)
    assert "ส่งข้อมูลนักเรียนภายในวันศุกร์" in preview.text and "ยืนยัน" in " ".join(preview.labels)
