"""Durable webhook events (the inbox) and the answers waiting to be sent (the outbox)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class InboundEvent(Base):
    """One webhook event, stored before LINE gets its 200 and processed once."""

    __tablename__ = "inbound_events"
    __table_args__ = (Index("ix_inbound_events_status_received", "status", "received_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(String(64), unique=True)
    destination: Mapped[str] = mapped_column(String(64), default="")
    event_type: Mapped[str] = mapped_column(String(32))
    source_key: Mapped[str] = mapped_column(String(80), default="")
    payload: Mapped[str] = mapped_column(Text)  # the event's JSON exactly as LINE sent it
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|processing|done|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column()
    processed_at: Mapped[datetime | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(String(500))


class OutboxMessage(Base):
    """Messages to send to LINE, written in the same transaction as the work that made them."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_events.id", ondelete="SET NULL"), index=True)
    reply_token: Mapped[str | None] = mapped_column(String(128))
    to: Mapped[list[Any]] = mapped_column()  # LINE ids (user, group or room); >1 means multicast
    messages: Mapped[list[Any]] = mapped_column()  # LINE message objects (JSON)
    retry_key: Mapped[str] = mapped_column(String(36), unique=True)
    purpose: Mapped[str] = mapped_column(String(32), default="answer")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    sent_via: Mapped[str | None] = mapped_column(String(16))  # reply|push|multicast
    # reply|reply?|replied|push (bot/delivery.py), fixed at the first claim: once a reply may have reached
    # LINE, later attempts re-check it with the same token; once a push was tried, later ones push again
    route: Mapped[str | None] = mapped_column(String(8))
    error: Mapped[str | None] = mapped_column(String(500))
