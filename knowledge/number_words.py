"""Thai number words read as digits, only where a year or a grade is expected.

"ปีการศึกษาสองพันห้าร้อยหกสิบเจ็ด" -> "ปีการศึกษา 2567", "ปีหกสิบเจ็ด" -> "ปี 67",
"ปีสองห้าหกเจ็ด" -> "ปี 2567" (digit by digit), "มอสาม" / "ม.สาม" -> "ม.3",
"มัธยมศึกษาปีที่หนึ่ง" -> "มัธยมศึกษาปีที่1" (the abbreviation rewrites then make it ม.1),
"มอต้น" / "มอปลาย" -> "ม.ต้น" / "ม.ปลาย".

A context word is always required, and a year must read as a plausible year, so words that merely
contain number syllables stay as they are: สามัญ, หกล้ม, เก้าอี้, สองแคว, บึงสามพัน, เสมอต้นเสมอปลาย.
"""

from __future__ import annotations

import re

_DIGIT = {"ศูนย์": 0, "หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5,
          "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9}
_UNIT = {"สิบ": 10, "ร้อย": 100, "พัน": 1000}

# cheap pre-check: none of these substrings -> no number word anywhere, nothing to do
_CUES = ("หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า", "สิบ", "ศูนย์", "ต้น", "ปลาย")

_WORD = "ศูนย์|หนึ่ง|เอ็ด|สอง|ยี่|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ร้อย|พัน"
_WORD_RE = re.compile(_WORD)
_MARK = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # vowel and tone marks: a word ending before one is cut mid-syllable
# a run of number words, single spaces allowed between them, never ending inside a syllable
_RUN = f"(?:{_WORD})(?:[ ]?(?:{_WORD}))*(?![{_MARK}])"
_THAI = re.compile("[\u0e01-\u0e4e]")

_YEAR_CONTEXT = r"ปีการศึกษา|ปีกศ\.?|ปีงบประมาณ|ปีงบ\.?|ปี|พ\.\s?ศ\.?|พศ\.?"
_YEAR = re.compile(f"({_YEAR_CONTEXT})\\s*(ที่\\s*)?({_RUN})")
# more years listed after the first: "ปีหกสิบหก กับ หกสิบเจ็ด", "ปีหกหก-หกเจ็ด"
_MORE_YEAR = re.compile(f"(\\s*(?:,|/|-|–|และ|กับ|ถึง|หรือ|vs\\.?|เทียบกับ)\\s*(?:{_YEAR_CONTEXT})?\\s*)({_RUN})")

_GRADE_WORD = "หนึ่ง|สอง|สาม|สี่|ห้า|หก"
_GRADE_END = f"(?![{_MARK}]|[ ]?(?:{_WORD}))"  # one grade word, not the start of a longer number
_GLUED = "|(?<=นักเรียน)|(?<=ชั้น)|(?<=เด็ก)|(?<=ระดับ)"  # "นักเรียนม.สาม", "ชั้นมอหก"
# "มอ" as a word of its own (not เสมอ, หมอ, มอเตอร์), or glued to one of the words above
_MO_GRADE = re.compile(f"(?:(?<![\u0e01-\u0e4e.]){_GLUED})มอ\\s?(?:({_GRADE_WORD}){_GRADE_END}|(ต้น|ปลาย))")
_DOT_GRADE = re.compile(f"(?:(?<![\u0e01-\u0e2e.]){_GLUED})([มป])\\s?\\.\\s?({_GRADE_WORD}){_GRADE_END}")
_LONG_GRADE = re.compile(f"((?:มัธยม|ประถม)(?:ศึกษา)?\\s*(?:ปีที่)?\\s*)({_GRADE_WORD}){_GRADE_END}")


def thai_number(words: str) -> int | None:
    """The value of a run of Thai number words, or None when it does not read as one number.

    Place-value reading ("สองพันห้าร้อยหกสิบเจ็ด" = 2567, "ยี่สิบเอ็ด" = 21) when สิบ/ร้อย/พัน occur,
    else digit by digit ("สองห้าหกเจ็ด" = 2567, "หกเจ็ด" = 67).
    """
    tokens = _WORD_RE.findall(words)
    if not tokens:
        return None
    if not any(t in _UNIT for t in tokens):  # digit by digit
        if "ยี่" in tokens or "เอ็ด" in tokens:
            return None
        value = 0
        for t in tokens:
            value = value * 10 + _DIGIT[t]
        return value
    total, last_unit = 0, 10_000
    digit: int | None = None
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t in _UNIT:
            unit = _UNIT[t]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
            continue
        if digit is not None:  # two digits in a row inside a place-value number
            return None
        if t == "ยี่" and nxt != "สิบ":
            return None
        if t == "เอ็ด" and (nxt is not None or last_unit == 10_000):
            return None
        digit = _DIGIT[t]
    return total + (digit or 0)


def _year_digits(run: str) -> tuple[str | None, int]:
    """Digits for a run of words read as a year, and how many characters of the run were used.

    Only a plausible year is read: 40-99 (a short Buddhist year, 25xx), 2540-2599 or 2010-2049 (A.D.);
    "ปีสองพันคน" stays.
    """
    candidates = [run]
    if " " in run:
        candidates.append(run.split(" ", 1)[0])  # the words after a space may be something else
    for cand in candidates:
        value = thai_number(cand)
        if value is None:
            continue
        digit_by_digit = not any(u in cand for u in _UNIT)
        n_words = len(_WORD_RE.findall(cand))
        short = 40 <= value <= 99 and (not digit_by_digit or n_words == 2)
        full = (2540 <= value <= 2599 or 2010 <= value <= 2049) and (not digit_by_digit or n_words == 4)
        if short or full:
            return str(value), len(cand)
    return None, 0


def _spaced(digits: str, text: str, end: int) -> str:
    """ `digits` with a space after it when a Thai letter follows (helps the tokeniser)."""
    return digits + " " if end < len(text) and _THAI.match(text, end) else digits


def _years(text: str) -> str:
    out: list[str] = []
    pos = 0
    while (m := _YEAR.search(text, pos)) is not None:
        digits, used = _year_digits(m.group(3))
        if digits is None:
            out.append(text[pos : m.end()])
            pos = m.end()
            continue
        end = m.start(3) + used
        out.append(text[pos : m.start(3)].rstrip() + " " + _spaced(digits, text, end))
        pos = end
        while (more := _MORE_YEAR.match(text, pos)) is not None:
            digits, used = _year_digits(more.group(2))
            if digits is None:
                break
            end = more.start(2) + used
            out.append(more.group(1) + _spaced(digits, text, end))
            pos = end
    out.append(text[pos:])
    return "".join(out)


def _grade(word: str) -> str:
    return str(_DIGIT[word])


def _mo(m: re.Match[str]) -> str:
    if m.group(2):
        return "ม." + m.group(2)
    return "ม." + _spaced(_grade(m.group(1)), m.string, m.end())


def number_words_to_digits(text: str) -> str:
    """Rewrite Thai number words as digits after a year or grade word; everything else is untouched."""
    if not any(c in text for c in _CUES):
        return text
    if "มอ" in text:
        text = _MO_GRADE.sub(_mo, text)
    if "." in text:
        text = _DOT_GRADE.sub(lambda m: m.group(1) + "." + _spaced(_grade(m.group(2)), m.string, m.end()), text)
    if "มัธยม" in text or "ประถม" in text:
        text = _LONG_GRADE.sub(lambda m: m.group(1) + _spaced(_grade(m.group(2)), m.string, m.end()), text)
    if "ปี" in text or "ศ" in text:
        text = _years(text)
    return text
