"""Network incident tickets, their audit trail and per-fiscal-year numbering."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import DEFAULT_OFFICE, Base, utcnow


class TicketCounter(Base):
    """The last ticket sequence used in one office and fiscal year."""

    __tablename__ = "ticket_counters"
    office_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Incident(Base):
    """A reported ICT/network problem: INC-<fiscal year B.E.>-<seq>."""

    __tablename__ = "incidents"
    __table_args__ = (UniqueConstraint("office_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[str] = mapped_column(String(32), default=DEFAULT_OFFICE)
    number: Mapped[str] = mapped_column(String(20))
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    draft_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # makes a confirm tap idempotent
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="SET NULL"), index=True)
    school_name: Mapped[str] = mapped_column(String(200), default="")  # as reported (also when not in the list)
    reporter_line_user_id: Mapped[str | None] = mapped_column(String(64), index=True)
    reporter_name: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    since_text: Mapped[str] = mapped_column(String(100), default="")
    affected: Mapped[str] = mapped_column(String(100), default="")
    impact: Mapped[int] = mapped_column(Integer, default=2)
    urgency: Mapped[int] = mapped_column(Integer, default=2)
    priority: Mapped[int] = mapped_column(Integer, default=3)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    photos: Mapped[list[Any]] = mapped_column(default=list)
    assignee_line_user_id: Mapped[str | None] = mapped_column(String(64))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    in_progress_at: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    last_reminded_at: Mapped[datetime | None] = mapped_column()


class IncidentEvent(Base):
    """One change to a ticket: who did what, when."""

    __tablename__ = "incident_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_line_user_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class IncidentDraft(Base):
    """A report being written, saved when its summary is shown so a confirm survives a restart."""

    __tablename__ = "incident_drafts"
    draft_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_id: Mapped[str] = mapped_column(String(32), default=DEFAULT_OFFICE)
    line_user_id: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[dict[str, Any]] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
