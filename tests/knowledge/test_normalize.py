"""knowledge.normalize: script clean-up, abbreviations and particles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.normalize import MAX_INPUT_CHARS, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ปีการศึกษา ๒๕๖๗", "ปีการศึกษา 2567"),
        ("หนอง\u200bไผ่\u200d\ufeff\u2060", "หนองไผ่"),
        ("ดีมากกกก", "ดีมาก"),
        ("ให้คะแนนน้องเขตบอท", "ให้คะแนนน้องเขตบอท"),  # a word's double consonant, then the next word's first
        ("สวัสดีีีี", "สวัสดี"),
        ("เเปลก", "แปลก"),
        ("  WiFi   ล่ม  ", "wifi ล่ม"),
        ("นํ้า", "น้ำ"),
    ],
)
def test_script_cleanup(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ร.ร.ชนแดน", "โรงเรียนชนแดน"),
        ("รร.หนองไผ่", "โรงเรียนหนองไผ่"),
        ("ที่รร หนองไผ่", "ที่โรงเรียนหนองไผ่"),
        ("นร. ทั้งหมด", "นักเรียน ทั้งหมด"),
        ("ผอ.เขาค้อวิทยาคม", "ผู้อำนวยการเขาค้อวิทยาคม"),
        ("ผอ เขาค้อ", "ผู้อำนวยการ เขาค้อ"),
        ("อ.หนองไผ่", "อำเภอหนองไผ่"),
        ("อ. เมือง", "อำเภอเมือง"),
        ("ต.นาซำ อ.หล่มเก่า จ.เพชรบูรณ์", "ตำบลนาซำ อำเภอหล่มเก่า จังหวัดเพชรบูรณ์"),
        ("ม ต้น", "ม.ต้น"),
        ("มัธยมปลาย", "ม.ปลาย"),
        ("มัธยมศึกษาปีที่ 3", "ม.3"),
        ("ม 4 ถึง ม6", "ม.4 ถึง ม.6"),
        ("ปีก่อน", "ปีที่แล้ว"),
        ("ปีการศึกษาที่ผ่านมา", "ปีที่แล้ว"),
        ("ปีกศ.นี้", "ปีนี้"),
        ("ปีงบ 2570", "ปีงบประมาณ 2570"),
    ],
)
def test_abbreviations(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("text", ["นักเรียน อ.1", "อ.3 กี่คน", "ป.6", "พ.ร.บ.การศึกษา", "พ.อ.สมชาย", "สพม.เพชรบูรณ์"])
def test_abbreviations_left_alone(text: str) -> None:
    assert normalize(text) == text


@pytest.mark.parametrize(
    "word", ["กรรมการ", "ธรรมะ", "งานสารบรรณ", "ศรีเทพประชาสรรค์", "คนผอมมาก", "ให้คะแนน", "ภาคบังคับ", "เจ้าหน้าที่", "ใครชนะ"]
)
def test_words_that_look_like_abbreviations_or_particles_survive(word: str) -> None:
    assert normalize(word) == word


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("มีนักเรียนกี่คนคะ", "มีนักเรียนกี่คน"),
        ("ขอบคุณครับผม", "ขอบคุณ"),
        ("หวัดดีจ้า", "หวัดดี"),
        ("ถึงไหนแล้วนะครับ", "ถึงไหนแล้ว"),
        ("เน็ตล่ม ค่ะ", "เน็ตล่ม"),
        ("ครับ เบอร์โทร", "เบอร์โทร"),
    ],
)
def test_polite_particles_are_dropped(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_length_is_capped() -> None:
    assert len(normalize("ก" * 50_000)) <= MAX_INPUT_CHARS


@pytest.mark.parametrize("text", ["", " ", "😀😀", "\x00\x01", "\u0e48\u0e48", "🇹🇭 ok"])
def test_odd_inputs(text: str) -> None:
    out = normalize(text)
    assert isinstance(out, str)
    assert "\x00" not in out


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("โรงเรียนแถวหล่มสักมีอะไรบ้าง", "โรงเรียนในหล่มสักมีอะไรบ้าง"),
        ("โรงเรียนฝั่งชนแดนมีกี่โรง", "โรงเรียนในชนแดนมีกี่โรง"),
        ("นักเรียนฝั่งอำเภอหนองไผ่กี่คน", "นักเรียนในอำเภอหนองไผ่กี่คน"),
        ("แถวเขาค้อมีโรงเรียนอะไรบ้าง", "ในเขาค้อมีโรงเรียนอะไรบ้าง"),
        ("ห้องแถว", "ห้องแถว"),  # a shophouse, not "around"
        ("ยืนแถวหน้าเสาธง", "ยืนแถวหน้าเสาธง"),  # a queue
    ],
)
def test_around_a_place_is_in_it(raw: str, expected: str) -> None:
    assert normalize(raw) == expected
