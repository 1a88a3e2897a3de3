"""What an import reports: row/column errors (nothing changed) or a summary of what changed."""

from __future__ import annotations

from dataclasses import dataclass

MAX_ERRORS = 50
"""Stop collecting after this many bad cells: the first ones are enough to fix the file."""


@dataclass(frozen=True)
class RowError:
    """One bad cell: its spreadsheet row number, column header and what is wrong."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "header"
        col = f', column "{self.column}"' if self.column else ""
        return f"{where}{col}: {self.message}"


class ImportFailed(Exception):
    """The file was rejected; nothing was changed."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]))


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    kind: str
    rows: int
    created: int
    updated: int
    unchanged: int
    import_id: int | None
    data_version: int | None
    removed: int = 0

    @property
    def changed(self) -> int:
        """Rows created or updated."""
        return self.created + self.updated

    def summary(self) -> str:
        """One line for the operator."""
        return (f"{self.kind}: {self.rows} rows read, {self.created} new, {self.updated} updated, "
                f"{self.unchanged} unchanged" + (f", {self.removed} sample schools removed" if self.removed else ""))
