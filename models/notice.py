"""Staff notices, their delivery batches, and the audience queries behind them.

A notice's audience is a small JSON dict: `{"all": true}` or any of
`{"districts": [...], "schools": [school codes], "roles": [...]}`. Within one kind the values
are alternatives (district A or B); different kinds narrow each other (schools of district A
whose users have role `school`). Recipients are resolved when the notice is sent, from users
who still follow the account.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import DEFAULT_OFFICE, Base, utcnow
from models.school import School, SchoolAlias
from models.user import ROLES, User

BATCH_MAX = 500  # LINE's multicast limit
# draft → scheduled → queued → sending → done (or cancelled before sending)
STATUSES = ("scheduled", "queued", "sending", "done", "cancelled")


class Notice(Base):
    """A notice composed by staff for an audience (also the history the annual report reads)."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_status_scheduled", "status", "scheduled_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[str] = mapped_column(String(32), default=DEFAULT_OFFICE)
    author_line_user_id: Mapped[str | None] = mapped_column(String(64))
    author_name: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(16), default="chat")  # chat | cli | http
    text: Mapped[str] = mapped_column(Text)
    image_url: Mapped[str | None] = mapped_column(String(1000))
    link_url: Mapped[str | None] = mapped_column(String(1000))
    # {"all": true} | {"districts": [...], "schools": [...], "roles": [...]}
    audience: Mapped[dict[str, Any]] = mapped_column()
    use_broadcast: Mapped[bool] = mapped_column(default=False)  # "all" through LINE's broadcast API
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    scheduled_at: Mapped[datetime | None] = mapped_column()
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    lease_until: Mapped[datetime | None] = mapped_column()  # a job is taking care of it until then
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    batches: Mapped[int] = mapped_column(Integer, default=0)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    blocked: Mapped[int] = mapped_column(Integer, default=0)  # in the audience but no longer following
    progress_reported: Mapped[int] = mapped_column(Integer, default=0)  # last progress step told to the author


