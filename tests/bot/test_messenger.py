"""Sending to LINE: retries, dead tokens, Retry-After, retry keys, platform limits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.settings import Settings
from tests.support.line import FakeLine
from tests.support.recorder import RecordingServer
from tests.support.webhook import LineBot, open_line_bot

USER = "U" + "8" * 32


@pytest.fixture
def bot(line_settings: Settings) -> Iterator[LineBot]:
    with open_line_bot(line_settings) as b:
        yield b


def test_reply_failing_twice_with_500_still_answers(bot: LineBot, fake_line: FakeLine) -> None:
    fake_line.fault("/v2/bot/message/reply", 500, 2)
    bot.post([bot.text(USER, "สวัสดีครับ")])
    statuses = [r["status"] for r in fake_line.requests("/reply")]
    assert statuses == [500, 500, 200]
    assert fake_line.requests("/push") == []


def test_dead_reply_token_falls_back_to_push(bot: LineBot, fake_line: FakeLine) -> None:
    ev = bot.text(USER, "สวัสดีครับ")
    fake_line.use_reply_token(ev["replyToken"])  # as if it had expired or been used
    bot.post([ev])
    pushes = [r for r in fake_line.requests("/push") if r["status"] == 200]
    assert len(pushes) == 1
    assert pushes[0]["body"]["to"] == USER
    assert pushes[0]["retry_key"], "push carries X-Line-Retry-Key"
    assert "น้องเขตบอท" in pushes[0]["body"]["messages"][0]["text"]


def test_429_with_retry_after_is_honoured(bot: LineBot, fake_line: FakeLine) -> None:
    fake_line.fault("/v2/bot/message/reply", 429, 1, retry_after=1)
    bot.post([bot.text(USER, "สวัสดีครับ")])
    replies = fake_line.requests("/reply")
    assert [r["status"] for r in replies] == [429, 200]
    assert replies[1]["t"] - replies[0]["t"] >= 0.95


def _one_answer_server(status: int, body: bytes) -> RecordingServer:
    """A tiny LINE stand-in that always answers `status` with `body`."""
    return RecordingServer(lambda target: (status, body))


def _push_once(url: str, tmp_path: object, **overrides: object) -> bool:
    """One push through a real LineMessenger against `url`; True when it counted as sent."""
    import asyncio

    from bot.messenger import LineMessenger
    from tests.conftest import make_settings
    settings = make_settings(tmp_path, line_api_base_url=url, **overrides)  # type: ignore[arg-type]

    async def run() -> bool:
        m = LineMessenger(settings)
        try:
            return (await m.push(USER, [{"type": "text", "text": "x"}], "123e4567-e89b-12d3-a456-426614174000")).ok
        finally:
            await m.close()
    return asyncio.run(run())


@pytest.mark.parametrize(("body", "expected_calls"), [
    (b'{"message":"You have reached your monthly limit."}', 1),
    (b'{"message":"The API rate limit has been exceeded. Try again later."}', 4),
])
def test_429_quota_is_final_but_rate_limit_is_retried(body: bytes, expected_calls: int, tmp_path: object) -> None:
    srv = _one_answer_server(429, body)
    try:
        assert _push_once(srv.url, tmp_path, line_max_attempts=4) is False
        assert len(srv.requests) == expected_calls
    finally:
        srv.close()


def test_push_409_means_already_accepted(tmp_path: object) -> None:
    srv = _one_answer_server(409, b'{"message":"The retry key is already accepted"}')
    try:
        assert _push_once(srv.url, tmp_path) is True
        assert len(srv.requests) == 1
    finally:
        srv.close()


def test_long_answers_are_split_to_fit_line_limits() -> None:
    from bot.line_format import batches, to_line
    from handlers.messages import Choice, Text
    msgs = to_line([Text("ก" * 12_000, tuple(Choice(f"ปุ่ม {i}", text=str(i)) for i in range(20)))])
    assert [len(m["text"]) <= 5000 for m in msgs] == [True, True, True]
    assert len(msgs[-1]["quickReply"]["items"]) == 13
    many = to_line([Text(f"ข้อความ {i}") for i in range(12)])
    assert all(len(b) <= 5 for b in batches(many))
    assert "ข้อความ 11" in "".join(m["text"] for m in many)


def test_reply_that_timed_out_but_reached_line_is_not_pushed_again(tmp_path: object) -> None:
    """LINE took the first reply but answered too late; the retry sees the token spent: delivered once."""
    import asyncio
    import threading
    import time as _time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from bot.messenger import LineMessenger
    from tests.conftest import make_settings
    calls: list[int] = []

    class Slow(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            calls.append(1)
            if len(calls) == 1:
                _time.sleep(1.5)  # longer than the client's timeout: the reply was taken, the answer is lost
                status, body = 200, b'{"sentMessages":[]}'
            else:
                status, body = 400, b'{"message":"Invalid reply token"}'
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass

        def log_message(self, *a: object) -> None:
            pass
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    settings = make_settings(tmp_path, line_api_base_url=f"http://127.0.0.1:{srv.server_address[1]}",  # type: ignore[arg-type]
                             line_timeout_seconds=0.3)

    async def run() -> tuple[bool, bool]:
        m = LineMessenger(settings)
        try:
            r = await m.reply("tok", [{"type": "text", "text": "x"}])
            return r.ok, r.invalid_token
        finally:
            await m.close()
    try:
        assert asyncio.run(run()) == (True, False)
        assert len(calls) == 2
    finally:
        srv.shutdown()
