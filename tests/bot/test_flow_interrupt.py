""""Forget me" asked in the middle of a report: its own question is answered by typing too, and the
report waits on hold and comes back where it was."""

from __future__ import annotations

from bot import texts as bot_texts
from handlers.privacy import texts
from tests.support.chat import Chat
from tests.support.incidents import SCHOOL_USER, incidents, setup

IMPACT_QUESTION = "กระทบแค่ไหน"
FORGOTTEN = "ลบข้อมูลส่วนบุคคลของคุณเรียบร้อยแล้ว"


def _report_waiting_at_impact(chat: Chat) -> None:
    setup(chat)
    b = chat.say("แจ้งปัญหา", as_user=SCHOOL_USER).tap("อินเทอร์เน็ต", as_user=SCHOOL_USER)
    assert IMPACT_QUESTION in b.text


def test_a_typed_no_keeps_my_data_and_the_report_comes_back(chat: Chat) -> None:
    _report_waiting_at_impact(chat)
    ask = chat.say("ลบข้อมูลของฉัน", as_user=SCHOOL_USER)
    assert ask.labels == [texts.CONFIRM_LABEL, texts.KEEP_LABEL]
    kept = chat.say("ไม่ลบครับ", as_user=SCHOOL_USER)
    assert texts.KEPT in kept.text
    assert bot_texts.BACK_TO_FLOW in kept.text and IMPACT_QUESTION in kept.text  # the report is asked again
    c = kept.tap("บางอาคาร/หลายห้อง", as_user=SCHOOL_USER)
    assert "พอใช้งานได้ไหม" in c.text


def test_a_typed_yes_forgets_me_and_the_half_written_report_with_it(chat: Chat) -> None:
    _report_waiting_at_impact(chat)
    chat.say("ลบข้อมูลของฉัน", as_user=SCHOOL_USER)
    done = chat.say("ยืนยันค่ะ", as_user=SCHOOL_USER)
    assert FORGOTTEN in done.text and IMPACT_QUESTION not in done.text
    assert "ไม่มีรายการที่ค้างอยู่" in chat.say("ยกเลิก", as_user=SCHOOL_USER).text
    assert incidents(chat) == []


def test_the_keep_button_also_brings_the_report_back(chat: Chat) -> None:
    _report_waiting_at_impact(chat)
    kept = chat.say("ลบข้อมูลของฉัน", as_user=SCHOOL_USER).tap(texts.KEEP_LABEL, as_user=SCHOOL_USER)
    assert texts.KEPT in kept.text and IMPACT_QUESTION in kept.text


def test_cancelling_the_forget_question_leaves_the_report_waiting(chat: Chat) -> None:
    _report_waiting_at_impact(chat)
    chat.say("ลบข้อมูลของฉัน", as_user=SCHOOL_USER)
    first = chat.say("ยกเลิก", as_user=SCHOOL_USER)
    assert texts.KEPT in first.text and IMPACT_QUESTION in first.text
    assert "ยกเลิกการแจ้งปัญหาแล้ว" in chat.say("ยกเลิก", as_user=SCHOOL_USER).text  # now the report itself


def test_a_question_instead_of_yes_or_no_is_answered_and_the_report_still_waits(chat: Chat) -> None:
    _report_waiting_at_impact(chat)
    chat.say("ลบข้อมูลของฉัน", as_user=SCHOOL_USER)
    aside = chat.say("ขั้นตอนงานพัฒนาเครือข่ายมีอะไรบ้าง", as_user=SCHOOL_USER)
    assert FORGOTTEN not in aside.text and "ไม่เข้าใจ" not in aside.text
    assert IMPACT_QUESTION in aside.text  # handed aside by the report's step, which is asked again
    assert FORGOTTEN not in chat.say("ยืนยัน", as_user=SCHOOL_USER).text  # the forget question was left
