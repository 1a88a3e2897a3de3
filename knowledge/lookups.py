"""Reverse look-up keys typed in a question: a school code, a phone number, an e-mail or a person's name.

"รหัส 1067000003 คือโรงเรียนอะไร", "เบอร์ 056-775704 ของที่ไหน", "นายสมชาย ใจดี เป็นผอ.ที่ไหน": the key
names a school the bot has to find by it. Only the shape of the key is read here (the knowledge layer
has no contact data); the data handler looks it up. A phone number, an e-mail or a name counts as a key
only when the message asks which school / whose it is, or says little else, so "เน็ตล่ม ติดต่อ 08…"
stays an incident report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from knowledge.names import DISTRICT_WORDS, NOT_NAME, SCHOOL_WORDS
from knowledge.texts import SCHOOL_SUFFIXES

LookupKind = Literal["code", "phone", "email", "person"]

_CODE = re.compile(r"(?<![\d+])([1-9]\d{5,9})(?!\d)")
_CODE_WORD = re.compile(r"รหัส\S{0,12}\s*$")
_LONG_CODE = 8
"""A number of 8-10 digits (not starting with 0) may be a school code without รหัส (see `_codes`)."""
PHONE = re.compile(r"(?<![\d])(?:\+?66[\s\-.]*|0)[1-9](?:[\s\-.]?\d){6,9}")
"""A Thai phone number (0xx… or +66…), spaces, dots or dashes allowed between digits."""
_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+\-]*@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+")
_TITLE = re.compile(r"(?<![ก-๙])(?:นางสาว|น\.ส\.|นาง|นาย|ดร\.|ว่าที่\s*ร\.?\s*ต\.?|ว่าที่ร้อยตรี)|ผู้อำนวยการ")
_PERSON_TITLE = re.compile(r"(?:นางสาว|น\.ส\.|นาง|นาย|ดร\.|ว่าที่\s*ร\.?\s*ต\.?|ว่าที่ร้อยตรี)")
PRINCIPAL_WORD = "ผู้อำนวยการ"
_ASKS_SCHOOL = re.compile(r"ไหน|อะไร|ใด")
_ASKS_WHO = re.compile(r"ใคร")
_CONTACT_WORD = re.compile(r"เบอร์|โทร|อีเมล|เมล")
_NAME_OF_PRINCIPAL = re.compile(r"ชื่อ\s*(?:อะไร|ว่าอะไร)|ชื่อ\s*ผู้อำนวยการ")
_ONLY_LOOKUP_WORDS = re.compile(
    r"เบอร์โทรศัพท์|เบอร์โทร|เบอร์|หมายเลข|โทรศัพท์|โทร|อีเมล์?|อีเมย|e-?mail|เมล|รหัสโรงเรียน|รหัส|ผู้อำนวยการ|"
    r"โรงเรียน|ของ|คือ|ขอ|นี้|ครับ|ค่ะ|คะ|นะ|หน่อย|ด้วย|ท่าน|คุณ|[\s?.!,:;()\"'-]")
_NOT_PERSON_START = ("โรงเรียน", "รร", "ร.ร", "กลุ่ม", "เขต", "สำนักงาน", "สพม", "สพฐ", "คือ")
_IS_PRINCIPAL = re.compile(r"(?:เป็น|คือ)\s*(?:ผอ\.?|ผู้อำนวยการ)")
"""A name typed without a title before "เป็นผอ." ("สมชาย ใจดี เป็นผอ.ที่ไหน")."""
_THAI_WORD = re.compile(r"[ก-๙]{2,}")
_NAME_WORDS_OFF = NOT_NAME | frozenset({
    "อีเมล", "อีเมล์", "เบอร์", "เบอร์โทร", "โทร", "โทรศัพท์", "รหัส", "กับ", "และ", "หรือ", "เป็น", "อยู่", "ที่", "มี",
    "กี่", "ของ", "ผู้อำนวยการ", "ผอ", "ผอ.", "นักเรียน", "ครู", "ข้อมูล", "ขอ", "ตำแหน่ง",
    "ล่ะ", "หล่ะ", "หละ", "ด้วย", "หน่อย", "บ้าง"})  # "ผอ.ล่ะ" asks for the principal, it names nobody
"""Words that end a person's name (a name itself may hold ชาย, ดี, ทอง...)."""
_LETTERS = re.compile(r"[ก-๙A-Za-z]")
PHONE_DIGITS = {True: 10, False: 9}
"""Digits of a Thai number: mobiles (06/08/09) have 10, landlines 9."""


