"""Data answers as a user sees them (bundled sample data): numbers, breakdowns, cards, lists, ask-backs."""

from __future__ import annotations

import csv
import json
from typing import Any

from handlers.school_cards import MAX_BUBBLES, school_list
from models.importers import DEMO_DIR
from models.school import School
from tests.support.chat import Chat

GRADES = [f"ม.{i}" for i in range(1, 7)]


def _rows(name: str) -> list[dict[str, str]]:
    with (DEMO_DIR / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


SCHOOLS = {r["ชื่อโรงเรียน"]: r for r in _rows("schools.csv")}


def n(name: str | None = None, year: int = 2568, term: int = 1, grades: list[str] = GRADES,
      sexes: tuple[str, ...] = ("ชาย", "หญิง"), district: str | None = None, col: str | None = None) -> str:
    """An expected number from the sample CSV, formatted with thousands separators."""
    codes = {r["รหัสโรงเรียน"] for r in SCHOOLS.values()
             if (name is None or r["ชื่อโรงเรียน"] == name) and (district is None or r["อำเภอ"] == district)}
    rows = [r for r in _rows("students.csv") if r["รหัสโรงเรียน"] in codes and int(r["ปีการศึกษา"]) == year
            and int(r["ภาคเรียน"]) == term]
    total = sum(int(r[col]) for r in rows) if col else sum(int(r[f"{g} {s}"]) for r in rows for g in grades
                                                           for s in sexes)
    return f"{total:,}"


def flex(messages: list[dict[str, Any]]) -> dict[str, Any]:
    return next(m for m in messages if m["type"] == "flex")


def test_school_total_with_year_term_round_source_and_sample(chat: Chat) -> None:
    a = chat.say("นักเรียนโรงเรียนภูผาวิทยาคมมีกี่คน")
    assert n("ภูผาวิทยาคม") in a.text and "," in n("ภูผาวิทยาคม")
    assert f"ชาย {n('ภูผาวิทยาคม', sexes=('ชาย',))} คน" in a.text
    assert "ปีการศึกษา 2568 ภาคเรียนที่ 1" in a.text and "10 มิ.ย. 2568" in a.text
    assert "ข้อมูล ณ 10 มิ.ย. 2568" in a.text and "ข้อมูลตัวอย่าง" in a.text
    assert "ขนาดโรงเรียน: ใหญ่พิเศษ" in a.text
    assert "แยกรายชั้น" in a.labels and all(len(label) <= 20 for label in a.labels)


def test_grade_gender_and_named_year_uses_that_years_latest_term(chat: Chat) -> None:
    a = chat.say("นักเรียนหญิง ม.ปลาย โรงเรียนดอกบัวพิทยา ปีการศึกษา 2567")
    want = n("ดอกบัวพิทยา", 2567, 2, ["ม.4", "ม.5", "ม.6"], ("หญิง",))
    assert f"นักเรียนหญิง ม.ปลาย: {want} คน" in a.text
    assert "ภาคเรียนที่ 2" in a.text and "10 พ.ย. 2567" in a.text
    assert "• ม.5:" in a.text  # a band is broken down by grade


def test_term_can_be_asked(chat: Chat) -> None:
    a = chat.say("นักเรียนโรงเรียนห้วยใสวิทยาคม ปี 2567 ภาคเรียนที่ 1 มีกี่คน")
    assert n("ห้วยใสวิทยาคม", 2567, 1) in a.text and "ภาคเรียนที่ 1" in a.text


def test_breakdown_by_grade(chat: Chat) -> None:
    a = chat.say("นักเรียนโรงเรียนห้วยใสวิทยาคม แยกรายชั้น")
    for g in GRADES:
        assert f"• {g}: {n('ห้วยใสวิทยาคม', grades=[g])} คน" in a.text


def test_district_and_area_totals(chat: Chat) -> None:
    assert n(district="หนองไผ่") in chat.say("อำเภอหนองไผ่มีนักเรียนกี่คน").text
    a = chat.say("ทั้งเขตมีนักเรียน ม.1 กี่คน")
    assert n(grades=["ม.1"]) in a.text and "ทั้งเขตพื้นที่" in a.text


def test_teachers_with_ratio(chat: Chat) -> None:
    a = chat.say("ครูโรงเรียนเนินสวรรค์ศึกษามีกี่คน")
    assert f"ครู: {n('เนินสวรรค์ศึกษา', col='ครู')} คน" in a.text and "นักเรียนต่อครู" in a.text


def test_school_count_by_district_and_area(chat: Chat) -> None:
    assert "อำเภอหนองไผ่มีโรงเรียน 2 โรง" in chat.say("อำเภอหนองไผ่มีโรงเรียนกี่โรง").text
    a = chat.say("ทั้งเขตมีโรงเรียนกี่โรง")
    assert f"มีโรงเรียน {len(SCHOOLS)} โรง" in a.text and "อ.หนองไผ่ 2 โรง" in a.text


def test_school_card_is_flex_with_key_facts_in_alt_text(chat: Chat) -> None:
    a = chat.say("ข้อมูลโรงเรียนภูผาวิทยาคม")
    card = flex(a.messages)
    row = SCHOOLS["ภูผาวิทยาคม"]
    for fact in (row["ผู้อำนวยการ"], row["โทรศัพท์"], row["รหัสโรงเรียน"], "ข้อมูลตัวอย่าง", n("ภูผาวิทยาคม")):
        assert fact in card["altText"]
    assert len(card["altText"]) <= 400 and len(json.dumps(card, ensure_ascii=False).encode()) < 30_000
    assert any(act.get("uri", "").startswith("tel:") for act in _actions(card))


def test_single_fields(chat: Chat) -> None:
    row = SCHOOLS["ลำน้ำใสวิทยา"]
    assert row["โทรศัพท์"] in chat.say("เบอร์โทรโรงเรียนลำน้ำใสวิทยา").text
    assert row["ผู้อำนวยการ"] in chat.say("ผอ.ลำน้ำใสวิทยาคือใคร").text
    assert row["อีเมล"] in chat.say("อีเมล รร.ลำน้ำใสวิทยา").text
    assert row["ตำบล"] in chat.say("โรงเรียนลำน้ำใสวิทยาอยู่ตำบลอะไร").text


def test_list_by_district_is_flex(chat: Chat) -> None:
    a = chat.say("โรงเรียนในอำเภอหนองไผ่")
    names = {name for name, r in SCHOOLS.items() if r["อำเภอ"] == "หนองไผ่"}
    for name in names:
        assert name in flex(a.messages)["altText"]
    assert "ภูผาวิทยาคม" not in a.text


def test_list_never_exceeds_line_limits() -> None:
    schools = [School(id=i, code=str(i), name=f"โรงเรียนทดสอบชื่อยาวมากที่{i}", district="ก") for i in range(500)]
    msg = school_list("รายชื่อ", [(s, 1000 + s.id) for s in schools], 500)
    assert msg.contents["type"] == "carousel" and len(msg.contents["contents"]) <= MAX_BUBBLES
    assert len(msg.alt_text) <= 400
    for bubble in msg.contents["contents"]:
        assert len(json.dumps(bubble, ensure_ascii=False).encode()) < 30_000


def test_ranking_largest_and_smallest(chat: Chat) -> None:
    sizes = {name: int(n(name).replace(",", "")) for name in SCHOOLS}
    big = max(sizes, key=lambda k: sizes[k])
    small = min(sizes, key=lambda k: sizes[k])
    a = chat.say("โรงเรียนไหนมีนักเรียนมากที่สุด")
    assert f"คือ {big} {sizes[big]:,} คน" in a.text
    b = chat.say("โรงเรียนที่เล็กที่สุดในเขต")
    assert f"คือ {small} {sizes[small]:,} คน" in b.text


def test_size_class_questions(chat: Chat) -> None:
    small = sorted(name for name in SCHOOLS if int(n(name).replace(",", "")) <= 499)
    a = chat.say("โรงเรียนขนาดเล็กมีกี่โรง")
    assert f"มี {len(small)} โรง" in a.text and all(name in a.text for name in small)
    b = chat.say("โรงเรียนดอกบัวพิทยาเป็นโรงเรียนขนาดอะไร")
    assert "ขนาดใหญ่" in b.text and n("ดอกบัวพิทยา") in b.text


def test_which_district_has_most_students(chat: Chat) -> None:
    totals = {d: int(n(district=d).replace(",", "")) for d in {r["อำเภอ"] for r in SCHOOLS.values()}}
    top = max(totals, key=lambda d: totals[d])
    a = chat.say("อำเภอไหนมีนักเรียนมากที่สุด")
    assert f"อ.{top} {totals[top]:,} คน" in a.text


def test_compare_years(chat: Chat) -> None:
    a = chat.say("เปรียบเทียบนักเรียนโรงเรียนภูผาวิทยาคม ปี 2567 กับ 2568")
    old, new = n("ภูผาวิทยาคม", 2567, 2), n("ภูผาวิทยาคม", 2568, 1)
    assert old in a.text and new in a.text
    diff = int(new.replace(",", "")) - int(old.replace(",", ""))
    assert f"{abs(diff):,} คน" in a.text and ("เพิ่มขึ้น" if diff > 0 else "ลดลง") in a.text


def test_compare_one_named_year_with_the_latest(chat: Chat) -> None:
    a = chat.say("นักเรียนโรงเรียนห้วยใสวิทยาคมเพิ่มขึ้นหรือลดลงจากปีที่แล้ว")
    assert n("ห้วยใสวิทยาคม", 2567, 2) in a.text and n("ห้วยใสวิทยาคม") in a.text


def test_partial_name_of_one_school_resolves(chat: Chat) -> None:
    a = chat.say("นักเรียนโรงเรียนเนินสวรรค์กี่คน")
    assert n("เนินสวรรค์ศึกษา") in a.text


def test_ambiguous_school_asks_back_and_the_tap_answers(chat: Chat) -> None:
    a = chat.say("นักเรียนท่าข้ามมีกี่คน")
    assert "หมายถึงโรงเรียนไหน" in a.text
    assert {"ท่าข้ามวิทยา", "ท่าข้ามพิทยาคม"} <= {label.split(" (")[0] for label in a.labels}
    b = a.tap("ท่าข้ามพิทยาคม")
    assert n("ท่าข้ามพิทยาคม") in b.text and "โรงเรียนท่าข้ามพิทยาคม" in b.text


def test_unknown_school_suggests_close_names(chat: Chat) -> None:
    a = chat.say("นักเรียนโรงเรียนดอกบัวทองวิทยากี่คน")
    assert "ไม่พบโรงเรียน" in a.text and "ดอกบัวพิทยา" in a.text
    assert any("ดอกบัวพิทยา" in label for label in a.labels)


def test_no_data_for_year_says_which_years_exist(chat: Chat) -> None:
    a = chat.say("นักเรียนโรงเรียนทุ่งทองวิทยาสรรค์ ปีการศึกษา 2567 มีกี่คน")
    assert "ไม่มีข้อมูล" in a.text and "2568" in a.text
    b = chat.say("ทั้งเขตมีนักเรียนกี่คน ปีการศึกษา 2560")
    assert "มีข้อมูลปีการศึกษา: 2567, 2568" in b.text


def test_my_school_needs_registration(chat: Chat) -> None:
    a = chat.say("นักเรียนโรงเรียนของเรามีกี่คน")
    assert "ลงทะเบียน" in a.text and "ลงทะเบียน" in a.labels


def test_my_school_for_a_registered_user(chat: Chat) -> None:
    chat.say("ลงทะเบียนโรงเรียนเนินสวรรค์ศึกษา").tap("ยืนยัน")
    a = chat.say("โรงเรียนเรามีนักเรียนกี่คน")
    assert "โรงเรียนเนินสวรรค์ศึกษา" in a.text and n("เนินสวรรค์ศึกษา") in a.text


def _actions(o: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(o, dict):
        if isinstance(o.get("action"), dict):
            out.append(o["action"])
        for v in o.values():
            out += _actions(v)
    elif isinstance(o, list):
        for v in o:
            out += _actions(v)
    return out
