"""What a question with two sides asks of them: a difference, an order, a sum; the parts it compares."""

from __future__ import annotations

from knowledge.difference import asked, districts_by_schools, gender_sides, grade_sides

LOW, UP = ("ม.1", "ม.2", "ม.3"), ("ม.4", "ม.5", "ม.6")


def test_a_difference_is_read_from_its_many_wordings() -> None:
    for text in ("ก มีนักเรียนมากกว่า ข กี่คนครับ", "ก ลบ ข เหลือกี่คน", "ก กับ ข ต่างกันกี่คน",
                 "ผลต่างนักเรียน ก กับ ข", "ก น้อยกว่า ข เท่าไหร่", "ก ห่างกันกี่คน กับ ข"):
        assert asked(text).difference, text
    for text in ("ก กับ ข ที่ไหนมากกว่ากัน", "ก รวมกับ ข กี่คน", "โรงเรียนที่มีนักเรียนมากกว่า 1000 คน มีกี่โรง",
                 "ลบข้อมูลของฉัน"):
        assert not asked(text).difference, text
    assert asked("ก กับ ข ที่ไหนมากกว่ากัน").compare and asked("ก รวมกับ ข กี่คน").total
    assert asked("ก น้อยกว่า ข กี่คน").smaller_first


def test_the_two_parts_compared_in_the_order_typed() -> None:
    assert grade_sides("ม.ต้น กับ ม.ปลาย ต่างกันกี่คน") == (LOW, UP)
    assert grade_sides("ม.6 มากกว่า ม.1 กี่คน") == (("ม.6",), ("ม.1",))
    assert grade_sides("ม.1-3 เทียบ ม.4-6") == (LOW, UP)
    assert grade_sides("ม.1 ม.2 ม.3") is None and grade_sides("ม.1 กับ ม.1") is None
    assert gender_sides("หญิงมากกว่าชายกี่คน") == ("female", "male")
    assert gender_sides("นักเรียนชาย") is None


def test_districts_ranked_by_their_schools() -> None:
    assert districts_by_schools("อำเภอไหนมีโรงเรียนเยอะที่สุด") is True
    assert districts_by_schools("อำเภอใดมีจำนวนโรงเรียนน้อยที่สุด") is False
    assert districts_by_schools("อำเภอไหนมีนักเรียนมากที่สุด") is None
