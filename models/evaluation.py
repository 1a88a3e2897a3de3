"""What the annual evaluation counts: every interaction and every satisfaction rating."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import DEFAULT_OFFICE, Base, utcnow


class Interaction(Base):
    """One thing a user said or tapped, and how the bot did."""

    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_office_at", "office_id", "at"),)
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
    event_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_events.id", ondelete="SET NULL"))


class Rating(Base):
    """A 1–5 satisfaction score for an answer or an incident."""

    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[str] = mapped_column(String(32), default=DEFAULT_OFFICE)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_ref: Mapped[str] = mapped_column(String(32), default="")
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))
    score: Mapped[int] = mapped_column(Integer)
