"""People who talk to the bot: LINE users, their role and school."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, bindparam, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models.base import DEFAULT_OFFICE, Base, utcnow
from models.school import School

ROLES = ("staff", "school", "public")


class User(Base):
    """A LINE user known to the bot."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[str] = mapped_column(String(32), default=DEFAULT_OFFICE, index=True)
    line_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="public")
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="SET NULL"))
    following: Mapped[bool] = mapped_column(default=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    school: Mapped[School | None] = relationship()  # loaded when a handler needs it (most turns do not)

    @property
    def is_staff(self) -> bool:
        """True for area-office staff."""
        return self.role == "staff"


_BY_LINE_ID = select(User).where(User.line_user_id == bindparam("line_user_id"))  # built once: asked every turn


def get_user(line_user_id: str, *, db_session: Session) -> User | None:
    """The user with this LINE id, if known."""
    return db_session.scalar(_BY_LINE_ID, {"line_user_id": line_user_id})


def add_follower(line_user_id: str, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> User:
    """A new user: a public follower (flushed, not committed)."""
    user = User(line_user_id=line_user_id, office_id=office_id, role="public", following=True)
    db_session.add(user)
    db_session.flush()
    return user


def get_or_create_user(line_user_id: str, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> User:
    """The user with this LINE id, created as a public follower when new."""
    user = get_user(line_user_id, db_session=db_session)
    return user if user is not None else add_follower(line_user_id, db_session=db_session, office_id=office_id)


def learn_display_name(line_user_id: str, name: str, *, db_session: Session) -> bool:
    """Keep the LINE display name of a user who has none yet (a name set by staff is never replaced)."""
    user = get_user(line_user_id, db_session=db_session)
    if user is None or user.display_name:
        return False
    user.display_name = name[:200]
    return True


def staff_line_ids(*, db_session: Session, office_id: str = DEFAULT_OFFICE) -> list[str]:
    """LINE ids of staff who still follow the account."""
    rows = db_session.scalars(select(User.line_user_id).where(
        User.office_id == office_id, User.role == "staff", User.following.is_(True)))
    return list(rows)
