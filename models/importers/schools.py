"""`import schools`: validate every row first, then upsert schools (and aliases) by code."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from models.importers.columns import SCHOOL_FIELDS, SCHOOL_REQUIRED, map_fields
from models.importers.errors import MAX_ERRORS, ImportFailed, ImportResult, RowError
from models.importers.reading import Table, TableError, read_table
from models.meta import bump_data_version
from models.school import DataImport, School, SchoolAlias

Progress = Callable[[int], None]
CODE = re.compile(r"^[0-9A-Za-z\-]{1,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIMITS = {"name": 200, "subdistrict": 100, "district": 100, "province": 100, "principal": 200, "phone": 64,
          "email": 200, "address": 400}
FIELDS = ("name", "subdistrict", "district", "province", "principal", "phone", "email", "address")
_ALIAS_SPLIT = re.compile(r"\s*[|;,]\s*")
_PREFIX = re.compile(r"^(?:โรงเรียน|ร\.ร\.|รร\.)\s*")


def file_sha256(path: str | Path) -> str:
    """The file's SHA-256, recorded with each import."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_table(path: str | Path) -> Table:
    """The file as a table, or ImportFailed when it cannot be read."""
    try:
        return read_table(path)
    except TableError as exc:
        raise ImportFailed([RowError(0, "", str(exc))]) from exc


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i] if i is not None and i < len(cells) else ""


def parse_schools(table: Table) -> list[tuple[int, dict[str, str], list[str] | None]]:
    """Validated rows: (row number, fields, aliases or None when the file has no alias column)."""
    cols = map_fields(table, SCHOOL_FIELDS)
    missing = [f for f in SCHOOL_REQUIRED if f not in cols]
    if missing:
        want = ", ".join(SCHOOL_FIELDS[f][0] for f in missing)
        raise ImportFailed([RowError(0, want, f"missing column(s) {want}; found {', '.join(table.headers)}")])
    errors: list[RowError] = []
    out: list[tuple[int, dict[str, str], list[str] | None]] = []
    seen: dict[str, int] = {}
    for n, cells in table.rows:
        row = {f: _cell(cells, cols.get(f)) for f in ("code", *FIELDS)}
        row["name"] = _PREFIX.sub("", row["name"]).strip()

        def bad(field: str, message: str, _n: int = n) -> None:
            errors.append(RowError(_n, table.headers[cols[field]], message))
        if not CODE.match(row["code"]):
            bad("code", f"school code must be 1-20 letters/digits, got {row['code']!r}")
        elif row["code"] in seen:
            bad("code", f"school code {row['code']} already appears in row {seen[row['code']]}")
        else:
            seen[row["code"]] = n
        if not row["name"]:
            bad("name", "school name is empty")
        for field, limit in LIMITS.items():
            if len(row[field]) > limit:
                bad(field, f"longer than {limit} characters")
        if row["email"] and not EMAIL.match(row["email"]):
            bad("email", f"not an e-mail address: {row['email']!r}")
        aliases = None
        if "aliases" in cols:
            listed = _ALIAS_SPLIT.split(_cell(cells, cols["aliases"]))
            aliases = [a for a in dict.fromkeys(_PREFIX.sub("", x) for x in listed) if a and a != row["name"]]
        out.append((n, row, aliases))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ImportFailed(errors)
    return out


def import_schools(path: str | Path, *, db_session: Session, office_id: str, source: str | None = None,
                   as_of: date | None = None, is_sample: bool = False,
                   progress: Progress | None = None) -> ImportResult:
    """Upsert the schools of a file by code; all-or-nothing (raises ImportFailed, changes nothing)."""
    rows = parse_schools(load_table(path))
    existing = {s.code: s for s in db_session.scalars(
        select(School).where(School.office_id == office_id).options(selectinload(School.aliases)))}
    created = updated = 0
    for k, (_, row, aliases) in enumerate(rows, 1):
        school = existing.get(row["code"])
        if school is None:
            school = School(office_id=office_id, code=row["code"], is_sample=is_sample,
                            **{f: row[f] for f in FIELDS})
            school.aliases = [SchoolAlias(alias=a) for a in aliases or ()]
            db_session.add(school)
            existing[school.code] = school
            created += 1
        elif _update(school, row, aliases, is_sample):
            updated += 1
        if progress and k % 500 == 0:
            progress(500)
    if progress:
        progress(len(rows) % 500)
    removed = 0
    if not is_sample:  # real data replaces the bundled sample schools
        sample_ids = [s.id for s in existing.values() if s.is_sample and s.id is not None]
        if sample_ids:
            removed = len(sample_ids)
            db_session.execute(delete(School).where(School.id.in_(sample_ids)))
            db_session.expire_all()
    result = finish_import("schools", path, len(rows), created, updated + removed, len(rows) - created - updated,
                           db_session=db_session, office_id=office_id, source=source, as_of=as_of,
                           is_sample=is_sample)
    return replace(result, updated=updated, removed=removed)


def _update(school: School, row: dict[str, str], aliases: list[str] | None, is_sample: bool) -> bool:
    changed = False
    for f in FIELDS:
        if getattr(school, f) != row[f]:
            setattr(school, f, row[f])
            changed = True
    if school.is_sample and not is_sample:
        school.is_sample = False
        changed = True
    if aliases is not None and [a.alias for a in school.aliases] != aliases:
        keep = {a.alias: a for a in school.aliases}
        school.aliases = [keep.get(a) or SchoolAlias(alias=a) for a in aliases]
        changed = True
    return changed


def finish_import(kind: str, path: str | Path, rows: int, created: int, updated: int, unchanged: int, *,
                  db_session: Session,
                  office_id: str, source: str | None, as_of: date | None, is_sample: bool,
                  record: DataImport | None = None) -> ImportResult:
    """Record the import and bump the data version when something changed; flush."""
    version = None
    if created or updated:
        if record is None:
            record = new_import(kind, path, rows, db_session=db_session, office_id=office_id, source=source,
                                as_of=as_of, is_sample=is_sample)
        record.changed = created + updated
        version = bump_data_version(db_session=db_session)
    db_session.flush()
    return ImportResult(kind, rows, created, updated, unchanged, record.id if record else None, version)


def new_import(kind: str, path: str | Path, rows: int, *, db_session: Session, office_id: str, source: str | None,
               as_of: date | None, is_sample: bool) -> DataImport:
    """A DataImport row (flushed, so its id can be referenced)."""
    record = DataImport(office_id=office_id, kind=kind, filename=Path(path).name[:400], sha256=file_sha256(path),
                        rows=rows, changed=0, source=(source or Path(path).name)[:200], as_of=as_of or today_bangkok(),
                        is_sample=is_sample)
    db_session.add(record)
    db_session.flush()
    return record


def today_bangkok() -> date:
    """Today's date in Thailand (the as-of date of an import when none is given)."""
    return datetime.now(ZoneInfo("Asia/Bangkok")).date()
