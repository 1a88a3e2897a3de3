"""Numbers about schools: students and teachers by scope × grade × gender × year/term, lists, rankings."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar

from sqlalchemy import ColumnElement, Subquery, case, distinct, func, select
from sqlalchemy.orm import Session

from models.meta import DATA_VERSION, get_meta
from models.school import DataImport, Enrollment, School, Staffing

Metric = Literal["students", "teachers"]
SIZE_NAMES = ("เล็ก", "กลาง", "ใหญ่", "ใหญ่พิเศษ")
CACHE_MAX = 4096
R = TypeVar("R")
_cache: dict[tuple[Any, ...], Any] = {}
_cache_lock = threading.Lock()
_MISS = object()


def _memo(name: str, args: tuple[Any, ...], db_session: Session, compute: Callable[[], R]) -> R:
    """Numbers only change with an import, which bumps the data version in the same transaction:
    a count is computed once per (database, data version, question) and reused until the next import.
    Data not loaded through an importer (no version yet) is never cached."""
    version = get_meta(DATA_VERSION, db_session=db_session)
    if version is None:
        return compute()
    key = (str(db_session.get_bind().engine.url), version, name, args)
    hit = _cache.get(key, _MISS)
    if hit is not _MISS:
        return hit  # type: ignore[no-any-return]
    value = compute()
    with _cache_lock:
        if len(_cache) >= CACHE_MAX:
            _cache.clear()
        _cache[key] = value
    return value


@dataclass(frozen=True)
class Scope:
    """Which schools a number covers: given schools, a district or subdistrict, else the whole office."""

    office_id: str
    school_ids: tuple[int, ...] = ()
    district: str | None = None
    subdistrict: str | None = None

    def filters(self) -> list[ColumnElement[bool]]:
        """WHERE clauses on School for this scope."""
        out: list[ColumnElement[bool]] = [School.office_id == self.office_id]
        if self.school_ids:
            out.append(School.id.in_(self.school_ids))
        if self.district:
            out.append(School.district == self.district)
        if self.subdistrict:
            out.append(School.subdistrict == self.subdistrict)
        return out


@dataclass(frozen=True)
class Provenance:
    """Where numbers come from: the import's source and as-of date, and whether they are sample data."""

    source: str = ""
    as_of: date | None = None
    sample: bool = False


@dataclass(frozen=True)
class StudentCount:
    """Students of a scope in one academic year and term, by grade and gender."""

    year: int
    term: int
    by_grade: dict[str, tuple[int, int]]  # grade -> (male, female), in grade order
    schools: int  # schools with numbers in this period
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def male(self) -> int:
        """Boys."""
        return sum(m for m, _ in self.by_grade.values())

    @property
    def female(self) -> int:
        """Girls."""
        return sum(f for _, f in self.by_grade.values())

    @property
    def total(self) -> int:
        """Everyone."""
        return self.male + self.female


@dataclass(frozen=True)
class TeacherCount:
    """Teachers of a scope in one academic year and term."""

    year: int
    term: int
    teachers: int
    schools: int
    provenance: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True)
class Ranked:
    """One school's value in a ranking."""

    school_id: int
    code: str
    name: str
    district: str
    value: int


def _grade_key(grade: str) -> tuple[int, int]:
    return ("อปม".find(grade[:1]), int(grade[2:]) if grade[2:].isdigit() else 0)


def _period_table(metric: Metric) -> Any:
    return Staffing if metric == "teachers" else Enrollment


def coverage(scope: Scope, *, db_session: Session, metric: Metric = "students") -> dict[tuple[int, int], int]:
    """(academic year, term) -> number of schools with numbers in that period, for this scope."""
    return dict(_memo("coverage", (scope, metric), db_session, lambda: _coverage(scope, db_session, metric)))


def _coverage(scope: Scope, db_session: Session, metric: Metric) -> dict[tuple[int, int], int]:
    t = _period_table(metric)
    q = (select(t.academic_year, t.term, func.count(distinct(t.school_id))).join(School, School.id == t.school_id)
         .where(*scope.filters()).group_by(t.academic_year, t.term))
    return {(int(y), int(tm)): int(n) for y, tm, n in db_session.execute(q)}


def periods(scope: Scope, *, db_session: Session, metric: Metric = "students") -> list[tuple[int, int]]:
    """(academic year, term) pairs that have numbers in this scope, oldest first."""
    return sorted(coverage(scope, db_session=db_session, metric=metric))


def years(scope: Scope, *, db_session: Session, metric: Metric = "students") -> list[int]:
    """Academic years with numbers in this scope, oldest first."""
    return sorted({y for y, _ in periods(scope, db_session=db_session, metric=metric)})


