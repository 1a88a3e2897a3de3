"""A message that asks a contact field and a count together gets both answers, about the same school;
one that asks one thing is answered as before."""

from __future__ import annotations

from tests.handlers.test_data import SCHOOLS, n
from tests.support.chat import Chat

SCHOOL = "ภูผาวิทยาคม"


def teachers(name: str) -> str:
    return n(name, col="ครู")


def test_the_principal_and_the_teachers_asked_together_are_both_answered(chat: Chat) -> None:
    a = chat.say(f"โรงเรียน{SCHOOL} ผอ.ชื่ออะไร แล้วมีครูกี่คนครับ")
    assert SCHOOLS[SCHOOL]["ผู้อำนวยการ"] in a.text, a.text
    assert f"ครู: {teachers(SCHOOL)} คน" in a.text, a.text
    assert a.text.index(SCHOOLS[SCHOOL]["ผู้อำนวยการ"]) < a.text.index("ครู:")  # in the order asked


def test_a_count_then_a_phone_are_both_answered_in_that_order(chat: Chat) -> None:
    a = chat.say(f"รร.{SCHOOL} มีนักเรียนกี่คน เบอร์โทรอะไรคะ")
    phone = SCHOOLS[SCHOOL]["โทรศัพท์"]
    assert n(SCHOOL) in a.text and phone in a.text, a.text
    assert a.text.index(n(SCHOOL)) < a.text.index(phone)


def test_a_phone_with_the_number_of_teachers_joined_by_kab(chat: Chat) -> None:
    a = chat.say(f"เบอร์โทรโรงเรียน{SCHOOL} กับ จำนวนครู")
    assert SCHOOLS[SCHOOL]["โทรศัพท์"] in a.text and f"ครู: {teachers(SCHOOL)} คน" in a.text, a.text


def test_only_the_last_message_carries_quick_replies(chat: Chat) -> None:
    a = chat.say(f"ผอ.{SCHOOL}ชื่ออะไรคะ แล้วนักเรียนมีกี่คน")
    assert len(a.messages) >= 2, a.messages
    assert all("quickReply" not in m for m in a.messages[:-1])
    assert "quickReply" in a.messages[-1]


def test_an_ambiguous_school_is_asked_back_once_not_answered_twice(chat: Chat) -> None:
    a = chat.say("รร.ท่าข้าม ผอ.ชื่ออะไร นักเรียนกี่คน")
    assert {"ท่าข้ามวิทยา", "ท่าข้ามพิทยาคม"} <= set(a.labels), a.labels
    assert len(a.messages) == 1 and "ครู:" not in a.text and "นักเรียนทั้งหมด" not in a.text


def test_one_question_with_a_field_word_inside_stays_one_answer(chat: Chat) -> None:
    a = chat.say(f"นักเรียนและครูโรงเรียน{SCHOOL}มีกี่คน")
    assert len(a.messages) == 1 and n(SCHOOL) in a.text and f"ครู: {teachers(SCHOOL)} คน" in a.text
    b = chat.say(f"ผู้อำนวยการโรงเรียน{SCHOOL}คือใคร")
    assert len(b.messages) == 1 and SCHOOLS[SCHOOL]["ผู้อำนวยการ"] in b.text


def test_a_district_s_schools_and_its_students_asked_together(chat: Chat) -> None:
    district = SCHOOLS[SCHOOL]["อำเภอ"]
    a = chat.say(f"อำเภอ{district}มีกี่โรงเรียน นักเรียนกี่คน")
    schools = sum(1 for r in SCHOOLS.values() if r["อำเภอ"] == district)
    assert f"มีโรงเรียน {schools} โรง" in a.text and n(district=district) in a.text, a.text
