"""The `khetbot` command: serve, chat, users, db, and each capability's commands."""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from bot.settings import Settings, load_settings

app = typer.Typer(help="khetbot — LINE chatbot of the area office", no_args_is_help=True,
                  pretty_exceptions_enable=False)
users_app = typer.Typer(help="Register people and their roles", no_args_is_help=True)
db_app = typer.Typer(help="Database schema", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(db_app, name="db")


def settings_or_exit() -> Settings:
    """Settings from the environment, with a readable message when they are invalid."""
    try:
        return load_settings()
    except Exception as exc:  # pydantic's message names the bad variable
        typer.echo(f"configuration error: {exc}", err=True)
        raise typer.Exit(2) from exc


def open_db(settings: Settings):  # type: ignore[no-untyped-def]
    """Engine + session factory with the schema upgraded."""
    from bot import migrate
    from models.db import make_engine, make_session_factory
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    return engine, make_session_factory(engine)


@app.command()
def serve(host: Annotated[str, typer.Option(help="address to listen on")] = "0.0.0.0",
          port: Annotated[int, typer.Option(help="TCP port")] = 8000,
          workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1) -> None:
    """Run the webhook service (creates or upgrades the database schema first)."""
    import uvicorn

    from bot import texts
    settings = settings_or_exit()
    if settings.line_channel_secret is None or not settings.line_channel_secret.get_secret_value():
        typer.echo(texts.MISSING_SECRET, err=True)
        raise typer.Exit(2)
    if workers > 1 and not settings.redis_url:
        typer.echo(texts.WORKERS_NEED_REDIS.format(workers=workers), err=True)
        raise typer.Exit(2)
    engine, _ = open_db(settings)
    engine.dispose()
    # uvicorn's supervisor kills a worker that misses a 5 s health ping; on a busy 2-core box a worker
    # that is starting (imports, knowledge load) or CPU-starved misses it, and the replacement is killed
    # the same way: a restart loop that serves nothing. Allow 30 s (soak test, tests/soak/soak_kill.py).
    uvicorn.run("bot.asgi:create", factory=True, host=host, port=port, workers=workers,
                log_level="info", access_log=False, timeout_graceful_shutdown=10, timeout_worker_healthcheck=30)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the schema to the newest revision."""
    engine, _ = open_db(settings_or_exit())
    engine.dispose()
    typer.echo("database schema is up to date")


@users_app.command("add")
def users_add(line_user_id: str,
              role: Annotated[str, typer.Option(help="staff | school")] = "school",
              school: Annotated[str | None, typer.Option(help="school code (for role school)")] = None,
              name: Annotated[str | None, typer.Option(help="display name")] = None) -> None:
    """Register a LINE user as area-office staff or as a school's administrator."""
    from sqlalchemy import select

    from models.school import School
    from models.user import get_or_create_user
    if role not in ("staff", "school"):
        typer.echo("role must be staff or school", err=True)
        raise typer.Exit(2)
    if not line_user_id.startswith("U") or len(line_user_id) > 64:
        typer.echo("LINE_USER_ID looks wrong: LINE user ids start with U", err=True)
        raise typer.Exit(2)
    settings = settings_or_exit()
    engine, sessions = open_db(settings)
    with sessions() as s:
        school_row = None
        if school:
            school_row = s.scalar(select(School).where(School.office_id == settings.office_id, School.code == school))
            if school_row is None:
                typer.echo(f"no school with code {school}", err=True)
                raise typer.Exit(1)
        elif role == "school":
            typer.echo("role school needs --school SCHOOL_CODE", err=True)
            raise typer.Exit(2)
        user = get_or_create_user(line_user_id, db_session=s, office_id=settings.office_id)
        user.role = role
        user.school_id = school_row.id if school_row else None
        if name:
            user.display_name = name
        s.commit()
        where = f" of {school_row.name}" if school_row else ""
        typer.echo(f"{line_user_id} is now {role}{where}")
    engine.dispose()


@users_app.command("list")
def users_list(role: Annotated[str | None, typer.Option(help="only this role")] = None) -> None:
    """List registered users (staff and school administrators)."""
    from sqlalchemy import select

    from models.user import User
    settings = settings_or_exit()
    engine, sessions = open_db(settings)
    with sessions() as s:
        q = select(User).where(User.office_id == settings.office_id, User.role != "public")
        if role:
            q = q.where(User.role == role)
        for u in s.scalars(q.order_by(User.role, User.id)):
            school = u.school.code if u.school else "-"
            typer.echo(f"{u.line_user_id}\t{u.role}\t{school}\t{u.display_name or ''}")
    engine.dispose()


@users_app.command("forget")
def users_forget(line_user_id: str,
                 yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False) -> None:
    """Remove or anonymise a person's personal data (PDPA request); evaluation counts are kept."""
    from models.privacy import forget_user
    if not yes and not typer.confirm(f"Forget {line_user_id}? This cannot be undone"):
        raise typer.Exit(1)
    settings = settings_or_exit()
    engine, sessions = open_db(settings)
    with sessions() as s:
        summary = forget_user(line_user_id, db_session=s, office_id=settings.office_id)
        s.commit()
    engine.dispose()
    from bot.conversations import forget_person_in_redis
    from bot.files import PublicFiles
    from models.privacy import photo_names
    states = forget_person_in_redis(settings.redis_url, settings.redis_prefix, line_user_id)
    names = summary.files + [n for st in states for n in photo_names(st.data)]
    files = PublicFiles(settings)
    deleted = sum(files.delete(n) for n in set(names) if n.startswith("private-"))
    typer.echo(f"forgotten: {summary.total()} rows changed ({summary}); "
               f"{len(states)} conversations and {deleted} photos deleted")


TERMINAL_USER = "U" + "0" * 31 + "1"


@app.command()
def chat(user: Annotated[str, typer.Option("--user", help="the LINE user id to play")] = TERMINAL_USER) -> None:
    """Talk to the bot in the terminal through the same pipeline as LINE."""
    from bot.chat_session import run_terminal_chat
    run_terminal_chat(settings_or_exit(), user)


def _register_capabilities() -> None:
    """Each capability adds its own commands (imported here, explicitly)."""
    from bot import cli_data, cli_incidents, cli_knowledge, cli_notice, cli_report
    for module in (cli_data, cli_knowledge, cli_incidents, cli_notice, cli_report):
        module.register(app)


_register_capabilities()


def main() -> None:
    """Console entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
