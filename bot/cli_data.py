"""`khetbot import schools|students FILE` and `khetbot eval nlu FILE`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

PROGRESS_MIN_ROWS = 2000
"""Files with at least this many rows show a progress bar."""

SourceOpt = Annotated[str | None, typer.Option(help="where the data comes from (shown with answers)")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="date the data describes, YYYY-MM-DD (default today)")]


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        typer.echo(f"--as-of must be a date like 2025-06-10, got {value!r}", err=True)
        raise typer.Exit(2) from exc


def run_import(kind: str, file: Path, *, source: str | None = None, as_of: date | None = None,
               settings: Any = None, echo: Callable[[str], None] = typer.echo) -> int:
    """Import one file into the configured database; returns the exit code (0 ok, 1 rejected)."""
    from bot.cli import open_db, settings_or_exit
    from models.importers import ImportFailed, import_schools, import_students
    settings = settings or settings_or_exit()
    importer = import_schools if kind == "schools" else import_students
    engine, sessions = open_db(settings)
    try:
        with sessions() as s:
            bar = _progress_bar(file)
            try:
                result = importer(file, db_session=s, office_id=settings.office_id, source=source, as_of=as_of,
                                  progress=bar.update if bar is not None else None)
            except ImportFailed as exc:
                s.rollback()
                if bar is not None:
                    bar.close()
                typer.echo(f"import {kind} rejected: {file.name}, nothing was changed", err=True)
                for err in exc.errors:
                    typer.echo(f"  {err}", err=True)
                if len(exc.errors) >= 50:
                    typer.echo("  … (first 50 problems shown)", err=True)
                return 1
            s.commit()
            if bar is not None:
                bar.close()
    finally:
        engine.dispose()
    echo(result.summary())
    if result.changed or result.removed:
        echo("running servers rebuild their school vocabulary within seconds")
    return 0


def _progress_bar(file: Path) -> Any:
    """A tqdm bar for big files (counted cheaply by lines or sheet rows), else None."""
    try:
        if file.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook
            wb = load_workbook(file, read_only=True)
            total = int(wb.worksheets[0].max_row or 0)
            wb.close()
        else:
            with file.open("rb") as fh:
                total = sum(1 for _ in fh)
    except Exception:
        return None
    if total < PROGRESS_MIN_ROWS:
        return None
    from tqdm import tqdm
    return tqdm(total=max(total - 1, 0), unit="rows", desc=f"import {file.name}", leave=False)


def register(app: typer.Typer) -> None:
    """Add `import` and `eval` commands."""
    import_app = typer.Typer(help="Import school data (CSV UTF-8 or XLSX)", no_args_is_help=True)
    eval_app = typer.Typer(help="Evaluate the understanding", no_args_is_help=True)
    app.add_typer(import_app, name="import")
    app.add_typer(eval_app, name="eval")

    @import_app.command("schools")
    def import_schools_cmd(file: Annotated[Path, typer.Argument(help="CSV or XLSX, one row per school")],
                           source: SourceOpt = None, as_of: AsOfOpt = None) -> None:
        """Import schools: รหัสโรงเรียน,ชื่อโรงเรียน,ตำบล,อำเภอ,จังหวัด,ผู้อำนวยการ,โทรศัพท์,อีเมล."""
        raise typer.Exit(run_import("schools", file, source=source, as_of=_as_of(as_of)))

    @import_app.command("students")
    def import_students_cmd(file: Annotated[Path, typer.Argument(help="CSV or XLSX, one row per school-year-term")],
                            source: SourceOpt = None, as_of: AsOfOpt = None) -> None:
        """Import students: รหัสโรงเรียน,ปีการศึกษา,ภาคเรียน,ม.1 ชาย,ม.1 หญิง,…,ม.6 หญิง[,ครู]."""
        raise typer.Exit(run_import("students", file, source=source, as_of=_as_of(as_of)))

    @eval_app.command("nlu")
    def eval_nlu(file: Annotated[Path, typer.Argument(help="TSV of text<TAB>intent lines")],
                 min_accuracy: Annotated[float, typer.Option(help="exit 1 below this accuracy (0-1)")] = 0.0) -> None:
        """Per-intent precision, recall, F1 and a confusion table (vocabulary from the database's schools)."""
        from bot.cli import open_db, settings_or_exit
        from bot.knowledge_state import school_entries
        from knowledge.nlu_eval import evaluate, format_report, load_labelled
        from knowledge.vocabulary import Vocabulary
        settings = settings_or_exit()
        try:
            rows = load_labelled(file)
        except (OSError, ValueError) as exc:
            typer.echo(f"cannot read {file}: {exc}", err=True)
            raise typer.Exit(2) from exc
        engine, sessions = open_db(settings)
        with sessions() as s:
            vocab = Vocabulary.build(school_entries(db_session=s, office_id=settings.office_id))
        engine.dispose()
        report = evaluate(rows, vocab)
        typer.echo(format_report(report))
        if report.accuracy < min_accuracy:
            raise typer.Exit(1)
