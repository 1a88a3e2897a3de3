"""Casual phrasings a held-out probe found unanswered, as a user sees the answers."""

from __future__ import annotations

import csv

from models.importers import DEMO_DIR
from tests.support.chat import Chat


def _area_total(year: int, term: int) -> str:
    with (DEMO_DIR / "students.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if int(r["ปีการศึกษา"]) == year and int(r["ภาคเรียน"]) == term]
    total = sum(int(v) for r in rows for k, v in r.items() if k.startswith("ม.") and k.endswith(("ชาย", "หญิง")))
    return f"{total:,}"


def test_a_network_problem_asking_where_to_report_starts_the_report(chat: Chat) -> None:
    a = chat.say("เครือข่ายมีปัญหาติดต่อที่ไหน")
    assert "ยังไม่เข้าใจ" not in a.text
    assert "แจ้งปัญหาผ่านน้องเขตบอทที่นี่ได้เลย" in a.text and "แจ้งปัญหาจากโรงเรียนไหน" in a.text


def test_a_problem_without_asking_where_gets_no_extra_line(chat: Chat) -> None:
    a = chat.say("อินเทอร์เน็ตมีปัญหาทั้งโรงเรียน")
    assert "แจ้งปัญหาผ่านน้องเขตบอท" not in a.text and "แจ้งปัญหาจากโรงเรียนไหน" in a.text


def test_regulation_typed_by_ear_is_found(chat: Chat) -> None:
    assert "2526" in chat.say("ระเบียบงานสารบัญ").text
    assert "2526" in chat.say("ระเบียบงานสารบันออกปีไหนคะ").text


def test_form_typo_glued_to_the_question_word(chat: Chat) -> None:
    a = chat.say("งานMIS แบบฟอมอะไรบ้าง")
    assert "แบบจัดเก็บข้อมูลตามโปรแกรมฐานข้อมูลกลาง" in a.text, a.text


def test_objective_typo_and_step_short_form(chat: Chat) -> None:
    assert "มีประสิทธิภาพ" in chat.say("วัตถุประสงงานเครือข่าย").text
    assert "ความปลอดภัย" in chat.say("ขั้นที่ 4 งานเครือข่าย").text


def test_process_name_alone_shows_the_process(chat: Chat) -> None:
    a = chat.say("งานMIS")
    assert "ยังไม่เข้าใจ" not in a.text and "ออกแบบวิธีการนำเสนอ" in a.text, a.text


def test_system_name_in_thai_letters(chat: Chat) -> None:
    assert "รูปแบบการนำเสนอข้อมูลสารสนเทศ" in chat.say("ขอบเขตของงานเอ็มไอเอส").text


def test_not_knowing_how_to_type_gets_help(chat: Chat) -> None:
    a = chat.say("ใช้งานไม่เป็น ต้องพิมพ์ยังไง")
    assert "ยังไม่เข้าใจ" not in a.text and "จำนวนนักเรียน/ครู" in a.text


def test_student_abbreviation_glued_to_a_count_word(chat: Chat) -> None:
    a = chat.say("จำนวนนร.ทั้งหมดในเขต ปี 67")
    assert "ยังไม่เข้าใจ" not in a.text
    assert _area_total(2567, 1) in a.text or _area_total(2567, 2) in a.text, a.text
