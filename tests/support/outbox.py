"""Outbox rows as a crashed or failed send leaves them, and waiting for delivery to settle them."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from models.base import utcnow
from models.inbox import OutboxMessage
from tests.support.webhook import LineBot


def left_behind(bot: LineBot, user: str, *, token: str | None = None, age_seconds: float, attempts: int = 1,
                route: str | None = None, crashed: bool = True) -> tuple[int, str]:
    """An answer row whose send a process began and did not finish (crashed=True: its claim ran out;
    False: its last try failed and was recorded, due again now). Returns (row id, reply token)."""
    token = token or "tok-" + uuid.uuid4().hex
    with bot.session.services.sessions() as s:
        row = OutboxMessage(reply_token=token, to=[user], messages=[{"type": "text", "text": "คำตอบ"}],
                            retry_key=str(uuid.uuid4()), attempts=attempts, route=route,
                            created_at=utcnow() - timedelta(seconds=age_seconds),
                            claimed_until=utcnow() - timedelta(seconds=1) if crashed else None)
        s.add(row)
        s.commit()
        return row.id, token


def settled(bot: LineBot, row_id: int, timeout: float = 10.0) -> OutboxMessage:
    """The row once delivery has dealt with it (sent or failed), or as it is after `timeout` seconds."""
    deadline = time.time() + timeout
    while True:
        with bot.session.services.sessions() as s:
            row = s.get(OutboxMessage, row_id)
            assert row is not None
            if row.status != "pending" or time.time() > deadline:
                s.expunge(row)
                return row
        time.sleep(0.1)
