"""Outbox rows left behind by a dead process: sent once, never lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.settings import Settings
from tests.support.line import FakeLine
from tests.support.outbox import left_behind, settled
from tests.support.webhook import LineBot, open_line_bot

USER = "U" + "d" * 32


@pytest.fixture
def bot(line_settings: Settings) -> Iterator[LineBot]:
    with open_line_bot(line_settings) as b:
        yield b


def test_reply_the_dead_process_had_sent_is_not_sent_again(bot: LineBot, fake_line: FakeLine) -> None:
    row_id, _ = left_behind(bot, USER, token="tok-sent-before-crash", age_seconds=5)
    fake_line.use_reply_token("tok-sent-before-crash")  # the dead process's reply had reached LINE
    bot.recover()
    assert settled(bot, row_id).status == "sent"
    assert fake_line.requests("/push") == []


def test_reply_the_dead_process_never_sent_goes_out_now(bot: LineBot, fake_line: FakeLine) -> None:
    row_id, _ = left_behind(bot, USER, token="tok-never-used", age_seconds=5)
    bot.recover()
    assert settled(bot, row_id).sent_via == "reply"
    assert [r["status"] for r in fake_line.requests("/reply")] == [200]


def test_old_orphan_is_pushed_rather_than_lost(bot: LineBot, fake_line: FakeLine) -> None:
    row_id, _ = left_behind(bot, USER, token="tok-expired", age_seconds=300)
    bot.recover()
    assert settled(bot, row_id).sent_via == "push"
    pushes = [r for r in fake_line.requests("/push") if r["status"] == 200]
    assert len(pushes) == 1 and pushes[0]["body"]["to"] == USER
