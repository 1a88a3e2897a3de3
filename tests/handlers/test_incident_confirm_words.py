"""At a report's summary a bare particle or a mistyped "ยืนยัน" is not added to the details; a phone
number typed where the start is asked is kept as a contact; "every machine" in a named room is that room."""

from __future__ import annotations

from handlers import incident_texts as T
from tests.support.chat import Chat
from tests.support.incidents import OTHER, incidents, setup

REPORT = "wifi ห้องสมุด โรงเรียนดงขุยวิทยาคม ใช้ไม่ได้ตั้งแต่เมื่อวาน"


def test_a_particle_or_a_typo_at_the_summary_adds_nothing(chat: Chat) -> None:
    setup(chat)
    assert "สรุปการแจ้งปัญหา" in chat.say(REPORT, as_user=OTHER).text
    for said in ("ครับ", "ยืนยนั"):
        a = chat.say(said, as_user=OTHER)
        assert T.CONFIRM_HINT in a.text and T.DETAIL_ADDED not in a.text, (said, a.text)
    chat.say("ยืนยัน", as_user=OTHER)
    [inc] = incidents(chat)
    assert "ครับ" not in (inc.description or "") and "ยืนยนั" not in (inc.description or "")


def test_a_phone_number_at_the_start_question_is_a_contact(chat: Chat) -> None:
    setup(chat)
    first = chat.say("wifi ห้องสมุด โรงเรียนดงขุยวิทยาคม ใช้ไม่ได้เลย", as_user=OTHER)
    assert "ตั้งแต่เมื่อไร" in first.text or "เริ่ม" in first.text, first.text
    a = chat.say("081-999-0000", as_user=OTHER)
    assert T.CONTACT_KEPT in a.text and "สรุปการแจ้งปัญหา" not in a.text, a.text
    b = chat.say("เมื่อวานครับ", as_user=OTHER)
    assert "เริ่มเมื่อ: เมื่อวาน\n" in b.text and "081-999-0000" in b.text, b.text  # the particle is no date


def test_every_machine_in_one_named_room_is_that_room_not_the_whole_school(chat: Chat) -> None:
    setup(chat)
    a = chat.say("wifi ห้องสมุด โรงเรียนดงขุยวิทยาคม หลุดทุกเครื่อง ใช้ไม่ได้ตั้งแต่เมื่อวาน", as_user=OTHER)
    assert "ผลกระทบ: ห้องเดียว/เครื่องเดียว" in a.text and "ทั้งโรงเรียน" not in a.text, a.text
