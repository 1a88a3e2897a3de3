"""The bundled sample data, loaded into an empty database so a fresh install answers."""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.settings import Settings
from models.school import School

log = logging.getLogger(__name__)


def ensure_demo_data(settings: Settings, *, db_session: Session) -> bool:
    """Load the sample schools and students when there are no schools yet; True if loaded."""
    if not settings.demo_data:
        return False
    if db_session.scalar(select(func.count(School.id))):
        return False
    try:
        from models.importers import load_demo  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return False
    load_demo(db_session=db_session, office_id=settings.office_id)
    log.info("loaded the bundled sample data (marked as sample in answers)")
    return True
