"""Sending one notice: resolve the audience, record the batches, send each batch exactly once.

The steps and what makes each safe:
1. `prepare` — one atomic status transition (queued, or scheduled and due → sending) in the same
   transaction that resolves the recipients (following users only) and inserts one `Delivery`
   row per ≤500 recipients with its `X-Line-Retry-Key`. Nothing is sent before this commits, so
   a crash leaves either nothing or every batch recorded; two workers cannot both prepare.
2. `claim` — a batch is taken by a conditional UPDATE (pending and unclaimed or its claim expired);
   only one worker's UPDATE matches, so with several workers each batch is sent by one of them.
3. send through the messenger (which retries 5xx/429 honouring Retry-After and treats 409 — "this
   retry key was accepted already" — as sent), then record sent / retry later / failed. A batch
   re-sent after a crash carries the same retry key, so LINE does not deliver it twice; batches
   recorded as sent are never picked again.
4. `finish` — when no batch is pending, one atomic transition (sending → done) writes the tally
   (sent, failed, blocked) and queues the report to the author in the outbox (same transaction).
Progress at each quarter of a large notice is queued the same way (once per step).
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.line_format import to_line
from bot.messenger import SendResult
from bot.notices.transport import SyncSend
from bot.processing import retry_key_for
from bot.settings import Settings
from handlers import notice_texts as T
from handlers.messages import Text
from models.base import utcnow
from models.inbox import OutboxMessage
from models.notice import BATCH_MAX, Delivery, Notice, resolve_recipients
from models.school import School

log = logging.getLogger(__name__)
NOTICE_LEASE = timedelta(seconds=120)  # a job is looking after the notice (the sweep leaves it alone)
BATCH_CLAIM = timedelta(minutes=10)  # longer than one send with all the messenger's retries
MAX_BATCH_ATTEMPTS = 6
PROGRESS_MIN_BATCHES = 8  # report quarters only for notices of at least this many batches


@dataclass
class RunResult:
    """How one run of the job on a notice ended."""

    notice_id: int
    status: str  # done | waiting (batches left for later or for another worker) | idle (nothing to do)
    retry_at: datetime | None = None
    batches_sent: int = 0


def _rowcount(res: Any) -> int:
    return int(getattr(res, "rowcount", 0) or 0)


class NoticeSender:
    """Runs notices; thread-safe (each call opens its own short DB sessions)."""

    def __init__(self, sessions: sessionmaker[Session], send: SyncSend, settings: Settings,
                 worker: str | None = None) -> None:
        self.sessions = sessions
        self.send = send
        self.settings = settings
        self.worker = worker or f"{os.getpid()}"
        self._messages: dict[int, list[dict[str, Any]]] = {}
        self._lock = threading.Lock()

    # --- the whole job

    def run(self, notice_id: int) -> RunResult:
        """Prepare if needed, send every batch this worker can claim, then finish if all are done."""
        self.prepare(notice_id)
        sent = 0
        while (batch := self.claim(notice_id)) is not None:
            self.send_batch(batch)
            sent += 1
            self.report_progress(notice_id)
        result = self.finish(notice_id)
        result.batches_sent = sent
        return result

    # --- 1. prepare

    def prepare(self, notice_id: int, now: datetime | None = None) -> int | None:
        """Resolve the audience and record the batches, once: their number; None when not due or done."""
        now = now or utcnow()
        with self.sessions() as s:
            res = s.execute(update(Notice).where(
                Notice.id == notice_id,
                or_(Notice.status == "queued", and_(Notice.status == "scheduled", Notice.scheduled_at <= now)))
                .values(status="sending", started_at=now, lease_until=now + NOTICE_LEASE)
                .execution_options(synchronize_session=False))
            if _rowcount(res) != 1:
                s.rollback()
                return None
            notice = s.get(Notice, notice_id)
            assert notice is not None
            ids, blocked = resolve_recipients(notice.audience, db_session=s, office_id=notice.office_id)
            rows: list[Delivery] = []
            if notice.use_broadcast and ids:
                rows.append(Delivery(notice_id=notice.id, batch_no=0, kind="broadcast", recipients=[],
                                     size=len(ids), retry_key=str(uuid.uuid4()), next_attempt_at=now))
            else:
                for no, start in enumerate(range(0, len(ids), BATCH_MAX)):
                    chunk = ids[start:start + BATCH_MAX]
                    rows.append(Delivery(notice_id=notice.id, batch_no=no, kind="multicast", recipients=chunk,
                                         size=len(chunk), retry_key=str(uuid.uuid4()), next_attempt_at=now))
            s.add_all(rows)
            notice.recipients, notice.blocked, notice.batches = len(ids), blocked, len(rows)
            s.commit()
            log.info("notice %s: %s recipients in %s batches (%s blocked)", notice_id, len(ids), len(rows), blocked)
            return len(rows)

    # --- 2. claim and send

    def claim(self, notice_id: int, now: datetime | None = None) -> Delivery | None:
        """Take the next sendable batch of the notice for this worker (None: none left for now)."""
        now = now or utcnow()
        free = or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now)
        with self.sessions() as s:
            candidates = list(s.scalars(
                select(Delivery.id).where(Delivery.notice_id == notice_id, Delivery.status == "pending",
                                          Delivery.next_attempt_at <= now, free)
                .order_by(Delivery.batch_no).limit(8)))
            s.rollback()
            for delivery_id in candidates:
                res = s.execute(update(Delivery).where(Delivery.id == delivery_id, Delivery.status == "pending", free)
                                .values(claimed_until=now + BATCH_CLAIM, claimed_by=self.worker,
                                        attempts=Delivery.attempts + 1)
                                .execution_options(synchronize_session=False))
                if _rowcount(res) != 1:
                    s.rollback()
                    continue
                s.execute(update(Notice).where(Notice.id == notice_id)
                          .values(lease_until=now + NOTICE_LEASE).execution_options(synchronize_session=False))
                s.commit()
                batch = s.get(Delivery, delivery_id)
                if batch is not None:
                    s.expunge(batch)
                return batch
        return None

    def messages_of(self, notice_id: int) -> list[dict[str, Any]]:
        """The LINE messages of a notice (rendered once per process)."""
        with self._lock:
            cached = self._messages.get(notice_id)
        if cached is not None:
            return cached
        with self.sessions() as s:
            notice = s.get(Notice, notice_id)
            assert notice is not None
            messages = to_line(T.notice_messages(notice.text, office=self.settings.office_name,
                                                 image_url=notice.image_url, link_url=notice.link_url))
        if not 1 <= len(messages) <= 5:
            raise ValueError(f"notice {notice_id} renders to {len(messages)} messages")
        with self._lock:
            self._messages[notice_id] = messages
        return messages

    def send_batch(self, batch: Delivery) -> SendResult:
        """Send one claimed batch and record how it went."""
        messages = self.messages_of(batch.notice_id)
        if batch.kind == "broadcast":
            result = self.send.broadcast(messages, batch.retry_key)
        else:
            result = self.send.multicast([str(x) for x in batch.recipients], messages, batch.retry_key)
        now = utcnow()
        values: dict[str, Any] = {"claimed_until": None}
        if result.ok:
            values.update(status="sent", sent_at=now, error=None)
        elif result.retryable and batch.attempts < MAX_BATCH_ATTEMPTS:
            wait = result.retry_after or min(300.0, 5.0 * 2 ** batch.attempts)
            values.update(next_attempt_at=now + timedelta(seconds=wait), error=(result.error or "")[:500])
        else:
            values.update(status="failed", error=(result.error or f"HTTP {result.status}")[:500])
        with self.sessions() as s:
            s.execute(update(Delivery).where(Delivery.id == batch.id, Delivery.status == "pending")
                      .values(**values).execution_options(synchronize_session=False))
            s.commit()
        if not result.ok:
            log.warning("notice %s batch %s: %s %s", batch.notice_id, batch.batch_no, result.status, result.error)
        return result

    # --- progress and the end

    def report_progress(self, notice_id: int) -> None:
        """Tell the author at each quarter of a large notice (each step once, whoever gets there)."""
        with self.sessions() as s:
            notice = s.get(Notice, notice_id)
            if notice is None or notice.batches < PROGRESS_MIN_BATCHES or not notice.author_line_user_id:
                return
            done = int(s.scalar(select(func.count(Delivery.id)).where(
                Delivery.notice_id == notice_id, Delivery.status != "pending")) or 0)
            step = done * 4 // notice.batches
            if step < 1 or step > 3 or step <= notice.progress_reported:
                return
            res = s.execute(update(Notice).where(Notice.id == notice_id, Notice.progress_reported < step)
                            .values(progress_reported=step).execution_options(synchronize_session=False))
            if _rowcount(res) != 1:
                s.rollback()
                return
            reached = int(s.scalar(select(func.coalesce(func.sum(Delivery.size), 0)).where(
                Delivery.notice_id == notice_id, Delivery.status == "sent")) or 0)
            text = T.PROGRESS.format(id=notice_id, done=reached, total=notice.recipients, percent=step * 25)
            self._report(s, notice, text, f"notice:{notice_id}:progress:{step}")
            s.commit()

    def finish(self, notice_id: int, now: datetime | None = None) -> RunResult:
        """Close the notice when no batch is pending: tally and report; else say when to look again."""
        now = now or utcnow()
        pending = exists().where(Delivery.notice_id == notice_id, Delivery.status == "pending")
        with self.sessions() as s:
            res = s.execute(update(Notice).where(Notice.id == notice_id, Notice.status == "sending", ~pending)
                            .values(status="done", finished_at=now, lease_until=None)
                            .execution_options(synchronize_session=False))
            if _rowcount(res) != 1:
                s.rollback()
                return self._waiting(s, notice_id, now)
            notice = s.get(Notice, notice_id)
            assert notice is not None
            totals = {str(status): int(size) for status, size in s.execute(
                select(Delivery.status, func.coalesce(func.sum(Delivery.size), 0))
                .where(Delivery.notice_id == notice_id).group_by(Delivery.status))}
            notice.sent, notice.failed = int(totals.get("sent", 0)), int(totals.get("failed", 0))
            audience = T.describe_audience(notice.audience, _school_names(s, notice))
            if notice.recipients == 0:
                text = T.FINISHED_EMPTY.format(id=notice.id, blocked=notice.blocked)
            else:
                text = T.FINISHED.format(id=notice.id, audience=audience, sent=notice.sent, failed=notice.failed,
                                         blocked=notice.blocked)
            self._report(s, notice, text, f"notice:{notice_id}:done")
            s.commit()
            log.info("notice %s done: sent %s, failed %s, blocked %s", notice_id, notice.sent, notice.failed,
                     notice.blocked)
        with self._lock:
            self._messages.pop(notice_id, None)
        return RunResult(notice_id, "done")

    def _waiting(self, s: Session, notice_id: int, now: datetime) -> RunResult:
        notice = s.get(Notice, notice_id)
        if notice is None or notice.status != "sending":
            return RunResult(notice_id, "idle")
        soonest = s.execute(select(func.min(Delivery.next_attempt_at), func.min(Delivery.claimed_until)).where(
            Delivery.notice_id == notice_id, Delivery.status == "pending")).one()
        candidates = [t for t in soonest if t is not None]
        retry_at = max(now + timedelta(seconds=1), min(candidates)) if candidates else now + timedelta(seconds=5)
        return RunResult(notice_id, "waiting", retry_at=retry_at)

    def _report(self, s: Session, notice: Notice, text: str, key: str) -> None:
        """Queue a message to the notice's author in the outbox (idempotent by key)."""
        if not notice.author_line_user_id:
            return
        retry_key = retry_key_for(key)
        if s.scalar(select(OutboxMessage.id).where(OutboxMessage.retry_key == retry_key)) is not None:
            return
        s.add(OutboxMessage(to=[notice.author_line_user_id], messages=to_line([Text(text)]), retry_key=retry_key,
                            purpose="notice"))


def _school_names(s: Session, notice: Notice) -> dict[str, str]:
    codes = notice.audience.get("schools") or []
    if not codes:
        return {}
    rows = s.execute(select(School.code, School.name).where(School.office_id == notice.office_id,
                                                           School.code.in_(codes)))
    return {str(c): str(n) for c, n in rows}
