"""Store webhook events durably (deduplicated) and claim them for processing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import orjson
from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.events import source_key
from models.base import utcnow
from models.inbox import InboundEvent

_EVENTS = cast(Table, InboundEvent.__table__)


def _text(value: str) -> str:
    """A string PostgreSQL can store (text columns refuse NUL characters; LINE never sends them)."""
    return value.replace("\x00", "")


def event_id_of(event: dict[str, Any]) -> str:
    """LINE's webhookEventId, or a stable hash of the event when it has none."""
    wid = event.get("webhookEventId")
    if isinstance(wid, str) and wid.replace("\x00", ""):
        return _text(wid)[:64]
    return "h-" + hashlib.sha256(orjson.dumps(event, option=orjson.OPT_SORT_KEYS)).hexdigest()[:40]


def store_new_events(events: list[dict[str, Any]], destination: str, *, db_session: Session,
                     claim_seconds: int) -> list[EventClaim]:
    """Insert events not seen before, already claimed (attempt 1) by the caller, who is about to
    process them: that saves a claim transaction per event. Returns the claims of the new ones
    (duplicates are skipped). If the caller dies, the claim expires and recovery takes the event."""
    events = [ev for ev in events if isinstance(ev, dict)]
    now = utcnow()
    ids = [event_id_of(ev) for ev in events]
    rows = [{
        "webhook_event_id": wid,
        "destination": _text(destination)[:64],
        "event_type": _text(str(ev.get("type") or "unknown"))[:32],
        "source_key": _text(source_key(ev))[:80],
        "payload": orjson.dumps(ev).decode(),
        "received_at": now,
        "status": "processing",
        "attempts": 1,
        "claimed_until": now + timedelta(seconds=claim_seconds),
    } for ev, wid in zip(events, ids, strict=True)]
    stmt = _INSERT_NEW[db_session.get_bind().dialect.name == "postgresql"]
    new: list[EventClaim] = []
    for row, ev, wid in zip(rows, events, ids, strict=True):  # one statement per event keeps RETURNING portable
        rid = db_session.connection().execute(stmt, row).scalar()
        if rid is not None:
            new.append(EventClaim(int(rid), wid, now, 1, ev))
    return new


_INSERT_NEW = {  # built once per dialect: run for every webhook event
    pg: (pg_insert if pg else sqlite_insert)(_EVENTS).values(
        {c: bindparam(c) for c in ("webhook_event_id", "destination", "event_type", "source_key", "payload",
                                   "received_at", "status", "attempts", "claimed_until")})
    .on_conflict_do_nothing(index_elements=["webhook_event_id"]).returning(_EVENTS.c.id)
    for pg in (False, True)}


def claim_event(event_row_id: int, lease_seconds: int, *, db_session: Session) -> InboundEvent | None:
    """Take an event for processing unless someone else holds a live claim or it is done."""
    now = utcnow()
    stmt = (update(InboundEvent)
            .where(InboundEvent.id == event_row_id)
            .where(or_(InboundEvent.status == "pending",
                       (InboundEvent.status == "processing") & (InboundEvent.claimed_until < now)))
            .values(status="processing", claimed_until=now + timedelta(seconds=lease_seconds),
                    attempts=InboundEvent.attempts + 1)
            .returning(InboundEvent))  # the claimed row in the same statement (no second SELECT)
    return db_session.execute(stmt, execution_options={"synchronize_session": False,
                                                       "populate_existing": True}).scalar_one_or_none()


@dataclass(frozen=True)
class EventClaim:
    """An event this process holds: which row, which attempt, and what LINE sent."""

    id: int
    webhook_event_id: str
    received_at: datetime | None
    attempt: int
    payload: dict[str, Any]

    @classmethod
    def of(cls, ev: InboundEvent) -> EventClaim:
        """The claim of a row just claimed with `claim_event`."""
        return cls(ev.id, ev.webhook_event_id, ev.received_at, ev.attempts, orjson.loads(ev.payload))


def renew_claim(claim: EventClaim, lease_seconds: int, *, db_session: Session) -> bool:
    """Extend a claim this process still holds; False if it expired and another worker took it."""
    res = db_session.execute(
        update(InboundEvent)
        .where(InboundEvent.id == claim.id, InboundEvent.status == "processing",
               InboundEvent.attempts == claim.attempt)
        .values(claimed_until=utcnow() + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False))
    return int(getattr(res, "rowcount", 0) or 0) == 1


def release_stored_claims(claims: list[EventClaim], *, db_session: Session) -> int:
    """Let claims this process still holds expire now (shutdown): recovery anywhere takes the events
    at once, with a new attempt number, so a late finish by this process cannot also succeed."""
    now = utcnow()
    n = 0
    for claim in claims:
        res = db_session.execute(
            update(InboundEvent)
            .where(InboundEvent.id == claim.id, InboundEvent.status == "processing",
                   InboundEvent.attempts == claim.attempt)
            .values(claimed_until=now).execution_options(synchronize_session=False))
        n += int(getattr(res, "rowcount", 0) or 0)
    return n


def finish_claimed(claim: EventClaim, status: str, *, db_session: Session, error: str | None = None) -> bool:
    """Mark a claimed event done or failed; False if the claim was lost (expired and taken by another
    worker), in which case the caller must roll back so that the event is answered only once."""
    res = db_session.connection().execute(_FINISH, {"row": claim.id, "attempt": claim.attempt, "status": status,
                                       "at": utcnow(), "error": error[:500] if error else None})
    return int(getattr(res, "rowcount", 0) or 0) == 1


_FINISH = (update(_EVENTS)  # built once: run for every event (Core, on the session's connection)
           .where(_EVENTS.c.id == bindparam("row"), _EVENTS.c.status == "processing",
                  _EVENTS.c.attempts == bindparam("attempt"))
           .values(status=bindparam("status"), processed_at=bindparam("at"), claimed_until=None,
                   error=bindparam("error")))


def finish_event(event: InboundEvent, status: str, error: str | None = None) -> None:
    """Mark an event done (or failed, with the reason)."""
    event.status = status
    event.processed_at = utcnow()
    event.claimed_until = None
    event.error = error[:500] if error else None


def release_event(event_row_id: int, error: str, *, db_session: Session) -> None:
    """Give a claimed event back for another try later."""
    db_session.execute(update(InboundEvent).where(InboundEvent.id == event_row_id)
                       .values(status="pending", claimed_until=None, error=error[:500]))


def give_up_poison_events(max_attempts: int, *, db_session: Session) -> int:
    """Mark as failed the events whose processing died with the process `max_attempts` times."""
    res = db_session.execute(
        update(InboundEvent)
        .where(InboundEvent.status == "processing", InboundEvent.claimed_until < utcnow(),
               InboundEvent.attempts >= max_attempts)
        .values(status="failed", claimed_until=None, processed_at=utcnow(),
                error=f"gave up: processing did not finish in {max_attempts} attempts")
        .execution_options(synchronize_session=False))
    return int(getattr(res, "rowcount", 0) or 0)


def events_to_recover(older_than: datetime, limit: int, *, db_session: Session) -> list[tuple[int, str]]:
    """(row id, payload JSON) of events nobody is working on: pending since before `older_than`, or
    with an expired claim."""
    now = utcnow()
    stmt = (select(InboundEvent.id, InboundEvent.payload)
            .where(or_((InboundEvent.status == "pending") & (InboundEvent.received_at < older_than),
                       (InboundEvent.status == "processing") & (InboundEvent.claimed_until < now)))
            .order_by(InboundEvent.id).limit(limit))
    return [(int(i), str(p)) for i, p in db_session.execute(stmt)]
