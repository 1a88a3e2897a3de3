"""`khetbot incidents list|show`: tickets from the command line."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Annotated

import typer

from bot.cli import open_db, settings_or_exit

BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")
STATUSES = ("open", "acknowledged", "in_progress", "resolved", "closed")


def register(app: typer.Typer) -> None:
    """Add the `incidents` command group."""
    incidents_app = typer.Typer(help="Network incident tickets", no_args_is_help=True)
    app.add_typer(incidents_app, name="incidents")

    @incidents_app.command("list")
    def list_cmd(status: Annotated[str | None, typer.Option(
                     help="open|acknowledged|in_progress|resolved|closed, or 'pending' for all unfinished")] = None,
                 school: Annotated[str | None, typer.Option(help="school code")] = None,
                 year: Annotated[int | None, typer.Option(help="fiscal year B.E., e.g. 2570")] = None,
                 limit: Annotated[int, typer.Option(help="at most this many rows")] = 200) -> None:
        """List tickets (tab-separated: number, status, priority, opened, school, category, location)."""
        from sqlalchemy import select

        from models.incidents_queries import OPEN_STATUSES, list_incidents
        from models.school import School
        statuses: tuple[str, ...] | None = None
        if status == "pending":
            statuses = OPEN_STATUSES
        elif status is not None:
            if status not in STATUSES:
                typer.echo(f"status must be one of: pending, {', '.join(STATUSES)}", err=True)
                raise typer.Exit(2)
            statuses = (status,)
        settings = settings_or_exit()
        engine, sessions = open_db(settings)
        try:
            with sessions() as s:
                school_id = None
                if school:
                    school_id = s.scalar(select(School.id).where(School.office_id == settings.office_id,
                                                                 School.code == school))
                    if school_id is None:
                        typer.echo(f"no school with code {school}", err=True)
                        raise typer.Exit(1)
                rows = list_incidents(db_session=s, office_id=settings.office_id, statuses=statuses,
                                      school_id=school_id, fiscal_year=year, limit=limit)
                names = {i: n for i, n in s.execute(select(School.id, School.name))} if rows else {}
                for inc in rows:
                    name = names.get(inc.school_id, inc.school_name) if inc.school_id else inc.school_name
                    opened = inc.opened_at.astimezone(BANGKOK).isoformat(timespec="minutes")
                    typer.echo("\t".join([inc.number, inc.status, f"P{inc.priority}", opened, name or "-",
                                          inc.category, inc.location or "-"]))
                if not rows:
                    typer.echo("no tickets", err=True)
        finally:
            engine.dispose()

    @incidents_app.command("show")
    def show_cmd(number: str) -> None:
        """One ticket with its audit trail."""
        from models.incidents_queries import by_number, events_of
        settings = settings_or_exit()
        engine, sessions = open_db(settings)
        try:
            with sessions() as s:
                inc = by_number(number.strip().upper(), db_session=s, office_id=settings.office_id)
                if inc is None:
                    typer.echo(f"no ticket {number}", err=True)
                    raise typer.Exit(1)
                for label, value in (
                        ("number", inc.number), ("status", inc.status), ("priority", f"P{inc.priority}"),
                        ("impact/urgency", f"{inc.impact}/{inc.urgency}"), ("category", inc.category),
                        ("school", inc.school_name or "-"), ("location", inc.location or "-"),
                        ("since", inc.since_text or "-"), ("reporter", inc.reporter_name or "-"),
                        ("description", inc.description or "-"), ("resolution", inc.resolution_note or "-"),
                        ("photos", str(len(inc.photos or [])))):
                    typer.echo(f"{label}:\t{value}")
                for e in events_of(inc.id, db_session=s):
                    at = e.at.astimezone(BANGKOK).isoformat(timespec="seconds")
                    typer.echo(f"  {at}\t{e.action}\t{e.actor_line_user_id or '-'}" + (f"\t{e.note}" if e.note else ""))
        finally:
            engine.dispose()
