"""Incident tickets: numbering, priority, creation from a draft, status changes, look-ups.

Every function takes `db_session` keyword-only and never commits: the caller's transaction
holds the ticket, its audit event and the messages about it together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models.base import DEFAULT_OFFICE
from models.incident import Incident, IncidentDraft, IncidentEvent, TicketCounter

BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")
BE_OFFSET = 543

CATEGORIES = ("internet", "wifi", "lan", "system", "computer", "other")
STATUSES = ("open", "acknowledged", "in_progress", "resolved", "closed")
OPEN_STATUSES = ("open", "acknowledged", "in_progress")
SLA_RESOLVE_EVENT = "sla_resolve"  # the audit event that records a ticket's one overdue reminder
_RANK = {s: i for i, s in enumerate(STATUSES)}

WHOLE_SCHOOL, PART_OF_SCHOOL, ONE_PLACE = 1, 2, 3  # impact: how much of the school is hit
WORK_STOPPED, DEGRADED = 1, 2  # urgency: can people still work?

# ITIL-style matrix: rows = impact (1 whole school … 3 one room/device), columns = urgency.
PRIORITY_MATRIX: dict[tuple[int, int], int] = {
    (WHOLE_SCHOOL, WORK_STOPPED): 1, (WHOLE_SCHOOL, DEGRADED): 2,
    (PART_OF_SCHOOL, WORK_STOPPED): 2, (PART_OF_SCHOOL, DEGRADED): 3,
    (ONE_PLACE, WORK_STOPPED): 3, (ONE_PLACE, DEGRADED): 4,
}


def priority_for(impact: int, urgency: int) -> int:
    """Priority 1 (highest) … 4 from impact × urgency; unknown values count as the middle."""
    i = impact if impact in (WHOLE_SCHOOL, PART_OF_SCHOOL, ONE_PLACE) else PART_OF_SCHOOL
    u = urgency if urgency in (WORK_STOPPED, DEGRADED) else DEGRADED
    return PRIORITY_MATRIX[(i, u)]


def fiscal_year_be(at: datetime) -> int:
    """The Thai fiscal year (B.E.) of a moment: 1 Oct – 30 Sep, Bangkok time (Oct 2026 → 2570)."""
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(BANGKOK)
    return local.year + BE_OFFSET + (1 if local.month >= 10 else 0)


def ticket_number(fiscal_year: int, seq: int) -> str:
    """INC-<fiscal year B.E.>-<4-digit sequence> (more digits past 9999)."""
    return f"INC-{fiscal_year}-{seq:04d}"


def next_seq(office_id: str, fiscal_year: int, *, db_session: Session) -> int:
    """Take the next sequence number of an office's fiscal year.

    The counter row is created if missing (insert … on conflict do nothing) and incremented with
    one UPDATE … RETURNING: on PostgreSQL the row lock is held until commit, on SQLite the write
    lock is, so concurrent transactions get distinct, gap-free numbers.
    """
    dialect = db_session.get_bind().dialect.name
    values = {"office_id": office_id, "fiscal_year": fiscal_year, "last_seq": 0}
    if dialect == "postgresql":
        db_session.execute(postgresql.insert(TicketCounter).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        db_session.execute(sqlite.insert(TicketCounter).values(values).on_conflict_do_nothing())
    elif db_session.get(TicketCounter, (office_id, fiscal_year)) is None:  # pragma: no cover - other backends
        db_session.add(TicketCounter(**values))
        db_session.flush()
    seq = db_session.execute(
        update(TicketCounter)
        .where(TicketCounter.office_id == office_id, TicketCounter.fiscal_year == fiscal_year)
        .values(last_seq=TicketCounter.last_seq + 1)
        .returning(TicketCounter.last_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return int(seq)


# --------------------------------------------------------------------------- drafts


def save_draft(draft_key: str, line_user_id: str, data: dict[str, Any], *, db_session: Session,
               now: datetime, office_id: str = DEFAULT_OFFICE) -> None:
    """Store (or replace) the draft the user is about to confirm."""
    row = db_session.get(IncidentDraft, draft_key)
    if row is None:
        db_session.add(IncidentDraft(draft_key=draft_key, office_id=office_id, line_user_id=line_user_id,
                                     data=dict(data), updated_at=now))
    else:
        row.data = dict(data)
        row.updated_at = now
    db_session.flush()


def get_draft(draft_key: str, *, db_session: Session) -> IncidentDraft | None:
    """A saved draft, if still there."""
    return db_session.get(IncidentDraft, draft_key)


def drop_draft(draft_key: str, *, db_session: Session) -> None:
    """Forget a draft (confirmed, cancelled or timed out)."""
    db_session.execute(delete(IncidentDraft).where(IncidentDraft.draft_key == draft_key))


def drop_drafts_of(line_user_id: str, *, db_session: Session, keep: str | None = None) -> None:
    """Forget a user's older drafts (a new report replaces them)."""
    q = delete(IncidentDraft).where(IncidentDraft.line_user_id == line_user_id)
    if keep is not None:
        q = q.where(IncidentDraft.draft_key != keep)
    db_session.execute(q)


