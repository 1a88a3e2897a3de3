"""Entities: schools and places (exact, typo, partial, ambiguous), grades, gender, years..."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.regex_entities import current_academic_year
from knowledge.understand import Entities, understand
from knowledge.vocabulary import SchoolEntry, Vocabulary, school_core

TODAY = date(2025, 8, 1)  # academic year 2568


def ents(text: str, vocab: Vocabulary, **kw: object) -> Entities:
    return understand(text, vocab, today=TODAY, **kw).entities  # type: ignore[arg-type]


def top_school(text: str, vocab: Vocabulary) -> str | None:
    e = ents(text, vocab)
    return e.schools[0].name if e.schools else None


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("โรงเรียนเพชรบูรณ์วิทยามีนักเรียนทั้งหมดกี่คน", "เพชรบูรณ์วิทยา"),
        ("นักเรียนหญิงโรงเรียนเพชรพิทยาคม", "เพชรพิทยาคม"),
        ("รร.หล่มสักวิทยาคม นักเรียนกี่คน", "หล่มสักวิทยาคม"),
        ("หล่มสักวิทยาคม 2 มีนักเรียนกี่คน", "หล่มสักวิทยาคม 2"),
        ("ร.ร.หล่มสักวิทยาคม ๒", "หล่มสักวิทยาคม 2"),
        ("ผอ.เขาค้อวิทยาคม", "เขาค้อวิทยาคม"),
        ("อีเมล สวนกุหลาบวิทยาลัย เพชรบูรณ์", "สวนกุหลาบวิทยาลัย เพชรบูรณ์"),
        ("ครูโรงเรียนหนองไผ่มีกี่คน", "หนองไผ่"),
    ],
)
def test_exact_school_names(text: str, school: str, vocab: Vocabulary) -> None:
    e = ents(text, vocab)
    assert e.schools[0].name == school
    assert e.schools[0].score == 100.0
    assert not e.school_ambiguous


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("วิชียรบุรี มีนักเรียนกี่คน", "วิเชียรบุรี"),  # missing vowel
        ("โรงเรียนหล่มเก่าพิทยคม", "หล่มเก่าพิทยาคม"),
        ("ครูโรงเรียนนาเฉลียงพัฒศึกษา", "นาเฉลียงพัฒนศึกษา"),
        ("เบอร์ ร.ร.ศรีเทพประชาสรร", "ศรีเทพประชาสรรค์"),
        ("น้ำหนาววิทยาคน มีนักเรียนกี่คน", "น้ำหนาววิทยาคม"),
    ],
)
def test_typos_resolve(text: str, school: str, vocab: Vocabulary) -> None:
    e = ents(text, vocab)
    assert e.schools and e.schools[0].name == school
    assert e.schools[0].score < 100


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("นร. ร.ร.ชนแดน ทั้งหมด", "ชนแดนวิทยาคม"),
        ("โรงเรียนนาซำมีนักเรียนกี่คน", "นาซำพิทยาสรรพ์"),
        ("โรงเรียนสวนกุหลาบ", "สวนกุหลาบวิทยาลัย เพชรบูรณ์"),
        ("ผอ.ดงขุย", "ดงขุยวิทยาคม"),
    ],
)
def test_partial_names_resolve(text: str, school: str, vocab: Vocabulary) -> None:
    assert top_school(text, vocab) == school


def test_province_word_is_not_a_pet_school(vocab: Vocabulary) -> None:
    e = ents("นักเรียนจังหวัดเพชรบูรณ์ทั้งหมดกี่คน", vocab)
    assert e.schools == ()
    assert e.province == "เพชรบูรณ์"
    assert e.whole_area
    assert ents("นักเรียนเพชรบูรณ์ทั้งหมด", vocab).schools == ()
    assert top_school("โรงเรียนเพชรพิทยาคม", vocab) == "เพชรพิทยาคม"
    assert top_school("โรงเรียนเพชรบูรณ์วิทยา", vocab) == "เพชรบูรณ์วิทยา"


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("นักเรียนอำเภอวิเชียรบุรีทั้งหมด", "วิเชียรบุรี"),
        ("อ.หนองไผ่มีโรงเรียนกี่โรง", "หนองไผ่"),
        ("อำเภอเมืองเพชรบูรณ์มีนักเรียนกี่คน", "เมืองเพชรบูรณ์"),
        ("โรงเรียนในอ.เมือง", "เมืองเพชรบูรณ์"),
        ("โรงเรียนในอำเภอวังโป่ง", "วังโป่ง"),
        ("อำเภอวิชียรบุรีมีกี่โรง", "วิเชียรบุรี"),  # typo after an explicit อำเภอ
        ("หล่มสัก มีนักเรียนกี่คน", "หล่มสัก"),  # bare district name that is no school's full name
    ],
)
def test_districts(text: str, district: str, vocab: Vocabulary) -> None:
    e = ents(text, vocab)
    assert e.district == district
    assert e.schools == ()


@pytest.mark.parametrize("name", ["หนองไผ่", "วิเชียรบุรี"])
def test_bare_name_shared_by_school_and_district_is_the_school(name: str, vocab: Vocabulary) -> None:
    e = ents(f"{name} มีนักเรียนกี่คน", vocab)
    assert e.schools[0].name == name
    assert e.district is None
    assert ents(f"อำเภอ{name} มีนักเรียนกี่คน", vocab).district == name


def test_ambiguity_only_when_the_text_does_not_pick_one(vocab: Vocabulary) -> None:
    e = ents("โรงเรียนหล่มสักมีนักเรียนกี่คน", vocab)
    assert e.school_ambiguous
    assert {c.name for c in e.schools[:2]} == {"หล่มสักวิทยาคม", "หล่มสักวิทยาคม 2"}
    assert ents("หล่มสักวิทยา นักเรียนกี่คน", vocab).school_ambiguous
    for text in ("หล่มสักวิทยาคม นักเรียนกี่คน", "หล่มสักวิทยาคม 2 นักเรียนกี่คน", "หล่มสักวิทยาคม 2567"):
        e = ents(text, vocab)
        assert not e.school_ambiguous, text
    assert ents("หล่มสักวิทยาคม 2567", vocab).schools[0].name == "หล่มสักวิทยาคม"


def test_duplicate_names_are_ambiguous() -> None:
    v = Vocabulary.build([SchoolEntry("1", "บ้านนาวิทยา", "ก"), SchoolEntry("2", "บ้านนาวิทยา", "ข")])
    e = understand("โรงเรียนบ้านนาวิทยา", v).entities
    assert e.school_ambiguous and {c.code for c in e.schools} == {"1", "2"}


def test_aliases() -> None:
    v = Vocabulary.build([SchoolEntry("9", "เตรียมอุดมศึกษาพัฒนาการ", "เมือง", aliases=("ตอพ", "ต.อ.พ."))])
    assert understand("นักเรียน ตอพ กี่คน", v).entities.schools[0].code == "9"
    assert v.school("9") is not None and v.school("404") is None


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("นักเรียน ม.๑", ("ม.1",)),
        ("นักเรียน ม 2 และ ม.3", ("ม.2", "ม.3")),
        ("ม.ต้น ทั้งเขต", ("ม.1", "ม.2", "ม.3")),
        ("มัธยมปลาย", ("ม.4", "ม.5", "ม.6")),
        ("ม.4-6", ("ม.4", "ม.5", "ม.6")),
        ("อ.1 ถึง อ.3", ("อ.1", "อ.2", "อ.3")),
        ("นักเรียนทั้งหมด", None),
    ],
)
def test_grades(text: str, grades: tuple[str, ...] | None, vocab: Vocabulary) -> None:
    assert ents(text, vocab).grades == grades


@pytest.mark.parametrize(
    ("text", "gender", "breakdown"),
    [
        ("นักเรียนชาย ม.1", "male", ()),
        ("นักเรียนหญิง", "female", ()),
        ("เด็กผู้ชาย", "male", ()),
        ("นักเรียนแยกชายหญิง", None, ("gender",)),
        ("นักเรียนทั้งหมด", None, ()),
    ],
)
def test_gender(text: str, gender: str | None, breakdown: tuple[str, ...], vocab: Vocabulary) -> None:
    e = ents(text, vocab)
    assert e.gender == gender
    assert e.breakdown == breakdown


def test_gender_words_inside_school_names_are_ignored() -> None:
    v = Vocabulary.build([SchoolEntry("1", "บ้านหญิงวิทยา", "ก")])
    e = understand("นักเรียนโรงเรียนบ้านหญิงวิทยา", v).entities
    assert e.gender is None and e.schools[0].code == "1"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("ปีการศึกษา ๒๕๖๗", 2567),
        ("ปี 2566", 2566),
        ("ปี 67", 2567),
        ("ปีกศ.65", 2565),
        ("พ.ศ. 2568", 2568),
        ("ปีนี้", 2568),
        ("ปีที่แล้ว", 2567),
        ("ปีก่อน", 2567),
        ("2 ปีที่แล้ว", 2566),
        ("ปี 2024", 2567),
        ("นักเรียนทั้งหมด", None),
    ],
)
def test_academic_year(text: str, year: int | None, vocab: Vocabulary) -> None:
    assert ents(text, vocab).academic_year == year


def test_relative_years_follow_latest_data_year(vocab: Vocabulary) -> None:
    assert ents("ปีที่แล้ว", vocab, latest_year=2570).academic_year == 2569
    assert ents("ปีนี้", vocab, latest_year=2570).academic_year == 2570


def test_academic_year_starts_16_may() -> None:
    assert current_academic_year(date(2025, 5, 15)) == 2567
    assert current_academic_year(date(2025, 5, 16)) == 2568


def test_compare_years(vocab: Vocabulary) -> None:
    e = ents("เทียบปี 2568 กับ ๒๕๖๗", vocab)
    assert e.compare_years == (2567, 2568)
    assert ents("ปีนี้เทียบกับปีที่แล้ว", vocab).compare_years == (2567, 2568)
    assert ents("ปี 2567", vocab).compare_years == ()


@pytest.mark.parametrize(("text", "term"), [("นักเรียนเทอม 2 ปี 68", 2), ("ภาคเรียนที่ 1", 1), ("ปี 2568", None)])
def test_term(text: str, term: int | None, vocab: Vocabulary) -> None:
    e = ents(text, vocab)
    assert e.term == term
    assert e.grades is None


def test_fiscal_year(vocab: Vocabulary) -> None:
    assert ents("สรุปผลปีงบ 2570", vocab).fiscal_year == 2570
    assert ents("สรุปผลปีงบ 70", vocab).fiscal_year == 2570


@pytest.mark.parametrize(
    ("text", "ticket"),
    [("INC-2570-0003 ถึงไหนแล้ว", "INC-2570-0003"), ("inc-๒๕๗๐-๐๐๑๒", "INC-2570-0012"), ("inc 2570 7", "INC-2570-0007")],
)
def test_ticket(text: str, ticket: str, vocab: Vocabulary) -> None:
    e = ents(text, vocab)
    assert e.ticket == ticket
    assert e.academic_year is None  # the ticket's year is not an academic year


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("เบอร์โทรศัพท์โรงเรียนเพชรพิทยาคม", "phone"),
        ("ผู้อำนวยการโรงเรียนหล่มสักวิทยาคมคือใคร", "principal"),
        ("อีเมล รร.ศรีเทพประชาสรรค์", "email"),
        ("โรงเรียนน้ำหนาววิทยาคมอยู่ตำบลอะไร", "address"),
        ("รหัสโรงเรียนหนองไผ่", "code"),
        ("ครูโรงเรียนหนองไผ่มีกี่คน", "teachers"),
        ("นักเรียนโรงเรียนหนองไผ่", "students"),
        ("อำเภอหนองไผ่มีโรงเรียนกี่โรง", "schools"),
        ("ร.ร.หนองไผ่", None),
    ],
)
def test_metric(text: str, metric: str | None, vocab: Vocabulary) -> None:
    assert ents(text, vocab).metric == metric


def test_ranking_my_school_whole_area(vocab: Vocabulary) -> None:
    assert ents("โรงเรียนไหนใหญ่ที่สุด", vocab).ranking == "largest"
    assert ents("โรงเรียนที่มีนักเรียนน้อยที่สุด", vocab).ranking == "smallest"
    assert ents("นักเรียนหนองไผ่", vocab).ranking is None
    assert ents("นักเรียนโรงเรียนของเรา", vocab).my_school
    assert ents("ร.ร.ของฉันมีครูกี่คน", vocab).my_school
    assert not ents("นักเรียนโรงเรียนหนองไผ่", vocab).my_school
    assert ents("ทั้งเขตมีนักเรียน ม.6 กี่คน", vocab).whole_area
    assert not ents("นักเรียนอำเภอหนองไผ่", vocab).whole_area


@pytest.mark.parametrize(
    ("text", "rating"), [("5", 5), ("๔", 4), ("ให้ 3 คะแนน", 3), ("⭐⭐", 2), ("6", None), ("2567", None)]
)
def test_rating(text: str, rating: int | None, vocab: Vocabulary) -> None:
    assert ents(text, vocab).rating == rating


def test_school_core() -> None:
    assert school_core("ชนแดนวิทยาคม") == "ชนแดน"
    assert school_core("หล่มสักวิทยาคม 2") == "หล่มสัก"
    assert school_core("สวนกุหลาบวิทยาลัย เพชรบูรณ์", frozenset({"เพชรบูรณ์"})) == "สวนกุหลาบ"
    assert school_core("หนองไผ่") == ""


def test_vocabulary_lists(vocab: Vocabulary) -> None:
    assert len(vocab.schools) == 24
    assert "เมืองเพชรบูรณ์" in vocab.districts and len(vocab.districts) == 11
    assert vocab.school("1067000015") is not None


def test_empty_vocabulary_still_understands() -> None:
    u = understand("นักเรียนโรงเรียนหนองไผ่กี่คน", Vocabulary.build([]))
    assert u.entities.schools == () and u.intent == "student_count"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("รหัส 1067000003 คือโรงเรียนอะไร", ("code", "1067000003")),
        ("โรงเรียนรหัส ๑๐๖๗๐๐๐๐๐๕", ("code", "1067000005")),
        ("เบอร์ 056-775704 เป็นของโรงเรียนไหน", ("phone", "056775704")),
        ("0567757 04 ของที่ไหนครับ", ("phone", "056775704")),
        ("056775704", ("phone", "056775704")),
        ("+66 56 775 704 โรงเรียนอะไร", ("phone", "056775704")),
        ("081-234-5678 เบอร์ใคร", ("phone", "0812345678")),
        ("School03@PBN.example.ac.th ของโรงเรียนอะไร", ("email", "school03@pbn.example.ac.th")),
        ("นายสมชาย ใจดี เป็นผอ.ที่ไหน", ("person", "สมชาย ใจดี")),
        ("ผอ.วรรณา อยู่โรงเรียนไหนคะ", ("person", "วรรณา")),
        ("ผอ.วรรณาอยู่โรงเรียนไหน", ("person", "วรรณา")),
        ("นางสาวพิมพ์ชนก ศรีสุข", ("person", "พิมพ์ชนก ศรีสุข")),
        ("ดร.สมชาย อยู่โรงเรียนอะไร", ("person", "สมชาย")),
        ("สมชาย ใจดี เป็นผอ.ที่ไหน", ("person", "สมชาย ใจดี")),  # no title: the name before "เป็นผอ."
        ("ผอ.ชื่อวรรณา อยู่ที่ไหน", ("person", "วรรณา")),
    ],
)
def test_a_key_to_find_a_school_by_is_read_and_the_question_is_about_a_school(
        text: str, key: tuple[str, str], vocab: Vocabulary) -> None:
    u = understand(text, vocab, today=TODAY)
    assert u.entities.lookup == key
    assert u.intent == "school_info" and u.confidence >= 0.5
    assert u.entities.gender is None and not u.entities.schools  # "ชาย" in สมชาย is no filter, นาย|สม no school


@pytest.mark.parametrize(
    ("text", "school"),
    [
        ("เน็ตล่ม ติดต่อ 0812345678", None),  # a call-back number, not a look-up
        ("ปีการศึกษา 2567 นักเรียนทั้งเขตกี่คน", None),
        ("นายมพิทยาคม มีนักเรียนกี่คน", "นายมพิทยาคม"),  # นาย starts a school's name here
        ("ผอ.เขาค้อวิทยาคม", "เขาค้อวิทยาคม"),
        ("ผอ.สตรีวิทยา คือใคร", None),  # asks for a school's principal: a school name, not a person
        ("ผอ.หนองไผ่อยู่ที่ไหน", "หนองไผ่"),
        ("หนองไผ่ เป็นผอ.ที่ไหน", "หนองไผ่"),
    ],
)
def test_no_key_where_the_text_names_a_school_or_gives_a_number_for_another_reason(
        text: str, school: str | None, vocab: Vocabulary) -> None:
    e = ents(text, vocab)
    assert e.lookup is None
    assert (e.schools[0].name if e.schools else None) == school


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("ขอเบอร์โทรและอีเมลโรงเรียนเพชรพิทยาคม", ("phone", "email")),
        ("ผอ.กับเบอร์โทร รร.วิทยานุกูลนารี", ("principal", "phone")),
        ("อีเมล รร.ศรีเทพประชาสรรค์", ("email",)),
        ("นักเรียนโรงเรียนหนองไผ่กี่คน", ()),
    ],
)
def test_every_contact_field_asked_is_kept_in_order(text: str, fields: tuple[str, ...], vocab: Vocabulary) -> None:
    assert ents(text, vocab).fields == fields


def test_the_words_a_school_was_read_from_are_kept(vocab: Vocabulary) -> None:
    e = ents("รร.เพชร มีนักเรียนกี่คน", vocab)
    assert e.school_typed == "เพชร" and e.schools[0].score < 100  # a part of a name, not a whole one


def test_the_name_index_finds_every_school_holding_a_partial_name(vocab: Vocabulary) -> None:
    from knowledge.name_index import name_index

    index = name_index(vocab)
    assert index is name_index(vocab)  # built once per vocabulary
    found = index.holders("เพชร")
    names = [vocab.school(c).name for c in found.codes]  # type: ignore[union-attr]
    assert found.total == 3 and names[:2] == ["เพชรพิทยาคม", "เพชรบูรณ์วิทยา"]  # names starting so come first
    assert names[2] == "สวนกุหลาบวิทยาลัย เพชรบูรณ์"
    assert index.holders("นา").total == 3  # two letters: only names starting so (นายม…, นาซำ…, นาเฉลียง…)
    many = index.holders("วิทยา", limit=4)
    assert len(many.codes) == 4 and many.total > 4


@pytest.mark.parametrize(("text", "province"), [
    ("ได้เลยครับ", None), ("เน็ตใช้ไม่ได้เลย", None), ("ตากแดดทั้งวัน", None),
    ("นักเรียนจังหวัดเลย", "เลย"), ("นักเรียน จ.เลย กี่คน", "เลย"), ("โรงเรียนในจังหวัดตาก", "ตาก"),
])
def test_a_province_whose_name_is_an_everyday_word_needs_the_word_province(
        vocab: Vocabulary, text: str, province: str | None) -> None:
    assert understand(text, vocab).entities.province == province
