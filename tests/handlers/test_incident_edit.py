"""Changing one part of a report at its summary, a category named after a guess, and a data question
typed where the school is asked."""

from __future__ import annotations

from tests.support.chat import Answer, Chat
from tests.support.incidents import OTHER, SCHOOL_USER, incidents, setup

PARTS = ["โรงเรียน", "ประเภทปัญหา", "ผลกระทบ", "สถานะการใช้งาน", "สถานที่", "เริ่มเมื่อ", "รายละเอียด", "ไม่แก้ไข"]
WHICH_PART = "แก้ไขส่วนไหน"
IMPACT_Q, USABLE_Q, SCHOOL_Q = "กระทบแค่ไหน", "พอใช้งานได้ไหม", "โรงเรียนไหน"


def wifi_in_the_library(chat: Chat) -> Answer:
    a = chat.say("wifi ห้องสมุด โรงเรียนดงขุยวิทยาคม ใช้ไม่ได้ตั้งแต่เมื่อวาน", as_user=OTHER)
    assert "สรุปการแจ้งปัญหา" in a.text and "ดงขุยวิทยาคม" in a.text and "Wi-Fi" in a.text
    return a


def test_edit_asks_which_part_then_only_that_part_and_keeps_the_rest(chat: Chat) -> None:
    setup(chat)
    a = wifi_in_the_library(chat).tap("แก้ไข", as_user=OTHER)
    assert WHICH_PART in a.text and a.labels == PARTS
    assert IMPACT_Q not in a.text and "เล่าอาการ" not in a.text
    b = a.tap("โรงเรียน", as_user=OTHER)
    assert SCHOOL_Q in b.text
    c = chat.say("หนองบัวทดสอบวิทยา", as_user=OTHER)
    assert IMPACT_Q not in c.text and USABLE_Q not in c.text  # the rest was kept: straight back to the summary
    for kept in ("โรงเรียน: หนองบัวทดสอบวิทยา", "ประเภท: Wi-Fi", "สถานที่: ห้องสมุด", "เริ่มเมื่อ: เมื่อวาน",
                 "ผลกระทบ: ห้องเดียว/เครื่องเดียว", "สถานะการใช้งาน: ใช้งานไม่ได้เลย"):
        assert kept in c.text
    assert "ดงขุยวิทยาคม" not in c.text.split("รายละเอียด:")[0]
    c.tap("ยืนยัน", as_user=OTHER)
    [inc] = incidents(chat)
    assert (inc.school_name, inc.category, inc.location, inc.since_text) == (
        "หนองบัวทดสอบวิทยา", "wifi", "ห้องสมุด", "เมื่อวาน")


def test_a_typed_correction_at_the_edit_question_replaces_what_it_names(chat: Chat) -> None:
    setup(chat)
    assert WHICH_PART in wifi_in_the_library(chat).tap("แก้ไข", as_user=OTHER).text
    b = chat.say("โรงเรียนหนองบัวทดสอบวิทยาค่ะ", as_user=OTHER)
    assert "โรงเรียน: หนองบัวทดสอบวิทยา" in b.text and "ประเภท: Wi-Fi" in b.text and "สถานที่: ห้องสมุด" in b.text
    c = b.tap("แก้ไข", as_user=OTHER)
    assert WHICH_PART in c.text
    d = chat.say("ห้องคอม 2 ตั้งแต่เช้า", as_user=OTHER)
    assert "สถานที่: ห้องคอม 2" in d.text and "เริ่มเมื่อ: ตั้งแต่เช้า" in d.text and "ประเภท: Wi-Fi" in d.text
    e = d.tap("แก้ไข", as_user=OTHER)
    f = chat.say("asdf qwer", as_user=OTHER)  # neither a part nor a detail: asked again
    assert "ยังไม่ทราบว่าจะแก้ไขส่วนไหน" in f.text and f.labels == PARTS
    assert "สรุปการแจ้งปัญหา" in e.tap("ไม่แก้ไข", as_user=OTHER).text


def test_editing_how_much_is_hit_asks_where_when_it_no_longer_is_the_whole_school(chat: Chat) -> None:
    setup(chat)
    s = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER)
    assert "สถานที่: ทั้งโรงเรียน" in s.text and "P1" in s.text
    a = s.tap("แก้ไข", as_user=SCHOOL_USER).tap("ผลกระทบ", as_user=SCHOOL_USER)
    assert IMPACT_Q in a.text
    b = a.tap("ห้องเดียว/เครื่องเด…", as_user=SCHOOL_USER)
    assert "ห้องหรืออาคารไหน" in b.text  # "the whole school" was never a place of its own
    c = chat.say("ห้องธุรการ", as_user=SCHOOL_USER)
    assert "สถานที่: ห้องธุรการ" in c.text and "ประเภท: อินเทอร์เน็ต" in c.text and "เริ่มเมื่อ: ตั้งแต่เช้า" in c.text
    assert USABLE_Q not in c.text and "P3" in c.text