class Delivery(Base):
    """One multicast batch (≤500 recipients) of a notice, sent at most once."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("notice_id", "batch_no"),
                      Index("ix_deliveries_notice_status", "notice_id", "status"))
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    batch_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="multicast")  # multicast | broadcast
    recipients: Mapped[list[Any]] = mapped_column()
    size: Mapped[int] = mapped_column(Integer, default=0)  # people reached when sent
    retry_key: Mapped[str] = mapped_column(String(36), unique=True)  # X-Line-Retry-Key, stored before sending
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column()
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(Text)


# --- audiences


def normalize_audience(audience: dict[str, Any]) -> dict[str, Any]:
    """A canonical audience dict (sorted, de-duplicated; `all` alone when nothing narrows it)."""
    out: dict[str, Any] = {}
    for kind in ("districts", "schools", "roles"):
        values = sorted({str(v).strip() for v in audience.get(kind) or [] if str(v).strip()})
        if values:
            out[kind] = values
    bad = [r for r in out.get("roles", []) if r not in ROLES]
    if bad:
        raise ValueError(f"unknown role: {', '.join(bad)}")
    return out or {"all": True}


def is_everyone(audience: dict[str, Any]) -> bool:
    """True when the audience is every follower."""
    return normalize_audience(audience) == {"all": True}


def _audience_filter(stmt: Any, audience: dict[str, Any], office_id: str) -> Any:
    """`stmt` (a select over users) narrowed to the audience."""
    aud = normalize_audience(audience)
    stmt = stmt.where(User.office_id == office_id)
    if aud.get("districts") or aud.get("schools"):
        stmt = stmt.join(School, School.id == User.school_id)
        if aud.get("districts"):
            stmt = stmt.where(School.district.in_(aud["districts"]))
        if aud.get("schools"):
            stmt = stmt.where(School.code.in_(aud["schools"]))
    if aud.get("roles"):
        stmt = stmt.where(User.role.in_(aud["roles"]))
    return stmt


def resolve_recipients(audience: dict[str, Any], *, db_session: Session,
                       office_id: str = DEFAULT_OFFICE) -> tuple[list[str], int]:
    """(LINE ids of following users in the audience, in a stable order; how many have blocked us)."""
    stmt = _audience_filter(select(User.line_user_id, User.following), audience, office_id).order_by(User.id)
    ids: list[str] = []
    blocked = 0
    for line_id, following in db_session.execute(stmt):
        if following:
            ids.append(str(line_id))
        else:
            blocked += 1
    return ids, blocked


def count_recipients(audience: dict[str, Any], *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> int:
    """How many following users the audience reaches now."""
    stmt = _audience_filter(select(func.count(User.id)), audience, office_id).where(User.following.is_(True))
    return int(db_session.scalar(stmt) or 0)


def districts(*, db_session: Session, office_id: str = DEFAULT_OFFICE) -> list[str]:
    """The districts that have schools, in Thai order."""
    rows = db_session.scalars(select(School.district).where(School.office_id == office_id, School.district != "")
                              .distinct())
    return sorted(str(r) for r in rows)


def find_district(text: str, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> str | None:
    """The district named in a text ("อำเภอหล่มสัก", "อ.หล่มสัก", "หล่มสัก"), longest name first."""
    t = text.replace(" ", "")
    for name in sorted(districts(db_session=db_session, office_id=office_id), key=len, reverse=True):
        if name.replace(" ", "") in t:
            return name
    return None


def find_schools(terms: Sequence[str], *, db_session: Session,
                 office_id: str = DEFAULT_OFFICE) -> tuple[list[School], list[str]]:
    """Schools by code, exact name or alias, else a unique partial name; (found, terms not found)."""
    found: list[School] = []
    missing: list[str] = []
    for raw in terms:
        term = raw.strip()
        if not term:
            continue
        base = select(School).where(School.office_id == office_id)
        school = db_session.scalar(base.where(or_(School.code == term, School.name == term)))
        if school is None:
            school = db_session.scalar(base.join(SchoolAlias).where(SchoolAlias.alias == term))
        if school is None:
            bare = term.removeprefix("โรงเรียน").removeprefix("รร.").strip()
            like = list(db_session.scalars(base.where(School.name.contains(bare)).limit(2))) if bare else []
            school = like[0] if len(like) == 1 else None
        if school is None:
            missing.append(term)
        elif school not in found:
            found.append(school)
    return found, missing


# --- notices


def create_notice(*, db_session: Session, text: str, audience: dict[str, Any], office_id: str = DEFAULT_OFFICE,
                  author_line_user_id: str | None = None, author_name: str | None = None, source: str = "chat",
                  image_url: str | None = None, link_url: str | None = None,
                  scheduled_at: datetime | None = None, use_broadcast: bool = False,
                  now: datetime | None = None, draft: bool = False) -> Notice:
    """A notice ready to send: `queued` now, `scheduled` for a future time, or a `draft` to confirm."""
    text = text.strip()
    if not text:
        raise ValueError("a notice needs a text")
    aud = normalize_audience(audience)
    when = now or utcnow()
    notice = Notice(office_id=office_id, author_line_user_id=author_line_user_id, author_name=author_name,
                    source=source, text=text, image_url=image_url, link_url=link_url, audience=aud,
                    use_broadcast=bool(use_broadcast and aud == {"all": True}),
                    scheduled_at=scheduled_at,
                    status="draft" if draft else _ready_status(scheduled_at, when),
                    created_at=when)
    db_session.add(notice)
    db_session.flush()
    return notice


def _ready_status(scheduled_at: datetime | None, now: datetime) -> str:
    return "scheduled" if scheduled_at is not None and scheduled_at > now else "queued"


def confirm_draft(notice_id: int, author_line_user_id: str, *, db_session: Session,
                  now: datetime | None = None) -> Notice | None:
    """Queue the author's draft for sending; None when it was already confirmed or cancelled.

    One atomic status transition (draft → queued/scheduled), so a double tap sends once.
    """
    notice = db_session.get(Notice, notice_id)
    if notice is None or notice.author_line_user_id != author_line_user_id:
        return None
    status = _ready_status(notice.scheduled_at, now or utcnow())
    res = db_session.execute(update(Notice).where(Notice.id == notice_id, Notice.status == "draft",
                                                  Notice.author_line_user_id == author_line_user_id)
                             .values(status=status).execution_options(synchronize_session=False))
    if getattr(res, "rowcount", 0) != 1:
        return None
    db_session.refresh(notice)
    return notice


def cancel_notice(notice_id: int, *, db_session: Session, author_line_user_id: str | None = None) -> bool:
    """Cancel a notice that has not started sending (draft, scheduled or queued)."""
    stmt = update(Notice).where(Notice.id == notice_id, Notice.status.in_(("draft", "scheduled", "queued")))
    if author_line_user_id is not None:
        stmt = stmt.where(Notice.author_line_user_id == author_line_user_id)
    res = db_session.execute(stmt.values(status="cancelled", finished_at=utcnow())
                             .execution_options(synchronize_session=False))
    return getattr(res, "rowcount", 0) == 1


def drop_drafts(author_line_user_id: str, *, db_session: Session) -> int:
    """Cancel the author's unconfirmed drafts (their preview buttons stop working)."""
    res = db_session.execute(update(Notice).where(Notice.author_line_user_id == author_line_user_id,
                                                  Notice.status == "draft")
                             .values(status="cancelled", finished_at=utcnow())
                             .execution_options(synchronize_session=False))
    return int(getattr(res, "rowcount", 0) or 0)


def latest_draft(author_line_user_id: str, *, db_session: Session) -> Notice | None:
    """The author's newest unconfirmed draft."""
    return db_session.scalar(select(Notice).where(Notice.author_line_user_id == author_line_user_id,
                                                  Notice.status == "draft").order_by(Notice.id.desc()).limit(1))


def notice_history(*, db_session: Session, office_id: str = DEFAULT_OFFICE, start: datetime | None = None,
                   end: datetime | None = None, limit: int | None = None) -> list[Notice]:
    """Notices (newest first), optionally created within [start, end) — for the annual report."""
    stmt = select(Notice).where(Notice.office_id == office_id)
    if start is not None:
        stmt = stmt.where(Notice.created_at >= start)
    if end is not None:
        stmt = stmt.where(Notice.created_at < end)
    stmt = stmt.order_by(Notice.created_at.desc(), Notice.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(db_session.scalars(stmt))