def pick_period(scope: Scope, *, db_session: Session, year: int | None = None, term: int | None = None,
                metric: Metric = "students") -> tuple[int, int] | None:
    """The period to answer with: the latest year when none is given, and that year's latest term
    among those covering the most schools (a term-2 round still coming in does not hide term 1)."""
    cov = coverage(scope, db_session=db_session, metric=metric)
    if not cov:
        return None
    y = year if year is not None else max(a for a, _ in cov)
    terms = {tm: n for (a, tm), n in cov.items() if a == y}
    if not terms or (term is not None and term not in terms):
        return None
    return y, term if term is not None else max(terms, key=lambda tm: (terms[tm], tm))


def provenance(import_ids: Sequence[int | None], sample: bool, *, db_session: Session) -> Provenance:
    """The newest import among these rows (source, as-of) and the sample flag."""
    ids = [i for i in import_ids if i is not None]
    if not ids:
        return Provenance(sample=sample)
    row = db_session.execute(select(DataImport.source, DataImport.as_of, DataImport.imported_at)
                             .where(DataImport.id.in_(ids))
                             .order_by(DataImport.as_of.desc(), DataImport.id.desc()).limit(1)).first()
    if row is None:
        return Provenance(sample=sample)
    return Provenance(row.source, row.as_of or row.imported_at.date(), sample)


def _rows_meta(sub: Subquery, *, db_session: Session) -> tuple[int, bool, list[int | None]]:
    """Distinct schools, any-sample flag and import ids of the rows a count used."""
    schools, sample = db_session.execute(
        select(func.count(distinct(sub.c.school_id)), func.max(case((sub.c.is_sample, 1), else_=0)))).one()
    ids = list(db_session.scalars(select(sub.c.import_id).distinct()))
    return int(schools or 0), bool(sample), ids


def student_count(scope: Scope, *, db_session: Session, year: int | None = None, term: int | None = None,
                  grades: Sequence[str] | None = None) -> StudentCount | None:
    """Students by grade and gender; None when the scope has no numbers for that year/term."""
    key = (scope, year, term, tuple(grades) if grades else None)
    return _memo("students", key, db_session, lambda: _student_count(scope, db_session, year, term, grades))


def _student_count(scope: Scope, db_session: Session, year: int | None, term: int | None,
                   grades: Sequence[str] | None) -> StudentCount | None:
    period = pick_period(scope, db_session=db_session, year=year, term=term)
    if period is None:
        return None
    where = [*scope.filters(), Enrollment.academic_year == period[0], Enrollment.term == period[1]]
    if grades:
        where.append(Enrollment.grade.in_(list(grades)))
    q = (select(Enrollment.grade, func.sum(Enrollment.male), func.sum(Enrollment.female))
         .join(School, School.id == Enrollment.school_id).where(*where).group_by(Enrollment.grade))
    by_grade = {str(g): (int(m or 0), int(f or 0)) for g, m, f in db_session.execute(q)}
    if grades:
        by_grade = {g: by_grade.get(g, (0, 0)) for g in grades}
    ordered = dict(sorted(by_grade.items(), key=lambda kv: _grade_key(kv[0])))
    rows = (select(Enrollment.school_id, Enrollment.import_id, School.is_sample)
            .join(School, School.id == Enrollment.school_id).where(*where))
    schools, sample, ids = _rows_meta(rows.subquery(), db_session=db_session)
    return StudentCount(period[0], period[1], ordered, schools, provenance(ids, sample, db_session=db_session))


def teacher_count(scope: Scope, *, db_session: Session, year: int | None = None,
                  term: int | None = None) -> TeacherCount | None:
    """Teachers; None when the scope has no teacher numbers for that year/term."""
    return _memo("teachers", (scope, year, term), db_session, lambda: _teacher_count(scope, db_session, year, term))


def _teacher_count(scope: Scope, db_session: Session, year: int | None, term: int | None) -> TeacherCount | None:
    period = pick_period(scope, db_session=db_session, year=year, term=term, metric="teachers")
    if period is None:
        return None
    where = [*scope.filters(), Staffing.academic_year == period[0], Staffing.term == period[1]]
    total = db_session.scalar(select(func.sum(Staffing.teachers)).join(School, School.id == Staffing.school_id)
                              .where(*where))
    rows = select(Staffing.school_id, Staffing.import_id, School.is_sample).join(
        School, School.id == Staffing.school_id).where(*where)
    schools, sample, ids = _rows_meta(rows.subquery(), db_session=db_session)
    return TeacherCount(period[0], period[1], int(total or 0), schools,
                        provenance(ids, sample, db_session=db_session))


