"""Query understanding: which part of the manual is asked (field), which step, law or not."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pythainlp.corpus import thai_words
from rapidfuzz.distance import Levenshtein

from knowledge.manual.textproc import ASCII_EDGE, add_words, content_tokens, normalize_text, words

# Field asked -> patterns on the normalised question. Earlier fields win when several match.
_FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("help", r"ใช้\s*(?:งาน)?\s*(?:ยังไง|อย่างไร)|วิธีใช้|ช่วยด้วย|\bhelp\b"),
    ("processes", r"(?:มี|กี่)\s*(?:กระบวนงาน|กระบวนการ|งาน)\s*(?:อะไรบ้าง|อะไร\s*บ้าง|กี่|ทั้งหมด)"
                  r"|กระบวนงานทั้งหมด|รายการกระบวนงาน|กระบวนงานอะไรบ้าง|มีงานอะไรบ้าง|มีเรื่องอะไรบ้าง|สารบัญคู่มือ"
                  r"|คู่มือ(?:นี้)?มีอะไรบ้าง|คู่มือ(?:นี้)?มีกี่"
                  r"|^คู่มือ\s*(?:การ)?\s*(?:ปฏิบัติงาน)?\s*(?:งานข้อมูลสารสนเทศ)?$"),
    ("laws", r"(?:กฎหมาย|ระเบียบ|พระราชบัญญัติ)\s*(?:และ|,)?\s*(?:ระเบียบ|กฎหมาย|แนวปฏิบัติ)?\s*"
             r"(?:ที่เกี่ยวข้อง|ที่ใช้อ้างอิง|ที่อ้างอิง|อ้างอิง|อะไรบ้าง|ทั้งหมด|มีอะไรบ้าง|มีกี่)"
             r"|รายการกฎหมาย|แนวปฏิบัติอ้างอิง|ระเบียบ\s*กฎหมาย"),
    ("law_year", r"ปี\s*(?:พ\.ศ\.)?\s*(?:อะไร|ไหน|ใด|เท่าไ|อะไร)|พ\.ศ\.\s*(?:อะไร|ไหน|ใด|เท่าไ)"
                 r"|(?:ออก|ประกาศ|ตรา|บังคับใช้|ประกาศใช้)\s*(?:ใช้)?\s*(?:เมื่อ|ปี|ตั้งแต่)|ฉบับปี|ปีที่ออก"
                 r"|\bwhat year\b|\byear\b"),
    ("flowchart", r"ผังงาน|ผังขั้นตอน|แผนผัง|แผนภาพ|ผังการ|ผังกระบวน|ผัง|\bchart\b"),
    ("forms", r"แบบฟอร์ม|แบบที่ใช้|แบบเก็บ|แบบจัดเก็บ|กรอกแบบ|เอกสารที่\s*(?:ต้อง)?\s*ใช้(?!\s*(?:อ้างอิง|ประกอบ))"),
    ("references", r"เอกสาร\s*/?\s*หลักฐานอ้างอิง|เอกสารอ้างอิง|หลักฐานอ้างอิง|อ้างอิง|เอกสารที่เกี่ยวข้อง"
                   r"|เอกสารประกอบ|หลักฐาน|\breferences?\b"),
    ("indicator", r"ตัวชี้วัด|ชี้วัด|ตัววัด|วัดผลสำเร็จ|ตัวบ่งชี้|\bindicators?\b"),
    ("standard", r"มาตรฐานคุณภาพ|มาตรฐานงาน|มาตรฐาน|คุณภาพงาน|เกณฑ์คุณภาพ|\bstandards?\b|\bquality\b"),
    ("longest", r"(?:นาน|เวลา\s*(?:มาก|เยอะ))\s*(?:ที่)?\s*สุด|ขั้น\s*(?:ตอน)?\s*(?:ไหน|ใด)\s*(?:ใช้)?\s*(?:เวลา)?\s*นาน"
                r"|\blongest\b"),
    ("shortest", r"เวลา\s*(?:น้อย|สั้น)\s*(?:ที่)?\s*สุด|(?:เร็ว|สั้น)\s*(?:ที่)?\s*สุด|\bshortest\b"),
    ("total_duration", r"(?:เวลา|ใช้)\s*(?:รวม|ทั้งหมด|ทั้งสิ้น)|(?:รวม|ทั้งหมด|ทั้งสิ้น)\s*(?:ใช้)?\s*(?:เวลา|กี่|นาน)"
                       r"|ตั้งแต่\s*(?:ต้น|เริ่ม)\s*(?:จน)?\s*(?:จบ|เสร็จ)|(?:รวม|ทุกขั้นตอน).*(?:ใช้\s*เวลา|นาน|กี่\s*(?:วัน|เดือน))"
                       r"|\btotal\b"),
    ("duration", r"ใช้\s*เวลา|ระยะ\s*เวลา|เวลาดำเนินการ|เวลาในการ|กี่\s*(?:เดือน|วัน|สัปดาห์|อาทิตย์|ปี)"
                 r"|นาน\s*(?:เท่า|แค่|ไหม|มั้ย|ไหน|กี่)|กินเวลา|เวลา\s*(?:เท่า|กี่|นาน)|กำหนดเวลา|ภายในกี่"
                 r"|\bhow long\b|\bduration\b|\btime\b|นานแค่ไหน|เวลา"
                 r"|ช่วง\s*(?:ไหน|ใด|เดือน)|ทำ\s*เมื่อ\s*(?:ไหร่|ไร)"),
    ("supervisor", r"ผู้ควบคุม|ควบคุมดูแล|(?:ใคร|ผู้)\s*คุม|(?<!ควบ)คุม\s*(?:งาน|ดูแล)|ผู้กำกับ|หัวหน้า|ผู้อำนวยการกลุ่ม|\bsupervisor\b"),
    ("responsible", r"ผู้\s*รับผิดชอบ|รับผิดชอบ|ใคร\s*(?:ทำ|เป็น|ดูแล|ปฏิบัติ|ดำเนินการ|รับ)|ผู้ดูแล"
                    r"|หน้าที่\s*(?:ของ)?\s*ใคร|ติดต่อ|ผู้ปฏิบัติ|ผู้ดำเนินการ|ใคร|\bwho\b|\bresponsible\b"),
    ("objective", r"วัตถุประสงค์|จุดประสงค์|เป้าหมาย|จุดมุ่งหมาย|ทำ\s*(?:ไป)?\s*เพื่อ|มีไว้เพื่อ|เพื่ออะไร"
                  r"|ทำไม|\bobjectives?\b|\bpurpose\b|\bgoal\b"),
    ("scope", r"ขอบเขต|ขอบข่าย|ครอบคลุม\s*(?:เรื่อง|งาน|ถึง)?\s*(?:อะไร|แค่ไหน|ไหน)|\bscope\b"),
    ("definition", r"หมายถึง|ความหมาย|นิยาม|คำจำกัดความ|จำกัดความ|คำศัพท์|คือ\s*อะไร|คือ\s*ไร|แปลว่า|หมายความว่า"
                   r"|\bdefinition\b|\bmeaning\b|\bdefine\b|\bwhat is\b"),
    ("steps", r"ขั้นตอน|วิธีการดำเนินงาน|วิธีดำเนินการ|ทำ\s*อย่างไร|ทำ\s*ยังไง|ดำเนินการอย่างไร"
              r"|ต้องทำอะไรบ้าง|ลำดับขั้น|\bsteps?\b|\bprocedures?\b|\bhow to\b|ทำอะไรบ้าง"),
    ("detail", r"รายละเอียด|ทำอะไร|\bdetails?\b"),
)
_FIELD_RES = tuple((f, re.compile(p.replace(r"\b", ASCII_EDGE))) for f, p in _FIELD_PATTERNS)

_THAI_ORDINALS = {"เริ่ม": 1, "ก่อน": 1, "ก่อนอื่น": 1, "หนึ่ง": 1, "แรก": 1,
                  "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7}
_STEP_RES = (
    re.compile(r"ขั้น\s*(?:ตอน)?\s*(?:ที่)?\s*(\d{1,2})(?!\s*(?:เดือน|วัน|ปี|ขั้น))"),
    re.compile(r"(?:ข้อ|หัวข้อ)\s*5\s*\.\s*(\d)"),
    re.compile(r"ลำดับ\s*(?:ที่)?\s*(\d{1,2})"),
    re.compile(r"ขั้น\s*(?:ตอน)?\s*(?:ที่)?\s*(หนึ่ง|แรก|สอง|สาม|สี่|ห้า|หก|เจ็ด)"),
    re.compile(r"ขั้น\s*(?:ตอน)?\s*(สุดท้าย)"),
    re.compile(r"(?:ต้อง|จะ)?\s*(เริ่ม)\s*(?:ต้น)?\s*(?:ยังไง|อย่างไร|ทำ\s*อะไร|จาก\s*(?:อะไร|ไหน)|ตรงไหน|ที่\s*(?:อะไร|ไหน))"
               r"|ทำ\s*อะไร\s*(ก่อน)(?!\s*หลัง)|(ก่อนอื่น)"),
)
# Words that only say which part is asked; they are not content to match against the manual.
CUE_TOKENS = frozenset({
    "ใช้", "เวลา", "ระยะ", "ระยะเวลา", "กี่", "เดือน", "วัน", "สัปดาห์", "อาทิตย์", "นาน", "แค่", "แค่ไหน",
    "เท่า", "เท่าไร", "เท่าไหร่", "ไหน", "ดำเนินการ", "กำหนดเวลา", "รับผิดชอบ", "ทำ", "คน", "เป็นคน",
    "ดูแล", "หน้าที่", "ควบคุม", "ผู้ควบคุม", "กำกับ", "หัวหน้า", "มาตรฐาน", "คุณภาพ", "เกณฑ์",
    "วัตถุประสงค์", "จุดประสงค์", "เป้าหมาย", "จุดมุ่งหมาย", "มุ่งหมาย", "ทำไม", "ขอบเขต", "ขอบข่าย",
    "หมายถึง", "หมาย", "นิยาม", "คำจำกัดความ", "จำกัดความ", "แปล", "แปลว่า", "หมายความ", "ตัวชี้วัด",
    "ชี้วัด", "ตัววัด", "ตัวบ่งชี้", "บ่งชี้", "สำคัญ", "วัดผล", "แบบฟอร์ม", "ฟอร์ม", "อ้างอิง",
    "หลักฐาน", "เอกสาร", "ผังงาน", "ผัง", "แผนผัง", "แผนภาพ", "ภาพ", "ขั้นตอน", "ขั้น", "ปฏิบัติงาน",
    "วิธี", "วิธีการ", "ลำดับ", "รายละเอียด", "ปี", "พ.ศ.", "ออก", "บังคับใช้", "ประกาศใช้", "ตรา",
    "เมื่อ", "เมื่อไร", "เมื่อไหร่", "ตั้งแต่", "แนวปฏิบัติ", "year", "who", "when", "long", "time",
    "duration", "chart", "details", "detail", "references", "reference", "scope", "objective",
    "objectives", "purpose", "goal", "indicator", "indicators", "standard", "standards", "quality",
    "definition", "meaning", "define", "responsible", "supervisor", "procedure", "procedures",
    "คำ", "คำว่า", "ศัพท์", "คำศัพท์", "คำนิยาม", "ติดต่อ", "รวม", "ทั้งสิ้น", "ต้น", "จบ", "เสร็จ",
    "ตั้งแต่ต้น", "total", "กรอก", "ครอบคลุม", "จน", "ขึ้น", "วัด", "ทำงาน", "สำเร็จ", "ผลสำเร็จ",
    "ที่สุด", "สุด", "นานที่สุด", "เร็ว", "สั้น", "longest", "shortest", "คุม", "เริ่ม", "เริ่มต้น", "ก่อน",
    "แรก", "ก่อนอื่น", "ตรงไหน", "ช่วง", "ช่วงไหน", "กินเวลา", "น้อย", "น้อยที่สุด",
})
add_words(CUE_TOKENS)  # cue words must segment whole, so that they can be dropped
_LAW_HINT = re.compile(r"พระราชบัญญัติ|ระเบียบ|กฎหมาย|ประกาศ|กฎกระทรวง|\blaws?\b|\bact\b")
_MANY_STEPS = re.compile(r"กี่\s*ขั้น|ขั้นตอนทั้งหมด|ทุกขั้นตอน")
_STEP_COUNT = re.compile(r"กี่\s*ขั้น|จำนวน\s*ขั้นตอน|ขั้นตอน\s*(?:ทั้งหมด)?\s*(?:มี)?\s*(?:กี่|เท่าไ|จำนวน)"
                         r"|\bhow many steps\b".replace(r"\b", ASCII_EDGE))
# Words that name one part beyond doubt: a question holding two of them asks for both parts.
_SECTION_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((f, re.compile(p)) for f, p in (
    ("objective", r"วัตถุประสงค์|จุดประสงค์|เป้าหมาย|จุดมุ่งหมาย"),
    ("scope", r"ขอบเขต|ขอบข่าย"),
    ("definition", r"คำจำกัดความ|นิยาม|ความหมาย|หมายถึง"),
    ("indicator", r"ตัวชี้วัด"),
    ("standard", r"มาตรฐาน"),
    ("forms", r"แบบฟอร์ม"),
    ("references", r"เอกสารอ้างอิง|หลักฐานอ้างอิง"),
))


# Words that name a part of the manual, repaired when typed one letter off ("ขั้นตอล", "แบบฟอม").
SECTION_WORDS = ("วัตถุประสงค์", "จุดประสงค์", "ขอบเขต", "คำจำกัดความ", "ความหมาย", "ผู้รับผิดชอบ",
                 "รับผิดชอบ", "ขั้นตอน", "ระยะเวลา", "มาตรฐาน", "แบบฟอร์ม", "อ้างอิง", "หลักฐาน",
                 "ผังงาน", "ตัวชี้วัด", "ครอบคลุม", "เป้าหมาย")
_LEAST_TYPO_SIMILARITY = 83.0  # one wrong, missing or extra letter in a word of six or more


def _bigrams(word: str) -> tuple[str, ...]:
    return tuple(word[i:i + 2] for i in range(len(word) - 1))


_SECTION_BIGRAMS = {word: _bigrams(word) for word in SECTION_WORDS}


def _may_hold(word: str, allowed: int, norm: str) -> bool:
    """A cheap bound (the q-gram lemma): some part of `norm` is within `allowed` edits of `word` only
    when at least len(word) - 1 - 2 * allowed of the word's letter pairs occur in `norm`, since one
    edit breaks at most two pairs. Typos glued to the next word pass it ("งาน MIS แบบฟอมอะไรบ้าง");
    most messages fail it at once, before any tokenising."""
    pairs = _SECTION_BIGRAMS[word]
    need = len(pairs) - 2 * allowed
    if need <= 0:
        return True
    missing = len(pairs) - need
    for pair in pairs:
        if pair not in norm:
            missing -= 1
            if missing < 0:
                return False
    return True


def repair_section_words(norm: str, *, strict: bool = False) -> str:
    """Replace a run of words one letter off a section word by the word ("ขั้นตอล" -> ขั้นตอน,
    "แบบฟอมอะไรบ้าง" -> แบบฟอร์มอะไรบ้าง); a run that is itself a dictionary word ("ขั้นต้น") is left
    alone, and with `strict` (any chat message, not only a manual question) also a run of two whole
    dictionary words ("ขอ|เขต" is not ขอบเขต)."""
    pieces: list[str] | None = None
    for word in SECTION_WORDS:
        allowed = 1 if len(word) < 8 else 2  # a mark and its letter are two code points
        if word in norm or len(norm) < len(word) - 2 or not _may_hold(word, allowed, norm):
            continue
        pieces = pieces if pieces is not None else words(norm)
        best: tuple[int, int, int] | None = None
        for i in range(len(pieces)):
            for j in range(i + 1, min(len(pieces), i + 4) + 1):
                run = "".join(pieces[i:j])
                if run.strip() != run or (j == i + 1 and run in thai_words()):
                    continue
                if (j == i + 2 and (strict or len(run) == len(word))
                        and all(len(p) > 1 and p in thai_words() for p in pieces[i:j])):
                    # two whole words (ขอ|เขต); a word broken by a typo cuts into bits (วัตถุ|ประ|สง).
                    # One letter changed into two whole words is meant (ของ|เขต, "of the office"),
                    # so only a chat message's strict reading drops a letter's loss too.
                    continue
                dist = Levenshtein.distance(word, run, score_cutoff=allowed)
                if dist <= allowed and (best is None or (dist, i - j) < (best[0], best[1] - best[2])):
                    best = (dist, i, j)  # the nearest run; of equally near ones, the longest
        if best is not None:
            norm = "".join(pieces[: best[1]]) + word + "".join(pieces[best[2]:])
            pieces = None
    return norm


@dataclass(frozen=True)
class ParsedQuery:
    """What the question asks for, and its content tokens."""

    normalized: str
    field: str | None
    fields: tuple[str, ...]
    step_no: int | None  # -1 means the last step
    law_hint: bool
    tokens: tuple[str, ...]  # content tokens with the question's cue words removed
    asks_count: bool = False  # "มีกี่ขั้นตอน": the number of steps is asked
    sections: tuple[str, ...] = ()  # parts named beyond doubt, in the question's order


def _fields(text: str) -> list[str]:
    return [field for field, rx in _FIELD_RES if rx.search(text)]


def section_places(text: str) -> list[tuple[int, str]]:
    """(where, part) of each part named beyond doubt, in the text's order."""
    return sorted((m.start(), f) for f, rx in _SECTION_CUES for m in [rx.search(text)] if m)


