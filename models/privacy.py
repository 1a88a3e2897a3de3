"""Personal data (Thailand PDPA): forget one person on request, and age out old traffic data.

What is personal here: a LINE user id, a display name, a phone number and what a person typed.
Evaluation counts survive both operations: interactions keep their pseudonymous `user_ref`,
intent, school, answered flag and time; ratings keep their score; incident tickets stay.

The Computer Crime Act B.E. 2550 (section 26) asks a service provider to keep traffic data for
at least 90 days, so the retention period can never be set below `RETENTION_FLOOR_DAYS`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, delete, or_, select, update
from sqlalchemy.orm import Session

from models.base import utcnow
from models.evaluation import Interaction
from models.inbox import InboundEvent, OutboxMessage
from models.incident import Incident, IncidentDraft, IncidentEvent
from models.notice import Delivery, Notice, drop_drafts
from models.user import User

RETENTION_FLOOR_DAYS = 90
REDACTED_PAYLOAD = '{"redacted":true}'
FORGOTTEN_PREFIX = "forgotten-"
FINISHED_EVENT = ("done", "failed")
FINISHED_OUTBOX = ("sent", "failed")
OUTBOX_KEEP = timedelta(days=1)
CLOSED_INCIDENT = ("resolved", "closed", "cancelled", "canceled", "rejected")


@dataclass
class PrivacySummary:
    """How many rows an operation changed, per kind (for logs, tests and the operator)."""

    users: int = 0
    interactions: int = 0
    incidents: int = 0
    incident_events: int = 0
    notices: int = 0
    deliveries: int = 0
    outbox: int = 0
    inbound_events: int = 0
    incident_drafts: int = 0
    notice_drafts: int = 0
    files: list[str] = field(default_factory=list)  # published files (photos) the caller must delete

    def total(self) -> int:
        """Rows changed altogether."""
        return sum(v for f in fields(self) if isinstance(v := getattr(self, f.name), int))


def photo_names(data: Any) -> list[str]:
    """Names of the published photos an incident draft or ticket lists (`[{"name": …, "url": …}]`)."""
    photos = data.get("photos") if isinstance(data, dict) else data
    if not isinstance(photos, list):
        return []
    return [str(p["name"]) for p in photos if isinstance(p, dict) and isinstance(p.get("name"), str)]


def retention_days(configured: int) -> int:
    """The retention period actually applied: never below the legal 90-day floor."""
    return max(RETENTION_FLOOR_DAYS, int(configured))


def retention_cutoff(now: datetime, configured_days: int) -> datetime:
    """Traffic data older than this loses its personal parts."""
    return now - timedelta(days=retention_days(configured_days))


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(value: str) -> str:
    return f"%{_esc(value)}%"


def _rowcount(result: Any) -> int:
    return max(0, int(getattr(result, "rowcount", 0) or 0))


def _source_of(line_user_id: str) -> Any:
    """inbound_events rows whose source is this person (1:1 chat, or this person in a group)."""
    return or_(InboundEvent.source_key == line_user_id,
               InboundEvent.source_key.like("%:" + _esc(line_user_id), escape="\\"),
               InboundEvent.payload.like(_like(f'"{line_user_id}"'), escape="\\"))


def forget_user(line_user_id: str, *, db_session: Session, office_id: str | None = None,
                current_event_id: str | None = None) -> PrivacySummary:
    """Remove or anonymise everything that names this LINE user; keep the counts.

    - users: the row is kept (other rows may point at it) but loses its LINE id (replaced by a
      random, unlinkable value), name, phone, role and school.
    - interactions: LINE id and text nulled; `user_ref` (keyed hash), intent, school, time kept.
    - incidents: reporter/assignee ids and name nulled; the ticket itself stays. The photos of
      their tickets and unconfirmed drafts are dropped from the rows and listed in `files` for the
      caller to delete (files live outside the database: bot/files.py); drafts are deleted.
    - notices: their unconfirmed drafts are cancelled.
    - notices and deliveries: author id/name nulled; the id is taken out of recipient lists.
    - outbox (sent or failed) and inbound events (processed, plus the current one): the
      recipient list, messages and raw payload are replaced by placeholders.
    Pending outbox rows and unprocessed events are left alone, so the answer being sent now still goes
    (its delivery record is cleared by `apply_retention` a day later, like every sent message).
    """
    s = PrivacySummary()
    if not line_user_id or line_user_id.startswith(FORGOTTEN_PREFIX):
        return s
    stmt = select(User).where(User.line_user_id == line_user_id)
    if office_id is not None:
        stmt = stmt.where(User.office_id == office_id)
    for user in db_session.scalars(stmt):
        user.line_user_id = FORGOTTEN_PREFIX + uuid.uuid4().hex
        user.display_name = None
        user.phone = None
        user.role = "public"
        user.school_id = None
        user.following = False
        s.users += 1
    db_session.flush()

    s.interactions = _rowcount(db_session.execute(
        update(Interaction).where(Interaction.line_user_id == line_user_id)
        .values(line_user_id=None, text=None).execution_options(synchronize_session=False)))
    # the photos they took go (the files too: the caller deletes `s.files`); the ticket's text stays
    for inc in db_session.scalars(select(Incident).where(Incident.reporter_line_user_id == line_user_id)):
        if inc.photos:
            s.files += photo_names(inc.photos)
            inc.photos = []
    for draft in db_session.scalars(select(IncidentDraft).where(IncidentDraft.line_user_id == line_user_id)):
        s.files += photo_names(draft.data)
    s.incident_drafts = _rowcount(db_session.execute(
        delete(IncidentDraft).where(IncidentDraft.line_user_id == line_user_id)
        .execution_options(synchronize_session=False)))
    s.notice_drafts = drop_drafts(line_user_id, db_session=db_session)
    db_session.flush()
    s.incidents = _rowcount(db_session.execute(
        update(Incident).where(Incident.reporter_line_user_id == line_user_id)
        .values(reporter_line_user_id=None, reporter_name=None).execution_options(synchronize_session=False)))
    s.incidents += _rowcount(db_session.execute(
        update(Incident).where(Incident.assignee_line_user_id == line_user_id)
        .values(assignee_line_user_id=None).execution_options(synchronize_session=False)))
    s.incident_events = _rowcount(db_session.execute(
        update(IncidentEvent).where(IncidentEvent.actor_line_user_id == line_user_id)
        .values(actor_line_user_id=None).execution_options(synchronize_session=False)))
    s.notices = _rowcount(db_session.execute(
        update(Notice).where(Notice.author_line_user_id == line_user_id)
        .values(author_line_user_id=None, author_name=None).execution_options(synchronize_session=False)))

    needle = _like(f'"{line_user_id}"')
    for d in db_session.scalars(select(Delivery).where(cast(Delivery.recipients, String).like(needle, escape="\\"))):
        d.recipients = [r for r in d.recipients if r != line_user_id]
        s.deliveries += 1
    for o in db_session.scalars(select(OutboxMessage).where(
            OutboxMessage.status.in_(FINISHED_OUTBOX), cast(OutboxMessage.to, String).like(needle, escape="\\"))):
        o.to, o.messages, o.reply_token = [], [], None
        s.outbox += 1

    finished: Any = InboundEvent.status.in_(FINISHED_EVENT)
    if current_event_id:
        finished = or_(finished, InboundEvent.webhook_event_id == current_event_id)
    s.inbound_events = _rowcount(db_session.execute(
        update(InboundEvent).where(_source_of(line_user_id), finished)
        .values(payload=REDACTED_PAYLOAD, source_key="").execution_options(synchronize_session=False)))
    db_session.flush()
    return s


def apply_retention(cutoff: datetime, *, db_session: Session, office_id: str | None = None) -> PrivacySummary:
    """Null the texts and LINE ids of traffic data older than `cutoff` (evaluation counts stay).

    Sent/failed outbox rows lose their recipients and messages after one day whatever the cutoff:
    they only exist to deliver, and the interactions table is the traffic log.

    Call with `retention_cutoff(now, settings.interaction_retention_days)` so the 90-day legal
    floor holds. Idempotent: rows already cleaned are not touched again.
    """
    s = PrivacySummary()
    it = [Interaction.at < cutoff, or_(Interaction.text.is_not(None), Interaction.line_user_id.is_not(None))]
    if office_id is not None:
        it.append(Interaction.office_id == office_id)
    s.interactions = _rowcount(db_session.execute(
        update(Interaction).where(*it).values(text=None, line_user_id=None)
        .execution_options(synchronize_session=False)))
    s.inbound_events = _rowcount(db_session.execute(
        update(InboundEvent).where(InboundEvent.received_at < cutoff, InboundEvent.status.in_(FINISHED_EVENT),
                                   InboundEvent.payload != REDACTED_PAYLOAD)
        .values(payload=REDACTED_PAYLOAD, source_key="").execution_options(synchronize_session=False)))
    # sent messages are transport records (the interactions are the traffic log): keep them a day at most
    outbox_cutoff = max(cutoff, utcnow() - OUTBOX_KEEP)
    old_sent = and_(OutboxMessage.status.in_(FINISHED_OUTBOX), OutboxMessage.created_at < outbox_cutoff)
    s.outbox = _rowcount(db_session.execute(
        update(OutboxMessage).where(old_sent, or_(OutboxMessage.reply_token.is_not(None),
                                                  cast(OutboxMessage.to, String) != "[]"))
        .values(to=[], messages=[], reply_token=None).execution_options(synchronize_session=False)))
    closed_old = and_(Incident.status.in_(CLOSED_INCIDENT), Incident.opened_at < cutoff,
                      or_(Incident.reporter_line_user_id.is_not(None), Incident.reporter_name.is_not(None)))
    old_ids = list(db_session.scalars(select(Incident.id).where(closed_old)))
    if old_ids:
        s.incidents = _rowcount(db_session.execute(
            update(Incident).where(Incident.id.in_(old_ids))
            .values(reporter_line_user_id=None, reporter_name=None).execution_options(synchronize_session=False)))
        s.incident_events = _rowcount(db_session.execute(
            update(IncidentEvent).where(IncidentEvent.incident_id.in_(old_ids),
                                        IncidentEvent.actor_line_user_id.is_not(None))
            .values(actor_line_user_id=None).execution_options(synchronize_session=False)))
    db_session.flush()
    return s


def personal_data_of(line_user_id: str, *, db_session: Session) -> dict[str, int]:
    """How many rows still carry this LINE id (tests and an operator's check after a request)."""
    needle = _like(f'"{line_user_id}"')
    counts = {
        "users": select(User.id).where(User.line_user_id == line_user_id),
        "interactions": select(Interaction.id).where(Interaction.line_user_id == line_user_id),
        "incidents": select(Incident.id).where(or_(Incident.reporter_line_user_id == line_user_id,
                                                   Incident.assignee_line_user_id == line_user_id)),
        "incident_events": select(IncidentEvent.id).where(IncidentEvent.actor_line_user_id == line_user_id),
        "incident_drafts": select(IncidentDraft.draft_key).where(IncidentDraft.line_user_id == line_user_id),
        "notices": select(Notice.id).where(Notice.author_line_user_id == line_user_id),
        "deliveries": select(Delivery.id).where(cast(Delivery.recipients, String).like(needle, escape="\\")),
        "outbox_finished": select(OutboxMessage.id).where(
            OutboxMessage.status.in_(FINISHED_OUTBOX), cast(OutboxMessage.to, String).like(needle, escape="\\")),
        "inbound_events_finished": select(InboundEvent.id).where(
            InboundEvent.status.in_(FINISHED_EVENT), _source_of(line_user_id)),
    }
    return {k: len(list(db_session.scalars(q))) for k, q in counts.items()}