def school_count(scope: Scope, *, db_session: Session) -> int:
    """How many schools the scope has."""
    return int(db_session.scalar(select(func.count(School.id)).where(*scope.filters())) or 0)


def list_schools(scope: Scope, *, db_session: Session, limit: int | None = None) -> list[School]:
    """The scope's schools by district, then name."""
    q = select(School).where(*scope.filters()).order_by(School.district, School.name)
    return list(db_session.scalars(q.limit(limit) if limit else q))


def district_counts(scope: Scope, *, db_session: Session) -> list[tuple[str, int]]:
    """(district, number of schools) for the scope, most schools first."""
    q = (select(School.district, func.count(School.id)).where(*scope.filters())
         .group_by(School.district).order_by(func.count(School.id).desc(), School.district))
    return [(str(d), int(n)) for d, n in db_session.execute(q)]


def any_sample(scope: Scope, *, db_session: Session) -> bool:
    """True when a school of the scope is sample data."""
    return bool(db_session.scalar(select(func.max(case((School.is_sample, 1), else_=0))).where(*scope.filters())))


def rank_schools(scope: Scope, *, db_session: Session, metric: Metric = "students", largest: bool = True,
                 year: int | None = None, term: int | None = None, limit: int = 5,
                 grades: Sequence[str] | None = None) -> tuple[tuple[int, int] | None, list[Ranked], int]:
    """(period, the top `limit` schools by students or teachers, number of schools ranked)."""
    period = pick_period(scope, db_session=db_session, year=year, term=term, metric=metric)
    if period is None:
        return None, [], 0
    if metric == "teachers":
        value: Any = func.sum(Staffing.teachers)
        t: Any = Staffing
    else:
        value = func.sum(Enrollment.male + Enrollment.female)
        t = Enrollment
    where = [*scope.filters(), t.academic_year == period[0], t.term == period[1]]
    if grades and metric == "students":
        where.append(Enrollment.grade.in_(list(grades)))
    base = select(School.id, School.code, School.name, School.district, value.label("v")).join(
        School, School.id == t.school_id).where(*where).group_by(School.id, School.code, School.name, School.district)
    order = value.desc() if largest else value.asc()
    rows = db_session.execute(base.order_by(order, School.name).limit(limit)).all()
    n = int(db_session.scalar(select(func.count()).select_from(base.subquery())) or 0)
    return period, [Ranked(int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4] or 0)) for r in rows], n


def yearly_totals(scope: Scope, *, db_session: Session, metric: Metric = "students",
                  grades: Sequence[str] | None = None) -> list[tuple[int, int, int]]:
    """(year, its latest term, total) for every year with numbers, oldest first."""
    out: list[tuple[int, int, int]] = []
    for y in years(scope, db_session=db_session, metric=metric):
        if metric == "teachers":
            tc = teacher_count(scope, db_session=db_session, year=y)
            if tc is not None:
                out.append((y, tc.term, tc.teachers))
        else:
            sc = student_count(scope, db_session=db_session, year=y, grades=grades)
            if sc is not None:
                out.append((y, sc.term, sc.total))
    return out


def size_class(students: int, thresholds: tuple[int, int, int] = (499, 1499, 2499)) -> str:
    """เล็ก/กลาง/ใหญ่/ใหญ่พิเศษ by the office's upper bounds (inclusive) for the first three classes."""
    for name, top in zip(SIZE_NAMES, thresholds, strict=False):
        if students <= top:
            return name
    return SIZE_NAMES[-1]


def size_range(name: str, thresholds: tuple[int, int, int] = (499, 1499, 2499)) -> tuple[int, int | None]:
    """The (lowest, highest or None) students of a size class."""
    i = SIZE_NAMES.index(name)
    low = 1 if i == 0 else thresholds[i - 1] + 1
    return low, thresholds[i] if i < 3 else None


def district_totals(scope: Scope, *, db_session: Session, metric: Metric = "students", year: int | None = None,
                    term: int | None = None) -> tuple[tuple[int, int] | None, list[tuple[str, int]]]:
    """(period, [(district, students or teachers)] most first) — for "which district has the most"."""
    period = pick_period(scope, db_session=db_session, year=year, term=term, metric=metric)
    if period is None:
        return None, []
    t: Any = Staffing if metric == "teachers" else Enrollment
    value: Any = func.sum(Staffing.teachers) if metric == "teachers" else func.sum(Enrollment.male + Enrollment.female)
    q = (select(School.district, value).join(School, School.id == t.school_id)
         .where(*scope.filters(), t.academic_year == period[0], t.term == period[1])
         .group_by(School.district).order_by(value.desc(), School.district))
    return period, [(str(d), int(v or 0)) for d, v in db_session.execute(q)]
