"""Follow-ups leave out what was just said: "แล้วครูล่ะ", "ม.2 ล่ะ", "เบอร์โทรด้วย" after a question about a
school are about that school; "ใช้เวลารวมเท่าไหร่" after a process is about that process. Each answer
says what it is about, a new place replaces the topic, and it is forgotten after a few minutes."""

from __future__ import annotations

import time

import pytest

from handlers import topic
from tests.handlers.test_data import SCHOOLS, n
from tests.support.chat import Chat

SCHOOL = "ภูผาวิทยาคม"
OTHER_SCHOOL = "ดอกบัวพิทยา"
DISTRICT = "หล่มสัก"
NOT_UNDERSTOOD = "ยังไม่เข้าใจ"
GROUP = "C" + "5" * 32
FRIEND = "U" + "f" * 32
MIS = "งานจัดทำข้อมูลสารสนเทศเพื่อการบริหาร"
NETWORK = "งานพัฒนาเครือข่ายเทคโนโลยีสารสนเทศและการสื่อสาร"
AREA_TEACHERS = n(col="ครู")


def teachers(name: str | None = None, district: str | None = None, year: int = 2568, term: int = 1) -> str:
    return n(name, year, term, district=district, col="ครู")


def test_teachers_a_grade_a_field_and_a_year_follow_up_the_school(chat: Chat) -> None:
    first = chat.say(f"โรงเรียน{SCHOOL}มีนักเรียนกี่คน")
    assert n(SCHOOL) in first.text
    t = chat.say("แล้วครูล่ะ")
    assert f"โรงเรียน{SCHOOL}" in t.text and f"ครู: {teachers(SCHOOL)} คน" in t.text
    assert AREA_TEACHERS not in t.text and "ทั้งเขตพื้นที่" not in t.text  # not the whole area any more
    g = chat.say("ม.2 ล่ะ")
    assert f"โรงเรียน{SCHOOL}" in g.text and f"นักเรียน ม.2: {n(SCHOOL, grades=['ม.2'])} คน" in g.text
    phone = chat.say("เบอร์โทรด้วยครับ")
    assert f"เบอร์โทรศัพท์โรงเรียน{SCHOOL}: {SCHOOLS[SCHOOL]['โทรศัพท์']}" in phone.text
    boss = chat.say("ผอ.ชื่ออะไร")
    assert SCHOOLS[SCHOOL]["ผู้อำนวยการ"] in boss.text and SCHOOL in boss.text
    boss = chat.say("ผอ.ล่ะ")  # "ล่ะ" is no principal's name
    assert SCHOOLS[SCHOOL]["ผู้อำนวยการ"] in boss.text and SCHOOL in boss.text
    year = chat.say("ปี 2567 ล่ะ")
    assert f"โรงเรียน{SCHOOL}" in year.text and n(SCHOOL, 2567, 2) in year.text
    assert "ปีการศึกษา 2567 ภาคเรียนที่ 2" in year.text
    boys = chat.say("นักเรียนชายล่ะ")  # the year asked stays
    assert f"นักเรียนชาย: {n(SCHOOL, 2567, 2, sexes=('ชาย',))} คน" in boys.text
    assert NOT_UNDERSTOOD not in " ".join(x.text for x in (g, phone, boss, year, boys))


def test_a_grade_asked_of_a_school_stays_for_the_next_follow_up(chat: Chat) -> None:
    chat.say(f"นักเรียน ม.2 โรงเรียน{SCHOOL} มีกี่คน")
    girls = chat.say("ผู้หญิงล่ะ")
    assert f"นักเรียนหญิง ม.2: {n(SCHOOL, grades=['ม.2'], sexes=('หญิง',))} คน" in girls.text
    every = chat.say("นักเรียนทั้งหมดมีกี่คน")  # "ทั้งหมด": the grade and sex are dropped, the school stays
    assert f"โรงเรียน{SCHOOL}" in every.text and f"นักเรียนทั้งหมด: {n(SCHOOL)} คน" in every.text


