"""Two sides of one question side by side: the difference of two schools or districts ("ต่างกันกี่คน",
"A มากกว่า B กี่คน", "ลบ"), their sum or order, two parts of one school (ม.ต้น กับ ม.ปลาย, girls and boys),
ratios compared, and the districts ranked by their number of schools."""

from __future__ import annotations

from tests.handlers.test_data import n
from tests.support.chat import Chat

A, B = "ภูผาวิทยาคม", "ห้วยใสวิทยาคม"  # A is the larger
LOW, UP = ["ม.1", "ม.2", "ม.3"], ["ม.4", "ม.5", "ม.6"]


def num(*args: object, **kwargs: object) -> int:
    return int(n(*args, **kwargs).replace(",", ""))  # type: ignore[arg-type]


def test_how_many_more_students_one_school_has_than_another(chat: Chat) -> None:
    diff = num(A) - num(B)
    a = chat.say(f"{A}มีนักเรียนมากกว่า{B}กี่คนครับ")
    assert f"{A}: {n(A)} คน" in a.text and f"{B}: {n(B)} คน" in a.text
    assert f"มากกว่าโรงเรียน{B} {diff:,} คน" in a.text
    assert "คือ คือ" not in a.text and f"{num(A) + num(B):,}" not in a.text  # never their sum
    minus = chat.say(f"นร.{A} ลบ {B} เหลือกี่คน")
    assert f"{diff:,} คน" in minus.text and f"{num(A) + num(B):,}" not in minus.text
    apart = chat.say(f"นักเรียน {B} vs {A} ต่างกันกี่คน")
    assert f"{diff:,} คน" in apart.text
    fewer = chat.say(f"{B}น้อยกว่า{A}กี่คน")
    assert f"โรงเรียน{B}มีนักเรียนน้อยกว่าโรงเรียน{A} {diff:,} คน" in fewer.text


def test_difference_of_teachers_and_a_plain_comparison_reads_once(chat: Chat) -> None:
    ta, tb = num(A, col="ครู"), num(B, col="ครู")
    a = chat.say(f"ครู{A}มากกว่า{B}กี่คน")
    assert f"{abs(ta - tb):,} คน" in a.text and f"ครู: {ta + tb:,}" not in a.text
    which = chat.say(f"{A}กับ{B} ที่ไหนนักเรียนเยอะกว่ากัน")
    assert "คือ คือ" not in which.text and f"คือ {A} {n(A)} คน" in which.text


def test_two_parts_of_one_school_and_their_difference(chat: Chat) -> None:
    bands = chat.say(f"ม.ต้น กับ ม.ปลาย รร.{A} ต่างกันกี่คน")
    low, up = num(A, grades=LOW), num(A, grades=UP)
    assert f"ม.ต้น: {low:,} คน" in bands.text and f"ม.ปลาย: {up:,} คน" in bands.text
    assert f"{abs(low - up):,} คน" in bands.text and "แต่ละปีการศึกษา" not in bands.text  # not year over year
    one_six = chat.say(f"ม.1 กับ ม.6 ของ{A} ต่างกันเท่าไหร่")
    g1, g6 = num(A, grades=["ม.1"]), num(A, grades=["ม.6"])
    assert f"ม.1: {g1:,} คน" in one_six.text and f"ม.6: {g6:,} คน" in one_six.text
    assert f"{abs(g1 - g6):,} คน" in one_six.text and "2567" not in one_six.text
    girls, boys = num(A, sexes=("หญิง",)), num(A, sexes=("ชาย",))
    sexes = chat.say(f"รร.{A} นักเรียนหญิงมากกว่าชายกี่คน")
    assert f"หญิง: {girls:,} คน" in sexes.text and f"ชาย: {boys:,} คน" in sexes.text
    assert f"{abs(girls - boys):,} คน" in sexes.text
    years = chat.say(f"ปี 67 กับ 68 นร.{A} ต่างกันกี่คน")  # two years named: still year over year
    assert f"{num(A) - num(A, year=2567, term=2):,} คน" in years.text


def test_two_districts_are_summed_compared_and_subtracted(chat: Chat) -> None:
    x, y = "หนองไผ่", "หล่มสัก"  # two schools and one
    nx, ny = num(district=x), num(district=y)
    total = chat.say(f"อำเภอ{x}กับอำเภอ{y} นักเรียนรวมกันกี่คน")
    assert f"อำเภอ{x}: {nx:,} คน" in total.text and f"อำเภอ{y}: {ny:,} คน" in total.text
    assert f"รวม 2 อำเภอ: {nx + ny:,} คน" in total.text
    more = chat.say(f"อำเภอ{y} กับ อำเภอ{x} อำเภอไหนมีนักเรียนมากกว่ากัน")
    big, small = (x, y) if nx > ny else (y, x)
    assert f"อำเภอ{big}มีนักเรียนมากกว่าอำเภอ{small} {abs(nx - ny):,} คน" in more.text
    assert "โรงเรียนที่มีนักเรียนมากที่สุด" not in more.text
    teachers = chat.say(f"อ.{x} vs อ.{y} ครูที่ไหนเยอะกว่า")
    tx, ty = num(district=x, col="ครู"), num(district=y, col="ครู")
    assert f"อำเภอ{x}: {tx:,} คน" in teachers.text and f"{abs(tx - ty):,} คน" in teachers.text
    assert "แต่ละปีการศึกษา" not in teachers.text
    schools = chat.say(f"อำเภอ{x}กับอำเภอ{y} มีกี่โรงเรียน")
    assert f"อำเภอ{x}: 2 โรง" in schools.text and "รวม 2 อำเภอ: 3 โรง" in schools.text


def test_the_measure_asked_is_the_one_compared(chat: Chat) -> None:
    ratio = chat.say(f"นักเรียนต่อครูของ{A}กับ{B} ที่ไหนสูงกว่า")
    ra = round(num(A) / num(A, col="ครู"), 1)
    rb = round(num(B) / num(B, col="ครู"), 1)
    assert f"{ra:.1f} : 1" in ratio.text and f"{rb:.1f} : 1" in ratio.text
    high, low = (A, B) if ra > rb else (B, A)
    assert f"โรงเรียน{high}มีนักเรียนต่อครูสูงกว่าโรงเรียน{low}" in ratio.text
    most = chat.say("อำเภอไหนมีโรงเรียนเยอะที่สุด")
    head = most.text.splitlines()[0]  # a tie: both districts with two schools are named
    assert head.startswith("อำเภอที่มีโรงเรียนมากที่สุดคือ") and head.endswith("(2 โรง)")
    assert "อ.เมืองเพชรบูรณ์" in head and "อ.หนองไผ่" in head
    assert "คน" not in most.text
    fewest = chat.say("อำเภอไหนมีจำนวนโรงเรียนน้อยที่สุด")
    assert "อำเภอที่มีโรงเรียนน้อยที่สุดคือ" in fewest.text and "ไม่พบโรงเรียน" not in fewest.text
