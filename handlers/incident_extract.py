"""What a problem report already says: category, how much is hit, whether work stopped, where, since when.

Small, explainable rules over the normalised text (knowledge.normalize: Thai digits, spacing,
abbreviations, particles). Anything not found stays None and the conversation asks for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.normalize import normalize
from knowledge.tokenize import tokenize
from models.incidents_queries import DEGRADED, ONE_PLACE, PART_OF_SCHOOL, WHOLE_SCHOOL, WORK_STOPPED

# first match wins: a named system beats "internet", Wi-Fi beats "internet", cabling beats "computer"
_CATEGORY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("system", re.compile(r"\bdmc\b|\bemis\b|\bmis\b|e-?office|e-?mail|อีเมล|อีเมล์|เมล|ระบบ\s*(?:สารบรรณ|งาน|ข้อมูล)?|"
                          r"server|เซิร์ฟเวอร์|เซิฟเวอร์|เว็บไซต์|website|\bobec\b|โปรแกรม|บัญชีผู้ใช้|รหัสผ่าน|ล็อกอิน|login")),
    ("wifi", re.compile(r"wi-?fi|wifi|ไวไฟ|ไว-ไฟ|wireless|ไร้สาย|access\s*point|\bap\b|แอคเซส")),
    ("lan", re.compile(r"\blan\b|แลน|สาย\s*(?:แลน|เน็ต|ไฟเบอร์|สัญญาณ|lan)|switch|สวิตช์|สวิทช์|\bhub\b|ฮับ|"
                       r"fiber|ไฟเบอร์|ตู้\s*rack|ตู้แร็ค|เดินสาย|ปลั๊ก\s*lan|หัว\s*rj")),
    ("internet", re.compile(r"อินเท?อร์เน็ต|อินเตอร์เน็ต|internet|เน็ต|ออนไลน์|online|router|เราเตอร์|โมเด็ม|modem|"
                            r"ความเร็ว|ping|(?:เข้า|เปิด)\s*เว็บ")),
    ("computer", re.compile(r"คอม(?:พิวเตอร์)?|computer|\bpc\b|โน้ตบุ๊ก|โน๊ตบุ๊ค|notebook|laptop|แล็ปท็อป|"
                            r"เครื่องพิมพ์|printer|ปริ้น|ปริ๊น|จอ|เมาส์|คีย์บอร์ด|โปรเจ[คก]เตอร์|projector|ไวรัส|virus")),
)

_WHOLE = re.compile(r"ทั้ง\s*(?:โรงเรียน|รร|ร\.ร|ระบบ|สถานศึกษา)|ทุก\s*(?:ห้อง|อาคาร|ตึก)|"
                    r"ทั่ว\s*(?:ทั้ง)?\s*โรงเรียน|whole\s*school")
_ALL_HERE = re.compile(r"ทุก\s*(?:เครื่อง|จุด|คน)|ทั้ง\s*หมด")
"""Every machine (or all of it): the whole school only when no place is named ("ห้องคอม … ทุกเครื่อง" is the room)."""
_PART = re.compile(r"บาง\s*(?:ห้อง|อาคาร|ตึก|เครื่อง|จุด|ส่วน)|หลาย\s*(?:ห้อง|เครื่อง|จุด)|ทั้ง\s*(?:อาคาร|ตึก|ชั้น)|"
                   r"อาคาร\s*\S+\s*ทั้ง|ครึ่ง\s*โรงเรียน")
_ONE = re.compile(r"(?:ห้อง|เครื่อง)\s*(?:เดียว|เดียวกัน)|เครื่อง\s*(?:นี้|หนึ่ง|\d+)|แค่\s*(?:ห้อง|เครื่อง)|"
                  r"เฉพาะ\s*(?:ห้อง|เครื่อง)|(?:^|\s|ที่)ห้อง\s*\S+")

_STOPPED = re.compile(r"ใช้\s*(?:งาน)?\s*ไม่ได้|ล่ม|ดับ|เข้า\s*(?:ระบบ|เว็บ|ใช้|เน็ต)?\s*ไม่ได้|ต่อ\s*ไม่\s*(?:ได้|ติด)|"
                      r"ไม่มี\s*(?:สัญญาณ|เน็ต|อินเทอร์เน็ต)|เปิด\s*ไม่\s*(?:ติด|ขึ้น)|ไม่\s*(?:ติด|ทำงาน|ออก)|"
                      r"พัง|เสีย|ขาด|\bdown\b|not working|หยุด\s*ชะงัก|ทำงาน\s*ไม่ได้|ไม่ได้\s*เลย|"
                      r"(?:เน็ต|สัญญาณ|ไวไฟ|wi-?fi)\s*(?:ไม่\s*(?:ได้|มี|มา|เข้า)|หาย)|เปิด\s*(?:เว็บ|ระบบ)\s*ไม่\s*ได้")
_DEGRADED = re.compile(r"(?<!เ)ช้า|อืด|หลุด|กระตุก|ไม่\s*เสถียร|สัญญาณ\s*(?:\S{0,8}\s*)?(?:อ่อน|ไม่ดี|ไม่ค่อย)|"
                       r"บาง\s*(?:ครั้ง|ช่วง|เวลา)|เป็น\s*(?:ๆ|บาง)|ติด\s*ๆ\s*ดับ\s*ๆ|ไม่\s*ค่อย|ใช้ได้\s*แต่|ค้าง\s*(?:บ่อย|ตลอด)?|slow")

_PLACE_HEADS = ("ห้อง", "อาคาร", "ตึก", "ชั้น", "โดม", "หอประชุม", "หอสมุด", "โรงอาหาร", "สำนักงาน", "หอพัก")
_BARE_HEADS = frozenset({"ห้อง", "อาคาร", "ตึก", "ชั้น"})
_NOT_PLACE_NAME = re.compile(r"^(?:ไม่|เปิด|ใช้|ช้า|หลุด|สัญญาณ|ขาด|เสีย|ตั้งแต่|เมื่อ|พิมพ์|ล่ม|ดับ|เน็ต|ค้าง|เดียว|ไหน|ใด|นี้|"
                             r"ทั้ง|ทุก|บาง|หลาย|แค่|เฉพาะ|ก็|ยัง|มี|เป็น|ที่|และ|กับ|ด้วย|อ่อน|หาย)")
_QUANTIFIERS = frozenset({"ทั้ง", "ทุก", "บาง", "หลาย", "แค่", "เฉพาะ"})
_PLACE_TAIL = re.compile(r"^(?:[\d./\-]+|ม\.|[a-z]\d*)$")
_SINCE = re.compile(r"((?:ตั้งแต่|เมื่อ|เริ่ม(?:เป็น|มี)?(?:ตั้งแต่)?)\s*(?:เมื่อ)?\s*"
                    r"(?:เช้า|สาย|บ่าย|เย็น|คืน|วาน(?:นี้)?|วันวาน|กี้|สักครู่|ครู่|ชั่วโมงที่แล้ว|อาทิตย์ที่แล้ว|"
                    r"สัปดาห์ที่แล้ว|เดือนที่แล้ว|วัน\S{0,10}|\d{1,2}[.:]\d{2}\s*(?:น\.)?|\d{1,2}\s*โมง\S{0,6}|"
                    r"ช่วง\S{0,10}|เปิดเทอม|\S{1,12}))")
_AGO = re.compile(r"(\d+\s*(?:นาที|ชั่วโมง|ชม\.?|วัน|สัปดาห์|อาทิตย์|เดือน)\s*(?:แล้ว|ที่แล้ว|ก่อน)?)")
_SINCE_WORDS = re.compile(r"(เมื่อเช้า|เมื่อวาน(?:นี้)?|เมื่อคืน|เมื่อกี้|เมื่อสักครู่|เช้านี้|บ่ายนี้|วันนี้|หลายวันแล้ว|"
                          r"สองสามวัน(?:แล้ว)?|ทั้งวัน|ทั้งสัปดาห์|นานแล้ว|เมื่อวันที่\s*\S+)")


_ASKS_WHERE = re.compile(r"(?:ติดต่อ|แจ้ง)\s*(?:ปัญหา)?\s*(?:ได้)?\s*(?:ที่\s*ไหน|ใคร|ทางไหน|ยังไง|อย่างไร|หน่วยงานไหน)")


def asks_where_to_report(raw: str) -> bool:
    """The message asks whom or where to tell about the problem ("เน็ตมีปัญหาติดต่อที่ไหน")."""
    return bool(_ASKS_WHERE.search(normalize(raw or "")))


_ASKS = re.compile(r"กี่|เท่า\s*(?:ไร|ไหร่|ใด)|จำนวน|อะไร|ไหน|ใคร|ไหม|มั้ย|หรือ\s*(?:เปล่า|ไม่)|บ้าง|ยังไง|อย่างไร|\?|"
                   r"ขอ\s*(?:ดู|ทราบ|รู้|เบอร์|ข้อมูล|รายชื่อ)")


def has_question_words(raw: str) -> bool:
    """The message has the words of a question ("…กี่คน", "…ชื่ออะไร", "ขอเบอร์…"), not only a name."""
    return bool(_ASKS.search(normalize(raw or "")))


@dataclass
class Found:
    """What a message says about the problem; None where it says nothing."""

    category: str | None = None
    impact: int | None = None
    urgency: int | None = None
    location: str | None = None
    since: str | None = None
    weak_category: bool = False  # the category comes only from the place's name ("ห้องคอม"): a guess


def category_of(text: str) -> str | None:
    """The problem's category from its words, if any."""
    for name, pattern in _CATEGORY_RULES:
        if pattern.search(text):
            return name
    return None


