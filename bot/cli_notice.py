"""`khetbot notice …` (send, preview, list, show, cancel) and `khetbot worker` (the job consumer)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

notice_app = typer.Typer(help="Staff notices: send to followers by district, school or role", no_args_is_help=True)

TextOpt = Annotated[str, typer.Option("--text", help="the notice text")]
DistrictOpt = Annotated[list[str] | None, typer.Option("--district", help="district (repeatable)")]
SchoolOpt = Annotated[list[str] | None, typer.Option("--school", help="school code or name (repeatable)")]
RoleOpt = Annotated[list[str] | None, typer.Option("--role", help="staff | school | public (repeatable)")]


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


@notice_app.command("send")
def send(text: TextOpt,
         district: DistrictOpt = None,
         school: SchoolOpt = None,
         role: RoleOpt = None,
         at: Annotated[str | None, typer.Option("--at", help='send later: "2026-12-01 08:00" (Asia/Bangkok)')] = None,
         image: Annotated[str | None, typer.Option("--image", help="https URL of an image to attach")] = None,
         link: Annotated[str | None, typer.Option("--link", help="a link to add")] = None,
         broadcast: Annotated[bool, typer.Option("--broadcast", help="everyone via LINE's broadcast API")] = False,
         author: Annotated[str | None, typer.Option("--author", help="name kept in the history")] = None,
         wait: Annotated[bool, typer.Option("--wait", help="send from this process and print the tally")] = False,
         ) -> None:
    """Queue a notice (the running `khetbot serve` or `khetbot worker` sends it), or schedule it with --at."""
    from bot.cli import open_db, settings_or_exit
    from bot.notices import jobs, service
    from handlers.notice_texts import describe_audience, thai_datetime
    from models.notice import count_recipients
    settings = settings_or_exit()
    engine, sessions = open_db(settings)
    try:
        with sessions() as s:
            try:
                when = service.parse_at(at) if at else None
                audience = service.build_audience(db_session=s, office_id=settings.office_id,
                                                  districts_=district or [], schools=school or [], roles=role or [])
                notice = service.create(db_session=s, settings=settings, text=text, audience=audience, source="cli",
                                        author_name=author or "CLI", at=when, image_url=image, link_url=link,
                                        broadcast=broadcast)
            except service.NoticeError as exc:
                raise _fail(f"error: {exc}") from exc
            s.commit()
            names = service.school_names(audience, db_session=s, office_id=settings.office_id)
            count = count_recipients(audience, db_session=s, office_id=settings.office_id)
        who = describe_audience(audience, names)
        if notice.status == "scheduled" and notice.scheduled_at is not None:
            typer.echo(f"notice #{notice.id} scheduled for {thai_datetime(notice.scheduled_at)} → {who} "
                       f"({count:,} followers now)")
            return
        if wait:
            result = jobs.send_now(settings, sessions, notice.id)
            with sessions() as s:
                from models.notice import Notice
                done = s.get(Notice, notice.id)
                assert done is not None
                typer.echo(f"notice #{done.id} {result.status}: sent {done.sent:,}, failed {done.failed:,}, "
                           f"blocked {done.blocked:,} ({done.batches} batches) → {who}")
            return
        jobs.enqueue_ready(settings, sessions)
        typer.echo(f"notice #{notice.id} queued → {who} ({count:,} followers now); "
                   "the running khetbot serve/worker sends it")
    finally:
        engine.dispose()


@notice_app.command("preview")
def preview(text: TextOpt, district: DistrictOpt = None, school: SchoolOpt = None, role: RoleOpt = None) -> None:
    """Show the messages recipients would get and how many follow now (nothing is sent)."""
    from bot.cli import open_db, settings_or_exit
    from bot.notices import service
    settings = settings_or_exit()
    engine, sessions = open_db(settings)
    try:
        with sessions() as s:
            try:
                audience = service.build_audience(db_session=s, office_id=settings.office_id,
                                                  districts_=district or [], schools=school or [], roles=role or [])
            except service.NoticeError as exc:
                raise _fail(f"error: {exc}") from exc
            out = service.preview(db_session=s, settings=settings, text=text, audience=audience)
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    finally:
        engine.dispose()


@notice_app.command("list")
def list_notices(limit: Annotated[int, typer.Option(help="how many")] = 20) -> None:
    """Notice history, newest first (who, when, audience, counts)."""
    from bot.cli import open_db, settings_or_exit
    from handlers.notice_texts import describe_audience, thai_datetime
    from models.notice import notice_history
    settings = settings_or_exit()
    engine, sessions = open_db(settings)
    try:
        with sessions() as s:
            for n in notice_history(db_session=s, office_id=settings.office_id, limit=limit):
                typer.echo(f"#{n.id}\t{n.status}\t{thai_datetime(n.created_at)}\t{n.author_name or n.source}\t"
                           f"{describe_audience(n.audience)}\tsent {n.sent:,} failed {n.failed:,} "
                           f"blocked {n.blocked:,}")
    finally:
        engine.dispose()


@notice_app.command("show")
def show(notice_id: int) -> None:
    """One notice as JSON."""
    from bot.cli import open_db, settings_or_exit
    from bot.notices import service
    from models.notice import Notice
    settings = settings_or_exit()
    engine, sessions = open_db(settings)
    try:
        with sessions() as s:
            notice = s.get(Notice, notice_id)
            if notice is None:
                raise _fail(f"no notice #{notice_id}", 1)
            typer.echo(json.dumps(service.describe(notice), ensure_ascii=False, indent=2))
    finally:
        engine.dispose()


@notice_app.command("cancel")
def cancel(notice_id: int) -> None:
    """Cancel a scheduled or queued notice that has not started sending."""
    from bot.cli import open_db, settings_or_exit
    from models.notice import cancel_notice
    settings = settings_or_exit()
    engine, sessions = open_db(settings)
    try:
        with sessions() as s:
            if not cancel_notice(notice_id, db_session=s):
                raise _fail(f"notice #{notice_id} is not waiting (unknown, sending or finished)", 1)
            s.commit()
        typer.echo(f"notice #{notice_id} cancelled")
    finally:
        engine.dispose()


def worker(threads: Annotated[int, typer.Option("--threads", help="worker threads")] = 4) -> None:
    """Run the job consumer (notices) without the web service; Ctrl-C stops it."""
    import logging

    from bot.cli import open_db, settings_or_exit
    from bot.notices import jobs
    logging.getLogger("huey").setLevel(logging.INFO)
    settings = settings_or_exit()
    engine, sessions = open_db(settings)
    try:
        jobs.run_worker(settings, sessions, threads)
    finally:
        engine.dispose()


def register(app: typer.Typer) -> None:
    """Add `notice …` and `worker`."""
    app.add_typer(notice_app, name="notice")
    app.command("worker")(worker)
