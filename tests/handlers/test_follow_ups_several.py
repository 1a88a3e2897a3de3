"""Follow-ups after the bot asked back "which school?" and after answers about several schools named
together; contact fields of several schools at once."""

from __future__ import annotations

from handlers.topic import Topic
from tests.handlers.test_data import SCHOOLS, n
from tests.support.chat import Chat

A, B = "ภูผาวิทยาคม", "ห้วยใสวิทยาคม"
SHARED = "ท่าข้าม"  # ท่าข้ามวิทยา and ท่าข้ามพิทยาคม
AREA_TEACHERS = n(col="ครู")


def teachers(name: str) -> str:
    return n(name, col="ครู")


def test_a_follow_up_while_which_school_waits_is_asked_back_too(chat: Chat) -> None:
    ask = chat.say(f"นักเรียนโรงเรียน{SHARED}มีกี่คน")
    assert "โรงเรียนไหน" in ask.text
    again = chat.say("แล้วครูล่ะ")  # no place yet: never the whole area
    assert "ทั้งเขตพื้นที่" not in again.text and AREA_TEACHERS not in again.text
    assert "โรงเรียนไหน" in again.text and "ครู" in again.text
    assert f"ครู: {AREA_TEACHERS} คน" in again.tap("ทั้งเขต").text  # the whole area is one tap away
    chat.say(f"นักเรียนโรงเรียน{SHARED}มีกี่คน")
    again = chat.say("แล้วครูล่ะ")
    named = chat.say("ท่าข้ามพิทยาคม")  # the school named next answers the latest question
    assert f"ครู: {teachers('ท่าข้ามพิทยาคม')} คน" in named.text and "โรงเรียนท่าข้ามพิทยาคม" in named.text


def test_a_grade_follow_up_while_which_school_waits_keeps_the_grade(chat: Chat) -> None:
    chat.say(f"ครูโรงเรียน{SHARED}มีกี่คน")
    again = chat.say("ม.1 ล่ะ")
    assert "โรงเรียนไหน" in again.text and n(grades=["ม.1"]) not in again.text
    named = chat.say("ท่าข้ามวิทยา")
    assert f"นักเรียน ม.1: {n('ท่าข้ามวิทยา', grades=['ม.1'])} คน" in named.text


def test_a_field_follow_up_after_which_school_is_asked_back(chat: Chat) -> None:
    ask = chat.say("ขอเบอร์โรงเรียนหน่อยค่ะ")  # a school's phone, no school named: which one
    assert "โรงเรียนไหน" in ask.text
    again = chat.say("แล้วผอ.ล่ะ")
    assert "โรงเรียนไหน" in again.text and "ผู้อำนวยการ" in again.text
    assert not any(r["ผู้อำนวยการ"] in again.text for r in SCHOOLS.values())
    named = chat.say(A)
    assert SCHOOLS[A]["ผู้อำนวยการ"] in named.text


def test_follow_ups_after_several_schools_stay_with_them(chat: Chat) -> None:
    first = chat.say(f"นักเรียนโรงเรียน{A}กับโรงเรียน{B}")
    assert n(A) in first.text and n(B) in first.text
    t = chat.say("แล้วครูล่ะ")
    assert f"{A}: {teachers(A)} คน" in t.text and f"{B}: {teachers(B)} คน" in t.text
    assert AREA_TEACHERS not in t.text and "ทั้งเขตพื้นที่" not in t.text
    g = chat.say("ม.2 ล่ะ")
    assert n(A, grades=["ม.2"]) in g.text and n(B, grades=["ม.2"]) in g.text and "ทั้งเขตพื้นที่" not in g.text
    phone = chat.say("เบอร์โทรด้วย")
    assert SCHOOLS[A]["โทรศัพท์"] in phone.text and SCHOOLS[B]["โทรศัพท์"] in phone.text


def test_contact_fields_of_several_schools_give_each_school_its_own(chat: Chat) -> None:
    phone = chat.say(f"เบอร์โทรโรงเรียน{A}และ{B}")
    assert f"โรงเรียน{A}: {SCHOOLS[A]['โทรศัพท์']}" in phone.text
    assert f"โรงเรียน{B}: {SCHOOLS[B]['โทรศัพท์']}" in phone.text
    boss = chat.say(f"ผอ.ของ {A} กับ {B} ชื่ออะไร")
    assert SCHOOLS[A]["ผู้อำนวยการ"] in boss.text and SCHOOLS[B]["ผู้อำนวยการ"] in boss.text
    assert "ดอกบัวพิทยา" not in boss.text  # no list of the district's schools
    mail = chat.say("อีเมลด้วย")
    assert SCHOOLS[A]["อีเมล"] in mail.text and SCHOOLS[B]["อีเมล"] in mail.text


def test_a_stored_topic_without_several_schools_still_reads() -> None:
    old = {"kind": "data", "intent": "student_count", "school": "1067000001"}  # stored before `schools`
    topic = Topic.from_dict(old)
    assert topic is not None and topic.school == "1067000001" and topic.schools == ()
    two = Topic("data", "teacher_count", schools=("1", "2"))
    assert two.to_dict()["schools"] == ["1", "2"] and Topic.from_dict(two.to_dict()) == two
