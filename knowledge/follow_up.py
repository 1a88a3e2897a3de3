"""Does a message read as a follow-up to the answer before it ("แล้วครูล่ะ", "ม.2 ล่ะ", "เบอร์โทรด้วย",
"ของที่นี่", a short question naming no place)? Text only: the caller knows whether a topic is kept."""

from __future__ import annotations

import re

SHORT_TOKENS = 5
"""A question of at most this many words (particles dropped) leans on what was just said."""
_MARKER = re.compile(
    r"^\s*(?:แล้ว|ส่วน|และ|งั้น|ถ้างั้น)(?!\s*(?:ก็|จะ|เจอ))"  # แล้ว… / ส่วน… opening
    r"|(?:ล่ะ|ละ|หล่ะ|หละ|เล่า|ด้วย|อีก(?:ที|ครั้ง)?)\s*[?？!.]*\s*$"  # …ล่ะ / …ด้วย closing
    r"|ที่นี่|ที่นี้|(?:โรงเรียน|รร\.?|ร\.ร\.|อำเภอ|ตำบล|งาน|กระบวนงาน|ขั้นตอน)\s*(?:นี้|นั้น|เดิม|เดียวกัน)"
    r"|ของ\s*ที่|เหมือนกัน|เช่นกัน"
)
_AREA = re.compile(r"(?<!ขอบ)เขต|สพม|สังกัด|จังหวัด|ทุก\s*(?:โรงเรียน|อำเภอ)|ภาพรวม")
_EVERY_PROCESS = re.compile(r"ทุก\s*(?:งาน|กระบวน)|แต่ละ\s*(?:งาน|กระบวน)|ทั้ง\s*\d\s*(?:งาน|กระบวน)")
_ALL_PARTS = re.compile(r"ทั้งหมด|ทุก\s*(?:ชั้น|ระดับ)|รวม\s*ทุก|ทั้ง\s*(?:ชาย|โรงเรียน)\s*(?:และ)?\s*หญิง")
_NEXT = re.compile(r"(?:ขั้น\s*(?:ตอน)?)?\s*(?:ถัด\s*ไป|ต่อ\s*ไป|ต่อจากนั้น|หลังจากนั้น)")
_PREVIOUS = re.compile(r"(?:ขั้น\s*(?:ตอน)?)?\s*(?:ก่อน\s*หน้า(?:นี้|นั้น)?)")
_WORD = re.compile(r"\w")


def words(tokens: tuple[str, ...]) -> int:
    """How many tokens are words (not spaces or punctuation)."""
    return sum(1 for t in tokens if _WORD.search(t))


def has_marker(norm: str) -> bool:
    """The words say they continue: แล้ว…, …ล่ะ, …ด้วย, ที่นี่, โรงเรียนนี้, เหมือนกัน."""
    return _MARKER.search(norm) is not None


def reads_as_follow_up(norm: str, tokens: tuple[str, ...]) -> bool:
    """A follow-up marker, or a question short enough to lean on the one before."""
    return has_marker(norm) or words(tokens) <= SHORT_TOKENS


def names_area(norm: str) -> bool:
    """The text names the whole area or every school itself (เขต, สพม., ในสังกัด, ทุกโรงเรียน)."""
    return _AREA.search(norm) is not None


def names_every_process(norm: str) -> bool:
    """The text asks about every process of the manual itself (ทุกงาน, แต่ละกระบวนงาน)."""
    return _EVERY_PROCESS.search(norm) is not None


def asks_all_parts(norm: str) -> bool:
    """The text asks for everything again (ทั้งหมด, ทุกชั้น): earlier grades or sex are not kept."""
    return _ALL_PARTS.search(norm) is not None


def step_offset(norm: str) -> int:
    """+1 for "the next step" (ขั้นตอนถัดไป), -1 for "the step before", else 0."""
    if _NEXT.search(norm):
        return 1
    return -1 if _PREVIOUS.search(norm) else 0
