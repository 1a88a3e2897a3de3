"""Normalise Thai chat text before tokenising: script clean-up, digits, abbreviations, particles.

The output is still readable Thai; it only removes noise that never carries meaning for the
bot (zero-width characters, repeated marks, polite particles at phrase ends) and spells out the
abbreviations that school administrators type (ร.ร., นร., ผอ., อ., ต., ม.ต้น, ...).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata

from pythainlp.util import normalize as _th_normalize

from knowledge.number_words import number_words_to_digits

MAX_INPUT_CHARS = 1000
"""Longer messages are cut here: nobody asks a data question in more than a few lines."""

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff0-\uffff]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SPACES = re.compile(r"[ \t\u00a0\u3000\r\n]+")
# four or more of a consonant is emphasis ("มากกกก"); three may be a word's double and the next word's first
# ("คะแนน|น้อง", "คะแนน|นักเรียน")
_REPEAT_CONSONANT = re.compile(r"([ก-ฮ])\1{3,}")
_REPEAT_VOWEL_MARK = re.compile(r"([\u0e30-\u0e3a\u0e40-\u0e4e])\1+")
_REPEAT_PUNCT = re.compile(r"([?!.,~])\1+")
# only text matching this needs PyThaiNLP's (slow, ~25 regex passes) normalize: mark order,
# doubled vowels/marks, nikhahit/lakkhangyao, marks dangling at the start or after a space
_NEEDS_TH_NORMALIZE = re.compile(
    "\u0e40\u0e40|[\u0e48-\u0e4c][\u0e31\u0e34-\u0e3a\u0e47]|[\u0e4d\u0e45]|[\u0e30\u0e32\u0e33][\u0e48-\u0e4b]"
    "|([\u0e30-\u0e3a\u0e40-\u0e44\u0e47-\u0e4e]) *\\1|[\u0e48-\u0e4b]{2}|(?:^|\\s)[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"
)

_C = "ก-ฮ"  # Thai consonants
_NOT_AFTER = f"(?<![{_C}.])"  # an abbreviation never starts inside a word or a dotted acronym

# (pattern, replacement) applied in order on the cleaned text
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        # school / student / director
        (_NOT_AFTER + r"ร\s?\.\s?ร\s?\.?", "โรงเรียน"),
        (r"(?<![ก-ฮ.])รร(?:\.|(?![\u0e30-\u0e3a\u0e45-\u0e4e]))", "โรงเรียน"),  # "รร.เพชร": the dot goes too
        (_NOT_AFTER + r"นร\.", "นักเรียน"),
        (r"(?<![ก-ฮ\u0e30-\u0e4e.])นร(?=\s|$)", "นักเรียน"),
        (_NOT_AFTER + r"น\s?\.\s?ร\s?\.", "นักเรียน"),  # น.ร.
        # ... also glued to a count word: จำนวนนร. / ยอดนร / มีนร.
        (r"(จำนวน|ยอด|มี|ของ|ทั้ง|ใน|และ|กับ|รวม)นร(?:\.|(?=\s|$))", r"\1นักเรียน"),
        (_NOT_AFTER + r"ผอ(?:\.|(?![ก-ฮ\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]))", "ผู้อำนวยการ"),
        # ... also glued to the word before it: แล้วผอ.ล่ะ / ของผอ. / กับผอ
        (r"(แล้ว|ของ|และ|กับ|ส่วน|ทั้ง)ผอ(?:\.|(?=\s|$))", r"\1ผู้อำนวยการ"),
        (_NOT_AFTER + r"ผู้อำนวยการ\s*โรงเรียน", "ผู้อำนวยการโรงเรียน"),
        # grades and bands: ม 1 / ม1 / มัธยมศึกษาปีที่ 1 -> ม.1 ; ม ต้น / มัธยมต้น -> ม.ต้น
        (r"มัธยม(?:ศึกษา)?\s*(?:ปีที่)?\s*([1-6])(?!\d)", r"ม.\1"),
        (r"ประถม(?:ศึกษา)?\s*(?:ปีที่)?\s*([1-6])(?!\d)", r"ป.\1"),
        (r"อนุบาล\s*([1-3])(?!\d)", r"อ.\1"),
        (_NOT_AFTER + r"([มปอ])\s?\.?\s?([1-6])(?!\d)", r"\1.\2"),
        # ... also glued to the word before it: นักเรียนม6 / ชั้นม 6 / เด็กป.6
        (r"(นักเรียน|ชั้น|เด็ก|ระดับ)([มปอ])\s?\.?\s?([1-6])(?!\d)", r"\1\2.\3"),
        (r"(?:ม\s?\.?\s?|มัธยม(?:ศึกษา)?\s*(?:ตอน)?)\s*ต้น", "ม.ต้น"),
        (r"(?:ม\s?\.?\s?|มัธยม(?:ศึกษา)?\s*(?:ตอน)?)\s*ปลาย", "ม.ปลาย"),
        # places: อ. / ต. / จ. (not อ.1-อ.3, which are kindergarten grades)
        (_NOT_AFTER + r"อ\s?\.\s?(?![\d.])", "อำเภอ"),
        (_NOT_AFTER + r"ต\s?\.\s?(?![\d.])", "ตำบล"),
        (_NOT_AFTER + r"จ\s?\.\s?(?![\d.])", "จังหวัด"),
        # ... also glued to a short function word: ทั้งอ.หนองไผ่ / ในต.นาซำ
        (r"(ทั้ง|ใน|ของ|ที่|และ|กับ)อ\s?\.\s?(?![\d.])", r"\1อำเภอ"),
        (r"(ทั้ง|ใน|ของ|ที่|และ|กับ)ต\s?\.\s?(?![\d.])", r"\1ตำบล"),
        (r"(ทั้ง|ใน|ของ|ที่|และ|กับ)จ\s?\.\s?(?![\d.])", r"\1จังหวัด"),
        # "around / on the side of" a place is in it: โรงเรียนแถวหล่มสัก, นักเรียนฝั่งชนแดน
        (r"(โรงเรียน|นักเรียน|ครู|^|\s)\s*(?:แถว|ฝั่ง|แถบ|ละแวก|โซน)\s*(?=อำเภอ|[ก-ฮเแโใไ])", r"\1ใน"),
        (r"อำเภอ\s+", "อำเภอ"),
        (r"ตำบล\s+", "ตำบล"),
        (r"โรงเรียน\s+(?=[ก-ฮเแโใไ])", "โรงเรียน"),
        # system names typed in Thai letters: เอ็มไอเอส -> mis, ไอซีที -> ict, ดีเอ็มซี -> dmc
        (r"เอ็ม\s?ไอ\s?เอส", " mis "),
        (r"ไอ\s?ซี\s?ที", " ict "),
        (r"ดี\s?เอ็ม\s?ซี", " dmc "),
        # years
        (r"ปี\s*(?:การศึกษา|กศ\.?)\s*(?:นี้|ปัจจุบัน|ล่าสุด)", "ปีนี้"),
        (r"ปี\s*(?:การศึกษา|กศ\.?)\s*(?:ที่แล้ว|ก่อน|ที่ผ่านมา)", "ปีที่แล้ว"),
        (r"ปี\s*(?:ที่แล้ว|ก่อน(?:หน้า(?:นี้)?)?|ที่ผ่านมา|กลาย)", "ปีที่แล้ว"),
        (r"ปีกศ\.?", "ปีการศึกษา"),
        (r"ปีงบ(?:ประมาณ)?\.?", "ปีงบประมาณ"),
    )
)

# polite particles, dropped when they end a phrase (followed by space, punctuation or the end)
_PARTICLES = re.compile(
    r"(?:นะ)?(?:ครับผม|ครับ|คร้าบ|ค้าบ|ขอรับ|คับ|งับ|ค่ะ|คะ|ค่า|จ้า|จ้ะ|จ๊ะ|ฮะ|ฮับ|นะ)+"
    r"(?=[\s?!.,~]|$)"
)
# words that end in the same letters as a particle but are content
_PARTICLE_KEEP = ("บังคับ", "ชนะ", "ฐานะ", "ทัศนะ", "มานะ", "ขณะ", "ค่าคะ", "บังคับนะ", "มีค่า", "ราคา")


def strip_particles(text: str) -> str:
    """The text without polite particles where they end a phrase ("หล่มสักวิทยาคม ครับ" → "หล่มสักวิทยาคม ")."""
    def repl(m: re.Match[str]) -> str:
        start = m.start()
        window = text[max(0, start - 4) : m.end()]
        if any(window.endswith(k) for k in _PARTICLE_KEEP):
            return m.group(0)
        if m.group(0).startswith("จ") and start > 0 and text[start - 1] == "เ":  # เจ้า
            return m.group(0)
        if start > 0 and text[start - 1] in "เแโใไ":  # particle letters are part of the word
            return m.group(0)
        return ""

    return _PARTICLES.sub(repl, text)


def clean(text: str) -> str:
    """Script-level clean-up only: zero-width, Thai digits, repeats, spaces, Latin case."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)[:MAX_INPUT_CHARS])
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    text = text.translate(_THAI_DIGITS)
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # nikhahit + sara aa typed for sara am
    if _NEEDS_TH_NORMALIZE.search(text):
        with contextlib.suppress(Exception):  # pythainlp must never take the bot down
            text = _th_normalize(text)
    text = _REPEAT_CONSONANT.sub(lambda m: "รร" if m.group(1) == "ร" else m.group(1), text)
    text = _REPEAT_VOWEL_MARK.sub(r"\1", text)
    text = _REPEAT_PUNCT.sub(r"\1", text)
    text = _SPACES.sub(" ", text).strip()
    return text.lower()


def expand_abbreviations(text: str) -> str:
    """Spell out the common abbreviations (ร.ร., นร., ผอ., อ., ต., ม.ต้น, ปีที่แล้ว ...)."""
    for pattern, repl in _REWRITES:
        text = pattern.sub(repl, text)
    return text


def normalize(text: str) -> str:
    """Return the canonical form of a chat message used by every later step."""
    text = clean(text)
    text = number_words_to_digits(text)  # "ปีหกสิบเจ็ด" -> "ปี 67", "มอสาม" -> "ม.3"
    text = expand_abbreviations(text)
    text = strip_particles(text)
    text = _SPACES.sub(" ", text).strip()
    return text
