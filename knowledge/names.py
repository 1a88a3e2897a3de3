"""Names typed after a school or district word, whether or not they name a known place.

The tokenizer's dictionary glues some names to the word before them (โรงเรียนสตรี, โรงเรียนอนุบาล);
here such a compound still counts as "โรงเรียน" + the start of a name, so the words of an unknown
school's name are neither read as filters (สตรี = girls, อนุบาล = kindergarten) nor lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.romanized import LazyRomanIndex
from knowledge.texts import STOP_WORDS

SCHOOL_WORDS = ("โรงเรียน", "ร.ร.", "รร.", "รร")
DISTRICT_WORDS = ("อำเภอ",)
ABBREVIATION = "ฯ"  # ไปยาลน้อย: the name was cut short ("ศรีเทพฯ")
NOT_NAME = frozenset({
    "ยังไง", "อย่างไร", "ไง", "ได้ไหม", "ได้มั้ย", "บ้าง", "หน่อย", "ครับ", "ค่ะ", "คะ", "นะ", "จ้า", "ไหม",
    "มั้ย", "เท่าไหร่", "เท่าไร", "คือ", "อยู่", "ที่ไหน", "ใคร", "อะไร", "เมื่อไร", "ด้วย", "ปี", "เทอม",
    "ภาคเรียน", "แยก", "ทั้งหมด", "รวม", "ตอนนี้", "ล่าสุด", "ชื่อ", "เบอร์", "โทร", "ไหน", "ใด", "นี้", "ใน",
})
"""Question words that end a name typed after โรงเรียน."""
GENERIC = frozenset({"มัธยม", "มัธยมศึกษา", "ประถม", "ประถมศึกษา", "รัฐ", "รัฐบาล", "เอกชน", "ขยายโอกาส", "ต่างๆ",
                     "ต่าง", "ทุก", "อื่น", "อื่นๆ", "แห่ง", "เรา", "ฉัน", "ผม", "หนู", "ดิฉัน", "ตัวเอง", "พวกเรา"})
"""Words that describe schools in general (or say whose): after โรงเรียน they begin no name."""
KIND_WORDS = frozenset({"มัธยม", "มัธยมศึกษา", "ประถม", "ประถมศึกษา", "รัฐ", "รัฐบาล", "เอกชน", "ขยายโอกาส"})
"""The kinds of school among GENERIC: a name may follow them ("โรงเรียนมัธยมดอยเทพ" names ดอยเทพ)."""
_NOT_A_NAME = NOT_NAME | GENERIC
_ENDS_NAME = ("มี", "กี่", "ขนาด", "ในสังกัด", "สังกัด", "ในเขต", "ของ", "ที่", "เป็น")
_GRADE = re.compile(r"^[มปอ]\.?\d?$|^ม\.(?:ต้น|ปลาย)$")
_LETTERS = re.compile(r"[ก-๙A-Za-z]")


@dataclass(frozen=True)
class TypedName:
    """A name typed after a place word: tokens [first, last), characters of `first` to skip, the name."""

    kind: str  # "school" | "district"
    first: int
    skip: int
    last: int
    name: str
    abbreviated: bool


def ends_name(word: str) -> bool:
    """True for a word that cannot be part of a typed name (a question word, a particle, a grade)."""
    return (not word or word in STOP_WORDS or word in _NOT_A_NAME or not _LETTERS.search(word)
            or word.startswith(_ENDS_NAME) or _GRADE.match(word) is not None)


def typed_names(tokens: tuple[str, ...] | list[str], roman: LazyRomanIndex | None = None,
                ) -> tuple[TypedName, ...]:
    """Every name typed after โรงเรียน/รร./อำเภอ (known or not), in order; ฯ ends a name."""
    out: list[TypedName] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i].strip()
        kind, head = _marker(tok)
        if kind is None:
            i += 1
            continue
        rest = tok[len(head):]
        parts, j, abbreviated = ([rest] if rest else []), i + 1, rest.endswith(ABBREVIATION)
        start = i if rest else i + 1
        while j < len(tokens) and not abbreviated:
            word = tokens[j].strip()
            if not parts and (word in KIND_WORDS or not word):  # "โรงเรียน|มัธยม|ดอยเทพ": the name is after
                j += 1
                start = j
                continue
            if word == ABBREVIATION:
                abbreviated, j = True, j + 1
                break
            if ends_name(word):
                break
            parts.append(word)
            abbreviated = word.endswith(ABBREVIATION)
            j += 1
        name = "".join(parts).replace(ABBREVIATION, "").strip(". ")
        if name:
            out.append(TypedName(kind, start, len(head) if rest else 0, j, name, abbreviated))
        i = max(j, i + 1)
    return tuple(out) + latin_names(tokens, roman)


# ---- names typed in Latin letters ("how many students at Nong Phai school")

SCHOOL_WORDS_EN = frozenset({"school", "schools", "rongrian", "rr", "r.r."})
DISTRICT_WORDS_EN = frozenset({"district", "districts", "amphoe", "amphur", "amphor", "amper", "amp"})
BEFORE_NAME_EN = frozenset({"at", "of", "in", "for", "from", "about", "does", "do", "did", "is", "has"})
"""Words a place name follows in an English question (a name after them is a school's or a district's)."""
_NOT_NAME_EN_WORDS = """
a an the and or but not no yes ok okay please pls thanks thank you hi hello hey me my our we i us your it its this
that these those there their them they he she his her who whom whose what whats which where when why how hows
many much more most less least than per each every all whole entire total number numbers count counts amount
is are was were be been do does did have has had can could would will shall should may might must tell show give
list get find know want need see check at of in on for from to with by about into as
student students pupil pupils kid kids children child learner learners enrolled enrollment enrolment
teacher teachers staff staffs personnel teaching
school schools district districts area areas province provinces office zone region educational education
service primary secondary high middle elementary kindergarten public private government
boy boys girl girls male female males females men women grade grades level levels class classes
year years academic term terms semester semesters now current currently latest last this next today
phone telephone tel number email mail e-mail address location located principal director head headmaster
info information data detail details contact name names code id size big biggest large largest small smallest
compare comparison versus vs ratio rank ranking top
register registration account sign signup login log delete forget report reports notice announcement help
internet wifi network down broken problem issue error computer printer system
"""
NOT_NAME_EN = frozenset(_NOT_NAME_EN_WORDS.split())
"""English words that are never (part of) a place name."""
_LATIN_WORD = re.compile(r"^[a-z][a-z'.-]*$")


def latin_names(tokens: tuple[str, ...] | list[str], roman: LazyRomanIndex | None = None,
                ) -> tuple[TypedName, ...]:
    """Place names typed in Latin letters where an English question puts one: "<name> school",
    "school <name>", "<name> district", "at/of/in/does <name>". A name the vocabulary's romanised names
    clearly spell (knowledge.romanized) is given as that Thai name; another is kept as typed, so that it
    is answered as an unknown school or district, never as the whole area. A province is no name here
    (it means the area)."""
    words = [t.strip().lower() for t in tokens]
    out: list[TypedName] = []
    index = None
    i = 0
    while i < len(words):
        if not _name_word(words[i]):
            i += 1
            continue
        j = i
        while j < len(words) and _name_word(words[j]):
            j += 1
        before = words[i - 1] if i else ""
        after = words[j] if j < len(words) else ""
        if before in DISTRICT_WORDS_EN or after in DISTRICT_WORDS_EN:
            kind = "district"
        elif before in SCHOOL_WORDS_EN or after in SCHOOL_WORDS_EN:
            kind = "school"
        elif before in BEFORE_NAME_EN:
            kind = ""
        else:
            i = j
            continue
        typed = " ".join(words[i:j])
        index = index or (roman() if roman is not None else None)
        found = index.match(typed, prefer=kind or "school") if index is not None else None
        if found is not None and found.kind == "province":
            if not kind:  # "students in Phetchabun": the province, that is the area
                i = j
                continue
            found = None
        if found is not None:
            kind, typed = kind or found.kind, found.name
        out.append(TypedName(kind or "school", i, 0, j, typed, False))
        i = j
    return tuple(out)


def _name_word(word: str) -> bool:
    return (len(word) >= 2 and _LATIN_WORD.match(word) is not None and word not in NOT_NAME_EN
            and word not in SCHOOL_WORDS_EN and word not in DISTRICT_WORDS_EN)


def _marker(tok: str) -> tuple[str | None, str]:
    if tok in SCHOOL_WORDS:
        return "school", tok
    if tok in DISTRICT_WORDS:
        return "district", tok
    # a dictionary compound that starts with โรงเรียน (โรงเรียนสตรี): the rest begins a name
    rest = tok[len("โรงเรียน"):]
    if tok.startswith("โรงเรียน") and rest in KIND_WORDS:  # "โรงเรียนมัธยม": a kind; a name may follow
        return "school", tok
    if tok.startswith("โรงเรียน") and rest and _LETTERS.search(rest) and rest not in _NOT_A_NAME \
            and not rest.startswith(_ENDS_NAME):
        return "school", "โรงเรียน"
    return None, ""


def abbreviated_names(tokens: tuple[str, ...] | list[str]) -> list[str]:
    """Words cut short with ฯ anywhere in the message ("พ่อขุนฯ มีนักเรียนกี่คน"): names without a place word."""
    out = []
    for k, tok in enumerate(tokens):
        word = tok.strip()
        if word == ABBREVIATION and k > 0 and not ends_name(tokens[k - 1].strip()):
            out.append(tokens[k - 1].strip())
        elif word.endswith(ABBREVIATION) and len(word) > 1:
            out.append(word[:-1])
    return [w for w in out if len(w) >= 2]


def leading_name(tokens: tuple[str, ...] | list[str]) -> str:
    """The words a message starts with before its first question word ("พ่อขุน นักเรียนกี่คน")."""
    parts: list[str] = []
    for tok in tokens:
        word = tok.strip()
        if not word and not parts:
            continue
        if ends_name(word) or word in SCHOOL_WORDS or word in DISTRICT_WORDS:
            break
        parts.append(word)
    return "".join(parts).replace(ABBREVIATION, "")


def trailing_name(tokens: tuple[str, ...] | list[str]) -> str:
    """The words a message ends with after its last question word ("ครู วิเชียร", "เบอร์ ท่าพล ครับ")."""
    parts: list[str] = []
    for tok in reversed(tokens):
        word = tok.strip()
        if not parts and (not word or ends_name(word)):
            continue  # the particles and marks after the name
        if ends_name(word) or word in SCHOOL_WORDS or word in DISTRICT_WORDS:
            break
        parts.append(word)
    return "".join(reversed(parts)).replace(ABBREVIATION, "")
