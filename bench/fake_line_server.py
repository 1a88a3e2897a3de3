"""A fast stand-in for the LINE Messaging API, for load benchmarks (loopback only).

`tests/support/fake_line.py` (a ThreadingHTTPServer that validates every body with the SDK's
pydantic models) is the right fake for correctness, but it costs more CPU per request than the
bots being measured. This one is an aiohttp server that does only what a load test needs:

- checks the bearer token, parses the JSON body, enforces one use per reply token;
- records, per reply token (and per push recipient), the moment the message arrived
  (`time.perf_counter()`), so a load generator in the same process can measure
  "POST /callback -> reply at LINE" without clock games;
- counts API calls per endpoint (fan-out benchmarks read them);
- with `validate=True`, also checks each body against line-bot-sdk's request models (slow; off
  for load, and the same setting is used for every bot in a run).

In-process use (what bench/load.py and bench/run_all.py do):

    fake = FakeLine(token="t")
    await fake.start("127.0.0.1", port)
    fut = fake.expect(reply_token="rt-1", user_id="U1")   # resolves to (t_arrival, body)
    ...
    await fake.stop()

Stand-alone: `python bench/fake_line_server.py --port 9999 --token t` (GET /_fake/stats).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from collections import Counter, deque
from typing import Any

import orjson
from aiohttp import web

SDK_MODELS: dict[str, Any] = {}


def _sdk_models() -> dict[str, Any]:
    if not SDK_MODELS:
        from linebot.v3 import messaging as sdk
        SDK_MODELS.update({"reply": sdk.ReplyMessageRequest, "push": sdk.PushMessageRequest,
                           "multicast": sdk.MulticastRequest, "broadcast": sdk.BroadcastRequest})
    return SDK_MODELS


class FakeLine:
    """The fake API's state: waiters for expected replies, counters, used reply tokens."""

    def __init__(self, token: str, *, validate: bool = False) -> None:
        self.token = token
        self.validate = validate
        self.calls: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.recipients = 0  # total push/multicast recipients (fan-out benchmarks)
        self._by_token: dict[str, asyncio.Future[tuple[float, dict[str, Any]]]] = {}
        self._by_user: dict[str, deque[asyncio.Future[tuple[float, dict[str, Any]]]]] = {}
        self._used: set[str] = set()
        self._runner: web.AppRunner | None = None

    # ---- waiting for what a bot sends
    def expect(self, reply_token: str, user_id: str | None = None) -> asyncio.Future[tuple[float, dict[str, Any]]]:
        """A future resolved with (perf_counter at arrival, body) when the reply (or a push to the user) arrives."""
        fut: asyncio.Future[tuple[float, dict[str, Any]]] = asyncio.get_running_loop().create_future()
        self._by_token[reply_token] = fut
        if user_id:
            self._by_user.setdefault(user_id, deque()).append(fut)
        return fut

    def forget(self, reply_token: str, user_id: str | None = None) -> None:
        """Drop a waiter (after it resolved or timed out)."""
        fut = self._by_token.pop(reply_token, None)
        if user_id and fut is not None:
            q = self._by_user.get(user_id)
            if q is not None:
                with contextlib.suppress(ValueError):
                    q.remove(fut)
                if not q:
                    self._by_user.pop(user_id, None)

    def _resolve_token(self, token: str, t: float, body: dict[str, Any]) -> None:
        fut = self._by_token.get(token)
        if fut is not None and not fut.done():
            fut.set_result((t, body))

    def _resolve_user(self, user_id: str, t: float, body: dict[str, Any]) -> None:
        q = self._by_user.get(user_id)
        while q:
            fut = q.popleft()
            if not fut.done():
                fut.set_result((t, body))
                return

    # ---- HTTP
    def app(self) -> web.Application:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_post("/v2/bot/message/{kind}", self._message)
        app.router.add_post("/v2/bot/chat/loading/start", self._loading)
        app.router.add_get("/v2/bot/profile/{uid}", self._profile)
        app.router.add_get("/v2/bot/message/{mid}/content", self._content)
        app.router.add_get("/_fake/stats", self._stats)
        return app

    async def start(self, host: str, port: int) -> None:
        """Listen on host:port (in the running event loop)."""
        self._runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port, backlog=1024).start()

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    @staticmethod
    def _json(status: int, obj: Any) -> web.Response:
        return web.Response(status=status, body=orjson.dumps(obj), content_type="application/json")

    async def _message(self, request: web.Request) -> web.Response:
        raw = await request.read()
        t = time.perf_counter()
        kind = request.match_info["kind"]
        self.calls[kind] += 1
        if not self._authorised(request):
            self.errors["401"] += 1
            return self._json(401, {"message": "Authentication failed"})
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            self.errors["400"] += 1
            return self._json(400, {"message": "The request body has 1 error(s)"})
        messages = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
            self.errors["400"] += 1
            return self._json(400, {"message": "The request body has 1 error(s)"})
        if self.validate and kind in _sdk_models():
            try:
                _sdk_models()[kind].from_dict(body)
            except Exception as exc:
                self.errors["schema"] += 1
                return self._json(400, {"message": f"schema: {str(exc)[:200]}"})
        if kind == "reply":
            tok = body.get("replyToken")
            if not tok or tok in self._used:
                self.errors["reply-token"] += 1
                return self._json(400, {"message": "Invalid reply token"})
            self._used.add(tok)
            self._resolve_token(tok, t, body)
            return self._json(200, {"sentMessages": [{"id": str(time.time_ns()), "quoteToken": "q"}
                                                     for _ in messages]})
        if kind == "push":
            to = body.get("to")
            self.recipients += 1
            if isinstance(to, str):
                self._resolve_user(to, t, body)
            return self._json(200, {"sentMessages": [{"id": str(time.time_ns()), "quoteToken": "q"}
                                                     for _ in messages]})
        if kind == "multicast":
            to = body.get("to")
            if not isinstance(to, list) or not 1 <= len(to) <= 500:
                self.errors["400"] += 1
                return self._json(400, {"message": "to must hold 1..500 IDs"})
            self.recipients += len(to)
            return self._json(200, {})
        if kind in ("broadcast", "narrowcast"):
            return self._json(200, {})
        return self._json(404, {"message": "Not found"})

    async def _loading(self, request: web.Request) -> web.Response:
        await request.read()
        self.calls["loading"] += 1
        return self._json(202, {})

    async def _profile(self, request: web.Request) -> web.Response:
        self.calls["profile"] += 1
        uid = request.match_info["uid"]
        return self._json(200, {"userId": uid, "displayName": f"ครูทดสอบ {uid[-4:]}", "language": "th"})

    async def _content(self, request: web.Request) -> web.Response:
        self.calls["content"] += 1
        return web.Response(status=200, body=b"\x89PNG\r\n\x1a\n", content_type="image/png")

    async def _stats(self, request: web.Request) -> web.Response:
        return self._json(200, {"calls": dict(self.calls), "errors": dict(self.errors),
                                "recipients": self.recipients})

    def reset_counters(self) -> None:
        """Zero the call counters (between phases of a run)."""
        self.calls.clear()
        self.errors.clear()
        self.recipients = 0


async def _serve_forever(port: int, token: str, validate: bool) -> None:
    fake = FakeLine(token, validate=validate)
    await fake.start("127.0.0.1", port)
    print(f"fake LINE API on http://127.0.0.1:{port} (token {token!r}, validate={validate})", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    """Run the fake stand-alone."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--port", type=int, default=9999)
    ap.add_argument("--token", default="bench-access-token")
    ap.add_argument("--validate", action="store_true", help="check bodies with the SDK models (slow)")
    args = ap.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve_forever(args.port, args.token, args.validate))


if __name__ == "__main__":
    main()
