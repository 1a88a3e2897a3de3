"""Reading tabular files: CSV (UTF-8 with or without BOM) and XLSX, as header + numbered rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00a0]")


class TableError(Exception):
    """The file cannot be read as a table at all (not a row problem)."""


@dataclass(frozen=True)
class Table:
    """A header and its rows; `rows` holds (row number as a spreadsheet shows it, cells)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]


def cell_text(value: object) -> str:
    """A cell as clean text: XLSX numbers without ".0", Thai digits and invisible spaces normalised."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _INVISIBLE.sub(" ", str(value)).translate(THAI_DIGITS)
    return text.strip()


def read_table(path: str | Path) -> Table:
    """Read a .csv or .xlsx file; the first non-empty row is the header."""
    p = Path(path)
    if not p.is_file():
        raise TableError(f"file not found: {p}")
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return _table(_xlsx_rows(p))
    raw = p.read_bytes()
    if raw[:4] == b"PK\x03\x04":  # an XLSX saved with another extension
        return _table(_xlsx_rows(p))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(f"{p.name} is not UTF-8 text (save the CSV as UTF-8): {exc}") from exc
    return _table(_csv_rows(text))


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for cells in reader:
        yield reader.line_num, [cell_text(c) for c in cells]


def _xlsx_rows(p: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook
    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:
        raise TableError(f"{p.name} cannot be opened as XLSX: {exc}") from exc
    try:
        ws = wb.worksheets[0]
        for n, values in enumerate(ws.iter_rows(values_only=True), 1):
            yield n, [cell_text(v) for v in values]
    finally:
        wb.close()


def _table(rows: Iterator[tuple[int, list[str]]]) -> Table:
    headers: list[str] | None = None
    body: list[tuple[int, list[str]]] = []
    for n, cells in rows:
        if not any(cells):
            continue
        if headers is None:
            headers = cells
            while headers and not headers[-1]:
                headers.pop()
            continue
        body.append((n, cells))
    if not headers:
        raise TableError("the file is empty (no header row)")
    return Table(headers, body)