def drop_stale_drafts(older_than: datetime, *, db_session: Session) -> int:
    """Forget drafts nobody confirmed; returns how many."""
    res = db_session.execute(delete(IncidentDraft).where(IncidentDraft.updated_at < older_than))
    return int(getattr(res, "rowcount", 0) or 0)


# --------------------------------------------------------------------------- tickets


def by_draft_key(draft_key: str, *, db_session: Session) -> Incident | None:
    """The ticket a draft became, if it was confirmed already."""
    return db_session.scalar(select(Incident).where(Incident.draft_key == draft_key))


def by_number(number: str, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> Incident | None:
    """The ticket with this number."""
    return db_session.scalar(select(Incident).where(Incident.office_id == office_id, Incident.number == number))


def create_incident(draft_key: str, *, db_session: Session, now: datetime, office_id: str = DEFAULT_OFFICE,
                    **fields: Any) -> tuple[Incident, bool]:
    """The ticket of a draft: (existing, False) when it was confirmed before, else (new, True)."""
    existing = by_draft_key(draft_key, db_session=db_session)
    if existing is not None:
        return existing, False
    fy = fiscal_year_be(now)
    seq = next_seq(office_id, fy, db_session=db_session)
    impact = int(fields.pop("impact", PART_OF_SCHOOL) or PART_OF_SCHOOL)
    urgency = int(fields.pop("urgency", DEGRADED) or DEGRADED)
    inc = Incident(office_id=office_id, number=ticket_number(fy, seq), fiscal_year=fy, seq=seq,
                   draft_key=draft_key, impact=impact, urgency=urgency, priority=priority_for(impact, urgency),
                   status="open", opened_at=now, **fields)
    db_session.add(inc)
    db_session.flush()
    db_session.add(IncidentEvent(incident_id=inc.id, at=now, actor_line_user_id=inc.reporter_line_user_id,
                                 action="open", from_status=None, to_status="open"))
    db_session.flush()
    return inc, True


@dataclass(frozen=True)
class Change:
    """What a staff action did: `changed` False means the ticket was already past that status."""

    incident: Incident
    changed: bool
    previous: str
    by: str | None = None  # who made the status it already has (when not changed)
    at: datetime | None = None


_TIME_FIELD = {"acknowledged": "acknowledged_at", "in_progress": "in_progress_at", "resolved": "resolved_at",
               "closed": "closed_at"}


def change_status(incident_id: int, to_status: str, *, actor: str, db_session: Session, now: datetime,
                  note: str | None = None) -> Change | None:
    """Move a ticket forward (never back); safe when two staff tap at once. None: no such ticket."""
    inc = db_session.get(Incident, incident_id)
    if inc is None or to_status not in _TIME_FIELD:
        return None
    allowed = [s for s in STATUSES if _RANK[s] < _RANK[to_status]]
    values: dict[str, Any] = {"status": to_status, _TIME_FIELD[to_status]: now}
    if to_status in ("acknowledged", "in_progress", "resolved"):
        values["assignee_line_user_id"] = func.coalesce(Incident.assignee_line_user_id, actor)
    if to_status != "acknowledged":
        values["acknowledged_at"] = func.coalesce(Incident.acknowledged_at, now)
    if to_status == "resolved":
        values["resolution_note"] = note
    res = db_session.execute(update(Incident).where(Incident.id == incident_id, Incident.status.in_(allowed))
                             .values(**values).execution_options(synchronize_session=False))
    previous = inc.status
    db_session.refresh(inc)
    if getattr(res, "rowcount", 0) != 1:
        last = db_session.scalar(select(IncidentEvent).where(
            IncidentEvent.incident_id == incident_id, IncidentEvent.to_status == inc.status)
            .order_by(IncidentEvent.id.desc()).limit(1))
        return Change(inc, False, inc.status, last.actor_line_user_id if last else None, last.at if last else None)
    db_session.add(IncidentEvent(incident_id=incident_id, at=now, actor_line_user_id=actor,
                                 action=to_status, from_status=previous, to_status=to_status, note=note))
    db_session.flush()
    return Change(inc, True, previous)


def events_of(incident_id: int, *, db_session: Session) -> list[IncidentEvent]:
    """A ticket's audit trail, oldest first."""
    return list(db_session.scalars(select(IncidentEvent).where(IncidentEvent.incident_id == incident_id)
                                   .order_by(IncidentEvent.at, IncidentEvent.id)))


def list_incidents(*, db_session: Session, office_id: str = DEFAULT_OFFICE, statuses: Sequence[str] | None = None,
                   school_id: int | None = None, reporter: str | None = None, fiscal_year: int | None = None,
                   limit: int = 200) -> list[Incident]:
    """Tickets, most urgent and oldest first among open ones, newest first otherwise."""
    q = select(Incident).where(Incident.office_id == office_id)
    if statuses:
        q = q.where(Incident.status.in_(list(statuses)))
    if school_id is not None and reporter is not None:
        q = q.where(or_(Incident.school_id == school_id, Incident.reporter_line_user_id == reporter))
    elif school_id is not None:
        q = q.where(Incident.school_id == school_id)
    elif reporter is not None:
        q = q.where(Incident.reporter_line_user_id == reporter)
    if fiscal_year is not None:
        q = q.where(Incident.fiscal_year == fiscal_year)
    if statuses and set(statuses) <= set(OPEN_STATUSES):
        q = q.order_by(Incident.priority, Incident.opened_at)
    else:
        q = q.order_by(Incident.opened_at.desc())
    return list(db_session.scalars(q.limit(limit)))


def due_for_reminder(*, db_session: Session, now: datetime, ack_minutes: dict[int, int],
                     office_id: str = DEFAULT_OFFICE) -> list[Incident]:
    """Open (unacknowledged) tickets whose SLA wait since opening or the last reminder has passed."""
    shortest = min(ack_minutes.values()) if ack_minutes else 0
    rows = db_session.scalars(select(Incident).where(
        Incident.office_id == office_id, Incident.status == "open",
        Incident.opened_at <= now - timedelta(minutes=shortest)).order_by(Incident.priority, Incident.opened_at))
    out = []
    for inc in rows:
        wait = timedelta(minutes=ack_minutes.get(inc.priority, shortest))
        if now - (inc.last_reminded_at or inc.opened_at) >= wait:
            out.append(inc)
    return out


def claim_reminder(inc: Incident, *, db_session: Session, now: datetime) -> bool:
    """Mark a reminder as sent; False when another worker did it first."""
    cond = (Incident.last_reminded_at.is_(None) if inc.last_reminded_at is None
            else Incident.last_reminded_at == inc.last_reminded_at)
    res = db_session.execute(update(Incident).where(Incident.id == inc.id, Incident.status == "open", cond)
                             .values(last_reminded_at=now).execution_options(synchronize_session=False))
    if getattr(res, "rowcount", 0) != 1:
        return False
    db_session.refresh(inc)
    return True


def overdue_for_resolution(*, db_session: Session, now: datetime, resolve_hours: dict[int, int],
                           office_id: str = DEFAULT_OFFICE) -> list[Incident]:
    """Unresolved tickets past their resolve SLA whose staff were not reminded of it yet."""
    shortest = min(resolve_hours.values()) if resolve_hours else 0
    reminded = exists().where(IncidentEvent.incident_id == Incident.id, IncidentEvent.action == SLA_RESOLVE_EVENT)
    rows = db_session.scalars(select(Incident).where(
        Incident.office_id == office_id, Incident.status.in_(OPEN_STATUSES),
        Incident.opened_at <= now - timedelta(hours=shortest), ~reminded)
        .order_by(Incident.priority, Incident.opened_at))
    return [inc for inc in rows
            if now - inc.opened_at >= timedelta(hours=resolve_hours.get(inc.priority, shortest))]


def claim_resolve_reminder(inc: Incident, *, db_session: Session, now: datetime, note: str | None = None) -> bool:
    """Record the ticket's one overdue reminder (an audit event); False when it is resolved or recorded already.

    The no-op UPDATE takes the ticket's row lock first, so of two workers the second waits, then
    sees the first one's event and backs off: staff are reminded once per ticket.
    """
    res = db_session.execute(update(Incident).where(Incident.id == inc.id, Incident.status.in_(OPEN_STATUSES))
                             .values(status=Incident.status).execution_options(synchronize_session=False))
    if getattr(res, "rowcount", 0) != 1:
        return False
    done = db_session.scalar(select(IncidentEvent.id).where(
        IncidentEvent.incident_id == inc.id, IncidentEvent.action == SLA_RESOLVE_EVENT).limit(1))
    if done is not None:
        return False
    db_session.add(IncidentEvent(incident_id=inc.id, at=now, actor_line_user_id=None, action=SLA_RESOLVE_EVENT,
                                 note=note))
    db_session.flush()
    return True
