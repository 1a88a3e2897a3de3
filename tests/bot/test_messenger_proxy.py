"""An office behind an HTTP proxy still reaches LINE: the environment's proxy is honoured.

The messenger looks the proxy up once per LINE host (HTTP_PROXY/HTTPS_PROXY, NO_PROXY) instead of
letting aiohttp read the environment and ~/.netrc again on every request.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.line_format import to_line
from bot.messenger import LineMessenger
from handlers.messages import Text
from tests.conftest import make_settings

TOKEN = "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA"


class _Server:
    """Answers every POST with 200 and records its request line and the proxy's credentials."""

    def __init__(self) -> None:
        self.seen: list[dict[str, Any]] = []
        rec = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                rec.seen.append({"target": self.path, "proxy_auth": self.headers.get("Proxy-Authorization"),
                                 "authorization": self.headers.get("Authorization"), "body": json.loads(raw)})
                out = b'{"sentMessages": []}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *a: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    s = _Server()
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


def test_reply_goes_through_the_proxy_the_environment_names(server: _Server, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    monkeypatch.setenv("HTTP_PROXY", f"http://office:s3cret@{host}:{port}")
    # the API's own host does not resolve: only a proxy can deliver this reply
    assert _reply(tmp_path, "http://line-api.invalid")
    assert len(server.seen) == 1
    seen = server.seen[0]
    assert seen["target"] == "http://line-api.invalid/v2/bot/message/reply"
    assert seen["proxy_auth"] == "Basic " + base64.b64encode(b"office:s3cret").decode()
    assert seen["authorization"] == f"Bearer {make_settings(tmp_path).access_token()}"
    assert seen["body"]["replyToken"] == TOKEN and seen["body"]["messages"][0]["text"] == "สวัสดีค่ะ"


def test_no_proxy_hosts_are_reached_directly(server: _Server, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert _reply(tmp_path, server.url)
    assert [s["target"] for s in server.seen] == ["/v2/bot/message/reply"]
    assert server.seen[0]["proxy_auth"] is None


def test_without_a_proxy_the_api_is_reached_directly(server: _Server, tmp_path: Path) -> None:
    assert _reply(tmp_path, server.url)
    assert [s["target"] for s in server.seen] == ["/v2/bot/message/reply"]
