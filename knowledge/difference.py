"""How two things named in one question are to be put side by side: their difference ("ต่างกันกี่คน",
"A มากกว่า B กี่คน", "ลบ"), which is larger ("ที่ไหนมากกว่า"), or their sum ("รวมกัน"); and the two parts
of one place being compared (two grade groups "ม.ต้น กับ ม.ปลาย", or girls and boys)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from knowledge.entities import Mention

Gender = Literal["male", "female"]

_DIFFERENCE = re.compile(
    r"ต่าง\s*กัน|แตกต่าง|ผลต่าง|ส่วนต่าง|ห่าง\s*กัน|(?<![ก-ฮ])ลบ(?!\s*ข้อมูล)|เหลือ\s*(?:กี่|เท่า)|"
    r"กว่า(?!\s*\d)[^?]{0,60}?(?:กี่\s*(?:คน|โรง|ท่าน)|เท่า\s*(?:ไร|ไหร่|ใด))|"
    r"\bdifference\b|\bdiff\b|\bminus\b",
    re.I,
)
_COMPARE = re.compile(r"กว่า|เทียบ|\bvs\.?|\bversus\b|ต่าง|ห่าง|(?<![ก-ฮ])ลบ(?!\s*ข้อมูล)|(?:อัน|ที่|แห่ง|ใคร)\s*ไหน|"
                      r"(?:ไหน|ใคร)\s*(?:มาก|เยอะ|น้อย|สูง|ต่ำ)|อย่าง\s*ละ|\beach\b", re.I)  # "อย่างละกี่คน": each side
_SUM = re.compile(r"รวม|บวก|ทั้ง\s*(?:สอง|2)|\bsum\b|\btotal\b|\bplus\b", re.I)
_SMALLER_FIRST = re.compile(r"(?:น้อย|ต่ำ|เล็ก)\s*กว่า")
_GRADE = re.compile(r"(?<![.\d])(?<!สพ)ม\.\s*([1-6])(?:\s*(?:-|–|ถึง)\s*(?:ม\.)?\s*([1-6]))?(?!\d)|ม\.\s*(ต้น|ปลาย)")
_MALE = re.compile(r"ชาย|\bboys?\b")
_FEMALE = re.compile(r"หญิง|\bgirls?\b")
_DISTRICTS_BY_SCHOOLS = re.compile(
    r"อำเภอ\s*(?:ไหน|ใด|อะไร|ที่)\s*(?:มี)?\s*(?:จำนวน)?\s*(?:โรงเรียน|โรง|รร\.?)\s*(?:ใน\s*สังกัด\s*)?"
    r"(?:(มาก|เยอะ|สูง)|(น้อย|ต่ำ))\s*(?:ที่)?\s*สุด")


@dataclass(frozen=True)
class Asked:
    """What a question with two (or more) sides wants of them."""

    difference: bool  # how many more: "ต่างกันกี่คน", "A มากกว่า B กี่คน", "A ลบ B"
    compare: bool  # which is larger (or smaller): "ที่ไหนมากกว่า", "เทียบ", "vs"
    total: bool  # their sum: "รวมกัน"
    smaller_first: bool = False  # "A น้อยกว่า B กี่คน": the answer names the smaller side first


def asked(text: str) -> Asked:
    """Read whether a difference, a comparison or a sum is asked."""
    diff = _DIFFERENCE.search(text) is not None
    return Asked(diff, diff or _COMPARE.search(text) is not None, _SUM.search(text) is not None and not diff,
                 _SMALLER_FIRST.search(text) is not None)


def grade_sides(text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The two grade groups a question compares ("ม.ต้น กับ ม.ปลาย" → (ม.1–3), (ม.4–6)), in the order typed;
    None unless exactly two groups are named."""
    groups: list[tuple[str, ...]] = []
    for m in _GRADE.finditer(text):
        if m.group(3):
            first = 1 if m.group(3) == "ต้น" else 4
            groups.append(tuple(f"ม.{i}" for i in range(first, first + 3)))
            continue
        a, b = int(m.group(1)), int(m.group(2) or m.group(1))
        groups.append(tuple(f"ม.{i}" for i in range(min(a, b), max(a, b) + 1)))
    if len(groups) != 2 or set(groups[0]) & set(groups[1]):
        return None
    return groups[0], groups[1]


def gender_sides(text: str) -> tuple[Gender, Gender] | None:
    """Girls and boys, in the order typed, when both are named ("หญิงมากกว่าชาย")."""
    m, f = _MALE.search(text), _FEMALE.search(text)
    if m is None or f is None:
        return None
    return ("male", "female") if m.start() < f.start() else ("female", "male")


def districts_by_schools(text: str) -> bool | None:
    """"อำเภอไหนมีโรงเรียนมากที่สุด": True (most) or False (fewest) schools; None when not asked."""
    m = _DISTRICTS_BY_SCHOOLS.search(text)
    return None if m is None else m.group(1) is not None


def named_districts(mentions: Sequence[Mention]) -> tuple[str, ...]:
    """The districts named one after another ("อำเภอ X กับอำเภอ Y"), when two or more ("" otherwise)."""
    found = tuple(dict.fromkeys(m.place for m in mentions if m.kind == "district" and m.place))
    return found if len(found) > 1 else ()
