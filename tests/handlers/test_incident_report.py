"""Reporting a network problem by chat: from the first message to the ticket number."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from anyio.from_thread import start_blocking_portal

from bot.chat_session import ChatSession
from bot.settings import Settings
from bot.terminal import TerminalMessenger
from models.base import utcnow
from models.incidents_queries import fiscal_year_be
from tests.support.chat import Chat, open_chat
from tests.support.fake_line import PNG_1x1
from tests.support.incidents import OTHER, SCHOOL_USER, STAFF, drafts, incidents, last_push, setup


def number(seq: int) -> str:
    return f"INC-{fiscal_year_be(utcnow())}-{seq:04d}"


def test_one_line_report_goes_straight_to_the_summary(chat: Chat) -> None:
    setup(chat)
    a = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้าค่ะ", as_user=SCHOOL_USER)
    assert "สรุปการแจ้งปัญหา" in a.text
    assert "หนองบัวทดสอบวิทยา" in a.text and "อินเทอร์เน็ต" in a.text and "ทั้งโรงเรียน" in a.text
    assert "ตั้งแต่เช้า" in a.text and "P1" in a.text
    assert {"ยืนยัน", "แก้ไข", "ยกเลิก"} <= set(a.labels)
    assert "โรงเรียนไหน" not in a.text  # a registered school user is not asked the school
    done = a.tap("ยืนยัน", as_user=SCHOOL_USER)
    assert number(1) in done.text and "รับแจ้งปัญหาเรียบร้อย" in done.text
    [inc] = incidents(chat)
    assert (inc.number, inc.category, inc.impact, inc.urgency, inc.priority) == (number(1), "internet", 1, 1, 1)
    assert inc.school_id is not None and inc.status == "open" and inc.reporter_line_user_id == SCHOOL_USER
    assert inc.since_text == "ตั้งแต่เช้า" and "ทั้งโรงเรียน" in inc.description
    card = last_push(chat, STAFF)
    assert card.messages[0]["type"] == "flex" and number(1) in card.text and "หนองบัวทดสอบวิทยา" in card.text
    assert {"รับเรื่อง", "กำลังดำเนินการ", "แก้ไขแล้ว", "ปิดงาน"} <= set(card.labels)
    assert drafts(chat) == 0


def test_bare_menu_word_then_details(chat: Chat) -> None:
    setup(chat)
    a = chat.say("แจ้งปัญหา", as_user=SCHOOL_USER)
    assert "เล่าอาการ" in a.text and {"อินเทอร์เน็ต", "Wi-Fi", "คอมพิวเตอร์"} <= set(a.labels)
    b = chat.say("wifi ห้องคอม 2 ช้ามากค่ะ", as_user=SCHOOL_USER)
    assert "ตั้งแต่เมื่อไหร่" in b.text  # only "since when" was missing
    c = b.tap("ตั้งแต่เมื่อวาน", as_user=SCHOOL_USER)
    assert "Wi-Fi" in c.text and "ห้องคอม 2" in c.text and "P4" in c.text and "ตั้งแต่เมื่อวาน" in c.text
    assert number(1) in c.tap("ยืนยัน", as_user=SCHOOL_USER).text
    [inc] = incidents(chat)
    assert (inc.category, inc.location, inc.impact, inc.urgency, inc.priority) == ("wifi", "ห้องคอม 2", 3, 2, 4)


def test_step_by_step_with_buttons(chat: Chat) -> None:
    setup(chat)
    a = chat.say("แจ้งปัญหา", as_user=SCHOOL_USER)
    assert "เล่าอาการ" in chat.say("แจ้งปัญหา", as_user=SCHOOL_USER).text  # the menu word again: same question
    b = a.tap("คอมพิวเตอร์", as_user=SCHOOL_USER)
    assert "กระทบแค่ไหน" in b.text
    c = b.tap("บางอาคาร/หลายห้อง", as_user=SCHOOL_USER)
    assert "พอใช้งานได้ไหม" in c.text
    d = c.tap("ใช้งานไม่ได้เลย", as_user=SCHOOL_USER)
    assert "ห้องหรืออาคารไหน" in d.text
    e = chat.say("อาคาร 3", as_user=SCHOOL_USER)
    f = e.tap("เมื่อสักครู่", as_user=SCHOOL_USER)
    assert "P2" in f.text and "อาคาร 3" in f.text
    f.tap("ยืนยัน", as_user=SCHOOL_USER)
    [inc] = incidents(chat)
    assert (inc.category, inc.impact, inc.urgency, inc.priority, inc.location) == ("computer", 2, 1, 2, "อาคาร 3")


def test_how_much_is_hit_is_not_taken_for_where(chat: Chat) -> None:
    setup(chat)
    a = chat.say("เน็ตหลุดทั้งอาคาร ตั้งแต่เช้าค่ะ", as_user=SCHOOL_USER)
    assert "ห้องหรืออาคารไหน" in a.text  # "ทั้งอาคาร" says how much, not which building
    b = chat.say("อาคาร 2", as_user=SCHOOL_USER)
    assert "สถานที่: อาคาร 2" in b.text and "ตั้งแต่เช้า" in b.text and "อาคารตั้ง" not in b.text


def test_colloquial_symptoms_are_read_without_asking(chat: Chat) -> None:
    setup(chat)
    a = chat.say("ห้องธุรการ ไวไฟหาย ตั้งแต่เมื่อวานค่ะ", as_user=SCHOOL_USER)
    assert "สรุปการแจ้งปัญหา" in a.text and "ห้องธุรการ" in a.text and "ใช้งานไม่ได้เลย" in a.text
    chat.say("ยกเลิก", as_user=SCHOOL_USER)
    b = chat.say("สัญญาณไวไฟอ่อนมาก ห้องสมุด ตั้งแต่เช้า", as_user=SCHOOL_USER)
    assert "สรุปการแจ้งปัญหา" in b.text and "ห้องสมุด" in b.text and "ใช้ได้แต่" in b.text


def test_a_clear_question_at_a_free_text_step_is_answered_not_kept(chat: Chat) -> None:
    setup(chat)
    chat.say("คอมพิวเตอร์ใช้ไม่ได้ครับ", as_user=SCHOOL_USER)
    a = chat.say("บางอาคาร/หลายห้อง", as_user=SCHOOL_USER)
    assert "ห้องหรืออาคารไหน" in a.text
    b = chat.say("ครูทั้งเขตมีกี่คนครับ", as_user=SCHOOL_USER)  # a question, not the place
    assert "ครู" in b.text and "คน" in b.text and "ห้องหรืออาคารไหน" in b.text  # answered, then asked again
    c = chat.say("ห้องพักครู", as_user=SCHOOL_USER)  # a place that reads a little like a question stays a place
    assert "ตั้งแต่เมื่อไหร่" in c.text
    d = chat.say("ส่งประกาศ", as_user=SCHOOL_USER)  # a command word: answered aside
    assert "เฉพาะเจ้าหน้าที่" in d.text and "ตั้งแต่เมื่อไหร่" in d.text
    e = chat.say("ตั้งแต่เช้า", as_user=SCHOOL_USER)
    assert "สถานที่: ห้องพักครู" in e.text and "เริ่มเมื่อ: ตั้งแต่เช้า" in e.text
    assert "ครูทั้งเขต" not in e.text and "ส่งประกาศ" not in e.text


def test_unregistered_user_is_asked_the_school_and_ambiguity_is_asked_back(chat: Chat) -> None:
    setup(chat)
    a = chat.say("เน็ตล่มทั้งโรงเรียนค่ะ", as_user=OTHER)
    assert "โรงเรียนไหน" in a.text
    b = chat.say("ดงขุย", as_user=OTHER)
    assert "หลายโรงเรียน" in b.text and {"ดงขุยวิทยาคม", "ดงขุยพิทยาคม"} <= set(b.labels)
    c = b.tap("ดงขุยพิทยาคม", as_user=OTHER)
    assert "ตั้งแต่เมื่อไหร่" in c.text
    d = c.tap("เมื่อสักครู่", as_user=OTHER)
    assert "ดงขุยพิทยาคม" in d.text and "P1" in d.text
    d.tap("ยืนยัน", as_user=OTHER)
    [inc] = incidents(chat)
    assert inc.school_name == "ดงขุยพิทยาคม" and inc.school_id is not None


def test_a_question_where_the_school_is_asked_is_answered_not_taken_for_a_name(chat: Chat) -> None:
    setup(chat)
    chat.say("เน็ตล่มทั้งโรงเรียนตั้งแต่เช้า", as_user=OTHER)
    a = chat.say("ครูทั้งเขตมีกี่คนครับ", as_user=OTHER)
    assert "ไม่พบโรงเรียน" not in a.text and "ครู" in a.text and "โรงเรียนไหน" in a.text  # answered, asked again
    b = chat.say("ดงขุยพิทยาคม", as_user=OTHER)
    assert "สรุปการแจ้งปัญหา" in b.text and "ดงขุยพิทยาคม" in b.text and "ครูทั้งเขต" not in b.text


def test_unknown_school_is_asked_again_then_kept_as_typed(chat: Chat) -> None:
    setup(chat)
    chat.say("เน็ตล่มทั้งโรงเรียนตั้งแต่เช้า", as_user=OTHER)
    for _ in range(2):  # a "yes" (or an old confirm button) is never kept as the school's name
        assert "ขอชื่อโรงเรียนก่อน" in chat.say("ยืนยัน", as_user=OTHER).text
    a = chat.say("โรงเรียนบ้านไม่มีจริงเลย", as_user=OTHER)
    assert "ไม่พบโรงเรียน" in a.text
    b = chat.say("โรงเรียนบ้านไม่มีจริงเลย", as_user=OTHER)
    assert "สรุปการแจ้งปัญหา" in b.text and "โรงเรียนบ้านไม่มีจริงเลย" in b.text
    b.tap("ยืนยัน", as_user=OTHER)
    [inc] = incidents(chat)
    assert inc.school_id is None and inc.school_name == "โรงเรียนบ้านไม่มีจริงเลย"


def test_school_named_in_the_first_message(chat: Chat) -> None:
    setup(chat)
    a = chat.say("โรงเรียนหนองบัวทดสอบวิทยา อินเทอร์เน็ตใช้ไม่ได้ทั้งโรงเรียนตั้งแต่เช้า", as_user=OTHER)
    assert "สรุปการแจ้งปัญหา" in a.text and "หนองบัวทดสอบวิทยา" in a.text


def test_cancel_mid_way_and_at_the_summary(chat: Chat) -> None:
    setup(chat)
    chat.say("แจ้งปัญหา", as_user=SCHOOL_USER)
    a = chat.say("ยกเลิก", as_user=SCHOOL_USER)
    assert "ยกเลิกการแจ้งปัญหาแล้ว" in a.text
    s = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER)
    assert drafts(chat) == 1
    assert "ยกเลิกการแจ้งปัญหาแล้ว" in s.tap("ยกเลิก", as_user=SCHOOL_USER).text
    assert drafts(chat) == 0
    late = s.tap("ยืนยัน", as_user=SCHOOL_USER)  # the old summary's button after cancelling
    assert "ยกเลิกหรือหมดเวลา" in late.text
    assert incidents(chat) == []


def test_edit_at_the_summary_asks_which_part_and_reads_a_typed_correction(chat: Chat) -> None:
    setup(chat)
    s = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER)
    a = s.tap("แก้ไข", as_user=SCHOOL_USER)
    assert "แก้ไขส่วนไหน" in a.text and {"ประเภทปัญหา", "สถานที่", "เริ่มเมื่อ"} <= set(a.labels)
    b = chat.say("สายแลนห้องสมุดขาดค่ะ ตั้งแต่เมื่อวาน", as_user=SCHOOL_USER)
    assert "สายแลน" in b.text and "ห้องสมุด" in b.text and "P3" in b.text


def test_extra_words_at_the_summary_join_the_description(chat: Chat) -> None:
    setup(chat)
    chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER)
    a = chat.say("ไฟที่เราเตอร์ขึ้นสีแดงค่ะ", as_user=SCHOOL_USER)
    assert "เพิ่มรายละเอียดแล้ว" in a.text and "เราเตอร์ขึ้นสีแดง" in a.text
    chat.say("ยืนยัน", as_user=SCHOOL_USER)  # typed instead of tapped
    [inc] = incidents(chat)
    assert "เราเตอร์ขึ้นสีแดง" in inc.description


def test_duplicate_confirm_tap_makes_one_ticket(chat: Chat) -> None:
    setup(chat)
    s = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER)
    first = s.tap("ยืนยัน", as_user=SCHOOL_USER)
    second = s.tap("ยืนยัน", as_user=SCHOOL_USER)
    assert number(1) in first.text
    assert "บันทึกไว้แล้ว" in second.text and number(1) in second.text
    assert len(incidents(chat)) == 1
    assert len([m for m in chat.pushed_to(STAFF) if m["type"] == "flex"]) == 1


def test_someone_else_cannot_confirm_my_draft(chat: Chat) -> None:
    setup(chat)
    s = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER)
    assert "ผู้แจ้งปัญหาเท่านั้น" in s.tap("ยืนยัน", as_user=OTHER).text
    assert incidents(chat) == []


def test_forged_confirm_is_refused(chat: Chat) -> None:
    setup(chat)
    s = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER)
    action = dict(s.action("ยืนยัน"))
    action["data"] = action["data"].replace("d=", "d=0")
    a = chat.tap(action, as_user=SCHOOL_USER)
    assert "ปุ่ม" in a.text and incidents(chat) == []


def test_timeout_is_polite_and_forgets_the_draft(settings: Settings) -> None:
    with open_chat(settings.model_copy(update={"conversation_timeout_seconds": 1})) as chat:
        setup(chat)
        s = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER)
        time.sleep(1.3)
        late = s.tap("ยืนยัน", as_user=SCHOOL_USER)
        assert "หมดเวลา" in late.text
        assert incidents(chat) == [] and drafts(chat) == 0
        chat.say("แจ้งปัญหา", as_user=SCHOOL_USER)
        time.sleep(1.3)
        a = chat.say("เน็ตช้า", as_user=SCHOOL_USER)
        assert "หมดเวลาแล้ว" in a.text


class PhotoMessenger(TerminalMessenger):
    """The recording messenger, with LINE's content API answering an image."""

    async def content(self, message_id: str) -> tuple[bytes, str] | None:
        return (PNG_1x1, "image/png")


