"""Questions as office and school workers type them: a bare name at the end, a self-introduction, "our
area", a share of girls, "which school has fewer", the first or the longest step of a process."""

from __future__ import annotations

import csv

from handlers import data_scope
from models.importers import DEMO_DIR
from tests.handlers.test_data import n
from tests.support.chat import Chat

ICT = "งานจัดทำแผนพัฒนาเทคโนโลยีสารสนเทศและการสื่อสาร"
INNOVATION = "งานพัฒนานวัตกรรมและระบบเทคโนโลยีสารสนเทศเพื่อการบริหาร"


def share(part: str, whole: str) -> str:
    return f"{100 * int(part.replace(',', '')) / int(whole.replace(',', '')):.1f}"


def test_a_bare_name_at_the_end_of_a_short_question(chat: Chat) -> None:
    a = chat.say("ครู ลำน้ำ")  # part of ลำน้ำใสวิทยา, typed after what is asked
    assert "โรงเรียนลำน้ำใสวิทยา" in a.text and f"ครู: {n('ลำน้ำใสวิทยา', col='ครู')} คน" in a.text
    assert "ทั้งเขตพื้นที่" not in a.text


def test_the_askers_self_introduction_is_not_what_is_counted(chat: Chat) -> None:
    a = chat.say("สวัสดีค่ะ หนูเป็นครูอัตราจ้างนะคะ อยากรู้ว่านักเรียน ม.3 ของโรงเรียนภูผาวิทยาคมปีนี้มีกี่คน")
    assert f"นักเรียน ม.3: {n('ภูผาวิทยาคม', grades=['ม.3'])} คน" in a.text and "ครู:" not in a.text


def test_our_area_is_the_whole_area_not_my_school(chat: Chat) -> None:
    a = chat.say("ทั้งเขตพื้นที่ของเรามีโรงเรียนทั้งหมดกี่โรงเรียนครับ จะทำสไลด์นำเสนอ")
    with (DEMO_DIR / "schools.csv").open(encoding="utf-8") as fh:
        schools = len(list(csv.DictReader(fh)))
    assert f"มีโรงเรียน {schools} โรง" in a.text and "ลงทะเบียน" not in a.text


def test_the_share_of_girls_is_given_and_can_be_followed_up(chat: Chat) -> None:
    girls, total = n("ภูผาวิทยาคม", sexes=("หญิง",)), n("ภูผาวิทยาคม")
    a = chat.say("นักเรียนหญิงโรงเรียนภูผาวิทยาคมคิดเป็นกี่เปอร์เซ็นต์")
    assert f"นักเรียนหญิง: {girls} คน" in a.text and f"ร้อยละ {share(girls, total)}" in a.text
    chat.say("นักเรียนชายโรงเรียนดอกบัวพิทยา")
    b = chat.say("คิดเป็นกี่เปอร์เซ็นต์")
    boys = n("ดอกบัวพิทยา", sexes=("ชาย",))
    assert "โรงเรียนดอกบัวพิทยา" in b.text and f"ร้อยละ {share(boys, n('ดอกบัวพิทยา'))}" in b.text


def test_which_school_of_a_district_has_fewer_is_a_ranking(chat: Chat) -> None:
    a = chat.say("อำเภอหนองไผ่ โรงเรียนไหนเด็กน้อยกว่ากัน")
    assert "1. บ้านโคกประชาสรรค์" in a.text and "น้อยที่สุด" in a.text


def test_a_name_typed_without_a_generic_middle_word_is_that_school() -> None:
    dropped = data_scope._without_middle_word
    assert dropped("สวนกุหลาบเพชรบูรณ์", "สวนกุหลาบวิทยาลัยเพชรบูรณ์")
    assert not dropped("เพชรวิทยา", "เพชรพิทยาคม")  # not a middle word: a different name
    assert not dropped("สวนกุหลาบ", "สวนกุหลาบวิทยาลัย")


def test_how_to_start_a_process_is_its_first_step(chat: Chat) -> None:
    a = chat.say("ถ้าจะทำแผน ICT ต้องเริ่มยังไง")
    assert a.text.startswith("ขั้นตอนที่ 1 ของงานจัดทำแผนพัฒนาเทคโนโลยีสารสนเทศ")
    assert "แผนแม่บท" in a.text and "ความต้องการ" not in a.text  # not step 2
    assert any(ICT in str(q.get("text")) for q in (c["action"] for c in a.messages[-1]["quickReply"]["items"]))


def test_the_longest_step_is_named_with_its_time(chat: Chat) -> None:
    a = chat.say("งานพัฒนานวัตกรรม ขั้นตอนไหนใช้เวลานานที่สุด")
    assert INNOVATION in a.text and "ขั้นตอนที่ 3" in a.text and "3-6 เดือน" in a.text
    chat.say("งานพัฒนาเครือข่ายมีขั้นตอนอะไรบ้าง")
    b = chat.say("ขั้นตอนไหนใช้เวลานานที่สุด")  # of the process discussed
    assert "ขั้นตอนที่ใช้เวลานานที่สุด: ขั้นตอนที่ 2" in b.text and "3 เดือน" in b.text


def test_who_oversees_a_process_in_a_workers_words(chat: Chat) -> None:
    a = chat.say("ใครคุมงานข้อมูลสารสนเทศ")
    assert "ทิพวรรณ" in a.text


def test_a_long_polite_message_finds_the_part_asked(chat: Chat) -> None:
    a = chat.say("สวัสดีค่ะ ไม่แน่ใจว่าถามตรงนี้ได้ไหม คือต้องการทราบว่าในคู่มือ งานจัดทำข้อมูลสารสนเทศเพื่อการบริหาร "
                 "มีวัตถุประสงค์อะไรบ้างคะ พอดีต้องเขียนรายงาน")
    assert "ครอบคลุมภารกิจ" in a.text
