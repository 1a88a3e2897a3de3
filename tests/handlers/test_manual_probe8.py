"""Manual questions a blind probe missed: every part of a two-part question answered, the preface's
counts (42 / 183 เขต, 7 / 8 กลุ่ม) answered in chat, and the longest step of the whole manual named first."""

from __future__ import annotations

from tests.support.chat import Chat

NETWORK_OBJECTIVE = "ที่มีประสิทธิภาพ"
MIS_OBJECTIVE = "ครอบคลุมภารกิจ"
INNOVATION_SCOPE = "3.2 การกำหนดคุณลักษณะเฉพาะ"
FALLBACK = "ไม่เข้าใจ"


def test_a_process_section_and_a_step_time_are_both_answered(chat: Chat) -> None:
    a = chat.say("ขอทราบเป้าหมายของงานพัฒนาเครือข่าย แล้วขั้นพัฒนารูปแบบเครือข่ายกินเวลากี่เดือน")
    assert NETWORK_OBJECTIVE in a.text and "3 เดือน" in a.text
    b = chat.say("จุดประสงค์งาน MIS และขั้นตอนออกแบบวิธีการนำเสนอใช้เวลานานเท่าไร")
    assert MIS_OBJECTIVE in b.text and "ออกแบบวิธีการนำเสนอ\nเวลาดำเนินการ: 1 เดือน" in b.text
    assert "10 วัน" not in b.text  # the step named, not every step's time
    c = chat.say("ขอบเขตงานนวัตกรรม กับขั้นตอนสุดท้ายใช้เวลาเท่าไหร่")
    assert INNOVATION_SCOPE in c.text and "ตลอดปีงบประมาณ" in c.text


def test_two_details_of_one_step_are_both_answered(chat: Chat) -> None:
    a = chat.say("งานจัดทำข้อมูลสารสนเทศ ขั้นที่ 2 มาตรฐานงานเป็นยังไง และระยะเวลากี่เดือน")
    assert "ถูกต้อง ครบถ้วน" in a.text and "1 เดือน" in a.text
    assert a.text.count("ขั้นตอนที่ 2 ของ") == 1  # one heading for the step
    b = chat.say("ขั้นตอนที่ 3 งานเครือข่ายใช้เวลาเท่าไหร่ ใครรับผิดชอบ")
    assert "2 เดือน" in b.text and "คณะทำงาน" in b.text


def test_one_part_questions_are_unchanged(chat: Chat) -> None:
    a = chat.say("ขั้นตอนที่ 2 ของงานจัดทำข้อมูลสารสนเทศ มาตรฐานคุณภาพคืออะไร")
    assert "ถูกต้อง ครบถ้วน" in a.text and "เวลาดำเนินการ" not in a.text
    b = chat.say("วัตถุประสงค์งานพัฒนาเครือข่าย")
    assert NETWORK_OBJECTIVE in b.text and "เดือน" not in b.text


def test_the_prefaces_counts_are_answered(chat: Chat) -> None:
    for text, number in (("ทั่วประเทศมี สพม. กี่เขตคะ", "42 เขต"),
                         ("เขตพื้นที่การศึกษาประถมศึกษาทั้งหมดมีกี่เขต", "183 เขต"),
                         ("สำนักงานเขตพื้นที่มัธยมศึกษาแบ่งส่วนราชการภายในออกเป็นกี่กลุ่ม", "7 กลุ่ม")):
        a = chat.say(text)
        assert number in a.text and FALLBACK not in a.text, text


def test_a_data_question_is_no_preface_fact(chat: Chat) -> None:
    for text in ("อำเภอหนองไผ่มีกี่โรงเรียน", "ทั้งเขตมีนักเรียนกี่คน", "ครูทั้งเขตมีกี่คน"):
        a = chat.say(text)
        assert "183" not in a.text and "ส่วนราชการ" not in a.text, text


def test_the_longest_step_of_the_whole_manual_comes_first(chat: Chat) -> None:
    a = chat.say("ทั้งคู่มือ ขั้นตอนใดใช้เวลานานที่สุดคะ")
    first = a.text.split("\n", 1)[0]
    assert "งานพัฒนานวัตกรรม" in first and "3-6 เดือน" in first
    b = chat.say("ขั้นตอนไหนในคู่มือใช้เวลาน้อยที่สุด")
    assert "10 วัน" in b.text.split("\n", 1)[0] and "ขออภัย" not in b.text


def test_the_shortest_step_is_a_manual_question_not_the_smallest_school(chat: Chat) -> None:
    a = chat.say("ขั้นตอนไหนใช้เวลาน้อยที่สุด")
    assert "ในคู่มือ" in a.text and "นักเรียน" not in a.text, a.text


def test_manual_questions_in_english_get_the_part_asked(chat: Chat) -> None:
    who = chat.say("who is responsible for the network development process?")
    assert "นฤมล" in who.text, who.text
    how_long = chat.say("how long does step 2 of network development take")
    assert "ขั้นตอนที่ 2" in how_long.text and "เดือน" in how_long.text, how_long.text
    aim = chat.say("what is the objective of the MIS process")
    assert "วัตถุประสงค์" in aim.text or "เพื่อให้" in aim.text, aim.text


def test_kin_wela_reads_as_taking_time(chat: Chat) -> None:
    a = chat.say("ขั้นตอนใดกินเวลามากที่สุด")
    assert "นานที่สุด" in a.text and "ไม่พบหัวข้อ" not in a.text, a.text
