"""What the user typed and the bot cannot place is said so, never answered with another number: a name after
"โรงเรียนมัธยม", a two-letter name, another province's เมือง district, a grade the data has not got, a
principal asked as "ผอ.ชื่อ …", and a school name that holds a subdistrict's.

These run on the area's real school names (tests/handlers/data, as tests/handlers/test_lookups.py)."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.support.chat import Chat

DATA = Path(__file__).resolve().parent / "data"
AREA_LABEL = "ทั้งเขตพื้นที่"
with (DATA / "area_schools.csv").open(encoding="utf-8") as _fh:
    SCHOOLS = {r["ชื่อโรงเรียน"]: r for r in csv.DictReader(_fh)}


def no_number(text: str) -> bool:
    """The answer gives no count (no "… คน" line and not the whole area)."""
    return AREA_LABEL not in text and "ทั้งหมด:" not in text and " คน\n" not in text + "\n"


def test_a_name_after_the_word_for_secondary_school_is_that_school_or_not_found(area: Chat) -> None:
    for question, name in (("โรงเรียนมัธยมดอยเทพ นร.กี่คน", "ดอยเทพ"), ("โรงเรียนมัธยมสาธิต นร.กี่คน", "สาธิต"),
                           ("ร.ร. มัธยม วัดดอยเทพ ครูกี่คน", "วัดดอยเทพ")):
        a = area.say(question)
        assert f'ไม่พบโรงเรียน "{name}"' in a.text, question
        assert no_number(a.text), question
    b = area.say("รร.มัธยมหนองไผ่ มีนักเรียนกี่คน")  # a school there is: its number
    assert "โรงเรียนหนองไผ่" in b.text and "1,323 คน" in b.text
    c = area.say("โรงเรียนมัธยมในอำเภอหนองไผ่")  # a kind of school in a district, no name
    assert "ไม่พบโรงเรียน" not in c.text and "นาเฉลียงพัฒนศึกษา" in c.text


def test_a_two_letter_name_several_schools_start_with_is_asked_back(area: Chat) -> None:
    a = area.say("นักเรียนนา กี่คน")
    assert {"นายมพิทยาคม", "นาซำพิทยาสรรพ์", "นาเฉลียงพัฒนศึกษา"} <= set(a.labels)
    assert no_number(a.text)
    b = area.say("ครูดง กี่คน")  # two letters only one school starts with: offered, not answered unasked
    assert "ดงขุยวิทยาคม" in b.labels and no_number(b.text)


def test_another_provinces_town_district_is_not_found_and_our_own_still_answers(area: Chat) -> None:
    for question, name in (("อำเภอเมืองพิษณุโลก มีกี่โรงเรียน", "เมืองพิษณุโลก"),
                           ("อำเภอเมืองเลย มีนักเรียนกี่คน", "เมืองเลย"),
                           ("อ.เมืองนครสวรรค์ นักเรียนเท่าไร", "เมืองนครสวรรค์"),
                           ("อำเภอเมือง จังหวัดลำปาง ครูกี่คน", "เมืองลำปาง")):
        a = area.say(question)
        assert f'ไม่พบอำเภอ "{name}"' in a.text, question
        assert "เมืองเพชรบูรณ์มี" not in a.text and "อำเภอเมืองเพชรบูรณ์\n" not in a.text, question
    for question in ("อำเภอเมือง มีนักเรียนกี่คน", "อ.เมือง นร.กี่คน", "อำเภอเมืองเพชรบูรณ์ มีนักเรียนกี่คน",
                     "อำเภอเมือง จังหวัดเพชรบูรณ์ มีนักเรียนกี่คน"):
        assert "อำเภอเมืองเพชรบูรณ์" in (b := area.say(question)).text and "9,015 คน" in b.text, question
    assert "มีโรงเรียน 6 โรง" in area.say("อำเภอเมืองมีกี่โรงเรียน").text


def test_a_grade_the_data_has_not_got_is_said_so_not_dropped_or_zeroed(area: Chat) -> None:
    for question, grade in (("นักเรียน ม.7 รร.หนองไผ่ กี่คน", "ม.7"), ("ม.8 หนองไผ่ มีกี่คน", "ม.8"),
                            ("ป.6 รร.ท่าพลวิทยา กี่คน", "ป.6"), ("นักเรียนชั้นมัธยมศึกษาปีที่ 7 ทั้งเขต", "ม.7")):
        a = area.say(question)
        assert f"ไม่มีนักเรียนชั้น {grade}" in a.text and "ม.1–ม.6" in a.text, question
        assert "1,323" not in a.text and "0 คน" not in a.text, question
    b = area.say("นักเรียน ม.6 รร.ท่าพลวิทยา กี่คน")  # a grade there is: its number
    assert "นักเรียน ม.6: 85 คน" in b.text


def test_a_principal_asked_as_director_named_finds_the_school(area: Chat) -> None:
    for question in ("ผอ.ชื่อ นางมาลัย ดอกไม้ อยู่โรงเรียนไหน", "ผอ.ชื่อนางมาลัย ดอกไม้ อยู่โรงเรียนไหน",
                     "ผู้อำนวยการชื่อ นางมาลัย ดอกไม้ เป็นผอ.ที่ไหน"):
        a = area.say(question)
        assert "โรงเรียนซับสมอทอดอุปถัมภ์" in a.text and "ไม่พบ" not in a.text, question
    b = area.say("ผอ.ชื่อ นายสมศักดิ์ รุ่งเรือง อยู่โรงเรียนไหน")
    assert "โรงเรียนชนแดนวิทยาคม" in b.text and "ไม่พบ" not in b.text


def test_a_school_name_that_holds_a_subdistricts_name_is_not_that_subdistrict(area: Chat) -> None:
    a = area.say("ร.ร.ทุ่งสมอวิทยาคม นักเรียนกี่คน")
    assert 'ไม่พบโรงเรียน "ทุ่งสมอวิทยาคม"' in a.text and "ตำบลทุ่งสมอ" not in a.text and no_number(a.text)
    assert "ตำบลทุ่งสมอ" in area.say("ตำบลทุ่งสมอ นักเรียนกี่คน").text  # the subdistrict asked as such