def test_district_follow_ups_stay_in_the_district(chat: Chat) -> None:
    chat.say(f"อำเภอ{DISTRICT}มีนักเรียนกี่คน")
    t = chat.say("ครูล่ะ")
    assert f"อำเภอ{DISTRICT}" in t.text and f"ครู: {teachers(district=DISTRICT)} คน" in t.text
    g = chat.say("ม.1 ล่ะ")
    assert f"อำเภอ{DISTRICT}" in g.text and n(district=DISTRICT, grades=["ม.1"]) in g.text
    phone = chat.say("เบอร์โทรด้วย")  # a school's field: a district is no school, so ask which one
    assert f"อำเภอ{DISTRICT}" not in phone.text


def test_area_follow_ups_keep_the_grade_asked(chat: Chat) -> None:
    chat.say("ทั้งเขตมีนักเรียน ม.1 กี่คน")
    g = chat.say("ม.2 ล่ะ")
    assert "ทั้งเขตพื้นที่" in g.text and f"นักเรียน ม.2: {n(grades=['ม.2'])} คน" in g.text
    y = chat.say("ปีการศึกษา 2567 ล่ะ")
    assert "ทั้งเขตพื้นที่" in y.text and n(None, 2567, 2, grades=["ม.2"]) in y.text


def test_a_new_place_replaces_the_topic_and_is_asked_the_same(chat: Chat) -> None:
    chat.say(f"ครูโรงเรียน{SCHOOL}มีกี่คน")
    other = chat.say(f"แล้วโรงเรียน{OTHER_SCHOOL}ล่ะ")  # the same question about another school
    assert f"โรงเรียน{OTHER_SCHOOL}" in other.text and f"ครู: {teachers(OTHER_SCHOOL)} คน" in other.text
    assert n(OTHER_SCHOOL) in chat.say("นักเรียนล่ะ").text  # the new school is the topic now
    area = chat.say("ทั้งเขตมีครูกี่คน")  # an explicit question: as always
    assert "ทั้งเขตพื้นที่" in area.text and f"ครู: {AREA_TEACHERS} คน" in area.text
    g = chat.say("ม.3 ล่ะ")
    assert "ทั้งเขตพื้นที่" in g.text and OTHER_SCHOOL not in g.text


def test_an_explicit_question_is_answered_as_it_is(chat: Chat) -> None:
    chat.say(f"โรงเรียน{SCHOOL}มีนักเรียนกี่คน")
    a = chat.say(f"จำนวนครูของโรงเรียน{OTHER_SCHOOL}ปีการศึกษา 2568 ภาคเรียนที่ 1 มีทั้งหมดกี่คน")
    assert f"โรงเรียน{OTHER_SCHOOL}" in a.text and SCHOOL not in a.text
    b = chat.say("จังหวัดเพชรบูรณ์มีครูกี่คน")
    assert "ทั้งเขตพื้นที่" in b.text and f"ครู: {AREA_TEACHERS} คน" in b.text


def test_manual_follow_ups_are_about_the_process_discussed(chat: Chat) -> None:
    assert "สารสนเทศ" in chat.say("งานMIS").text
    total = chat.say("ใช้เวลารวมเท่าไหร่")
    assert MIS in total.text and "รวมประมาณ 2 เดือน 10 วัน" in total.text
    assert NETWORK not in total.text and "ทุกกระบวนงาน" not in total.text
    who = chat.say("แล้วผู้รับผิดชอบคือใคร")
    assert f"ผู้รับผิดชอบ{MIS}" in who.text and NETWORK not in who.text
    step = chat.say("ขั้นตอนที่ 2")
    assert MIS in step.text and "2. จัดทำข้อมูลสารสนเทศเพื่อการบริหาร" in step.text and NETWORK not in step.text
    after = chat.say("ขั้นตอนถัดไป")
    assert MIS in after.text and "3. ออกแบบวิธีการนำเสนอ" in after.text
    every = chat.say("ผู้รับผิดชอบทุกงาน")  # every process asked for: as always
    assert MIS in every.text and NETWORK in every.text


