"""Outbox rows left behind by a dead process: sent once, never lost."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.settings import Settings
from models.base import utcnow
from models.inbox import OutboxMessage
from tests.support.line import FakeLine
from tests.support.webhook import LineBot, open_line_bot

USER = "U" + "d" * 32


@pytest.fixture
def bot(line_settings: Settings) -> Iterator[LineBot]:
    with open_line_bot(line_settings) as b:
        yield b


def _orphan(bot: LineBot, *, token: str, age_seconds: float) -> int:
    """An outbox row a crashed process had claimed (attempts=1) and whose claim has expired."""
    with bot.session.services.sessions() as s:
        row = OutboxMessage(reply_token=token, to=[USER], messages=[{"type": "text", "text": "คำตอบ"}],
                            retry_key=str(uuid.uuid4()), attempts=1,
                            created_at=utcnow() - timedelta(seconds=age_seconds),
                            claimed_until=utcnow() - timedelta(seconds=1))
        s.add(row)
        s.commit()
        return row.id


def _row(bot: LineBot, row_id: int) -> OutboxMessage:
    """The row once the housekeeping loop or our recovery round has dealt with it."""
    deadline = time.time() + 10
    while True:
        with bot.session.services.sessions() as s:
            row = s.get(OutboxMessage, row_id)
            assert row is not None
            if row.status != "pending" or time.time() > deadline:
                return row
        time.sleep(0.1)


def test_reply_the_dead_process_had_sent_is_not_sent_again(bot: LineBot, fake_line: FakeLine) -> None:
    row_id = _orphan(bot, token="tok-sent-before-crash", age_seconds=5)
    fake_line.use_reply_token("tok-sent-before-crash")  # the dead process's reply had reached LINE
    bot.recover()
    assert _row(bot, row_id).status == "sent"
    assert fake_line.requests("/push") == []


def test_reply_the_dead_process_never_sent_goes_out_now(bot: LineBot, fake_line: FakeLine) -> None:
    row_id = _orphan(bot, token="tok-never-used", age_seconds=5)
    bot.recover()
    assert _row(bot, row_id).sent_via == "reply"
    assert [r["status"] for r in fake_line.requests("/reply")] == [200]


def test_old_orphan_is_pushed_rather_than_lost(bot: LineBot, fake_line: FakeLine) -> None:
    row_id = _orphan(bot, token="tok-expired", age_seconds=300)
    bot.recover()
    assert _row(bot, row_id).sent_via == "push"
    pushes = [r for r in fake_line.requests("/push") if r["status"] == 200]
    assert len(pushes) == 1 and pushes[0]["body"]["to"] == USER
