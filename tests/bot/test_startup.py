"""Start-up: the schema check that skips Alembic when the database is current, and what the server
process imports (report libraries only when a report is made)."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import inspect

from bot import migrate
from bot.settings import Settings
from models.db import make_engine

_HEAVY = ("matplotlib", "fpdf", "fontTools", "xlsxwriter", "openpyxl", "PIL", "alembic")


def test_heads_read_from_the_files_are_alembics() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert migrate.script_heads() == frozenset(script.get_heads())


def test_upgrade_runs_alembic_only_when_behind(settings: Settings) -> None:
    from alembic import command

    engine = make_engine(settings.database_url)
    try:
        migrate.upgrade(engine)
        assert migrate.is_current(engine)
        cfg = migrate.alembic_config(settings.database_url)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "-1")
        assert not migrate.is_current(engine)
        migrate.upgrade(engine)
        assert migrate.is_current(engine)
        assert "outbox" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_current_database_is_checked_without_alembic(settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    engine.dispose()
    code = ("import sys; from bot import migrate; from models.db import make_engine; "
            f"e = make_engine({settings.database_url!r}); migrate.upgrade(e); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_empty_database_is_created_by_alembic(tmp_path: object) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/new.db")
    try:
        assert not migrate.is_current(engine)
        migrate.upgrade(engine)
        assert migrate.is_current(engine)
    finally:
        engine.dispose()


def test_the_server_does_not_import_report_libraries_at_start() -> None:
    code = f"import sys, bot.app, bot.asgi; print(sorted(m for m in {_HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_report_names_still_import_from_the_package() -> None:
    from handlers import report

    assert callable(report.build_report) and callable(report.write_pdf) and callable(report.render_charts)
    assert set(report.__all__) <= set(dir(report))


def test_the_server_checkpoints_sqlite_beside_the_requests(line_settings: Settings, backend: str) -> None:
    import threading

    from sqlalchemy import text

    from models.wal_checkpoint import AUTOCHECKPOINT_FRAMES
    from tests.support.webhook import open_line_bot

    def checkpoint_threads() -> int:
        return sum(t.name == "sqlite-checkpoint" for t in threading.enumerate())

    before = checkpoint_threads()
    with open_line_bot(line_settings) as bot:
        services = bot.session.services
        assert bot.post([bot.text("U" + "c" * 32, "สวัสดีค่ะ")]).status_code == 200
        if backend == "sqlite":
            assert services.checkpointer is not None and checkpoint_threads() == before + 1
            with services.engine.connect() as conn:  # commits checkpoint only if the thread falls far behind
                assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == AUTOCHECKPOINT_FRAMES
        else:
            assert services.checkpointer is None
    assert checkpoint_threads() == before
