"""An office behind an HTTP proxy still reaches LINE: the environment's proxy is honoured.

The messenger looks the proxy up once per LINE host (HTTP_PROXY/HTTPS_PROXY, NO_PROXY) instead of
letting aiohttp read the environment and ~/.netrc again on every request.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.line_format import to_line
from bot.messenger import LineMessenger
from handlers.messages import Text
from tests.conftest import make_settings
from tests.support.recorder import RecordingServer

TOKEN = "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA"


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    s = RecordingServer(lambda target: (200, b'{"sentMessages": []}'))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "no_proxy"):
        monkeypatch.delenv(name, raising=False)


def _reply(tmp_path: Path, api_url: str) -> bool:
    settings = make_settings(tmp_path, line_api_base_url=api_url)

    async def run() -> bool:
        m = LineMessenger(settings)
        try:
            return (await m.reply(TOKEN, to_line([Text("สวัสดีค่ะ")]))).ok
        finally:
            await m.close()
    return asyncio.run(run())


def test_reply_goes_through_the_proxy_the_environment_names(server: RecordingServer, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    monkeypatch.setenv("HTTP_PROXY", f"http://office:s3cret@{host}:{port}")
    # the API's own host does not resolve: only a proxy can deliver this reply
    assert _reply(tmp_path, "http://line-api.invalid")
    [seen] = server.requests
    assert seen.target == "http://line-api.invalid/v2/bot/message/reply"
    assert seen.headers["Proxy-Authorization"] == "Basic " + base64.b64encode(b"office:s3cret").decode()
    assert seen.headers["Authorization"] == f"Bearer {make_settings(tmp_path).access_token()}"
    assert seen.json()["replyToken"] == TOKEN and seen.json()["messages"][0]["text"] == "สวัสดีค่ะ"


def test_no_proxy_hosts_are_reached_directly(server: RecordingServer, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert _reply(tmp_path, server.url)
    assert [r.target for r in server.requests] == ["/v2/bot/message/reply"]
    assert server.requests[0].headers["Proxy-Authorization"] is None


def test_without_a_proxy_the_api_is_reached_directly(server: RecordingServer, tmp_path: Path) -> None:
    assert _reply(tmp_path, server.url)
    assert [r.target for r in server.requests] == ["/v2/bot/message/reply"]
