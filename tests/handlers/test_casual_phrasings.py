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


# ---- a second held-out probe (several schools at once, answers to "which school?", the manual's people)

def _plain(text: str) -> str:
    return text.replace(",", "")


def test_two_schools_named_together_are_compared_with_each_other(chat: Chat) -> None:
    from tests.handlers.test_data import n
    a, b = int(_plain(n("ภูผาวิทยาคม"))), int(_plain(n("ดอกบัวพิทยา")))
    bigger = "ภูผาวิทยาคม" if a > b else "ดอกบัวพิทยา"
    ans = chat.say("โรงเรียนภูผาวิทยาคม กับ โรงเรียนดอกบัวพิทยา โรงไหนนักเรียนมากกว่า")
    first = ans.text.split("\n")[0]
    assert bigger in first and f"{max(a, b):,}" in first, ans.text
    assert "ที่สุดในอำเภอ" not in ans.text  # not the ranking of the first school's district


def test_students_of_two_schools_are_given_each_and_summed(chat: Chat) -> None:
    from tests.handlers.test_data import n
    a, b = n("ภูผาวิทยาคม"), n("ดอกบัวพิทยา")
    total = int(_plain(a)) + int(_plain(b))
    ans = chat.say("นักเรียนรวมของโรงเรียนภูผาวิทยาคมและโรงเรียนดอกบัวพิทยา")
    assert a in ans.text and b in ans.text and f"{total:,}" in ans.text, ans.text


def test_students_and_teachers_asked_together_are_both_answered(chat: Chat) -> None:
    from tests.handlers.test_data import n
    ans = chat.say("นักเรียนและครูโรงเรียนภูผาวิทยาคมมีกี่คน")
    assert n("ภูผาวิทยาคม") in ans.text and f"ครู: {n('ภูผาวิทยาคม', col='ครู')} คน" in ans.text, ans.text


def test_the_school_typed_after_which_school_answers_the_question_asked(chat: Chat) -> None:
    from tests.handlers.test_data import n
    asked = chat.say("นักเรียน ม.1 โรงเรียนท่าข้าม กี่คน")
    assert "ท่าข้ามวิทยา" in asked.text and "ท่าข้ามพิทยาคม" in asked.text  # which one?
    ans = chat.say("ท่าข้ามวิทยา")
    assert f"นักเรียน ม.1: {n('ท่าข้ามวิทยา', grades=['ม.1'])} คน" in ans.text, ans.text


def test_a_school_name_alone_after_an_answer_is_asked_the_same(chat: Chat) -> None:
    from tests.handlers.test_data import n
    chat.say("นักเรียน ม.1 กี่คน")
    ans = chat.say("โรงเรียนภูผาวิทยาคม")
    assert f"นักเรียน ม.1: {n('ภูผาวิทยาคม', grades=['ม.1'])} คน" in ans.text, ans.text


def test_a_person_of_the_manual_is_found_by_name(chat: Chat) -> None:
    for q in ("นางสาวนฤมล รักษาบุญ เป็นใคร", "นฤมล รักษาบุญ ตำแหน่งอะไร", "นฤมล รักษาบุญ รับผิดชอบงานอะไรบ้าง"):
        ans = chat.say(q)
        assert "นักวิเคราะห์นโยบายและแผน" in ans.text and "งานพัฒนาเครือข่าย" in ans.text, (q, ans.text)
        assert "ไม่พบโรงเรียน" not in ans.text