def _sections(text: str) -> tuple[str, ...]:
    return tuple(f for _, f in section_places(text))


def parse_query(text: str, repair: Callable[[str], str] | None = None) -> ParsedQuery:
    """Find the asked field, step number and content tokens of a question; `repair` mends typos in
    the normalised text (the index's own words) after the section words."""
    typed = normalize_text(text)
    norm = repair_section_words(typed)
    if repair is not None:
        norm = repair(norm)
    rest = norm
    step_no: int | None = None
    if not _MANY_STEPS.search(norm):
        for rx in _STEP_RES:
            m = rx.search(rest)
            if m:
                g = next(x for x in m.groups() if x)
                step_no = -1 if g == "สุดท้าย" else _THAI_ORDINALS.get(g) or int(g)
                rest = rest[: m.start()] + " " + rest[m.end():]
                break
    fields = _fields(rest)
    if norm != typed:  # a part the user typed comes before one only a repaired word asks for
        typed_fields = set(_fields(typed))
        fields = [f for f in fields if f in typed_fields] + [f for f in fields if f not in typed_fields]
    law_hint = bool(_LAW_HINT.search(norm))
    return ParsedQuery(
        normalized=norm, field=fields[0] if fields else None, fields=tuple(fields),
        step_no=step_no, law_hint=law_hint,
        tokens=tuple(t for t in content_tokens(rest) if t not in CUE_TOKENS),
        asks_count=bool(_STEP_COUNT.search(norm)), sections=_sections(rest),
    )
