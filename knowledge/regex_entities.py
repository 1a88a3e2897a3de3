"""Entities read by pattern, not by name: grades, gender, years and terms, metric and contact fields,
rankings, ticket numbers, ratings (place names are found by `knowledge.entities.find_places`)."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from knowledge.asks import data_asks
from knowledge.entities import Entities, SizeClass

MAX_RANGE_YEARS = 6
_SPACE = re.compile(r"\s+")

# ---------------------------------------------------------------- regex entities
_TICKET = re.compile(r"inc\s*[-_ ]?\s*(\d{4})\s*[-_ ]?\s*(\d{1,4})(?!\d)", re.I)
_YEAR4 = re.compile(r"(?<![\d\-/.])(25[4-9]\d|20[0-4]\d)(?![\d\-/])")
_YEAR4_RANGE = re.compile(r"(?<![\d\-/.])(25[4-9]\d)\s*(?:-|–)\s*(25[4-9]\d)(?![\d\-/])")
_YEAR2 = re.compile(r"(?:ปีการศึกษา|ปีงบประมาณ|ปี|พ\.ศ\.?|พศ\.?)\s*(?:ที่\s*)?(\d{2})(?!\d)")
_NOT_A_YEAR_AFTER = r"(?![\d.]|\s*(?:คน|โรง(?!เรียน)|แห่ง|ห้อง|%|เปอร์|ราย|ชั่วโมง|นาที|บาท|ครั้ง|วัน|เดือน|ปี(?!การ|งบ|นี้)))"
# a two-digit number that continues a list of years: "ปี 67 และ 68", "2566, 67 กับ 68", "67 vs 68"
_YEAR_NEXT = re.compile(
    r"\s*(,|/|-|–|และ|กับ|ถึง|หรือ|vs\.?|เทียบ(?:กับ)?)\s*(?:ปี(?:การศึกษา)?\s*)?(?:พ\.ศ\.?\s*)?"
    r"(25[4-9]\d|\d{2})" + _NOT_A_YEAR_AFTER,
    re.I,
)
# two-digit years compared without the word ปี: "เทียบ 67 กับ 68", "67 vs 68"
_YEAR_PAIR = re.compile(
    r"(?:(?:เทียบ|เปรียบเทียบ)\s*(?:ระหว่าง\s*)?(?:ปี\s*)?(\d{2})(?!\d)\s*(?=,|และ|กับ|vs|-|–|ถึง|หรือ))"
    r"|(?<![\d.])(\d{2})\s*(?=(?:vs\.?|เทียบกับ)\s*(?:ปี\s*)?\d{2}(?!\d))",
    re.I,
)
_FISCAL = re.compile(r"ปีงบประมาณ\s*(?:พ\.ศ\.?)?\s*(\d{2,4})(?!\d)")
_REL_YEAR = re.compile(r"(?:(\d)\s*)?(ปีนี้|ปีที่แล้ว|ปีหน้า)")
_TERM = re.compile(
    r"(?:ภาคเรียน|เทอม|ภาค|\bterm)\s*(?:ที่)?\s*(?:([12])(?!\d)|(หนึ่ง|แรก|สอง|ต้น|ปลาย)(?!ปี))"
    r"(?:\s*/\s*(\d{4}|\d{2})(?!\d))?",  # "ภาคเรียนที่ 2/2567", "1/68": the year rides along
    re.I,
)
_TERM_WORD = {"หนึ่ง": 1, "แรก": 1, "ต้น": 1, "สอง": 2, "ปลาย": 2}
# a grade may be glued to the Thai word before it (นักเรียนม.6, ชั้นม.6) but not be part of a dotted
# acronym (ส.ม.1) or an office name (สพม.1)
_GRADE = re.compile(r"(?<![.\d])(?<!สพ)([มปอ])\.([1-6])(?:\s*(?:-|–|ถึง)\s*(?:[มปอ]\.)?([1-6]))?(?!\d)")
_BANDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"ม\.ต้น"), ("ม.1", "ม.2", "ม.3")),
    (re.compile(r"ม\.ปลาย"), ("ม.4", "ม.5", "ม.6")),
    (re.compile(r"ประถม(?!\s*\d)"), tuple(f"ป.{i}" for i in range(1, 7))),
    (re.compile(r"อนุบาล(?!\s*\d)"), ("อ.1", "อ.2", "อ.3")),
)
_MALE = re.compile(r"ชาย|\bmale\b|\bboys?\b|ช\.(?=\s|$)")
_FEMALE = re.compile(r"หญิง|สตรี|\bfemale\b|\bgirls?\b|ญ\.(?=\s|$)")
_BY_GENDER = re.compile(r"แยก\s*(?:ตาม)?\s*เพศ|ชาย\s*(?:และ|กับ|/|,)?\s*หญิง|หญิง\s*(?:และ|กับ|/)?\s*ชาย|รายเพศ")
_BY_GRADE = re.compile(r"แยก\s*(?:ตาม|ราย)?\s*(?:ระดับ)?ชั้น|รายชั้น|ทุกชั้น|แต่ละชั้น|แยก\s*ม\.")
_METRICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("phone", re.compile(r"เบอร์|โทร|\btel\b|phone|ติดต่อ|หมายเลข")),
    ("email", re.compile(r"อีเมล|อีเมย|เมล์?|e-?mail|gmail")),
    ("principal", re.compile(r"ผู้อำนวยการ(?!\s*(?:กลุ่ม|สำนักงาน|เขต|สพม))|ใครเป็นผอ|principal|ผู้บริหาร")),
    ("address", re.compile(r"ที่อยู่(?!\s*ใน)|ที่ตั้ง|อยู่\s*(?:ที่|ตรง)\s*ไหน|ตั้งอยู่|อยู่\s*(?:ตำบล|อำเภอ)|(?:ตำบล|อำเภอ)\s*อะไร|"
                           r"แผนที่|พิกัด|location|address|ไป\s*(?:ยังไง|อย่างไร)|เส้นทาง")),
    ("code", re.compile(r"รหัส|\bcode\b|\bid\b")),
    ("teachers", re.compile(r"ครู|อาจารย์|บุคลากร|teacher")),
    ("schools", re.compile(r"(?:กี่|จำนวน)\s*(?:โรง|แห่ง)|how many schools|จำนวนโรงเรียน|โรงเรียน\s*(?:ทั้งหมด)?\s*กี่")),
    ("students", re.compile(r"นักเรียน|เด็ก|student|[มปอ]\.\d|ม\.ต้น|ม\.ปลาย|ชาย|หญิง")),
    ("size", re.compile(r"ขนาด|\bsize\b")),
    ("info", re.compile(r"ข้อมูล|รายละเอียด|\binfo\b|ประวัติ")),
)
_RATIO = re.compile(
    r"อัตราส่วน|สัดส่วน|\bratio\b|(?<!ติด)ต่อ\s*(?:1|หนึ่ง)?\s*(?:คน)?\s*(?:ครู|นักเรียน|เด็ก)|เฉลี่ย\s*(?:ครู|นักเรียน)"
)
# the size classes of the area office: เล็ก / กลาง / ใหญ่ / ใหญ่พิเศษ ("ขนาดใหญ่ที่สุด" is a ranking)
_SIZE_CLASS = re.compile(r"ขนาด\s*(ใหญ่\s*พิเศษ|ใหญ่|กลาง|เล็ก)(?!\s*(?:ที่)?\s*สุด|\s*กว่า)")
_SIZE_NAMES: dict[str, SizeClass] = {"เล็ก": "small", "กลาง": "medium", "ใหญ่": "large", "ใหญ่พิเศษ": "xlarge"}
_LARGEST = re.compile(r"(?:ใหญ่|มาก|เยอะ|สูง)\s*(?:ที่)?สุด|อันดับ\s*(?:ที่\s*)?1|\btop\b|largest|biggest")
_MORE = re.compile(r"(?:ใหญ่|มาก|เยอะ|สูง)\s*กว่า|\bmore\b|\bbigger\b|\blarger\b")
_LESS = re.compile(r"(?:เล็ก|น้อย|ต่ำ)\s*กว่า|\bfewer\b|\bless\b|\bsmaller\b")
_SMALLEST = re.compile(r"(?:เล็ก|น้อย|ต่ำ)\s*(?:ที่)?สุด|smallest")
_WHICH_ONE = re.compile(r"(?:โรงเรียน|โรง|แห่ง|อำเภอ)\s*(?:ไหน|ใด)")
"""Which school (or district) is bigger: a ranking of the place named, like "…ที่สุด"."""
_MY_SCHOOL = re.compile(
    r"(?:โรงเรียน|ร\.ร\.)\s*(?:ของ)?\s*(?:เรา|ฉัน|ผม|หนู|ดิฉัน|พวกเรา|ตัวเอง|กู|ข้าพเจ้า)|my school|ของเรา"
)
_OUR_PLACE = re.compile(r"(?:เขต\s*(?:พื้นที่)?|จังหวัด|อำเภอ|สังกัด|สพม\.?\S*|§[dp])\s*(?:ของ)?\s*(?:เรา|พวกเรา)")
"""Our area, district or province ("ทั้งเขตพื้นที่ของเรา"): not my school."""
_WHOLE_AREA = re.compile(
    r"ทั้ง\s*(?:เขต|จังหวัด|สพม|สังกัด|หมดใน\s*เขต|หมดของ\s*เขต)|ในเขต\s*พื้นที่|ภาพรวม|ทุกโรงเรียน|"
    r"ในสังกัด|ทุกอำเภอ|ทั้งหมดในเขต"
)
_RATING = re.compile(r"^(?:ให้\s*)?(?:คะแนน\s*)?([1-5])(?:\s*(?:ดาว|คะแนน|/\s*5|เต็ม\s*5))?$")
_STARS = re.compile(r"^[⭐★☆*\s]+$")


def current_academic_year(today: date) -> int:
    """Academic year (B.E.) in progress on ``today``: it starts on 16 May."""
    be = today.year + 543
    return be if (today.month, today.day) >= (5, 16) else be - 1


def _years(text: str, base: int) -> tuple[list[int], int | None]:
    """All academic years in order of appearance, and a fiscal year if one is named."""
    found: list[tuple[int, int]] = []
    for m in _YEAR4.finditer(text):
        y = int(m.group(1))
        found.append((m.start(), y + 543 if y < 2100 else y))
    for m in _YEAR2.finditer(text):
        found.append((m.start(1), 2500 + int(m.group(1))))
    for m in _REL_YEAR.finditer(text):
        n = int(m.group(1) or 1)
        delta = {"ปีนี้": 0, "ปีที่แล้ว": -n, "ปีหน้า": 1}[m.group(2)]
        found.append((m.start(), base + delta))
    for m in _YEAR4_RANGE.finditer(text):  # 2565-2568: every year of the range
        a, b = sorted((int(m.group(1)), int(m.group(2))))
        found.extend((m.start(), y) for y in range(a, b + 1) if b - a <= MAX_RANGE_YEARS)
        found.extend([(m.start(1), a), (m.start(2), b)])
    for m in _YEAR_PAIR.finditer(text):
        g = 1 if m.group(1) else 2
        found.append((m.start(g), 2500 + int(m.group(g))))
    ends = sorted({_year_end(text, at) for at, _ in found})
    while ends:  # follow each year with the two-digit years listed after it
        nxt = _YEAR_NEXT.match(text, ends.pop(0))
        if nxt is None:
            continue
        raw = int(nxt.group(2))
        y = raw if raw >= 2400 else 2500 + raw
        if not 40 <= raw % 100 <= 99:
            continue
        prev = max((v for a, v in found if a < nxt.start(2)), default=y)
        if nxt.group(1) in ("-", "–", "ถึง") and 0 < y - prev <= MAX_RANGE_YEARS:  # ปี 65-68, 2565 ถึง 68
            found.extend((nxt.start(2), v) for v in range(prev + 1, y))
        if (nxt.start(2), y) not in found:
            found.append((nxt.start(2), y))
            ends.append(nxt.end(2))
    fiscal = None
    fm = _FISCAL.search(text)
    if fm:
        raw = int(fm.group(1))
        fiscal = 2500 + raw if raw < 100 else (raw + 543 if raw < 2100 else raw)
    years: list[int] = []
    for _, y in sorted(found):
        if 2400 <= y <= 2700 and y not in years:
            years.append(y)
    return years, fiscal


_YEAR_DIGITS = re.compile(r"\d+")
_YEAR_WORD_END = re.compile(r"ปีนี้|ปีที่แล้ว|ปีหน้า")


def _year_end(text: str, at: int) -> int:
    """Where the year mention starting at ``at`` ends (after its digits or its word)."""
    m = _YEAR_DIGITS.search(text, at, at + 24)
    if m is not None and not _YEAR_WORD_END.match(text, at):
        return m.end()
    w = _YEAR_WORD_END.match(text, at)
    return w.end() if w else at


_LEAVE_OUT = r"(?:ไม่\s*(?:รวม|นับ|เอา|คิด)|ยกเว้น|นอกจาก|เว้น|หัก\s*(?:ออก)?|\bexcept\b|\bexcluding\b|\bwithout\b)\s*"
"""The words that leave something out of what is asked ("ไม่รวม", "ยกเว้น", "except")."""
_EXCLUDED = re.compile(
    _LEAVE_OUT +
    r"((?:(?:นักเรียน|นร\.?|ชั้น|ระดับ|ผู้|เด็ก)?\s*(?:ชั้น)?\s*"
    r"(?:[มปอ]\.[1-6](?:\s*(?:-|–|ถึง)\s*(?:[มปอ]\.)?[1-6])?|ม\.ต้น|ม\.ปลาย|ชาย|หญิง)"
    r"\s*(?:และ|กับ|,|หรือ)?\s*)+)")
"""A grade or sex left out ("ไม่รวม ม.6", "ยกเว้นชั้น ม.5 และ ม.6", "ไม่นับนักเรียนหญิง")."""
SECONDARY = tuple(f"ม.{g}" for g in range(1, 7))
_SCHOOL_LEFT_OUT = re.compile(_LEAVE_OUT + r"(?:โรงเรียน|ร\.ร\.|รร\.?)?\s*§s")


def _split_excluded(text: str) -> tuple[str, str]:
    """The text without the part it leaves out, and that part ("" when nothing is left out)."""
    parts: list[str] = []

    def cut(m: re.Match[str]) -> str:
        parts.append(m.group(1))
        return " "
    return _EXCLUDED.sub(cut, text), " ".join(parts)


def _kept_grades(kept: str, left_out: str) -> tuple[str, ...] | None:
    """The grades asked: those named, or all secondary grades, minus those left out."""
    grades = _grades(kept)
    out = _grades(left_out) if left_out else None
    if not out:
        return grades
    return tuple(g for g in (grades or SECONDARY) if g not in out) or None


def _gender(kept: str, left_out: str) -> Literal["male", "female"] | None:
    """The sex asked: the one named, or the other one when one is left out ("ไม่นับนักเรียนหญิง")."""
    out_male, out_female = bool(_MALE.search(left_out)), bool(_FEMALE.search(left_out))
    if out_male != out_female:
        return "female" if out_male else "male"
    male, female = bool(_MALE.search(kept)), bool(_FEMALE.search(kept))
    if male != female:
        return "male" if male else "female"
    return None


def _grades(text: str) -> tuple[str, ...] | None:
    out: list[str] = []
    for m in _GRADE.finditer(text):
        level, a = m.group(1), int(m.group(2))
        b = int(m.group(3)) if m.group(3) else a
        top = 3 if level == "อ" else 6
        out.extend(f"{level}.{g}" for g in range(min(a, b), min(max(a, b), top) + 1))
    for pattern, band in _BANDS:
        if pattern.search(text):
            out.extend(band)
    uniq = tuple(dict.fromkeys(out))
    return uniq or None


_ANY_GRADE = re.compile(
    r"(?:(?<![.\d])(?<!สพ)([มปอ])\.\s?|(?:(?<![ก-๙])|(?<=นักเรียน)|(?<=ชั้น)|(?<=เด็ก))([มป])\s?|(มัธยม|ประถม)(?:ศึกษา)?"
    r"\s*(?:ปีที่)?\s*)(\d{1,2})(?:\s*(?:-|–|ถึง)\s*(?:[มปอ]\.?)?(\d{1,2}))?(?!\d)")
_GRADE_TOP = {"ม": 6, "ป": 6, "อ": 3}


def no_such_grades(text: str) -> tuple[str, ...]:
    """Grades written that no school has ("ม.7", "ม.0", "อ.4"): the data has ม.1–6, ป.1–6, อ.1–3."""
    found = []
    for m in _ANY_GRADE.finditer(text):
        level = (m.group(1) or m.group(2) or m.group(3))[0]
        found += [f"{level}.{int(g)}" for g in m.group(4, 5) if g is not None and not 1 <= int(g) <= _GRADE_TOP[level]]
    return tuple(dict.fromkeys(found))


_SELF_INTRO = re.compile(r"(?:หนู|ผม|ฉัน|ดิฉัน|พี่|เรา|ข้าพเจ้า)\s*(?:เป็น|คือ|ทำงาน\s*เป็น)\s*(?:คุณ)?(?:ครู|อาจารย์)\S*")
"""Who is asking ("หนูเป็นครูอัตราจ้าง"), not what: says nothing of teachers being counted."""


def without_self_intro(text: str) -> str:
    """The text without the asker's self-introduction ("หนูเป็นครูอัตราจ้าง")."""
    return _SELF_INTRO.sub(" ", text)


