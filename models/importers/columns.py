"""Header names: the contract's Thai headers and common English equivalents, matched loosely."""

from __future__ import annotations

import re

from models.importers.reading import Table

_LOOSE = re.compile(r"[\s_\-./()]+")

SCHOOL_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("รหัสโรงเรียน", "รหัส", "code", "school_code", "schoolcode", "school_id", "smis", "รหัสสถานศึกษา"),
    "name": ("ชื่อโรงเรียน", "ชื่อ", "name", "school_name", "schoolname", "ชื่อสถานศึกษา"),
    "subdistrict": ("ตำบล", "subdistrict", "tambon", "sub_district"),
    "district": ("อำเภอ", "district", "amphoe", "amphur"),
    "province": ("จังหวัด", "province", "changwat"),
    "principal": ("ผู้อำนวยการ", "ผู้อำนวยการโรงเรียน", "ผอ", "principal", "director"),
    "phone": ("โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์", "โทร", "phone", "telephone", "tel"),
    "email": ("อีเมล", "อีเมล์", "email", "e-mail", "mail"),
    "address": ("ที่อยู่", "address"),
    "aliases": ("ชื่ออื่น", "ชื่อย่อ", "ชื่อเดิม", "aliases", "alias", "short_name", "former_name"),
}
SCHOOL_REQUIRED = ("code", "name")

STUDENT_FIELDS: dict[str, tuple[str, ...]] = {
    "code": SCHOOL_FIELDS["code"],
    "year": ("ปีการศึกษา", "ปี", "academic_year", "year", "academicyear"),
    "term": ("ภาคเรียน", "ภาคเรียนที่", "เทอม", "term", "semester"),
    "teachers": ("ครู", "จำนวนครู", "ครูทั้งหมด", "teachers", "teacher", "teacher_count"),
}
STUDENT_REQUIRED = ("code", "year", "term")

LEVELS = {"อ": "อ", "อนุบาล": "อ", "k": "อ", "kg": "อ", "ป": "ป", "p": "ป", "ม": "ม", "m": "ม"}
_GRADE_HEADER = re.compile(r"^(อนุบาล|อ|ป|ม|kg|k|p|m)([1-6])(ชาย|หญิง|male|female|boys?|girls?|m|f|ช|ญ)$")
GRADE_ORDER = tuple(f"อ.{i}" for i in range(1, 4)) + tuple(f"ป.{i}" for i in range(1, 7)) + tuple(
    f"ม.{i}" for i in range(1, 7))


def loose(header: str) -> str:
    """A header without case, spaces, dots or underscores: "ม.1 ชาย" -> "ม1ชาย"."""
    return _LOOSE.sub("", header.lower())


def grade_column(header: str) -> tuple[str, str] | None:
    """("ม.1", "male") for a grade × gender header, else None."""
    m = _GRADE_HEADER.match(loose(header))
    if not m:
        return None
    level, number, sex = LEVELS[m.group(1)], int(m.group(2)), m.group(3)
    if level == "อ" and number > 3:
        return None
    gender = "male" if sex in ("ชาย", "male", "boy", "boys", "m", "ช") else "female"
    return f"{level}.{number}", gender


def map_fields(table: Table, fields: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Field name -> column index, for every header that names a known field (first wins)."""
    wanted = {loose(alias): name for name, aliases in fields.items() for alias in aliases}
    found: dict[str, int] = {}
    for i, h in enumerate(table.headers):
        name = wanted.get(loose(h))
        if name and name not in found:
            found[name] = i
    return found


def grade_columns(table: Table) -> dict[tuple[str, str], int]:
    """(grade, gender) -> column index for every grade × gender header."""
    out: dict[tuple[str, str], int] = {}
    for i, h in enumerate(table.headers):
        g = grade_column(h)
        if g and g not in out:
            out[g] = i
    return out