@contextmanager
def photo_chat(settings: Settings) -> Iterator[Chat]:
    with start_blocking_portal() as portal:
        session = ChatSession(settings, messenger_factory=PhotoMessenger)
        portal.call(session.__aenter__)
        try:
            yield Chat(portal, session, SCHOOL_USER)
        finally:
            portal.call(session.__aexit__, None, None, None)


def image_event() -> dict[str, Any]:
    return {"message": {"type": "image", "id": str(time.time_ns()), "contentProvider": {"type": "line"}}}


def test_photo_is_downloaded_stored_and_shown_to_staff(settings: Settings) -> None:
    with photo_chat(settings) as chat:
        setup(chat)
        chat.say("แจ้งปัญหา")
        a = chat.event("message", **image_event())
        assert "ได้รับรูปภาพแล้ว" in a.text and "Wi-Fi" in a.labels  # then the same question again
        s = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า")
        assert "1 รูป" in s.text
        s.tap("ยืนยัน")
        [inc] = incidents(chat)
        assert len(inc.photos) == 1 and inc.photos[0]["name"].startswith("private-inc-")
        stored = Path(settings.data_dir) / "public" / inc.photos[0]["name"]
        assert stored.read_bytes() == PNG_1x1
        card = last_push(chat, STAFF)
        photo = card.action("ดูรูปภาพ")
        assert photo["type"] == "uri" and "sig=" in photo["uri"]


def test_report_goes_on_when_the_photo_cannot_be_downloaded(chat: Chat) -> None:
    setup(chat)
    s = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER)
    a = chat.event("message", as_user=SCHOOL_USER, **image_event())
    assert "ดาวน์โหลดรูปภาพไม่สำเร็จ" in a.text and "สรุปการแจ้งปัญหา" in a.text
    s.tap("ยืนยัน", as_user=SCHOOL_USER)
    [inc] = incidents(chat)
    assert inc.photos == []
