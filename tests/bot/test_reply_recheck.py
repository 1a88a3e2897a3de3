"""A reply whose outcome is unknown is re-checked with its own token, never pushed on top of it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from bot.settings import Settings
from models.inbox import OutboxMessage
from tests.support.line import FakeLine
from tests.support.outbox import left_behind, settled
from tests.support.webhook import LineBot, open_line_bot

USER = "U" + "7" * 32


@pytest.fixture
def bot(line_settings: Settings) -> Iterator[LineBot]:
    fast = line_settings.model_copy(update={"line_timeout_seconds": 0.3, "line_max_attempts": 2})
    with open_line_bot(fast) as b:
        yield b


def _answer(bot: LineBot) -> OutboxMessage:
    """The answer row of the one question asked, once delivery has finished with it."""
    deadline = time.time() + 15
    while True:
        with bot.session.services.sessions() as s:
            rows = list(s.query(OutboxMessage).filter(OutboxMessage.purpose == "answer"))
            if rows and (rows[0].status != "pending" or time.time() > deadline):
                s.expunge_all()
                return rows[0]
        time.sleep(0.1)


def _delivered_to(fake_line: FakeLine, token: str) -> list[str]:
    """How the user got answers: one entry per reply or push LINE accepted for them."""
    out = []
    for r in fake_line.delivered():
        body = r.get("body") or {}
        if body.get("replyToken") == token:
            out.append("reply")
        elif body.get("to") == USER:
            out.append("push")
    return out


def test_a_reply_line_took_but_answered_too_late_reaches_the_user_once(bot: LineBot, fake_line: FakeLine) -> None:
    """LINE delivers the reply but every try of the call times out: no push on top of it."""
    fake_line.fault("/v2/bot/message/reply", 200, 2, delay=1.0)
    ev = bot.text(USER, "สวัสดีครับ")
    bot.post([ev])
    row = _answer(bot)
    assert (row.status, row.sent_via) == ("sent", "reply")
    assert _delivered_to(fake_line, ev["replyToken"]) == ["reply"]
    assert fake_line.requests("/push") == []


def test_while_line_leaves_outcomes_unknown_new_answers_are_pushed(bot: LineBot, fake_line: FakeLine) -> None:
    """After a reply LINE took but never confirmed, the next user's answer goes by push: a push carries
    a retry key, so if LINE is still slow to answer, trying it again cannot show the answer twice."""
    fake_line.fault("/v2/bot/message/reply", 200, 2, delay=1.0)
    first = bot.text(USER, "สวัสดีครับ")
    bot.post([first])
    other = "U" + "6" * 32
    second = bot.text(other, "สวัสดีครับ")
    bot.post([second])
    assert _answer(bot).status == "sent"
    assert _delivered_to(fake_line, first["replyToken"]) == ["reply"]
    pushes = [r for r in fake_line.delivered() if r["path"].endswith("/push")]
    assert [(p["body"]["to"], bool(p["retry_key"])) for p in pushes] == [(other, True)]
    assert second["replyToken"] not in [r["body"].get("replyToken") for r in fake_line.requests("/reply")]


def test_a_reply_refused_for_a_whole_send_is_tried_again_by_reply(bot: LineBot, fake_line: FakeLine) -> None:
    """LINE answers 500 to every try of the first send: the answer still comes as the (free) reply."""
    fake_line.fault("/v2/bot/message/reply", 500, 2)
    ev = bot.text(USER, "สวัสดีครับ")
    bot.post([ev])
    row = _answer(bot)
    assert (row.status, row.sent_via) == ("sent", "reply")
    assert [r["status"] for r in fake_line.requests("/reply")] == [500, 500, 200]
    assert fake_line.requests("/push") == []


def test_an_answer_whose_push_was_tried_is_never_replied_later(bot: LineBot, fake_line: FakeLine) -> None:
    """An earlier push may have been accepted; a reply now could not be de-duplicated by LINE."""
    row_id, _ = left_behind(bot, USER, route="push", age_seconds=3)
    bot.recover()
    row = settled(bot, row_id)
    assert (row.status, row.sent_via) == ("sent", "push")
    assert fake_line.requests("/reply") == []
    assert len(fake_line.requests("/push")) == 1


def test_a_crashed_reply_is_rechecked_while_its_token_lives(bot: LineBot, fake_line: FakeLine) -> None:
    row_id, token = left_behind(bot, USER, route="reply", age_seconds=35, attempts=1)
    fake_line.use_reply_token(token)  # the dead process's reply had reached LINE
    bot.recover()
    row = settled(bot, row_id)
    assert (row.status, row.sent_via) == ("sent", "reply")
    assert fake_line.requests("/push") == []


def test_a_token_that_died_before_any_reply_reached_line_is_pushed_not_counted_as_sent(
        bot: LineBot, fake_line: FakeLine) -> None:
    """Earlier tries were refused outright (429): a dead token now means no answer got through."""
    row_id, token = left_behind(bot, USER, route="reply", age_seconds=10, attempts=2, crashed=False)
    fake_line.use_reply_token(token)  # LINE will not take it (expired early, or spent elsewhere)
    bot.recover()
    row = settled(bot, row_id)
    assert (row.status, row.sent_via) == ("sent", "push")
    assert [r["status"] for r in fake_line.requests("/push")] == [200]


def test_an_answer_first_sent_late_is_pushed_with_its_retry_key(bot: LineBot, fake_line: FakeLine) -> None:
    """Too old to re-check a reply in time if it were left unknown: pushed (LINE de-duplicates retries)."""
    row_id, _ = left_behind(bot, USER, route=None, age_seconds=25, attempts=0, crashed=False)  # never tried yet
    bot.recover()
    row = settled(bot, row_id)
    assert (row.status, row.sent_via) == ("sent", "push")
    assert fake_line.requests("/reply") == []
    [push] = fake_line.requests("/push")
    assert push["retry_key"]


def test_a_reply_stops_retrying_at_its_deadline(bot: LineBot, fake_line: FakeLine) -> None:
    """LINE hangs: the send gives up in time for its outcome to be recorded while its claim holds."""
    from bot.messenger import LineMessenger
    settings = bot.session.services.settings.model_copy(update={"line_max_attempts": 20, "line_backoff_seconds": 0})
    fake_line.fault("/v2/bot/message/reply", 200, 20, delay=1.0)

    async def run() -> tuple[bool, bool]:
        m = LineMessenger(settings)
        try:
            r = await m.reply("tok-hang", [{"type": "text", "text": "x"}], deadline=time.monotonic() + 1.0)
            return r.ok, r.retryable
        finally:
            await m.close()
    assert asyncio.run(run()) == (False, True)  # not sent as far as we know; to be re-checked
    assert len(fake_line.requests("/reply")) < 20


def test_an_office_that_wants_no_repeat_ever_can_have_every_answer_pushed(
        line_settings: Settings, fake_line: FakeLine) -> None:
    """KHETBOT_ANSWER_BY_REPLY=false: answers are pushed with a retry key, even when LINE is slow to confirm."""
    push_only = line_settings.model_copy(update={"answer_by_reply": False, "line_timeout_seconds": 0.3,
                                                 "line_max_attempts": 2})
    fake_line.fault("/v2/bot/message/push", 200, 2, delay=1.0)  # LINE takes the push, answers too late
    with open_line_bot(push_only) as bot:
        bot.post([bot.text(USER, "สวัสดีครับ")])
        row = _answer(bot)
    assert (row.status, row.sent_via) == ("sent", "push")
    assert fake_line.requests("/reply") == []
    pushes = fake_line.requests("/push")
    assert len(pushes) >= 2 and len({p["retry_key"] for p in pushes}) == 1  # tried again under the same key


def test_after_a_long_run_of_failed_tries_the_next_try_is_still_soon(bot: LineBot, fake_line: FakeLine) -> None:
    """A minute of LINE trouble (many quick re-checks) must not push the answer's next try minutes away."""
    from datetime import timedelta

    from models.base import utcnow
    row_id, _ = left_behind(bot, USER, route="push", age_seconds=60, attempts=12, crashed=False)
    fake_line.fault("/v2/bot/message/push", 500, 2)  # this try fails too (both tries of the call)
    bot.recover()
    row = settled(bot, row_id, timeout=0.5)
    assert row.status == "pending" and row.error
    assert row.next_attempt_at - utcnow() < timedelta(seconds=30)  # a quarter of its age, not 10 minutes