def location_of(tokens: tuple[str, ...]) -> str | None:
    """A room/building named in the message ("ห้องคอม 2", "อาคาร 3 ชั้น 2"), cut at word boundaries."""
    toks = [t for t in tokens if t.strip()]
    for i, tok in enumerate(toks):
        if not tok.startswith(_PLACE_HEADS) or (tok in _BARE_HEADS and i and toks[i - 1] in _QUANTIFIERS):
            continue  # "ทั้งอาคาร", "ทุกห้อง": how much is hit, not where
        out, j = [tok], i + 1
        while j < len(toks):
            nxt = toks[j]
            tail = bool(_PLACE_TAIL.match(nxt))
            # the rest of the text, not the token: the tokenizer splits "ตั้งแต่" into "ตั้ง|แต่เช้า"
            name = out[-1] in _BARE_HEADS and not _NOT_PLACE_NAME.match("".join(toks[j:j + 3]))
            more = nxt in _BARE_HEADS and j + 1 < len(toks) and bool(_PLACE_TAIL.match(toks[j + 1]))
            if not (tail or name or more):
                break
            out.append(nxt)
            j += 1
        if out[-1] in _BARE_HEADS and len(out) == 1:
            continue
        return _join(out)
    return None


def _without(text: str, place: str) -> str:
    """The text with the place's name taken out (spaces inside it may differ)."""
    return re.sub(r"\s*".join(map(re.escape, place.replace(" ", ""))), " ", text, count=1)


