"""A process killed between the webhook's 200 and the answer loses nothing (real `khetbot serve`)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from bot.chat_session import text_event
from bot.settings import Settings
from tests.support.http import post_events, serve_env
from tests.support.line import FakeLine
from tests.support.server import ServerProcess

pytestmark = pytest.mark.slow


def answers_per_user(fake_line: FakeLine, events: list[dict[str, object]]) -> Counter[str]:
    """Successful replies (by token) and pushes (by recipient), counted per user."""
    token_user = {e["replyToken"]: e["source"]["userId"] for e in events}  # type: ignore[index]
    got: Counter[str] = Counter()
    for r in fake_line.delivered():
        body = r["body"] or {}
        if r["path"].endswith("/reply") and body.get("replyToken") in token_user:
            got[token_user[body["replyToken"]]] += 1
        elif r["path"].endswith("/push"):
            got[body["to"]] += 1
    return got


def test_kill_after_ack_then_restart_answers_every_event_once(settings: Settings, fake_line: FakeLine,
                                                              tmp_path: Path) -> None:
    server = ServerProcess(tmp_path, serve_env(settings, fake_line.url))
    server.start()
    users = [f"U{i:032d}" for i in range(40)]
    events = [text_event(u, "สวัสดีครับ") for u in users]
    try:
        assert post_events(server.url, settings.line_channel_secret.get_secret_value(), events) == 200  # type: ignore[union-attr]
        server.kill()  # right after LINE got its 200: most events are still unprocessed
        answered_before = sum(answers_per_user(fake_line, events).values())
        server.start()
        deadline = time.time() + 60
        while time.time() < deadline and len(answers_per_user(fake_line, events)) < len(users):
            time.sleep(0.3)
        time.sleep(1.5)  # let any duplicate show itself
        got = answers_per_user(fake_line, events)
        assert set(got) == set(users), f"unanswered: {set(users) - set(got)}"
        assert max(got.values()) == 1, f"answered twice: {[u for u, n in got.items() if n > 1]}"
        assert answered_before < len(users), "the kill came too late to test recovery"
    finally:
        server.stop()