def test_editing_the_details_replaces_them(chat: Chat) -> None:
    setup(chat)
    s = chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER)
    a = s.tap("แก้ไข", as_user=SCHOOL_USER).tap("รายละเอียด", as_user=SCHOOL_USER)
    assert "รายละเอียดของปัญหาใหม่" in a.text
    b = chat.say("ไฟเราเตอร์กะพริบสีแดงค่ะ", as_user=SCHOOL_USER)
    assert "รายละเอียด: ไฟเราเตอร์กะพริบสีแดงค่ะ" in b.text and "ผลกระทบ: ทั้งโรงเรียน" in b.text


def until_summary(chat: Chat, a: Answer) -> Answer:
    """Tap the first button of each question left until the summary shows."""
    while "สรุปการแจ้งปัญหา" not in a.text:
        a = a.tap(a.labels[0], as_user=SCHOOL_USER)
    return a


def test_a_category_named_after_it_was_guessed_replaces_the_guess(chat: Chat) -> None:
    setup(chat)
    assert "เล่าอาการ" in chat.say("แจ้งปัญหา", as_user=SCHOOL_USER).text
    a = chat.say("โรงเรียนหนองบัวทดสอบวิทยาค่ะ", as_user=SCHOOL_USER)  # no kind of problem: "other" for now
    assert IMPACT_Q in a.text
    b = chat.say("สาย LAN ห้องคอมขาด ใช้เน็ตไม่ได้", as_user=SCHOOL_USER)
    assert "ประเภท: สายแลน/อุปกรณ์เครือข่าย" in until_summary(chat, b).text
    chat.say("ยกเลิก", as_user=SCHOOL_USER)

    chat.say("แจ้งปัญหา", as_user=SCHOOL_USER)
    c = chat.say("ห้องคอมค่ะ", as_user=SCHOOL_USER)  # "คอม" in a room's name is only a guess too
    assert USABLE_Q in c.text
    d = chat.say("สายแลนขาดค่ะ", as_user=SCHOOL_USER)
    assert "ตั้งแต่เมื่อไหร่" in d.text
    assert "ประเภท: สายแลน/อุปกรณ์เครือข่าย" in until_summary(chat, d).text
    chat.say("ยกเลิก", as_user=SCHOOL_USER)

    e = chat.say("แจ้งปัญหา", as_user=SCHOOL_USER).tap("อื่น ๆ", as_user=SCHOOL_USER)
    assert IMPACT_Q in e.text
    f = chat.say("สายแลนห้องคอมขาด", as_user=SCHOOL_USER)
    assert "ประเภท: อื่น ๆ" in until_summary(chat, f).text  # a category picked on purpose stays


def test_a_data_question_where_the_school_is_asked_is_answered_then_the_school_asked_again(chat: Chat) -> None:
    setup(chat)
    a = chat.say("แจ้งปัญหาเครือข่าย", as_user=OTHER)
    assert SCHOOL_Q in a.text
    b = chat.say("รร.ภูผาวิทยาคมมีนักเรียนกี่คน", as_user=OTHER)  # a school's name inside a question
    assert "ภูผาวิทยาคม" in b.text and "นักเรียนทั้งหมด" in b.text and SCHOOL_Q in b.text  # answered, asked again
    assert "เล่าอาการ" not in b.text
    b2 = chat.say("เบอร์โทรรร.ภูผาวิทยาคมเท่าไหร่", as_user=OTHER)
    assert SCHOOL_Q in b2.text and "เล่าอาการ" not in b2.text
    c = chat.say("ดงขุยวิทยาคม", as_user=OTHER)  # a bare name is the answer
    assert "เล่าอาการ" in c.text
    d = chat.say("สาย LAN ห้องคอมขาด ใช้เน็ตไม่ได้ตั้งแต่เช้า", as_user=OTHER)
    assert "โรงเรียน: ดงขุยวิทยาคม" in d.text and "ประเภท: สายแลน/อุปกรณ์เครือข่าย" in d.text
    assert "นักเรียนกี่คน" not in d.text and "ภูผาวิทยาคม" not in d.text