def _join(parts: list[str]) -> str:
    text = ""
    for p in parts:
        if text and (p[:1].isdigit() or p in _BARE_HEADS or text[-1:].isdigit()) and text[-1:] not in "./-":
            text += " "
        text += p
    return text.replace("ม. ", "ม.").replace(" /", "/").replace("/ ", "/")


def extract(raw: str) -> Found:
    """Read category, impact, urgency, location and since-when from one message."""
    text = normalize(raw or "")
    found = Found(category=category_of(text))
    if _WHOLE.search(text):
        found.impact = WHOLE_SCHOOL
    elif _PART.search(text):
        found.impact = PART_OF_SCHOOL
    if _DEGRADED.search(text) and not re.search(r"ใช้\s*(?:งาน)?\s*ไม่ได้\s*เลย|ล่ม|ดับหมด", text):
        found.urgency = DEGRADED
    elif _STOPPED.search(text):
        found.urgency = WORK_STOPPED
    loc = location_of(tokenize(text)) if found.impact != WHOLE_SCHOOL else None
    if loc:
        found.location = loc[:200]
        beside = category_of(_without(text, loc))
        found.category, found.weak_category = (beside, False) if beside else (found.category, bool(found.category))
        if found.impact is None:
            found.impact = PART_OF_SCHOOL if loc.startswith(("อาคาร", "ตึก", "ชั้น")) and "ห้อง" not in loc else ONE_PLACE
    elif found.impact is None and _ALL_HERE.search(text):
        found.impact = WHOLE_SCHOOL
    elif found.impact is None and _ONE.search(text):
        found.impact = ONE_PLACE
    for pattern in (_SINCE_WORDS, _SINCE, _AGO):
        m = pattern.search(text)
        if m:
            found.since = m.group(1).strip()[:100]
            break
    return found
