"""Property tests of `khetbot import`: a malformed CSV/XLSX is refused with exit code 1 and changes
nothing; an accepted file changes the data once (importing it again changes nothing)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.settings import Settings
from tests.conftest import make_settings
from tests.support.backends import postgres_database

importers = pytest.importorskip("models.importers")
cli_data = pytest.importorskip("bot.cli_data")

DEMO = Path(importers.DEMO_DIR)
TABLES = ("schools", "school_aliases", "enrollments", "staffing", "data_imports", "meta")
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


def _rows(name: str) -> list[list[str]]:
    with (DEMO / name).open(encoding="utf-8-sig", newline="") as f:
        return [list(r) for r in csv.reader(f)]


SCHOOLS, STUDENTS = _rows("schools.csv"), _rows("students.csv")


class DB:
    def __init__(self, settings: Settings, folder: Path) -> None:
        from bot.cli import open_db
        open_db(settings)[0].dispose()  # create the schema
        self.settings = settings
        self.folder = folder
        self.n = 0

    def snapshot(self) -> str:
        """A digest of every table an import may touch."""
        from models.db import make_engine
        engine = make_engine(self.settings.database_url)
        h = hashlib.sha256()
        try:
            with engine.connect() as conn:
                for table in TABLES:
                    cols = [c for c in conn.execute(text(f"SELECT * FROM {table} LIMIT 0")).keys()  # noqa: SIM118
                            if c not in ("id", "imported_at", "updated_at")]
                    for row in conn.execute(text(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1, 2")):
                        h.update(repr(tuple(row)).encode())
                    h.update(b"|")
        finally:
            engine.dispose()
        return h.hexdigest()

    def run(self, kind: str, content: bytes, suffix: str) -> tuple[int, list[str]]:
        self.n += 1
        path = self.folder / f"f{self.n}{suffix}"
        path.write_bytes(content)
        said: list[str] = []
        code = cli_data.run_import(kind, path, settings=self.settings, echo=said.append)
        return code, said


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DB]:
    tmp = tmp_path_factory.mktemp(f"import-{request.param}")
    if request.param == "sqlite":
        yield DB(make_settings(tmp, demo_data=False), tmp)
        return
    with postgres_database() as url:
        yield DB(make_settings(tmp, database_url=url, demo_data=False), tmp)


def _csv(rows: list[list[str]], *, bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    wb = Workbook()
    ws = wb.active
    for r in rows:  # a spreadsheet cannot hold control characters at all: drop them as Excel would
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


junk = st.one_of(st.just(""), st.just("-5"), st.just("1.5"), st.just("1e9"), st.just("๑๒"), st.just("99999999999"),
                 st.just("=HYPERLINK(\"x\")"), st.just("ม.1"), st.just("NaN"), st.just(" 12 "), st.just("2567"),
                 st.text(max_size=20), st.integers(-10**12, 10**12).map(str))


@st.composite
def broken(draw: st.DrawFn, kind: str) -> tuple[bytes, str]:
    rows = [list(r) for r in (SCHOOLS if kind == "schools" else STUDENTS)]
    how = draw(st.sampled_from(["cell", "cell", "cell", "drop_col", "dup_header", "short_row", "long_row",
                                "truncate", "bad_utf8", "dup_code", "empty", "header_only", "binary"]))
    r = draw(st.integers(1, len(rows) - 1))
    c = draw(st.integers(0, len(rows[0]) - 1))
    if how == "cell":
        rows[r][c] = draw(junk)
    elif how == "drop_col":
        for row in rows:
            del row[c]
    elif how == "dup_header":
        rows[0][c] = rows[0][(c + 1) % len(rows[0])]
    elif how == "short_row":
        rows[r] = rows[r][:c]
    elif how == "long_row":
        rows[r] = [*rows[r], "x", "y"]
    elif how == "dup_code":
        rows.append([*rows[r][:1], *[draw(junk) for _ in rows[r][1:]]])
    elif how == "empty":
        rows = []
    elif how == "header_only":
        rows = rows[:1]
    suffix = draw(st.sampled_from([".csv", ".csv", ".xlsx"]))
    content = _xlsx(rows) if suffix == ".xlsx" else _csv(rows, bom=draw(st.booleans()))
    # positions as fractions: an XLSX's length varies run to run (zip timestamps), so drawing an
    # integer bounded by it would make hypothesis's replay inconsistent
    if how == "truncate":
        content = content[:int(len(content) * draw(st.floats(0, 1, exclude_max=True)))]
    elif how == "bad_utf8":
        at = int(len(content) * draw(st.floats(0, 1)))
        content = content[:at] + b"\xff\xfe\xc3" + content[at:]
    elif how == "binary":
        content = draw(st.binary(max_size=300))
    return content, suffix


def _check(db: DB, kind: str, content: bytes, suffix: str) -> None:
    before = db.snapshot()
    try:
        code, _ = db.run(kind, content, suffix)
    except Exception as exc:  # the point: a crash instead of a row/column message
        after = db.snapshot()
        assert after == before, f"{type(exc).__name__} after a half import"
        raise AssertionError(f"import {kind} crashed instead of refusing: {type(exc).__name__}: {exc}") from exc
    after = db.snapshot()
    if code != 0:
        assert code == 1
        assert after == before, "a refused import changed the data"
        return
    again, _ = db.run(kind, content, suffix)  # accepted: importing the same file again changes nothing
    assert again == 0
    assert db.snapshot() == after, "re-importing the same file changed the data"


def test_the_demo_files_import_and_reimport_cleanly(db: DB) -> None:
    for kind, name in (("schools", "schools.csv"), ("students", "students.csv")):
        _check(db, kind, (DEMO / name).read_bytes(), ".csv")


@FUZZ
@given(case=broken("schools"))
def test_malformed_school_files_never_half_import(db: DB, case: tuple[bytes, str]) -> None:
    _check(db, "schools", *case)


@FUZZ
@given(case=broken("students"))
def test_malformed_student_files_never_half_import(db: DB, case: tuple[bytes, str]) -> None:
    _check(db, "students", *case)


def test_a_bad_row_in_the_middle_leaves_earlier_rows_unwritten(db: DB) -> None:
    rows = [list(r) for r in STUDENTS]
    rows[len(rows) // 2][4] = "-7"
    rows[1][3] = str(int(rows[1][3]) + 1) if rows[1][3].isdigit() else "1"  # a real change before the bad row
    before = db.snapshot()
    code, _ = db.run("students", _csv(rows), ".csv")
    assert code == 1
    assert db.snapshot() == before


def test_the_cli_reports_row_and_column_with_a_non_zero_exit(db: DB, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from bot.cli import app
    rows = [list(r) for r in SCHOOLS]
    rows[3][0] = ""
    path = db.folder / "bad-schools.csv"
    path.write_bytes(_csv(rows))
    monkeypatch.chdir(db.folder)
    monkeypatch.setenv("DATABASE_URL", db.settings.database_url)
    monkeypatch.setenv("LINE_CHANNEL_SECRET", "x")
    before = db.snapshot()
    result = CliRunner().invoke(app, ["import", "schools", str(path)])
    assert result.exit_code != 0
    assert "4" in result.output  # the row number (header is row 1)
    assert db.snapshot() == before
