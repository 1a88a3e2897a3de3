"""Finding a school by what the user has in hand (its code, a phone number, an e-mail, the principal's
name), several fields asked at once, and a short name several schools share (asked back, never guessed).

These run on the area's real school names (tests/handlers/data: the eval schools plus one more school,
เพชรละครวิทยา, whose principal shares the first name วรรณา)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.support.chat import Chat

DATA = Path(__file__).resolve().parent / "data"
with (DATA / "area_schools.csv").open(encoding="utf-8") as _fh:
    SCHOOLS = {r["ชื่อโรงเรียน"]: r for r in csv.DictReader(_fh)}
with (DATA / "area_students.csv").open(encoding="utf-8") as _fh:
    STUDENTS = list(csv.DictReader(_fh))


def students(name: str, year: int = 2568) -> str:
    """A school's students in the latest term of `year`, as the bot writes it (1,234)."""
    code = SCHOOLS[name]["รหัสโรงเรียน"]
    rows = [r for r in STUDENTS if r["รหัสโรงเรียน"] == code and int(r["ปีการศึกษา"]) == year]
    last = max(rows, key=lambda r: int(r["ภาคเรียน"]))
    return f"{sum(int(v) for k, v in last.items() if k.startswith('ม.')):,}"


def card_of(a_text: str, name: str) -> None:
    """The answer is the school's card: its name, code, principal and phone."""
    row = SCHOOLS[name]
    for fact in (f"โรงเรียน{name}", row["รหัสโรงเรียน"], row["ผู้อำนวยการ"], row["โทรศัพท์"]):
        assert fact in a_text, fact


def test_a_school_code_finds_its_card_in_arabic_or_thai_digits(area: Chat) -> None:
    card_of(area.say("รหัส 1067000003 คือโรงเรียนอะไร").text, "วิทยานุกูลนารี")
    card_of(area.say("โรงเรียนรหัส ๑๐๖๗๐๐๐๐๐๕").text, "นายมพิทยาคม")


def test_a_phone_number_finds_its_school_however_it_is_spaced(area: Chat) -> None:
    for question in ("เบอร์ 056-775704 เป็นของโรงเรียนไหน", "0567757 04 ของที่ไหนครับ", "056 775 704 โรงเรียนอะไรคะ",
                     "เบอร์ ๐๕๖-๗๗๕๗๐๔ ของใคร"):
        card_of(area.say(question).text, "เพชรพิทยาคม")
    card_of(area.say("เบอร์ 056-700025 ของโรงเรียนไหน").text, "เพชรละครวิทยา")  # stored as "0 5670 0025"


def test_an_email_finds_its_school(area: Chat) -> None:
    card_of(area.say("School03@pbn.example.ac.th ของโรงเรียนอะไร").text, "วิทยานุกูลนารี")


def test_a_principals_name_finds_the_school_with_or_without_title_or_surname(area: Chat) -> None:
    card_of(area.say("นายสมชาย ใจดี เป็นผอ.ที่ไหน").text, "เพชรพิทยาคม")
    card_of(area.say("ผอ.สมศักดิ์ อยู่โรงเรียนไหนคะ").text, "ชนแดนวิทยาคม")
    card_of(area.say("ดร.ธนากร สุขสวัสดิ์ อยู่โรงเรียนอะไร").text, "ผาทองประชานุสรณ์")
    card_of(area.say("อนุชา แก้วมณี เป็นผอ.ที่ไหนครับ").text, "นายมพิทยาคม")
    card_of(area.say("นางวรรณา ทองคำ").text, "วิทยานุกูลนารี")  # the full name tells the two วรรณา apart
    # a surname that reads like a school's name (เพชร…) is still the surname, not a school
    card_of(area.say("นางกาญจนา เพชรรัตน์ เป็น ผอ. ที่ไหน").text, "พ่อขุนผาเมืองวิทยาคม")


def test_a_first_name_several_principals_share_is_asked_back_and_the_tap_gives_the_card(area: Chat) -> None:
    a = area.say("ผอ.วรรณา อยู่โรงเรียนไหนคะ")
    assert "หมายถึงท่านไหน" in a.text
    assert "นางวรรณา ทองคำ — โรงเรียนวิทยานุกูลนารี" in a.text
    assert "นางสาววรรณา ศรีเมือง — โรงเรียนเพชรละครวิทยา" in a.text
    assert "056-778195" not in a.text  # no card before the user picks
    card_of(a.tap("เพชรละครวิทยา").text, "เพชรละครวิทยา")
    assert "หมายถึงท่านไหน" in area.say("ผอ.วรรณา").text  # the name alone asks the same


def test_a_contact_asked_by_the_principals_name_gives_that_schools_card(area: Chat) -> None:
    card_of(area.say("ขอเบอร์ผอ.วรรณา ทองคำ").text, "วิทยานุกูลนารี")


