"""Thai number words read as digits after a year or grade word (a blind probe found them ignored)."""

from __future__ import annotations

import pytest

from knowledge.normalize import normalize
from knowledge.number_words import thai_number
from knowledge.understand import understand
from knowledge.vocabulary import Vocabulary


@pytest.mark.parametrize(("words", "value"), [
    ("หนึ่ง", 1), ("สิบ", 10), ("สิบเอ็ด", 11), ("ยี่สิบ", 20), ("ยี่สิบเอ็ด", 21), ("หกสิบเจ็ด", 67),
    ("ร้อยเอ็ด", 101), ("สองพันห้าร้อยหกสิบเจ็ด", 2567), ("สองพันยี่สิบสี่", 2024),
    ("สองห้าหกเจ็ด", 2567), ("สองพัน", 2000), ("หกเจ็ด", 67), ("หกแปด", 68),
])
def test_thai_number(words: str, value: int) -> None:
    assert thai_number(words) == value


@pytest.mark.parametrize("words", ["", "ยี่", "เอ็ด", "สิบร้อย", "สองพันห้าร้อยหกเจ็ด", "ยี่ห้า", "พันพัน"])
def test_not_one_number(words: str) -> None:
    assert thai_number(words) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("ปีการศึกษาสองพันห้าร้อยหกสิบเจ็ด โรงเรียนเพชรพิทยาคมมีนักเรียนกี่คน",
     "ปีการศึกษา 2567 โรงเรียนเพชรพิทยาคมมีนักเรียนกี่คน"),
    ("ปีหกสิบเจ็ด ร.ร.ดงขุยวิทยาคม", "ปี 67 โรงเรียนดงขุยวิทยาคม"),
    ("ปีการศึกษาสองห้าหกเจ็ด นักเรียนชาย ท่าพลวิทยา", "ปีการศึกษา 2567 นักเรียนชาย ท่าพลวิทยา"),
    ("ปีการศึกษา สอง ห้า หก แปด", "ปีการศึกษา 2568"),
    ("ปีหกเจ็ดมีนักเรียนกี่คน", "ปี 67 มีนักเรียนกี่คน"),
    ("พ.ศ.สองพันห้าร้อยหกสิบแปด", "พ.ศ. 2568"),
    ("ปีงบประมาณหกสิบแปด", "ปีงบประมาณ 68"),
    ("ปีหกสิบหก กับ หกสิบเจ็ด", "ปี 66 กับ 67"),
    ("มอสาม หล่มเก่าพิทยาคม", "ม.3 หล่มเก่าพิทยาคม"),
    ("มัธยมศึกษาปีที่หนึ่ง วิทยานุกูลนารี", "ม.1 วิทยานุกูลนารี"),
    ("มัธยมสอง", "ม.2"),
    ("ม.ห้า แคมป์สนวิทยา หญิง", "ม.5 แคมป์สนวิทยา หญิง"),
    ("ม. สี่", "ม.4"),
    ("มอหก ทั้งเขตมีกี่คน", "ม.6 ทั้งเขตมีกี่คน"),
    ("นักเรียนมอสี่", "นักเรียนม.4"),
    ("นักเรียนม.สอง", "นักเรียนม.2"),
    ("ชั้นมอหก", "ชั้นม.6"),
    ("มอต้น", "ม.ต้น"),
    ("มอปลาย", "ม.ปลาย"),
    ("ประถมศึกษาปีที่หก", "ป.6"),
])
def test_number_words_after_a_year_or_grade_word(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw", [
    "โรงเรียนบึงสามพันวิทยาคม", "อำเภอบึงสามพัน", "ศรีเทพ", "สามัญศึกษา", "เด็กหกล้ม", "เก้าอี้นักเรียน",
    "อำเภอสองแคว", "เสมอต้นเสมอปลาย", "หมอสามคน", "ปีสามัญ", "ปีเก้าอี้", "ปีละสองครั้ง", "ม.สามัญ",
    "มอสามัญ", "มอเตอร์ไซค์", "ปีที่หนึ่ง", "ปีสองพันคน", "ปีหน้า", "สอนมาสิบปีสามโรงเรียน", "ปี ยี่สิบ",
    "ม.สามสิบ", "หกสิบเจ็ดคน",
])
def test_number_syllables_without_context_are_untouched(raw: str) -> None:
    assert normalize(raw) == raw


def test_place_names_beside_a_spelt_year_stay() -> None:
    assert normalize("บึงสามพันวิทยาคม ปีสองพันห้าร้อยหกสิบเจ็ด") == "บึงสามพันวิทยาคม ปี 2567"
    assert normalize("อำเภอสองแคว ปีหกแปด") == "อำเภอสองแคว ปี 68"


@pytest.mark.parametrize("text", [
    "ปีการศึกษาสองพันห้าร้อยหกสิบเจ็ด โรงเรียนเพชรพิทยาคมมีนักเรียนกี่คน",
    "ปีหกสิบเจ็ด ร.ร.ดงขุยวิทยาคม",
    "ปีการศึกษาสองห้าหกเจ็ด นักเรียนชาย ท่าพลวิทยา",
])
def test_spelt_years_are_understood(vocab: Vocabulary, text: str) -> None:
    u = understand(text, vocab)
    assert u.entities.academic_year == 2567, (u.text, u.entities)
    assert u.entities.schools, u.text


def test_spelt_year_and_male_students(vocab: Vocabulary) -> None:
    u = understand("ปีการศึกษาสองห้าหกเจ็ด นักเรียนชาย ท่าพลวิทยา", vocab)
    assert u.intent == "student_count" and u.entities.gender == "male"
    assert u.entities.schools[0].name == "ท่าพลวิทยา"


@pytest.mark.parametrize(("text", "grades", "school"), [
    ("มอสาม หล่มเก่าพิทยาคม", ("ม.3",), "หล่มเก่าพิทยาคม"),
    ("มัธยมศึกษาปีที่หนึ่ง วิทยานุกูลนารี", ("ม.1",), "วิทยานุกูลนารี"),
    ("ม.ห้า แคมป์สนวิทยา หญิง", ("ม.5",), "แคมป์สนวิทยา"),
    ("มอหก ทั้งเขตมีกี่คน", ("ม.6",), None),
    ("มอต้น", ("ม.1", "ม.2", "ม.3"), None),
    ("มอปลาย", ("ม.4", "ม.5", "ม.6"), None),
])
def test_spelt_grades_are_understood(vocab: Vocabulary, text: str, grades: tuple[str, ...],
                                     school: str | None) -> None:
    u = understand(text, vocab)
    assert u.intent == "student_count" and u.entities.grades == grades, (u.intent, u.entities, u.text)
    if school:
        assert u.entities.schools[0].name == school
    else:
        assert not u.entities.schools


def test_female_and_whole_area_ride_along(vocab: Vocabulary) -> None:
    assert understand("ม.ห้า แคมป์สนวิทยา หญิง", vocab).entities.gender == "female"
    assert understand("มอหก ทั้งเขตมีกี่คน", vocab).entities.whole_area


def test_a_spelt_place_name_is_still_found(vocab: Vocabulary) -> None:
    u = understand("นักเรียนโรงเรียนบึงสามพันวิทยาคม ปีหกเจ็ด", vocab)
    assert u.entities.schools[0].name == "บึงสามพันวิทยาคม" and u.entities.academic_year == 2567
