"""Manual questions a blind probe missed: "ของเขต" is no ขอบเขต, counts and missing steps said first,
an overview without an apology, two parts at once, typos in a process name, ผอ., law dates, English names."""

from __future__ import annotations

from tests.support.chat import Chat

MIS_STEP = "ออกแบบวิธีการนำเสนอ"
NETWORK_STEP = "ปรับปรุง ติดตั้งระบบ"
MIS_SCOPE = "รูปแบบการนำเสนอ"
NETWORK_SCOPE = "บริหารความเสี่ยง"


def test_of_the_office_is_not_scope(chat: Chat) -> None:
    a = chat.say("MIS ของเขตมีขั้นตอนยังไงบ้าง")
    assert MIS_STEP in a.text and MIS_SCOPE not in a.text
    b = chat.say("ขั้นตอนงานพัฒนาเครือข่าย เครือข่ายของเขต")
    assert NETWORK_STEP in b.text and "3.3" not in b.text
    c = chat.say("ขอบเขตงาน MIS ของเขต")
    assert MIS_SCOPE in c.text  # a scope typed in full is still the scope


def test_a_typo_of_scope_is_still_scope(chat: Chat) -> None:
    assert NETWORK_SCOPE in chat.say("ขอเขตงานเครือข่าย").text


def test_a_step_beyond_the_last_says_how_many_there_are(chat: Chat) -> None:
    a = chat.say("ขั้นตอนที่ 6 ของงานพัฒนาเครือข่าย")
    first = a.messages[0]
    assert first["type"] == "text" and "มี 5 ขั้นตอน" in first["text"] and "ไม่มีขั้นตอนที่ 6" in first["text"]
    assert NETWORK_STEP in a.text  # then the steps there are


def test_how_many_steps_gives_the_number_first(chat: Chat) -> None:
    a = chat.say("งานนวัตกรรมมีกี่ขั้นตอน")
    assert a.messages[0]["type"] == "text" and "มี 5 ขั้นตอน" in a.messages[0]["text"]
    assert "คุณลักษณะเฉพาะ" in a.text


def test_asking_to_see_the_manual_gets_the_overview_without_an_apology(chat: Chat) -> None:
    for text in ("ขอดูคู่มือ", "ขอดูคู่มือการปฏิบัติงาน"):
        a = chat.say(text)
        assert "ขออภัย" not in a.text and "4 กระบวนงาน" in a.text and "2517" not in a.text


def test_two_parts_of_one_process_are_both_answered(chat: Chat) -> None:
    a = chat.say("ขอทราบวัตถุประสงค์งานเครือข่ายหน่อยค่ะ แล้วก็ขอบเขตด้วย")
    assert "มีประสิทธิภาพ" in a.text and NETWORK_SCOPE in a.text and NETWORK_STEP not in a.text
    b = chat.say("วัตถุประสงค์งาน MIS คืออะไร")  # "คืออะไร" asks, it names no second part
    assert "ครอบคลุมภารกิจ" in b.text and "หมายถึง" not in b.text


def test_when_is_it_done(chat: Chat) -> None:
    a = chat.say("ให้บริการข้อมูลสารสนเทศทำช่วงไหน ใช้เวลาเท่าไหร่")
    assert "ตลอดปีงบประมาณ" in a.text and "ขออภัย" not in a.text


def test_a_process_name_one_letter_off(chat: Chat) -> None:
    a = chat.say("คำนิยามข้อมูลสารสนเทศเพื่อการบริหาน")
    assert "ผ่านกระบวนการประมวลผล" in a.text
    b = chat.say("วัตถุประสงค์งานพัฒนาเครือข่ายเทคโนโลยีสารสนทศ")
    assert "มีประสิทธิภาพ" in b.text


def test_a_position_names_its_holder(chat: Chat) -> None:
    assert "ทิพวรรณ" in chat.say("ผอ.กลุ่มนโยบายและแผนชื่ออะไร").text
    assert "นฤมล" in chat.say("นักวิเคราะห์นโยบายและแผนคือใคร").text


def test_an_announcement_by_its_subject_and_date(chat: Chat) -> None:
    a = chat.say("ประกาศ สพฐ. เรื่องการกระจายอำนาจ ลงวันที่เท่าไหร่")
    assert "10 กรกฎาคม 2550" in a.text and "2517" not in a.text


def test_laws_by_their_english_names(chat: Chat) -> None:
    assert "2550" in chat.say("Computer Crime Act year?").text
    assert "2550" in chat.say("Computer Crime Act พ.ศ.").text
    assert "2540" in chat.say("Official Information Act, what year?").text
    a = chat.say("PDPA act year?")
    assert "ไม่มีรายการที่ตรงกับคำถามนี้" in a.text
