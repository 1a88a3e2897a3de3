"""Small talk that asks for nothing: a laugh, an OK, a goodbye, how are you, who are you, praise, a
complaint, emoji only (whole messages only,
so "โอเค ขอจำนวนนักเรียน ม.1" stays a data question)."""

from __future__ import annotations

import re

from knowledge.normalize import normalize

_PARTICLES = r"(?:เลย|นะ|จ้า|จ้ะ|จ๊ะ|ครับ|ค่ะ|คะ|คับ|ฮะ|ค่า|น้า|นะคะ|นะครับ|ๆ|!|\.|~)"
_KINDS: tuple[tuple[str, str], ...] = (
    ("goodbye", r"ลา\s*ก่อน|บ[๊ั่]?า+ย(?:\s*บ[๊ั่]?า+ย)*|bye(?:\s*bye)?|ไป\s*(?:ก่อน|ละ|แล้ว|ล่ะ)|ขอตัว(?:\s*ก่อน)?"
                r"|แค่นี้(?:\s*ก่อน)?|เท่านี้(?:\s*ก่อน)?|see\s*you|good\s*night|ราตรีสวัสดิ์|ฝันดี|เจอกันใหม่|แล้วเจอกัน|👋"),
    ("laugh", r"(?:5\s*){3,}\+*|(?:ฮ่า|ฮา|ห้า|หึ|ฮิ|อิ|คิ|หุ|เอิ้ก)+|ha(?:ha)+|lol|lmao|xd+|ขำ(?:\s*(?:มาก|จัง|ดี))?"
              r"|ตลก(?:\s*(?:ดี|มาก|จัง))?|[😂🤣😆😅😁😄😃😀😹]"),
    ("howareyou", r"สบาย\s*ดี\s*(?:ไหม|มั้ย|ไม๊|หรือ(?:เปล่า)?|ป่าว|รึเปล่า)|เป็น\s*(?:ไง|ยังไง|อย่างไร)\s*บ้าง"
                  r"|กิน\s*ข้าว\s*(?:หรือ)?\s*(?:ยัง|รึยัง)|(?:วันนี้\s*)?อากาศ\s*(?:ดี|ร้อน|หนาว|เย็น)\s*(?:จัง|มาก)?"
                  r"|how\s*are\s*you"),
    ("who", r"(?:คุณ|น้อง\s*(?:เขต)?\s*(?:บอท)?|บอท|เธอ|นี่|ตัวเอง)\s*"
            r"(?:ชื่อ\s*(?:อะไร|อะไรเหรอ)|คือ\s*ใคร|เป็น\s*(?:ใคร|ใครเหรอ|คน|หุ่นยนต์|ai))"
            r"|who\s*are\s*you|(?:are\s*you|เป็น)\s*(?:a\s*)?(?:bot|ai|หุ่นยนต์)"),
    ("praise", r"เก่ง\s*(?:มาก|จัง|จริง|ที่สุด)?|น่ารัก\s*(?:มาก|จัง)?|ขอบใจ|สุดยอด|เจ๋ง|good\s*(?:job|bot)|[💯🥰]"),
    ("complaint", r"(?:บอท|เธอ|น้อง)?\s*(?:โง่|ห่วย|ไม่\s*ฉลาด|ไม่\s*เข้าใจ\s*(?:อะไร)?\s*เลย|ตอบ\s*ไม่\s*ตรง|มั่ว)"
                  r"|stupid|useless|[😡🤬]"),
    ("ack", r"โอ\s*เค|โอเช|ok(?:ay|ie)?|เค|รับทราบ|ทราบแล้ว|เข้าใจแล้ว|ได้เลย|ดีเลย|เยี่ยม(?:เลย)?|ตกลง|อืม+|อ๋อ+|yes|sure"
            r"|noted|got\s*it|[👍👌🆗✅]"),
)
_WORD = "|".join(rf"(?:{p})" for _, p in _KINDS)
_LEADING = re.compile(rf"^\s*(?:(?:{_WORD})\s*{_PARTICLES}*\s+)+", re.IGNORECASE)
_TRAILING = re.compile(rf"(?:\s+(?:{_WORD})\s*{_PARTICLES}*)+\s*$", re.IGNORECASE)
_WHOLE = {kind: re.compile(rf"^(?:(?:{p})\s*{_PARTICLES}*\s*)+$", re.IGNORECASE) for kind, p in _KINDS}
# Emoji or emoticons only (punctuation alone, like ".", is not small talk).
_EMOJI = "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]"
_EMOJI_ONLY = re.compile(rf"^[\s\W_]*{_EMOJI}[\s\W_]*$|^(?:\s*(?:\^_?\^|\^-\^|:-?\)|:d|;\)|<3))+\s*$", re.IGNORECASE)
SMALLTALK = re.compile("|".join(rf"(?:{rx.pattern})" for rx in (*_WHOLE.values(), _EMOJI_ONLY)), re.IGNORECASE)
"""Matches a whole normalised message of small talk (used by the intent rules)."""


def smalltalk_kind(text: str) -> str | None:
    """The kind (goodbye, laugh, ack, …, emoji) when the whole message is small talk, else None."""
    norm = normalize(text or "").strip()
    if not norm:
        return None
    for kind, rx in _WHOLE.items():
        if rx.match(norm):
            return kind
    return "emoji" if _EMOJI_ONLY.match(norm) else None


def strip_smalltalk(text: str) -> str:
    """The request without small talk around it ("โอเค ขั้นตอนที่ 3 …" -> "ขั้นตอนที่ 3 …")."""
    rest = _TRAILING.sub("", _LEADING.sub("", text))
    return rest if rest.strip() else text
