"""`khetbot report FISCAL_YEAR [--out DIR]`: the fiscal year's evaluation report as XLSX + PDF."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the `report` command."""
    app.command("report")(report)


FiscalYear = Annotated[int, typer.Argument(metavar="FISCAL_YEAR",
                                           help="fiscal year B.E., e.g. 2570 = 1 Oct 2026 – 30 Sep 2027")]
OutDir = Annotated[Path, typer.Option("--out", metavar="DIR", help="folder to write the files into")]


def report(fiscal_year: FiscalYear, out: OutDir = Path(".")) -> None:
    """Write the fiscal year's evaluation report (XLSX workbook and A4 PDF) into DIR; print their paths."""
    from bot.cli import open_db, settings_or_exit
    from handlers.report import ThaiFontMissing, build_report, find_thai_font, render_charts, write_pdf, write_xlsx

    if not 2400 <= fiscal_year <= 2800:
        typer.echo("FISCAL_YEAR is a Buddhist-era year, e.g. 2570", err=True)
        raise typer.Exit(2)
    settings = settings_or_exit()
    try:
        font = find_thai_font(settings.font_path)
    except ThaiFontMissing as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    out.mkdir(parents=True, exist_ok=True)
    engine, sessions = open_db(settings)
    started = time.perf_counter()
    try:
        with sessions() as session:
            data = build_report(fiscal_year, db_session=session, settings=settings)
            session.rollback()
    finally:
        engine.dispose()
    charts = render_charts(data, font)
    stem = f"khetbot-report-{fiscal_year}"
    xlsx = write_xlsx(data, out / f"{stem}.xlsx", charts=charts)
    pdf = write_pdf(data, out / f"{stem}.pdf", font=font, charts=charts)
    typer.echo(str(xlsx.resolve()))
    typer.echo(str(pdf.resolve()))
    typer.echo(f"fiscal year {fiscal_year}: {data.totals.interactions:,} interactions, "
               f"{time.perf_counter() - started:.1f} s", err=True)
