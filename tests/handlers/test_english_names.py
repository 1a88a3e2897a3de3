"""A place named in Latin letters is never answered as the whole area: a name that spells a school or
district the bot knows is that place, another is a polite "not found"."""

from __future__ import annotations

from tests.handlers.test_data import n
from tests.support.chat import Chat

AREA = "ทั้งเขตพื้นที่"


def test_a_romanised_school_name_is_that_school(chat: Chat) -> None:
    a = chat.say("How many students does Phu Pha Wittayakhom have?")
    assert "ภูผาวิทยาคม" in a.text and n("ภูผาวิทยาคม") in a.text and AREA not in a.text, a.text
    b = chat.say("how many students at dok bua phitthaya school")
    assert "ดอกบัวพิทยา" in b.text and n("ดอกบัวพิทยา") in b.text and AREA not in b.text, b.text


def test_a_romanised_district_name_is_that_district(chat: Chat) -> None:
    a = chat.say("how many students in Nong Phai district")
    assert "อำเภอหนองไผ่" in a.text and n(district="หนองไผ่") in a.text and AREA not in a.text, a.text


def test_a_school_named_like_a_district_only_is_not_found_not_the_area(chat: Chat) -> None:
    a = chat.say("how many students at Nong Phai school")  # no school หนองไผ่ in the demo data
    assert 'ไม่พบโรงเรียน "หนองไผ่"' in a.text and n() not in a.text and AREA not in a.text, a.text


def test_an_unknown_latin_name_is_not_found_not_the_area(chat: Chat) -> None:
    a = chat.say("How many teachers does Bangkok Christian have?")
    assert 'ไม่พบโรงเรียน "bangkok christian"' in a.text and AREA not in a.text, a.text
    b = chat.say("how many students in amphoe Bang Kapi")
    assert 'ไม่พบอำเภอ "bang kapi"' in b.text and AREA not in b.text, b.text


def test_the_area_and_the_province_in_english_still_mean_the_whole_area(chat: Chat) -> None:
    assert n() in chat.say("how many students in the area").text
    assert n() in chat.say("How many students in Phetchabun").text