def test_a_key_nobody_has_is_politely_not_found_saying_what_was_searched(area: Chat) -> None:
    assert 'ไม่พบโรงเรียนที่มีรหัส "1067009999"' in area.say("รหัส 1067009999 คือโรงเรียนอะไร").text
    assert 'ไม่พบโรงเรียนที่มีเบอร์โทรศัพท์ "056-999999"' in area.say("เบอร์ 056-999999 ของโรงเรียนไหน").text
    assert 'ไม่พบโรงเรียนที่มีอีเมล "nobody@example.com"' in area.say("nobody@example.com ของโรงเรียนไหน").text
    a = area.say("นายสมหมาย ใจงาม เป็นผอ.ที่ไหน")
    assert 'ไม่พบโรงเรียนที่มีผู้อำนวยการชื่อ "สมหมาย ใจงาม"' in a.text
    assert "คน" not in a.text  # not the numbers of นายบุญเลิศ ใจงาม's school


def test_a_code_asked_with_a_data_question_answers_it_for_that_school(area: Chat) -> None:
    a = area.say("นักเรียนโรงเรียนรหัส 1067000017 มีกี่คน")
    assert "โรงเรียนชนแดนวิทยาคม" in a.text and students("ชนแดนวิทยาคม") in a.text


def test_the_askers_own_titled_name_is_no_school(area: Chat) -> None:
    # "นาย|สม" read close to นายมพิทยาคม; a person named with a title is nobody's school
    a = area.say("นายสมชาย ใจดี ขอจำนวนนักเรียนโรงเรียนเพชรพิทยาคมครับ")
    assert "โรงเรียนเพชรพิทยาคม" in a.text and students("เพชรพิทยาคม") in a.text
    assert "นายมพิทยาคม" not in a.text


def test_a_phone_number_in_a_problem_report_is_not_a_school_lookup(area: Chat) -> None:
    a = area.say("เน็ตล่ม ติดต่อ 0812345678")
    assert "ไม่พบโรงเรียน" not in a.text and "ผู้อำนวยการ" not in a.text


def test_two_fields_asked_at_once_are_both_answered(area: Chat) -> None:
    row = SCHOOLS["เพชรพิทยาคม"]
    a = area.say("ขอเบอร์โทรและอีเมลโรงเรียนเพชรพิทยาคม")
    assert row["โทรศัพท์"] in a.text and row["อีเมล"] in a.text
    row = SCHOOLS["วิทยานุกูลนารี"]
    b = area.say("ผอ.กับเบอร์โทร รร.วิทยานุกูลนารี")
    assert row["ผู้อำนวยการ"] in b.text and row["โทรศัพท์"] in b.text
    c = area.say("เบอร์โทร อีเมล และผู้อำนวยการ ร.ร.หนองไผ่")
    row = SCHOOLS["หนองไผ่"]
    assert all(row[k] in c.text for k in ("โทรศัพท์", "อีเมล", "ผู้อำนวยการ"))


def test_one_field_is_still_one_line(area: Chat) -> None:
    a = area.say("เบอร์โทรศัพท์โรงเรียนเพชรพิทยาคม")
    assert a.text.startswith("เบอร์โทรศัพท์โรงเรียนเพชรพิทยาคม: 056-775704")
    assert SCHOOLS["เพชรพิทยาคม"]["อีเมล"] not in a.text


@pytest.mark.parametrize("question", ["รร.เพชร มีนักเรียนกี่คน", "เพชร มีนักเรียนกี่คน", "นักเรียนโรงเรียนเพชรทั้งหมดกี่คน"])
def test_a_short_name_several_schools_hold_is_asked_back(area: Chat, question: str) -> None:
    a = area.say(question)
    assert "ตรงกับหลายโรงเรียน" in a.text
    for name in ("เพชรพิทยาคม", "เพชรบูรณ์วิทยา", "เพชรละครวิทยา", "สวนกุหลาบวิทยาลัย เพชรบูรณ์"):
        assert name in a.text, name
    assert students("เพชรพิทยาคม") not in a.text and "ทั้งเขตพื้นที่" not in a.text
    b = a.tap("เพชรพิทยาคม")
    assert "โรงเรียนเพชรพิทยาคม" in b.text and students("เพชรพิทยาคม") in b.text


def test_a_name_many_schools_hold_offers_ten_and_says_how_many(area: Chat) -> None:
    holders = [n for n in SCHOOLS if "วิทยา" in n.replace(" ", "")]
    assert len(holders) > 10
    a = area.say("รร.วิทยา มีนักเรียนกี่คน")
    assert f"ตรงกับ {len(holders)} โรงเรียน" in a.text
    assert 1 <= len(a.labels) <= 10 and all(len(label) <= 20 for label in a.labels)


def test_a_short_name_only_one_school_holds_still_answers(area: Chat) -> None:
    a = area.say("นร. ร.ร.ชนแดน ทั้งหมด")
    assert "โรงเรียนชนแดนวิทยาคม" in a.text and students("ชนแดนวิทยาคม") in a.text
    b = area.say("พ่อขุน นักเรียนกี่คน")
    assert "โรงเรียนพ่อขุนผาเมืองวิทยาคม" in b.text and students("พ่อขุนผาเมืองวิทยาคม") in b.text
