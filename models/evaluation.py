"""What the annual evaluation counts: every interaction and every satisfaction rating.

Query functions for the chat side of the evaluation live here (rating sampling, storing a
rating once, retention); the fiscal-year aggregations are in `models/report_queries.py`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import DEFAULT_OFFICE, Base, utcnow
from models.inbox import InboundEvent


class Interaction(Base):
    """One thing a user said or tapped, and how the bot did."""

    __tablename__ = "interactions"
    # (office, user) so a user's own turns are found without scanning the office's year of turns
    __table_args__ = (Index("ix_interactions_office_at", "office_id", "at"),
                      Index("ix_interactions_office_user", "office_id", "line_user_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[str] = mapped_column(String(32), default=DEFAULT_OFFICE)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_ref: Mapped[str] = mapped_column(String(32), default="")  # pseudonym (keyed hash), kept for counts
    line_user_id: Mapped[str | None] = mapped_column(String(64), index=True)  # dropped by retention/forget
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="SET NULL"))
    district: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), default="text")  # text|postback|image|follow|…
    text: Mapped[str | None] = mapped_column(Text)  # dropped by retention/forget
    intent: Mapped[str | None] = mapped_column(String(32))
    entities: Mapped[dict[str, Any] | None] = mapped_column()
    answered: Mapped[bool] = mapped_column(default=True)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_events.id", ondelete="SET NULL"), index=True)


class Rating(Base):
    """A 1–5 satisfaction score for an answer or an incident.

    `ref` names what was rated (the webhook event id of the rated answer, or e.g. "inc:12" for
    an incident); it is unique per office, so a second tap on a rating button stores nothing.
    """

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("office_id", "ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[str] = mapped_column(String(32), default=DEFAULT_OFFICE)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_ref: Mapped[str] = mapped_column(String(32), default="")
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))
    score: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str | None] = mapped_column(String(64))


RATING_ASKED = "rating_asked"
"""Key in Interaction.entities marking the answer after which a rating was asked (value: its ref)."""


def count_answered(line_user_id: str, intents: Collection[str], *, db_session: Session,
                   office_id: str = DEFAULT_OFFICE) -> int:
    """How many answered questions with these intents this user asked before (logged turns)."""
    # Core on the session's connection: the ORM layer cost twice the query itself on this per-answer
    # path, and interactions are only ever written with Core inserts (nothing pending to flush)
    n = db_session.connection().execute(
        _COUNT_ANSWERED, {"office": office_id, "user": line_user_id, "intents": list(intents)}).scalar()
    return int(n or 0)


_COUNT_ANSWERED = select(func.count(Interaction.id)).where(  # built once: asked after every answer
    Interaction.office_id == bindparam("office"), Interaction.line_user_id == bindparam("user"),
    Interaction.answered.is_(True), Interaction.intent.in_(bindparam("intents", expanding=True)))


def last_interaction(line_user_id: str, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> Interaction | None:
    """The user's latest logged interaction (the current turn is logged after it is answered)."""
    return db_session.scalar(select(Interaction).where(
        Interaction.office_id == office_id, Interaction.line_user_id == line_user_id,
    ).order_by(Interaction.id.desc()).limit(1))


def interaction_for_event(webhook_event_id: str, *, db_session: Session) -> Interaction | None:
    """The logged interaction of a webhook event, if it (and its event row) is still kept."""
    return db_session.scalar(select(Interaction).join(InboundEvent, Interaction.event_id == InboundEvent.id)
                             .where(InboundEvent.webhook_event_id == webhook_event_id).limit(1))


def pseudonym(key: bytes, line_user_id: str) -> str:
    """A stable keyed hash of a LINE id, for counting people without naming them."""
    return hmac.new(b"khetbot-pseudonym:" + key, line_user_id.encode(), hashlib.sha256).hexdigest()[:16]


def get_rating(ref: str, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> Rating | None:
    """The rating stored for this ref, if any."""
    return db_session.scalar(select(Rating).where(Rating.office_id == office_id, Rating.ref == ref))


def add_rating(ref: str, score: int, *, db_session: Session, user_ref: str = "", at: datetime | None = None,
               interaction_id: int | None = None, incident_id: int | None = None,
               office_id: str = DEFAULT_OFFICE) -> Rating | None:
    """Store a 1–5 rating once per ref; None when this ref was rated already (the first one stands)."""
    if not 1 <= score <= 5:
        raise ValueError(f"a rating is 1..5, not {score}")
    if get_rating(ref, db_session=db_session, office_id=office_id) is not None:
        return None
    rating = Rating(office_id=office_id, ref=ref, score=score, user_ref=user_ref, at=at or utcnow(),
                    interaction_id=interaction_id, incident_id=incident_id)
    if db_session.get_bind().dialect.name == "sqlite":
        # pysqlite would turn a SAVEPOINT opened before any write into a commit of its own; SQLite has
        # one writer at a time, so a lost race surfaces as an IntegrityError and the event is retried
        db_session.add(rating)
        db_session.flush()
        return rating
    try:
        with db_session.begin_nested():  # a concurrent tap on another worker: the unique key decides
            db_session.add(rating)
            db_session.flush()
    except IntegrityError:
        return None
    return rating
