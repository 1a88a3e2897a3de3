"""The manual in chat: each section asked the way people type it gets that section."""

from __future__ import annotations

import pytest

from tests.support.chat import Chat

CASES = [
    ("คำนิยามของคำว่าเครือข่าย ICT ครับ", "การดำเนินงานร่วมกัน"),
    ("วัตถุประสงค์ของงาน MISคะ", "ครอบคลุมภารกิจ"),
    ("งานนวัตกรรม ครอบคลุมอะไรบ้างคะ", "3.2 การกำหนดคุณลักษณะเฉพาะ"),
    ("ใครรับผิดชอบงานแผนไอซีทีครับ", "นฤมล"),
    ("แบบฟอร์มที่ใช้ในงานข้อมูลสารสนเทศ", "แบบจัดเก็บข้อมูลตามโปรแกรมฐานข้อมูลกลาง"),
    ("เอกสารอ้างอิงของงานเครือข่ายค่ะ", "พระราชบัญญัติว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์"),
    ("มาตรฐานคุณภาพงานของงานนวัตกรรม", "สอดคล้องกับการเรียนรู้และการบริหาร"),
    ("งานนวัตกรรมใช้เวลารวมทั้งหมดกี่เดือนคะ", "รวมประมาณ 5-8 เดือน"),
]


@pytest.mark.parametrize(("question", "expect"), CASES)
def test_section_in_chat(chat: Chat, question: str, expect: str) -> None:
    a = chat.say(question)
    assert expect in a.text, a.text
    assert "ไม่พบหัวข้อ" not in a.text and len(a.text) < 1500


def test_total_duration_in_chat_lists_the_steps(chat: Chat) -> None:
    a = chat.say("งานพัฒนาเครือข่ายใช้เวลารวมกี่วันครับ")
    assert "รวมประมาณ 5 เดือน 10 วัน" in a.text and "10 วัน" in a.text and "3 เดือน" in a.text
    assert all(len(label) <= 20 for label in a.labels)


def test_contact_question_without_a_manual_word(chat: Chat) -> None:
    assert "นฤมล" in chat.say("งานแผนไอซีทีต้องติดต่อใครครับ").text


def test_the_last_step_of_every_process_leads_to_each_ones_last_step(chat: Chat) -> None:
    every = chat.say("ขั้นตอนสุดท้ายคืออะไรครับ")
    assert "ติดตาม ประเมินและรายงานผลการดำเนินงาน" in every.text and "-1" not in every.text
    one = every.tap("เครือข่าย ICT")
    assert "5. ติดตาม ประเมินและรายงานผลการดำเนินงาน" in one.text and "เวลาดำเนินการ" in one.text
    assert "วัตถุประสงค์" not in one.text  # that process's last step, not its overview


def test_a_step_answer_says_which_process_it_belongs_to(chat: Chat) -> None:
    last = chat.say("ขั้นตอนสุดท้ายของงาน MIS")
    assert last.text.startswith("ขั้นตอนที่ 5 ของงานจัดทำข้อมูลสารสนเทศเพื่อการบริหาร")
    took = chat.say("ขั้นตอนที่ 2 งานพัฒนาเครือข่าย ใช้เวลาเท่าไร")
    assert took.text.startswith("ขั้นตอนที่ 2 ของงานพัฒนาเครือข่ายเทคโนโลยีสารสนเทศ") and "3 เดือน" in took.text