@dataclass(frozen=True)
class LookupKey:
    """A key typed in the text: kind, value (digits, lower-case e-mail, or "first last"), characters [start, end)."""

    kind: LookupKind
    value: str
    start: int
    end: int


def phone_digits(text: str) -> str:
    """A phone number's digits, +66 written as 0 ("" when it is not a Thai number)."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits.startswith("66") and not text.lstrip().startswith("0"):
        digits = "0" + digits[2:]
    if not digits.startswith("0") or len(digits) < 2:
        return ""
    want = PHONE_DIGITS[digits[1] in "689"]
    return digits[:want] if len(digits) >= want else ""


def _phones(text: str) -> list[LookupKey]:
    out = []
    for m in PHONE.finditer(text):
        raw = m.group(0)
        digits = phone_digits(raw)
        if not digits:
            continue
        want, seen, end = len(digits), 0, m.start()
        for k, ch in enumerate(raw):  # cut the match after the number's last digit
            if ch.isdigit():
                seen += 1
                if seen == want + (1 if raw.lstrip("+").startswith("66") else 0):
                    end = m.start() + k + 1
                    break
        if end < len(text) and text[end].isdigit():
            continue  # a longer number
        out.append(LookupKey("phone", digits, m.start(), end))
    return out


def _codes(text: str, taken: list[LookupKey], known_code: Callable[[str], bool]) -> list[LookupKey]:
    """Numbers after รหัส; a long number alone only when it is a known code or the text asks whose it is
    ("งบ 12000000 บาท" or "เลขที่หนังสือ 123456789" name no school)."""
    out = []
    for m in _CODE.finditer(text):
        if any(k.start <= m.start() < k.end for k in taken):
            continue
        key = LookupKey("code", m.group(1), m.start(), m.end())
        if _CODE_WORD.search(text, 0, m.start()) or (
                len(key.value) >= _LONG_CODE and (known_code(key.value) or _asked(text, key))):
            out.append(key)
    return out


def _person(text: str, tokens: Sequence[str], offsets: Sequence[tuple[int, int]],
            is_place_at: Callable[[int], bool]) -> LookupKey | None:
    """The first title + name (นายสมชาย ใจดี, ผอ.วรรณา) that is not a known place."""
    for m in _TITLE.finditer(text):
        principal = m.group(0) == PRINCIPAL_WORD
        start = m.end()
        while start < len(text) and text[start] == " ":
            start += 1
        if text.startswith("ชื่อ", start):  # "ผอ.ชื่อวรรณา"
            start += len("ชื่อ")
            while start < len(text) and text[start] == " ":
                start += 1
        if text.startswith(_NOT_PERSON_START, start) or is_place_at(m.start() if not principal else start):
            continue
        key_start = start if principal else m.start()
        titled = _PERSON_TITLE.match(text, start) if principal else None
        if titled is not None:  # "ผอ.ชื่อ นางมาลัย ดอกไม้": a titled name follows, read as such
            key_start, principal, start = titled.start(), False, titled.end()
            while start < len(text) and text[start] == " ":
                start += 1
        first, end = _name_run(text, tokens, offsets, start)
        if len(first) < 2 or first.endswith(SCHOOL_SUFFIXES):
            continue
        if principal and any(map(is_place_at, range(start, end))):
            continue  # ผอ.บ้านหนองไผ่: a school's name around a known place, not a person
        last, last_end = "", end
        nxt = end
        while nxt < len(text) and text[nxt] == " ":
            nxt += 1
        # after นาย/นาง/นางสาว + first name the next word is the surname even when it reads like a place
        # ("นางกาญจนา เพชรรัตน์": not the school เพชร…); after "ผอ." a place is the school's name
        if nxt > end and not text.startswith(_NOT_PERSON_START, nxt) and (not principal or not is_place_at(nxt)):
            last, last_end = _name_run(text, tokens, offsets, nxt)
            if len(last) < 2 or last.endswith(SCHOOL_SUFFIXES):
                last, last_end = "", end
        return LookupKey("person", f"{first} {last}".strip(), key_start, last_end)
    return _untitled(text, is_place_at)


def _untitled(text: str, is_place_at: Callable[[int], bool]) -> LookupKey | None:
    """A name without a title right before "เป็นผอ." (its last one or two words)."""
    m = _IS_PRINCIPAL.search(text)
    if m is None:
        return None
    words: list[tuple[int, str]] = []
    end = len(text[:m.start()].rstrip())
    for w in reversed(list(re.finditer(r"\S+", text[:end]))):
        word = w.group(0)
        if len(words) == 2 or not _THAI_WORD.fullmatch(word) or word in _NAME_WORDS_OFF \
                or word.endswith(SCHOOL_SUFFIXES) or is_place_at(w.start()):
            break
        words.insert(0, (w.start(), word))
    if not words:
        return None
    return LookupKey("person", " ".join(w for _, w in words), words[0][0], end)


def _name_run(text: str, tokens: Sequence[str], offsets: Sequence[tuple[int, int]], start: int) -> tuple[str, int]:
    """The letters from `start` up to a space or a word that cannot be part of a name."""
    parts: list[str] = []
    pos = start
    for a, b in offsets[:len(tokens)]:
        if b <= start:
            continue
        if a > pos:  # a gap (a space) ends the name
            break
        word = text[max(a, start):b].strip()
        if not word or not _LETTERS.search(word) or word in _NAME_WORDS_OFF or word in SCHOOL_WORDS \
                or word in DISTRICT_WORDS:
            break
        parts.append(word)
        pos = b
    return "".join(parts), pos


def _asked(text: str, key: LookupKey) -> bool:
    """True when the message asks which school / whose, or says little besides the key."""
    rest = text[:key.start] + " " + text[key.end:]
    before = text[:key.start].rstrip().removesuffix("ชื่อ").rstrip()
    if key.kind == "person" and before.endswith(PRINCIPAL_WORD):
        # "ผอ.<name>": a person only when a school or its contact is asked for ("ผอ.X คือใคร" asks for
        # X's principal)
        asks = _ASKS_SCHOOL.search(rest) or _CONTACT_WORD.search(rest) or not _ONLY_LOOKUP_WORDS.sub("", rest)
        return bool(asks) and not _NAME_OF_PRINCIPAL.search(rest)
    if _ASKS_SCHOOL.search(rest) or _ASKS_WHO.search(rest):
        return True
    return not _ONLY_LOOKUP_WORDS.sub("", rest)


def read_keys(text: str, tokens: Sequence[str], offsets: Sequence[tuple[int, int]],
              forms: Mapping[str, object], max_form_len: int,
              known_code: Callable[[str], bool] = lambda code: True) -> tuple[list[LookupKey], LookupKey | None]:
    """The look-up keys of a normalised text, in order (codes always, the others only when asked about),
    and a person named with a title whom the text does not ask about ("นายสมชาย ใจดี โรงเรียน…"): no
    key, but no school either ("นาย|สม" is not นายม…)."""

    def is_place_at(at: int) -> bool:
        """True when a known name (longer than 2 letters) starts at this character."""
        compact = text[at:at + max_form_len + 8].replace(" ", "")
        return any(compact[:n] in forms for n in range(3, min(len(compact), max_form_len) + 1))

    keys = _phones(text)
    keys += [LookupKey("email", m.group(0), m.start(), m.end()) for m in _EMAIL.finditer(text)]
    keys = [k for k in keys if _asked(text, k)]
    keys += _codes(text, keys, known_code)
    unasked = None
    if "@" not in text:
        person = _person(text, tokens, offsets, is_place_at)
        if person is not None and _asked(text, person):
            keys.append(person)
        elif person is not None and not text.startswith(PRINCIPAL_WORD, person.start):
            unasked = person  # titled (นาย/นาง/ดร.…); "ผอ.X" unasked may be the school X's principal
    return sorted(keys, key=lambda k: k.start), unasked
