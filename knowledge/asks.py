"""The data questions one message asks, clause by clause: "ผอ.ชื่ออะไร แล้วมีครูกี่คน" asks a contact field
and a count, which no single intent answers."""

from __future__ import annotations

import re

# a clause ends after its question word, at a joining word, at punctuation or at a particle inside the text
_QUESTION_ENDS = ("กี่คน", "กี่ท่าน", "กี่โรง", "กี่โรงเรียน", "กี่แห่ง", "อะไร", "ใคร", "ไหน", "เท่าไร", "เท่าไหร่",
                  "เท่าใด", "ไหม", "มั้ย")
_NEXT_ASK = r"นักเรียน|ครู|อาจารย์|เบอร์|โทร|อีเมล|ผู้อำนวยการ|ที่อยู่|รหัส"
"""Words that start the next question even when it follows the last one's question word unspaced."""
_BOUNDARY = re.compile(
    r"(?:" + "|".join(f"(?<={w})" for w in _QUESTION_ENDS) + r")(?:\s+|(?=" + _NEXT_ASK + r"))"
    r"|\s*(?:แล้ว\s*(?:ก็)?|และ|กับ|พร้อม\s*(?:ทั้ง)?|รวมถึง|อีก\s*(?:ทั้ง)?)\s*"
    r"|[?？,;\n]+"
    r"|(?:ครับ|คับ|ค่ะ|คะ|นะคะ|จ้า)\s+"
)
_ONE_ANSWER = {"student_count", "teacher_count"}
_COUNT_CUE = re.compile(r"กี่|จำนวน|เท่า\s*(?:ไร|ไหร่|ใด)|how many|number of")
_SUBJECTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("school_count", re.compile(r"(?:กี่|จำนวน)\s*(?:โรง|แห่ง)|โรงเรียน\s*(?:ทั้งหมด)?\s*กี่|how many schools")),
    ("teacher_count", re.compile(r"ครู(?!\s*ใหญ่)|อาจารย์|บุคลากร|teacher")),
    ("student_count", re.compile(r"นักเรียน|เด็ก|student")),
)


def clauses(masked: str) -> list[str]:
    """The text cut where one question ends and the next may begin (empty pieces dropped)."""
    return [c for c in (p.strip() for p in _BOUNDARY.split(masked)) if c]


def _count_of(clause: str) -> str | None:
    if _COUNT_CUE.search(clause) is None:
        return None
    for intent, pattern in _SUBJECTS:
        if pattern.search(clause):
            return intent
    return None


def data_asks(masked: str, fields_in: re.Pattern[str]) -> tuple[str, ...]:
    """The data intents the clauses ask, in the order said, when they are two or more different ones
    (a contact field in one clause, a count in another); () for a message that asks one thing, and for
    students with teachers, which one answer gives ("นักเรียนและครู")."""
    found: list[str] = []
    for clause in clauses(masked):
        count = _count_of(clause)
        ask = count if count is not None else ("school_info" if fields_in.search(clause) else None)
        if ask is not None and ask not in found:
            found.append(ask)
    return tuple(found) if len(found) >= 2 and set(found) != _ONE_ANSWER else ()
