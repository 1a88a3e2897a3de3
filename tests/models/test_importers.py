"""Importers: CSV with/without BOM, XLSX, English headers, all-or-nothing, idempotent upsert, demo data."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cli import open_db
from bot.settings import Settings
from models.importers import ImportFailed, import_schools, import_students, load_demo
from models.meta import DATA_VERSION, get_meta
from models.school import DataImport, Enrollment, School, Staffing

DATA = Path(__file__).parents[1] / "fixtures" / "data"
OFFICE = "default"


@pytest.fixture
def db(settings: Settings) -> Iterator[Session]:
    """A session on the test's database (schema migrated)."""
    engine, sessions = open_db(settings)
    with sessions() as s:
        yield s
    engine.dispose()


def rows_of(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_csv(path: Path, rows: list[list[str]], *, bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:  # numbers as numbers, like a spreadsheet exported by hand
        ws.append([int(c) if c.isdigit() else c for c in r])
    wb.save(path)
    return path


def snapshot(s: Session) -> tuple[object, ...]:
    """Everything an import may change."""
    s.expire_all()
    schools = s.execute(select(School.code, School.name, School.district, School.phone, School.is_sample)
                        .order_by(School.code)).all()
    enr = s.execute(select(Enrollment.school_id, Enrollment.academic_year, Enrollment.term, Enrollment.grade,
                           Enrollment.male, Enrollment.female).order_by(Enrollment.id)).all()
    staff = s.execute(select(Staffing.school_id, Staffing.academic_year, Staffing.term, Staffing.teachers)
                      .order_by(Staffing.id)).all()
    return (tuple(schools), tuple(enr), tuple(staff), s.scalar(select(func.count(DataImport.id))),
            get_meta(DATA_VERSION, db_session=s))


def load_fixture(s: Session) -> None:
    import_schools(DATA / "schools.csv", db_session=s, office_id=OFFICE)
    import_students(DATA / "students.csv", db_session=s, office_id=OFFICE)
    s.commit()


@pytest.mark.parametrize("bom", [False, True])
def test_csv_with_or_without_bom(db: Session, tmp_path: Path, bom: bool) -> None:
    schools = write_csv(tmp_path / "s.csv", rows_of("schools.csv"), bom=bom)
    students = write_csv(tmp_path / "st.csv", rows_of("students.csv"), bom=bom)
    r1 = import_schools(schools, db_session=db, office_id=OFFICE)
    r2 = import_students(students, db_session=db, office_id=OFFICE)
    db.commit()
    assert (r1.created, r2.created) == (5, 11)
    s = db.scalar(select(School).where(School.code == "1100000001"))
    assert s is not None and s.name == "หนองไผ่" and s.district == "หนองไผ่" and s.phone == "056-100001"
    assert db.scalar(select(func.count(Enrollment.id))) == 9 * 6 + 2 * 3  # school 2 has ม.1-3 only
    assert get_meta(DATA_VERSION, db_session=db) == "2"


def test_xlsx_with_numeric_cells(db: Session, tmp_path: Path) -> None:
    import_schools(write_xlsx(tmp_path / "s.xlsx", rows_of("schools.csv")), db_session=db, office_id=OFFICE)
    r = import_students(write_xlsx(tmp_path / "st.xlsx", rows_of("students.csv")), db_session=db, office_id=OFFICE)
    db.commit()
    assert r.rows == 11 and r.changed == 11
    e = db.scalar(select(Enrollment).join(School).where(School.code == "1100000003", Enrollment.grade == "ม.6",
                                                          Enrollment.academic_year == 2568))
    assert e is not None and (e.male, e.female) == (260, 275)


def test_english_headers(db: Session, tmp_path: Path) -> None:
    schools = rows_of("schools.csv")
    schools[0] = ["code", "name", "subdistrict", "district", "province", "principal", "phone", "email"]
    students = rows_of("students.csv")
    students[0] = ["school_code", "academic_year", "term"] + [
        f"m{g}_{sex}" for g in range(1, 7) for sex in ("male", "female")] + ["teachers"]
    import_schools(write_csv(tmp_path / "s.csv", schools), db_session=db, office_id=OFFICE)
    import_students(write_csv(tmp_path / "st.csv", students), db_session=db, office_id=OFFICE)
    db.commit()
    t = db.scalar(select(Staffing.teachers).join(School).where(School.code == "1100000003",
                                                               Staffing.academic_year == 2567))
    assert t == 160


def test_reimport_changes_nothing(db: Session) -> None:
    load_fixture(db)
    before = snapshot(db)
    r1 = import_schools(DATA / "schools.csv", db_session=db, office_id=OFFICE)
    r2 = import_students(DATA / "students.csv", db_session=db, office_id=OFFICE)
    db.commit()
    assert (r1.changed, r2.changed, r1.unchanged, r2.unchanged) == (0, 0, 5, 11)
    assert snapshot(db) == before


def test_changed_value_is_updated(db: Session, tmp_path: Path) -> None:
    load_fixture(db)
    rows = rows_of("students.csv")
    rows[1][3] = "999"  # school 1, 2567, ม.1 ชาย
    r = import_students(write_csv(tmp_path / "st.csv", rows), db_session=db, office_id=OFFICE)
    db.commit()
    assert (r.created, r.updated, r.unchanged) == (0, 1, 10)
    male = db.scalar(select(Enrollment.male).join(School).where(
        School.code == "1100000001", Enrollment.academic_year == 2567, Enrollment.grade == "ม.1"))
    assert male == 999


@pytest.mark.parametrize(("cell", "value", "column"), [
    ((3, 5), "12x", "ม.2 ชาย"),
    ((3, 5), "-4", "ม.2 ชาย"),
    ((3, 0), "1199999999", "รหัสโรงเรียน"),
    ((3, 1), "2025", "ปีการศึกษา"),
    ((3, 2), "3", "ภาคเรียน"),
])
def test_bad_row_rejected_and_nothing_changed(db: Session, tmp_path: Path, cell: tuple[int, int], value: str,
                                              column: str) -> None:
    load_fixture(db)
    before = snapshot(db)
    rows = rows_of("students.csv")
    for r in rows[1:]:
        r[3] = str(int(r[3]) + 1)  # every other row changes, so a partial import would show
    rows[cell[0]][cell[1]] = value
    with pytest.raises(ImportFailed) as info:
        import_students(write_csv(tmp_path / "bad.csv", rows), db_session=db, office_id=OFFICE)
    db.rollback()
    err = info.value.errors[0]
    assert (err.row, err.column) == (cell[0] + 1, column)
    assert f"row {cell[0] + 1}" in str(err) and column in str(err)
    assert snapshot(db) == before


def test_bad_school_row_and_duplicates(db: Session, tmp_path: Path) -> None:
    rows = rows_of("schools.csv")
    rows[2][0] = rows[1][0]
    rows[4][7] = "not-an-email"
    with pytest.raises(ImportFailed) as info:
        import_schools(write_csv(tmp_path / "s.csv", rows), db_session=db, office_id=OFFICE)
    got = {(e.row, e.column) for e in info.value.errors}
    assert got == {(3, "รหัสโรงเรียน"), (5, "อีเมล")}
    db.rollback()
    assert db.scalar(select(func.count(School.id))) == 0


def test_missing_column_is_reported(db: Session, tmp_path: Path) -> None:
    rows = [r[:1] + r[2:] for r in rows_of("schools.csv")]  # no name column
    with pytest.raises(ImportFailed) as info:
        import_schools(write_csv(tmp_path / "s.csv", rows), db_session=db, office_id=OFFICE)
    assert "ชื่อโรงเรียน" in str(info.value)


def test_demo_is_sample_and_real_import_replaces_it(db: Session) -> None:
    load_demo(db_session=db, office_id=OFFICE)
    db.commit()
    n = db.scalar(select(func.count(School.id)).where(School.is_sample.is_(True)))
    assert n and n >= 8
    again = load_demo(db_session=db, office_id=OFFICE)
    assert (again[0].changed, again[1].changed) == (0, 0)
    r = import_schools(DATA / "schools.csv", db_session=db, office_id=OFFICE)
    db.commit()
    assert r.removed == n
    assert db.scalar(select(func.count(School.id)).where(School.is_sample.is_(True))) == 0
    assert db.scalar(select(func.count(School.id))) == 5


def test_offices_are_separate(db: Session) -> None:
    import_schools(DATA / "schools.csv", db_session=db, office_id="a")
    import_schools(DATA / "schools.csv", db_session=db, office_id="b")
    db.commit()
    assert db.scalar(select(func.count(School.id))) == 10
    with pytest.raises(ImportFailed):  # students of office c: its schools are unknown
        import_students(DATA / "students.csv", db_session=db, office_id="c")
