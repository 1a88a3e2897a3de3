"""Group chats answer when the bot is addressed; one person's quick messages stay in order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.settings import Settings
from tests.support.chat import Chat
from tests.support.line import FakeLine
from tests.support.webhook import LineBot, open_line_bot

GROUP = "C" + "1" * 32
USER = "U" + "9" * 32


def test_group_chat_answers_only_when_addressed(chat: Chat) -> None:
    assert chat.say("สวัสดีครับทุกคน", group=GROUP).messages == []
    assert "น้องเขตบอท" in chat.say("บอท สวัสดีครับ", group=GROUP).text


def test_group_mention_of_the_bot_is_answered(chat: Chat) -> None:
    from bot.chat_session import make_event
    ev = make_event("message", USER, GROUP, message={
        "type": "text", "id": "1", "quoteToken": "q", "text": "@น้องเขตบอท สวัสดี",
        "mention": {"mentionees": [{"index": 0, "length": 12, "type": "user", "isSelf": True}]}})
    answer = chat.run(chat.session.send, ev)
    assert any("น้องเขตบอท" in m.get("text", "") for m in answer)


@pytest.fixture
def bot(line_settings: Settings) -> Iterator[LineBot]:
    with open_line_bot(line_settings.model_copy(update={"loading_animation_after_seconds": 0.0})) as b:
        yield b


def test_one_persons_messages_are_answered_in_order(bot: LineBot, fake_line: FakeLine) -> None:
    events = [bot.text(USER, t) for t in ("สวัสดี", "asdfgh", "ขอบคุณครับ")]
    assert bot.post(events).status_code == 200
    replies = [r for r in fake_line.requests("/reply") if r["status"] == 200]
    order = [r["body"]["replyToken"] for r in sorted(replies, key=lambda r: r["t"])]
    assert order == [e["replyToken"] for e in events]


def test_loading_animation_is_shown_for_slow_answers(bot: LineBot, fake_line: FakeLine) -> None:
    bot.post([bot.text(USER, "สวัสดี")])
    loading = fake_line.requests("/chat/loading/start")
    assert loading and loading[0]["body"]["chatId"] == USER
