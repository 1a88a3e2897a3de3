"""Query functions: counts by scope × grade × gender × year/term, teachers, lists, rankings, size classes."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cli import open_db
from bot.settings import Settings
from models import stats
from models.importers import import_schools, import_students
from models.school import School
from models.stats import Scope

DATA = Path(__file__).parents[1] / "fixtures" / "data"
OFFICE = "default"
AREA = Scope(OFFICE)
GRADES = [f"ม.{i}" for i in range(1, 7)]


def expected(codes: set[str] | None = None, year: int = 2568, term: int = 1, grades: list[str] = GRADES,
             sexes: tuple[str, ...] = ("ชาย", "หญิง")) -> int:
    """The number computed straight from the fixture CSV."""
    with (DATA / "students.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if int(r["ปีการศึกษา"]) == year and int(r["ภาคเรียน"]) == term
                and (codes is None or r["รหัสโรงเรียน"] in codes)]
    return sum(int(r[f"{g} {s}"] or 0) for r in rows for g in grades for s in sexes)


@pytest.fixture
def db(settings: Settings) -> Iterator[Session]:
    engine, sessions = open_db(settings)
    with sessions() as s:
        import_schools(DATA / "schools.csv", db_session=s, office_id=OFFICE, source="DMC", as_of=date(2025, 6, 10))
        import_students(DATA / "students.csv", db_session=s, office_id=OFFICE, source="DMC",
                        as_of=date(2025, 6, 10))
        s.commit()
        yield s
    engine.dispose()


def school(s: Session, code: str) -> Scope:
    sid = s.scalar(select(School.id).where(School.code == code))
    assert sid is not None
    return Scope(OFFICE, school_ids=(sid,))


def test_school_latest_year_and_term(db: Session) -> None:
    c = stats.student_count(school(db, "1100000001"), db_session=db)
    assert c is not None and (c.year, c.term) == (2568, 2)  # that school already has term 2
    assert c.total == expected({"1100000001"}, 2568, 2)
    assert c.provenance.source == "DMC" and c.provenance.as_of == date(2025, 6, 10) and not c.provenance.sample


def test_area_prefers_the_term_most_schools_have(db: Session) -> None:
    c = stats.student_count(AREA, db_session=db)
    assert c is not None and (c.year, c.term) == (2568, 1) and c.schools == 5
    assert c.total == expected()
    c2 = stats.student_count(AREA, db_session=db, term=2)
    assert c2 is not None and c2.schools == 1


def test_grades_gender_year_district(db: Session) -> None:
    scope = Scope(OFFICE, district="เมืองเพชรบูรณ์")
    codes = {"1100000004", "1100000005"}
    c = stats.student_count(scope, db_session=db, year=2567, grades=["ม.4", "ม.5", "ม.6"])
    assert c is not None and c.year == 2567
    assert c.total == expected(codes, 2567, grades=["ม.4", "ม.5", "ม.6"])
    assert c.female == expected(codes, 2567, grades=["ม.4", "ม.5", "ม.6"], sexes=("หญิง",))
    assert list(c.by_grade) == ["ม.4", "ม.5", "ม.6"]


def test_missing_grade_counts_zero_and_missing_year_is_none(db: Session) -> None:
    c = stats.student_count(school(db, "1100000002"), db_session=db, grades=["ม.6"])
    assert c is not None and c.total == 0
    assert stats.student_count(AREA, db_session=db, year=2560) is None
    assert stats.years(AREA, db_session=db) == [2567, 2568]


def test_teachers_and_school_counts(db: Session) -> None:
    t = stats.teacher_count(Scope(OFFICE, district="หนองไผ่"), db_session=db)
    assert t is not None and t.teachers == 112 + 21 and (t.year, t.term) == (2568, 1)
    assert stats.school_count(AREA, db_session=db) == 5
    assert stats.school_count(Scope(OFFICE, district="หนองไผ่"), db_session=db) == 2
    assert [s.name for s in stats.list_schools(Scope(OFFICE, district="เขาค้อ"), db_session=db)] == ["ภูเขียวพิทยาคม"]
    assert stats.district_counts(AREA, db_session=db)[0][1] == 2


def test_ranking_and_yearly_totals(db: Session) -> None:
    period, top, n = stats.rank_schools(AREA, db_session=db, limit=2)
    assert period == (2568, 1) and n == 5
    assert top[0].name == "ภูเขียวพิทยาคม" and top[0].value == expected({"1100000003"})
    _, low, _ = stats.rank_schools(AREA, db_session=db, largest=False, limit=1)
    assert low[0].name == "สระบัววิทยา"
    _, teach, _ = stats.rank_schools(AREA, db_session=db, metric="teachers", limit=1)
    assert teach[0].value == 165
    totals = stats.yearly_totals(AREA, db_session=db)
    assert totals == [(2567, 1, expected(year=2567)), (2568, 1, expected())]


@pytest.mark.parametrize(("n", "name"), [(1, "เล็ก"), (499, "เล็ก"), (500, "กลาง"), (1499, "กลาง"), (1500, "ใหญ่"),
                                         (2499, "ใหญ่"), (2500, "ใหญ่พิเศษ")])
def test_size_class_default_thresholds(n: int, name: str) -> None:
    assert stats.size_class(n) == name


def test_size_class_office_thresholds() -> None:
    assert stats.size_class(300, (119, 719, 1679)) == "กลาง"
    assert stats.size_range("ใหญ่พิเศษ") == (2500, None)
    assert stats.size_range("เล็ก") == (1, 499)
