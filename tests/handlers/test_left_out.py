"""A grade or sex the question leaves out ("ไม่รวม ม.6", "ยกเว้น ม.1", "ไม่นับนักเรียนหญิง") is left out of
the count: before, the bot counted exactly the part the user excluded."""

from __future__ import annotations

from tests.handlers.test_data import n
from tests.support.chat import Chat

SCHOOL = "ภูผาวิทยาคม"


def test_a_grade_left_out_is_not_counted(chat: Chat) -> None:
    a = chat.say(f"นักเรียนโรงเรียน{SCHOOL} ไม่รวม ม.6 มีกี่คน")
    assert n(SCHOOL, grades=["ม.1", "ม.2", "ม.3", "ม.4", "ม.5"]) in a.text
    assert n(SCHOOL, grades=["ม.6"]) not in a.text.split("\n")[1]  # the headline is not the excluded grade
    b = chat.say("ทั้งเขตยกเว้น ม.1 มีนักเรียนกี่คน")
    assert n(grades=["ม.2", "ม.3", "ม.4", "ม.5", "ม.6"]) in b.text


def test_grades_left_out_of_a_band(chat: Chat) -> None:
    a = chat.say(f"นักเรียน ม.ต้น โรงเรียน{SCHOOL} ไม่เอา ม.3")
    assert n(SCHOOL, grades=["ม.1", "ม.2"]) in a.text
    b = chat.say(f"นักเรียนทั้งหมดยกเว้นชั้น ม.5 และ ม.6 โรงเรียน{SCHOOL}")
    assert n(SCHOOL, grades=["ม.1", "ม.2", "ม.3", "ม.4"]) in b.text


def test_a_sex_left_out_counts_the_other(chat: Chat) -> None:
    a = chat.say(f"นักเรียนโรงเรียน{SCHOOL} ไม่นับนักเรียนหญิง")
    assert n(SCHOOL, sexes=("ชาย",)) in a.text
    assert "หญิง" not in a.text.split("\n")[1]


def test_a_school_left_out_is_said_to_be_unsupported_not_counted_alone(chat: Chat) -> None:
    a = chat.say(f"อำเภอหล่มสัก ไม่รวมโรงเรียน{SCHOOL} มีนักเรียนกี่คน")
    assert "ไม่รวมบางโรงเรียน" in a.text
    assert n(SCHOOL) not in a.text  # never the count of the school left out
    b = chat.say(f"นักเรียนโรงเรียน{SCHOOL}มีกี่คน")  # naming a school plainly still answers it
    assert n(SCHOOL) in b.text
