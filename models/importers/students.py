"""`import students`: enrolment by grade × gender and teachers, per school, academic year and term."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, tuple_, update
from sqlalchemy.orm import Session

from models.importers.columns import GRADE_ORDER, STUDENT_FIELDS, STUDENT_REQUIRED, grade_columns, map_fields
from models.importers.errors import MAX_ERRORS, ImportFailed, ImportResult, RowError
from models.importers.reading import Table
from models.importers.schools import finish_import, load_table, new_import
from models.school import Enrollment, School, Staffing

Progress = Callable[[int], None]
MIN_YEAR, MAX_YEAR = 2400, 2700
MAX_COUNT = 100_000
CHUNK = 2000


@dataclass
class StudentRow:
    """One validated row: a school's numbers for one academic year and term."""

    row: int
    school_id: int
    year: int
    term: int
    grades: dict[str, tuple[int, int]] = field(default_factory=dict)  # grade -> (male, female)
    teachers: int | None = None


def _number(text: str) -> int | None:
    """A whole number ≥ 0 ("1,234" allowed), None when blank; ValueError otherwise."""
    t = text.replace(",", "").replace(" ", "")
    if not t or t == "-":
        return None
    value = int(float(t)) if t.endswith(".0") else int(t)
    if value < 0 or value > MAX_COUNT:
        raise ValueError(t)
    return value


def parse_students(table: Table, school_ids: dict[str, int]) -> list[StudentRow]:
    """Validate every row; raise ImportFailed with row/column of each bad cell."""
    cols = map_fields(table, STUDENT_FIELDS)
    grades = grade_columns(table)
    missing = [STUDENT_FIELDS[f][0] for f in STUDENT_REQUIRED if f not in cols]
    if not grades and "teachers" not in cols:
        missing.append("ม.1 ชาย, ม.1 หญิง, …")
    if missing:
        want = ", ".join(missing)
        raise ImportFailed([RowError(0, want, f"missing column(s) {want}; found {', '.join(table.headers)}")])
    errors: list[RowError] = []
    out: list[StudentRow] = []
    seen: dict[tuple[int, int, int], int] = {}
    ordered = sorted(grades.items(), key=lambda kv: (GRADE_ORDER.index(kv[0][0]), kv[0][1] != "male"))
    for n, cells in table.rows:
        def cell(i: int, _cells: list[str] = cells) -> str:
            return _cells[i] if i < len(_cells) else ""

        def bad(i: int, message: str, _n: int = n) -> None:
            errors.append(RowError(_n, table.headers[i], message))
        code = cell(cols["code"])
        school_id = school_ids.get(code)
        if school_id is None:
            bad(cols["code"], f"unknown school code {code!r} (import the schools file first)" if code
                else "school code is empty")
        year = term = 0
        try:
            year = int(cell(cols["year"]))
            if not MIN_YEAR <= year <= MAX_YEAR:
                hint = " (use the Buddhist year, e.g. 2568)" if 1900 <= year <= 2200 else ""
                bad(cols["year"], f"academic year must be B.E. {MIN_YEAR}-{MAX_YEAR}, got {year}{hint}")
        except ValueError:
            bad(cols["year"], f"academic year must be a number like 2568, got {cell(cols['year'])!r}")
        try:
            term = int(cell(cols["term"]))
            if term not in (1, 2):
                raise ValueError
        except ValueError:
            bad(cols["term"], f"term must be 1 or 2, got {cell(cols['term'])!r}")
        rec = StudentRow(n, school_id or 0, year, term)
        for (grade, gender), i in ordered:
            try:
                value = _number(cell(i))
            except ValueError:
                bad(i, f"must be a whole number 0-{MAX_COUNT:,}, got {cell(i)!r}")
                continue
            if value is not None:
                male, female = rec.grades.get(grade, (0, 0))
                rec.grades[grade] = (value, female) if gender == "male" else (male, value)
        if "teachers" in cols:
            try:
                rec.teachers = _number(cell(cols["teachers"]))
            except ValueError:
                bad(cols["teachers"], f"must be a whole number 0-{MAX_COUNT:,}, got {cell(cols['teachers'])!r}")
        key = (rec.school_id, year, term)
        if school_id is not None and key in seen:
            bad(cols["code"], f"school {code} year {year} term {term} already appears in row {seen[key]}")
        seen.setdefault(key, n)
        out.append(rec)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ImportFailed(errors)
    return out


