"""Names the bot cannot place are never answered as the whole area: a cut-short or bare name finds its
school, an unknown school or district gets a polite "not found", and words inside an unknown
name (สตรี, อนุบาล, a province) are not read as filters."""

from __future__ import annotations

from tests.handlers.test_data import n
from tests.support.chat import Chat

AREA_TOTAL_LABEL = "ทั้งเขตพื้นที่"


def test_a_name_cut_short_with_the_abbreviation_mark_is_the_one_school_that_starts_so(chat: Chat) -> None:
    a = chat.say("ดอกบัวฯ มีนักเรียนกี่คนครับ")
    assert "ดอกบัวพิทยา" in a.text and n("ดอกบัวพิทยา") in a.text
    b = chat.say("นร. ร.ร.ภูผาฯ ทั้งหมด")
    assert "ภูผาวิทยาคม" in b.text and n("ภูผาวิทยาคม") in b.text


def test_a_bare_partial_name_first_is_the_school_that_has_it(chat: Chat) -> None:
    a = chat.say("ลำน้ำใส นักเรียนกี่คน")
    assert "ลำน้ำใสวิทยา" in a.text and n("ลำน้ำใสวิทยา") in a.text
    assert AREA_TOTAL_LABEL not in a.text


def test_a_partial_name_two_schools_share_is_asked_back(chat: Chat) -> None:
    a = chat.say("นักเรียน รร.ท่าข้าม กี่คน")
    assert {"ท่าข้ามวิทยา", "ท่าข้ามพิทยาคม"} <= set(a.labels)
    assert AREA_TOTAL_LABEL not in a.text


def test_an_unknown_school_is_not_found_whatever_words_its_name_holds(chat: Chat) -> None:
    for question, name in (("นักเรียน รร.สตรีวิทยา ม.2", "สตรีวิทยา"),
                           ("รร.อนุบาลเพชรบูรณ์ มีนักเรียนกี่คน", "อนุบาลเพชรบูรณ์"),
                           ("นักเรียน รร.ลำปางกัลยาณี ม.1", "ลำปางกัลยาณี"),
                           ("ผอ.โรงเรียนเพชรบุรีวิทยาลงกรณ์ คือใคร", "เพชรบุรีวิทยาลงกรณ์"),
                           ("อีเมลโรงเรียนเตรียมอุดมศึกษา", "เตรียมอุดมศึกษา")):
        a = chat.say(question)
        assert f'ไม่พบโรงเรียน "{name}"' in a.text, question
        assert "คน" not in a.text.split("\n")[0], question  # no number for a school that is not there


def test_a_district_typed_in_part_is_that_district_and_an_unknown_one_is_not_found(chat: Chat) -> None:
    a = chat.say("อ.วิเชียร นร.กี่คน")
    assert "อำเภอวิเชียรบุรี" in a.text and n(district="วิเชียรบุรี") in a.text
    b = chat.say("อำเภอบางกะปิ มีนักเรียนกี่คน")
    assert 'ไม่พบอำเภอ "บางกะปิ"' in b.text and "วิเชียรบุรี" in b.text  # lists the districts there are
    assert AREA_TOTAL_LABEL not in b.text


def test_the_province_named_alone_still_means_the_whole_area(chat: Chat) -> None:
    a = chat.say("นักเรียนจังหวัดเพชรบูรณ์ทั้งหมดกี่คน")
    assert n() in a.text
    b = chat.say("โรงเรียนมัธยมในอำเภอหนองไผ่")  # a kind of school, not a name
    assert "ไม่พบโรงเรียน" not in b.text and "บ้านโคกประชาสรรค์" in b.text


def test_a_question_about_schools_in_general_is_not_taken_for_an_unknown_name(chat: Chat) -> None:
    a = chat.say("โรงเรียนเปิดเทอมวันไหนคะ")
    assert "ไม่พบโรงเรียน" not in a.text
    assert "ยังไม่เข้าใจ" in a.text  # the polite fallback with the menu, as before


def test_the_words_after_school_stay_readable_when_no_data_is_asked(chat: Chat) -> None:
    a = chat.say("เน็ตโรงเรียนล่มค่ะ")  # ล่ม follows โรงเรียน, yet this is an incident report
    assert "แจ้งปัญหาจากโรงเรียนไหน" in a.text
