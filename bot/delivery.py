"""Send stored outbox messages: reply while the token lives, else push; idempotent retries."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, case, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.lane import Batcher, Lane
from bot.line_format import batches
from bot.messenger import Messenger, SendResult
from models.base import utcnow
from models.inbox import OutboxMessage

log = logging.getLogger(__name__)
REPLY_TOKEN_TTL = timedelta(seconds=50)  # LINE's tokens live about a minute; leave a margin
# A reply is started only with a token younger than this. If its outcome is left unknown (a timeout, a
# 5xx, a crash) there is still time to re-check it with the same token before it expires: LINE refuses
# a spent token, so the re-check tells "delivered" from "not delivered". An older answer is pushed
# with its retry key, which LINE itself de-duplicates. Replies have no retry key: a reply whose outcome
# stays unknown until its token expires is the one case that can reach a user twice.
REPLY_START = timedelta(seconds=20)
REPLY_RECHECK_SECONDS = 1.0  # a reply that failed retryably is tried again this soon (the token ages)
# Short enough that a reply left ambiguous by a crash is re-checked while its token is young; long
# enough that a live send slowed by load is not taken over (5 s was tried: under overload other
# workers took over slow live sends whose tokens had aged, and pushed them a second time).
CLAIM = timedelta(seconds=15)
CLAIM_MARGIN_SECONDS = 2.0  # a send stops retrying this long before its claim ends, to record the outcome
# A failed send waits a quarter of its age before the next try (2 s to 10 min): quick after a short
# outage, gentle on LINE in a long one, and not inflated by the reply phase's quick re-checks. Pushes
# stay idempotent for the 24 h LINE keeps a retry key; a send is given up after GIVE_UP_AFTER.
GIVE_UP_AFTER = timedelta(hours=6)
MULTICAST_MAX = 500
FINISH_RETRY_WAITS: tuple[float | None, ...] = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, None)  # ~30 s, then give up


# Routes: "reply" (replying; every earlier try is known not to have reached LINE), "reply?" (an earlier
# reply's outcome is unknown: a timeout, a 5xx, a crash), "replied" (the first messages went by reply,
# the rest by push), "push".
_REPLYING = ("reply", "reply?")


def route_for(reply_token: str | None, created_at: datetime, now: datetime) -> str:
    """How a new answer is sent: by reply while its token is young enough to re-check, else by push
    (`Delivery._send` may still push a "reply" row: replies turned off, or LINE unsure)."""
    return "reply" if reply_token and now - created_at < REPLY_START else "push"


_OUTBOX = cast(Table, OutboxMessage.__table__)
_SENT = (update(_OUTBOX).where(_OUTBOX.c.id == bindparam("row"))  # built once: the end of nearly every send
         .values(status="sent", sent_at=bindparam("at"), sent_via=bindparam("via"), error=None, claimed_until=None))


def _failure_values(result: SendResult, created_at: datetime, route: str) -> dict[str, Any]:
    """The outbox columns that record a failed send: retried later (by the same route), or given up."""
    age = utcnow() - created_at
    if result.retryable and (age < GIVE_UP_AFTER or route in _REPLYING):
        wait = result.retry_after or min(600.0, max(2.0, age.total_seconds() / 4))
        return {"claimed_until": None, "next_attempt_at": utcnow() + timedelta(seconds=wait),
                "error": result.error[:500], "route": route}
    return {"claimed_until": None, "status": "failed", "error": (result.error or "failed")[:500], "route": route}


def _sub_key(retry_key: str, i: int) -> str:
    return retry_key if i == 0 else str(uuid.uuid5(uuid.UUID(retry_key), str(i)))


class Delivery:
    """Delivers outbox rows through a Messenger; the DB work runs in the given lane's thread."""

    def __init__(self, sessions: sessionmaker[Session], messenger: Messenger, lane: Lane, *,
                 replies: bool = True) -> None:
        self.sessions = sessions
        self.messenger = messenger
        self.replies = replies  # False: new answers are always pushed (KHETBOT_ANSWER_BY_REPLY)
        self.run_sync = lane.run
        # outcomes recorded while the lane is busy are written together, in one transaction
        self._finisher: Batcher[tuple[int, SendResult, str, datetime, str], None] = Batcher(lane, self._finish_many)

    def claim(self, outbox_id: int) -> OutboxMessage | None:
        """Take a pending, unclaimed row for sending (its own committed transaction; blocking)."""
        now = utcnow()
        with self.sessions() as s:
            stmt = (update(OutboxMessage).where(
                OutboxMessage.id == outbox_id, OutboxMessage.status == "pending",
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
                .values(claimed_until=now + CLAIM, attempts=OutboxMessage.attempts + 1, route=case(
                    # a claim that ran out (not released by a recorded outcome): that process died
                    # mid-send, so its reply may have reached LINE
                    (and_(OutboxMessage.route == "reply", OutboxMessage.claimed_until.is_not(None)), "reply?"),
                    (OutboxMessage.route.is_not(None), OutboxMessage.route),
                    (and_(OutboxMessage.reply_token.is_not(None), OutboxMessage.claimed_until.is_not(None),
                          OutboxMessage.created_at > now - REPLY_TOKEN_TTL), "reply?"),  # a row from before 0003
                    (and_(OutboxMessage.reply_token.is_not(None), OutboxMessage.created_at > now - REPLY_START),
                     "reply"),
                    else_="push"))
                .returning(OutboxMessage))  # the claimed row in the same statement (no second SELECT)
            row = s.execute(stmt, execution_options={"synchronize_session": False,
                                                     "populate_existing": True}).scalar_one_or_none()
            if row is None:
                s.rollback()
                return None
            s.commit()
            s.expunge(row)
            return row

    def _finish_many(self, outcomes: list[tuple[int, SendResult, str, datetime, str]]) -> list[None]:
        """Record how sends went in one transaction: the usual "sent" in one executemany, the rest one
        UPDATE each (no SELECT first; a missing row updates nothing)."""
        now = utcnow()
        sent = [{"row": oid, "at": now, "via": via} for oid, result, via, _, _ in outcomes if result.ok]
        with self.sessions() as s:
            conn = s.connection()
            if sent:
                conn.execute(_SENT, sent)
            for outbox_id, result, _, created_at, route in outcomes:
                if not result.ok:
                    conn.execute(update(_OUTBOX).where(_OUTBOX.c.id == outbox_id)
                                 .values(**_failure_values(result, created_at, route)))
            s.commit()
        return [None] * len(outcomes)

    async def deliver(self, outbox_id: int) -> SendResult | None:
        """Send one outbox row if it is still pending and unclaimed."""
        row = await self.run_sync(lambda: self.claim(outbox_id))
        if row is None:
            return None
        return await self.send_claimed(row)

    async def send_claimed(self, row: OutboxMessage) -> SendResult:
        """Send a row this process has just claimed (`claim`), then record how it went."""
        result, via, route = await self._send(row)
        await self._record(row.id, result, via, row.created_at, route)
        return result

    async def _record(self, outbox_id: int, result: SendResult, via: str, created_at: datetime, route: str) -> None:
        """Record the outcome, retrying through a short database outage: a message LINE accepted but
        not recorded as sent would be sent again (by push) when its claim expires."""
        for wait in FINISH_RETRY_WAITS:
            try:
                await self._finisher.submit((outbox_id, result, via, created_at, route))
                return
            except Exception:
                if wait is None:
                    raise
                log.warning("could not record outbox row %s (%s); retrying in %.0fs", outbox_id, via, wait)
                await asyncio.sleep(wait)

    async def _send(self, row: OutboxMessage) -> tuple[SendResult, str, str]:
        """Send by the row's route; returns the result, how it went out and the route to retry by."""
        groups = batches(list(row.messages))
        if not groups:
            return SendResult(ok=True), "none", "push"
        recipients = [str(t) for t in row.to]
        now = utcnow()
        route = row.route or route_for(row.reply_token, row.created_at, now)
        start = 1 if route == "replied" else 0  # the first group went by reply on an earlier attempt
        if route == "reply" and (not self.replies or time.monotonic() < self.messenger.unsure_until):
            # LINE is leaving outcomes unknown: a push's retry key lets LINE drop a repeat, a reply has no
            # such key; and no reply of this row reached LINE ("reply"), so pushing cannot duplicate one
            route = "push"
        if route in _REPLYING and row.reply_token and len(recipients) == 1:
            if now - row.created_at < REPLY_TOKEN_TTL:
                result = await self.messenger.reply(row.reply_token, groups[0], deadline=self._deadline(row))
                if result.invalid_token and route == "reply?":
                    # a young token refused after a try whose outcome was unknown: that try spent it
                    # (LINE took the reply), so the answer was delivered; do not push it again
                    log.info("outbox %s: reply token already used by an earlier attempt; counted as sent", row.id)
                    result = SendResult(ok=True, status=result.status)
                if result.ok:
                    start = 1
                elif result.retryable:  # re-check with the same token, soon
                    again = "reply?" if result.ambiguous or route == "reply?" else "reply"
                    return replace(result, retry_after=result.retry_after or REPLY_RECHECK_SECONDS), "reply", again
                elif not result.invalid_token:
                    return result, "reply", route
                # else the token was refused and none of our tries had used it (expired, or never valid): push
            elif route == "reply?":
                log.warning("outbox %s: an earlier reply's outcome is unknown and its token has expired; "
                            "pushing (the user may see this answer twice)", row.id)
        via = "reply" if start else "push"
        result = SendResult(ok=True)
        for i in range(start, len(groups)):
            result = await self._push(recipients, groups[i], _sub_key(row.retry_key, i))
            if not result.ok:
                return result, via, ("replied" if start else "push")
        return result, via, ("replied" if start else "push")

    @staticmethod
    def _deadline(row: OutboxMessage) -> float:
        """When (monotonic) a send must stop retrying so that its outcome is recorded within the claim."""
        left = (row.claimed_until - utcnow()).total_seconds() if row.claimed_until else CLAIM.total_seconds()
        return time.monotonic() + max(1.0, left - CLAIM_MARGIN_SECONDS)

    async def _push(self, recipients: list[str], messages: list[dict[str, Any]], key: str) -> SendResult:
        if len(recipients) == 1:
            return await self.messenger.push(recipients[0], messages, key)
        result = SendResult(ok=True)
        for j in range(0, len(recipients), MULTICAST_MAX):
            chunk = recipients[j:j + MULTICAST_MAX]
            sub = _sub_key(key, j // MULTICAST_MAX + 1) if j else key
            result = await self.messenger.multicast(chunk, messages, sub)
            if not result.ok:
                return result
        return result

    def due(self, limit: int = 200) -> list[int]:
        """Outbox rows waiting to be (re)sent now."""
        now = utcnow()
        with self.sessions() as s:
            stmt = (select(OutboxMessage.id)
                    .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
                           or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
                    .order_by(OutboxMessage.id).limit(limit))
            return list(s.scalars(stmt))