def import_students(path: str | Path, *, db_session: Session, office_id: str, source: str | None = None,
                    as_of: date | None = None, is_sample: bool = False,
                    progress: Progress | None = None) -> ImportResult:
    """Upsert enrolment and teachers; the file is authoritative for each school-year-term it lists."""
    table = load_table(path)
    school_ids = {str(code): int(sid) for code, sid in db_session.execute(
        select(School.code, School.id).where(School.office_id == office_id))}
    rows = parse_students(table, school_ids)
    periods = {(r.year, r.term) for r in rows}
    ids = {r.school_id for r in rows}
    old_enr: dict[tuple[int, int, int, str], tuple[int, int, int]] = {}
    old_staff: dict[tuple[int, int, int], tuple[int, int]] = {}
    for chunk in _chunks(sorted(ids)):
        q = select(Enrollment.id, Enrollment.school_id, Enrollment.academic_year, Enrollment.term,
                   Enrollment.grade, Enrollment.male, Enrollment.female).where(
            Enrollment.school_id.in_(chunk), tuple_(Enrollment.academic_year, Enrollment.term).in_(list(periods)))
        for eid, sid, y, t, g, m, f in db_session.execute(q):
            old_enr[(sid, y, t, g)] = (eid, m, f)
        qs = select(Staffing.id, Staffing.school_id, Staffing.academic_year, Staffing.term, Staffing.teachers).where(
            Staffing.school_id.in_(chunk), tuple_(Staffing.academic_year, Staffing.term).in_(list(periods)))
        for sid_, sid, y, t, n in db_session.execute(qs):
            old_staff[(sid, y, t)] = (sid_, n)
    new_enr: list[dict[str, Any]] = []
    upd_enr: list[dict[str, Any]] = []
    gone: list[int] = []
    new_staff: list[dict[str, Any]] = []
    upd_staff: list[dict[str, Any]] = []
    unchanged = 0
    for k, r in enumerate(rows, 1):
        before = len(new_enr) + len(upd_enr) + len(gone) + len(new_staff) + len(upd_staff)
        for grade, (male, female) in r.grades.items():
            old = old_enr.pop((r.school_id, r.year, r.term, grade), None)
            if old is None:
                new_enr.append({"school_id": r.school_id, "academic_year": r.year, "term": r.term, "grade": grade,
                                "male": male, "female": female})
            elif (old[1], old[2]) != (male, female):
                upd_enr.append({"id": old[0], "male": male, "female": female})
        for key in [key for key in old_enr if key[:3] == (r.school_id, r.year, r.term)]:
            gone.append(old_enr.pop(key)[0])  # a grade the file no longer lists for this school
        if r.teachers is not None:
            old_t = old_staff.get((r.school_id, r.year, r.term))
            if old_t is None:
                new_staff.append({"school_id": r.school_id, "academic_year": r.year, "term": r.term,
                                  "teachers": r.teachers})
            elif old_t[1] != r.teachers:
                upd_staff.append({"id": old_t[0], "teachers": r.teachers})
        after = len(new_enr) + len(upd_enr) + len(gone) + len(new_staff) + len(upd_staff)
        unchanged += after == before
        if progress and k % 500 == 0:
            progress(500)
    if progress:
        progress(len(rows) % 500)
    created_keys = {(d["school_id"], d["academic_year"], d["term"]) for d in new_enr + new_staff}
    created = len(created_keys)
    updated = len(rows) - unchanged - created
    record = None
    if created or updated:
        record = new_import("students", path, len(rows), db_session=db_session, office_id=office_id,
                            source=source, as_of=as_of, is_sample=is_sample)
        for d in new_enr + upd_enr + new_staff + upd_staff:
            d["import_id"] = record.id
        for chunk in _chunks(gone):
            db_session.execute(delete(Enrollment).where(Enrollment.id.in_(chunk)))
        for table_, new, upd in ((Enrollment, new_enr, upd_enr), (Staffing, new_staff, upd_staff)):
            for part in _chunks(new):
                db_session.execute(insert(table_), part)
            for part in _chunks(upd):
                db_session.execute(update(table_), part)
    return finish_import("students", path, len(rows), created, max(updated, 0), unchanged, db_session=db_session,
                         office_id=office_id, source=source, as_of=as_of, is_sample=is_sample, record=record)


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)] if items else []