def _metric(text: str) -> str | None:
    text = without_self_intro(text)
    hits = [(name, m.start()) for name, p in _METRICS if (m := p.search(text))]
    if not hits:
        return None
    names = [h[0] for h in hits]
    if "teachers" in names and "students" in names and _RATIO.search(text):
        return "ratio"  # students per teacher
    if "teachers" in names and "students" in names:  # whichever is said first
        t = dict(hits)
        drop = "students" if t["teachers"] < t["students"] else "teachers"
        names.remove(drop)
    return names[0]


CONTACT_FIELDS = ("phone", "email", "principal", "address", "code")
_ANY_FIELD = re.compile("|".join(f"(?:{p.pattern})" for name, p in _METRICS if name in CONTACT_FIELDS))


def _fields(text: str) -> tuple[str, ...]:
    """Every contact field the text asks for, in the order they are said ("ผอ.กับเบอร์โทร")."""
    at = {name: m.start() for name, p in _METRICS if name in CONTACT_FIELDS and (m := p.search(text))}
    return tuple(sorted(at, key=at.__getitem__))


def regex_entities(masked: str, *, today: date | None = None, latest_year: int | None = None) -> Entities:
    """The non-place entities of a normalised text whose place names are already masked."""
    ticket = None
    tm = _TICKET.search(masked)
    if tm:
        ticket = f"INC-{tm.group(1)}-{int(tm.group(2)):04d}"
        masked = masked[: tm.start()] + " " + masked[tm.end() :]
    base = latest_year or current_academic_year(today or date.today())
    term: int | None = None
    term_m = _TERM.search(masked)
    if term_m:
        term = int(term_m.group(1)) if term_m.group(1) else _TERM_WORD[term_m.group(2)]
        year_txt = f" ปี {term_m.group(3)} " if term_m.group(3) else " "
        masked = masked[: term_m.start()] + year_txt + masked[term_m.end() :]
    years, fiscal = _years(masked, base)
    size_m = _SIZE_CLASS.search(masked)
    kept, left_out = _split_excluded(masked)
    gender = _gender(kept, left_out)
    breakdown = tuple(
        name for name, ok in (("gender", bool(_BY_GENDER.search(masked))), ("grade", bool(_BY_GRADE.search(masked))))
        if ok
    )
    ranking: Literal["largest", "smallest"] | None = None
    lm, sm = _LARGEST.search(masked), _SMALLEST.search(masked)
    if not (lm or sm) and (masked.count("§s") >= 2 or _WHICH_ONE.search(masked)):  # "which is bigger"
        lm, sm = _MORE.search(masked), _LESS.search(masked)
    if lm or sm:
        ranking = "largest" if lm and (not sm or lm.start() < sm.start()) else "smallest"
    rm = _RATING.match(masked.strip())
    rating = int(rm.group(1)) if rm else None
    if rating is None and _STARS.match(masked) and 1 <= masked.count("⭐") + masked.count("★") <= 5:
        rating = masked.count("⭐") + masked.count("★")
    return Entities(
        grades=_kept_grades(kept, left_out),
        gender=gender,
        academic_year=max(years) if years else None,
        compare_years=tuple(sorted(years)) if len(years) > 1 else (),
        metric=_metric(masked),
        ranking=ranking,
        my_school=bool(_MY_SCHOOL.search(_OUR_PLACE.sub(" ", masked))),
        ticket=ticket,
        whole_area=bool(_WHOLE_AREA.search(masked)),
        fiscal_year=fiscal,
        leaves_out_school=bool(_SCHOOL_LEFT_OUT.search(masked)),
        no_such_grades=no_such_grades(masked),
        breakdown=breakdown,
        rating=rating,
        term=term,
        size_class=_SIZE_NAMES[_SPACE.sub("", size_m.group(1))] if size_m else None,
        fields=_fields(masked),
        asks=data_asks(masked, _ANY_FIELD),
    )
