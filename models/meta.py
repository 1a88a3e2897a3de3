"""Small key/value facts shared by every process (e.g. the data version bumped by imports)."""

from __future__ import annotations

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base


class Meta(Base):
    """One named value."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


DATA_VERSION = "data_version"


def get_meta(key: str, *, db_session: Session) -> str | None:
    """The value stored under key, if any."""
    return db_session.scalar(select(Meta.value).where(Meta.key == key))


MANUAL_VERSION = "manual_version"


def bump(key: str, *, db_session: Session) -> int:
    """Increase a counter that running servers watch."""
    row = db_session.get(Meta, key)
    if row is None:
        row = Meta(key=key, value="0")
        db_session.add(row)
    row.value = str(int(row.value) + 1)
    return int(row.value)


def bump_data_version(*, db_session: Session) -> int:
    """Increase the data version so running servers rebuild their vocabulary."""
    return bump(DATA_VERSION, db_session=db_session)