def test_naming_another_process_asks_it_the_same(chat: Chat) -> None:
    chat.say("งาน MIS ใช้เวลารวมเท่าไหร่")
    other = chat.say("แล้วงานเครือข่ายล่ะ")
    assert NETWORK in other.text and "รวมประมาณ" in other.text and MIS not in other.text


def test_the_topic_is_forgotten_after_a_few_minutes(chat: Chat, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(topic, "TOPIC_SECONDS", 0.4)
    chat.say(f"โรงเรียน{SCHOOL}มีนักเรียนกี่คน")
    assert f"โรงเรียน{SCHOOL}" in chat.say("แล้วครูล่ะ").text  # still fresh
    time.sleep(0.6)
    late = chat.say("แล้วครูล่ะ")
    assert "ทั้งเขตพื้นที่" in late.text and SCHOOL not in late.text
    chat.say("งานMIS")
    time.sleep(0.6)
    assert NETWORK in chat.say("ใช้เวลารวมเท่าไหร่").text  # every process again


def test_an_incident_report_never_takes_the_school_discussed(chat: Chat) -> None:
    chat.say(f"โรงเรียน{SCHOOL}มีนักเรียนกี่คน")
    report = chat.say("เน็ตล่มครับ")
    assert "โรงเรียนไหน" in report.text and SCHOOL not in report.text
    chat.say("ยกเลิก")
    notice = chat.say("ประกาศ")
    assert SCHOOL not in notice.text


def test_a_filed_problem_report_ends_the_topic(chat: Chat) -> None:
    chat.say(f"โรงเรียน{SCHOOL}มีนักเรียนกี่คน")
    chat.say(f"เน็ตล่มทั้งโรงเรียน{SCHOOL} ตั้งแต่เช้า")
    assert "INC-" in chat.say("ยืนยัน").text
    after = chat.say("แล้วครูล่ะ")  # no longer about the school asked before the report
    assert teachers(SCHOOL) not in after.text and SCHOOL not in after.text


def test_in_a_group_each_person_has_their_own_topic(chat: Chat) -> None:
    chat.say(f"บอท โรงเรียน{SCHOOL}มีนักเรียนกี่คน", group=GROUP)
    chat.say(f"บอท โรงเรียน{OTHER_SCHOOL}มีนักเรียนกี่คน", as_user=FRIEND, group=GROUP)
    mine = chat.say("บอท แล้วครูล่ะ", group=GROUP)
    assert f"โรงเรียน{SCHOOL}" in mine.text and f"ครู: {teachers(SCHOOL)} คน" in mine.text
    theirs = chat.say("บอท แล้วครูล่ะ", as_user=FRIEND, group=GROUP)
    assert f"โรงเรียน{OTHER_SCHOOL}" in theirs.text and f"ครู: {teachers(OTHER_SCHOOL)} คน" in theirs.text
    alone = chat.say("แล้วครูล่ะ", as_user=FRIEND)  # their one-to-one chat has no topic
    assert "ทั้งเขตพื้นที่" in alone.text


def test_a_short_question_answered_for_the_school_discussed_offers_the_whole_area(chat: Chat) -> None:
    chat.say(f"โรงเรียน{SCHOOL}มีนักเรียนกี่คน")
    t = chat.say("ครูมีกี่คน")
    assert f"โรงเรียน{SCHOOL}" in t.text and t.labels[0] == "ทั้งเขต"
    area = t.tap("ทั้งเขต")
    assert f"ครู: {AREA_TEACHERS} คน" in area.text and "ทั้งเขตพื้นที่" in area.text
    explicit = chat.say(f"ครูโรงเรียน{OTHER_SCHOOL}มีกี่คน")  # asked in full: nothing to offer
    assert "ทั้งเขต" not in explicit.labels
    phone = chat.say("เบอร์โทรด้วยครับ")  # a phone has no whole-area answer: no such button
    assert SCHOOLS[OTHER_SCHOOL]["โทรศัพท์"] in phone.text and "ทั้งเขต" not in phone.labels
