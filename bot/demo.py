"""The bundled sample data, loaded into an empty database so a fresh install answers."""

from __future__ import annotations

import logging

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.settings import Settings
from models.school import School

log = logging.getLogger(__name__)


def ensure_demo_data(settings: Settings, *, db_session: Session) -> bool:
    """Load the sample schools and students when there are no schools yet; True if loaded."""
    if not settings.demo_data:
        return False
    if db_session.get_bind().dialect.name == "postgresql":
        # `serve --workers N` starts N workers at once on the same empty database: one loads, the others
        # wait here and then see the schools (a unique-key race used to fail a worker's startup, and
        # uvicorn then stops the whole service). Released at the caller's commit.
        db_session.execute(text("SELECT pg_advisory_xact_lock(7301002)"))
    if db_session.scalar(select(func.count(School.id))):
        return False
    try:
        from models.importers import load_demo  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return False
    try:
        with db_session.begin_nested():
            load_demo(db_session=db_session, office_id=settings.office_id)
    except IntegrityError:  # another process loaded it first (SQLite shared by several workers)
        log.info("sample data was loaded by another process")
        return False
    log.info("loaded the bundled sample data (marked as sample in answers)")
    return True
