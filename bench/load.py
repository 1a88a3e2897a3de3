"""A bounded load generator for a LINE webhook (loopback only; stops by itself).

It POSTs signed webhook bodies (one text message event per request, each with a unique
webhookEventId and reply token, users cycling through a pool so that no two requests in flight
come from the same person) to a bot, in one of two shapes:

- closed loop (`run_load`): each of `concurrency` clients sends its next event once the previous
  one's reply has arrived at the fake LINE API. This finds the most events/s; its latency is the
  latency at saturation (a queue of `concurrency` events), so it follows the throughput;
- open loop (`run_at_rate`): events are due at a fixed rate whether or not earlier ones were
  answered, like users arriving; latency counts from when an event was due. At a rate both bots
  can carry, this is the latency a user sees in normal service.

Per event it measures

- latency: POST sent -> the reply (or a push to that user) arrived at the fake LINE API
  (the fake runs in this process and stamps arrivals with the same `perf_counter`);
- ack: POST sent -> the webhook's 200.

Stand-alone (starts its own fake LINE API on --fake-port; point the bot's LINE_API_BASE_URL there):

    python bench/load.py --url http://127.0.0.1:8000/callback --secret S --token T \
        --fake-port 9999 --count 3000 --concurrency 16

`bench/run_all.py` imports `run_load` and drives the bots itself.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlparse

import aiohttp
import orjson

try:
    from bench.fake_line_server import FakeLine
except ImportError:  # run as a script from bench/
    from fake_line_server import FakeLine  # type: ignore[no-redef]

DESTINATION = "Ubench000000000000000000000000000"
DEFAULT_TEXTS = ("สวัสดีครับ",)


@dataclass
class LoadResult:
    """What one measured phase produced."""

    sent: int
    answered: int
    failed: int
    timeouts: int
    seconds: float
    events_per_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    ack_p50_ms: float
    ack_p99_ms: float
    concurrency: int
    client_cpu_s: float  # CPU this process (load generator + fake LINE API) used
    fake_calls: dict[str, int] = field(default_factory=dict)
    offered_rate: float | None = None  # open loop: events/s sent whatever the answers (concurrency 0)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly."""
        return asdict(self)


def _pct(sorted_ms: Sequence[float], q: float) -> float:
    if not sorted_ms:
        return float("nan")
    return sorted_ms[min(len(sorted_ms) - 1, max(0, round(q * (len(sorted_ms) - 1))))]


def _loopback_only(url: str) -> None:
    host = urlparse(url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load a non-loopback host: {host}")


def user_id(i: int) -> str:
    """A LINE-shaped user id (U + 32 hex digits) for pool member i."""
    return "U" + f"{i:032x}"


def text_event(text: str, uid: str, reply_token: str, event_id: str) -> dict[str, Any]:
    """One webhook text message event, shaped like LINE's."""
    return {
        "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": uid},
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": False},
        "replyToken": reply_token,
        "message": {"type": "text", "id": str(time.time_ns()), "quoteToken": "q" + event_id[-12:], "text": text},
    }


class _Shots:
    """Sends single-event webhook posts and keeps what they measured (shared by both load shapes)."""

    def __init__(self, url: str, secret: str, fake: FakeLine, texts: Sequence[str], users: int,
                 reply_timeout: float, user_offset: int) -> None:
        self.url, self.key, self.fake, self.texts = url, secret.encode(), fake, texts
        self.users, self.reply_timeout, self.user_offset = users, reply_timeout, user_offset
        self.run_id = uuid.uuid4().hex[:10]
        self.latencies: list[float] = []
        self.acks: list[float] = []
        self.failed = self.timeouts = 0

    async def shot(self, session: aiohttp.ClientSession, i: int, t0: float | None = None) -> None:
        """Post event i and wait for its answer at the fake; latency counts from t0 (default: now)."""
        uid = user_id(self.user_offset + i % self.users)
        token = f"rt-{self.run_id}-{i}"
        event = text_event(self.texts[i % len(self.texts)], uid, token, f"01{self.run_id.upper()}{i:014d}")
        body = orjson.dumps({"destination": DESTINATION, "events": [event]})
        sig = base64.b64encode(hmac.new(self.key, body, hashlib.sha256).digest()).decode()
        waiter = self.fake.expect(token, uid)
        t_post = time.perf_counter()
        t0 = t_post if t0 is None else t0
        try:
            async with session.post(self.url, data=body, headers={"Content-Type": "application/json",
                                                                   "X-Line-Signature": sig}) as resp:
                await resp.read()
                status = resp.status
            self.acks.append((time.perf_counter() - t_post) * 1000)
            if status != 200:
                self.failed += 1
                return
            t_reply, _ = await asyncio.wait_for(waiter, self.reply_timeout)
            self.latencies.append((t_reply - t0) * 1000)
        except TimeoutError:
            self.timeouts += 1
        except aiohttp.ClientError:
            self.failed += 1
        finally:
            self.fake.forget(token, uid)

    def result(self, sent: int, seconds: float, cpu: float, concurrency: int,
               calls_before: dict[str, int]) -> LoadResult:
        """The phase's numbers."""
        latencies, acks = sorted(self.latencies), sorted(self.acks)
        calls = {k: v - calls_before.get(k, 0) for k, v in self.fake.calls.items() if v - calls_before.get(k, 0)}
        return LoadResult(
            sent=sent, answered=len(latencies), failed=self.failed, timeouts=self.timeouts,
            seconds=round(seconds, 3), events_per_s=round(len(latencies) / seconds, 1) if seconds else 0.0,
            p50_ms=round(_pct(latencies, 0.50), 2), p90_ms=round(_pct(latencies, 0.90), 2),
            p99_ms=round(_pct(latencies, 0.99), 2), max_ms=round(latencies[-1], 2) if latencies else float("nan"),
            ack_p50_ms=round(_pct(acks, 0.50), 2), ack_p99_ms=round(_pct(acks, 0.99), 2),
            concurrency=concurrency, client_cpu_s=round(cpu, 2), fake_calls=calls)


async def run_load(url: str, secret: str, fake: FakeLine, *, texts: Sequence[str] = DEFAULT_TEXTS,
                   count: int = 2000, concurrency: int = 16, users: int = 1000, duration_cap: float = 120.0,
                   reply_timeout: float = 30.0, user_offset: int = 0) -> LoadResult:
    """Closed loop: `concurrency` clients each send their next event once the last one was answered;
    send `count` events (or stop at `duration_cap` seconds) and measure them."""
    _loopback_only(url)
    if users < concurrency:
        raise ValueError("the user pool must be at least the concurrency")
    shots = _Shots(url, secret, fake, texts, users, reply_timeout, user_offset)
    next_index = 0
    deadline = time.perf_counter() + duration_cap
    calls_before = dict(fake.calls)

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal next_index
        while next_index < count and time.perf_counter() < deadline:
            i = next_index
            next_index += 1
            await shots.shot(session, i)

    cpu0 = time.process_time()
    t_start = time.perf_counter()
    conn = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=reply_timeout)) as session:
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
    return shots.result(next_index, time.perf_counter() - t_start, time.process_time() - cpu0, concurrency,
                        calls_before)


async def run_at_rate(url: str, secret: str, fake: FakeLine, *, texts: Sequence[str] = DEFAULT_TEXTS,
                      rate: float = 100.0, count: int = 2000, users: int = 1000, reply_timeout: float = 30.0,
                      user_offset: int = 0, max_in_flight: int = 512) -> LoadResult:
    """Open loop: event i is due at start + i/rate whether or not earlier ones were answered (as users
    arrive), and its latency counts from when it was due, so a stalled server cannot hide its queue."""
    _loopback_only(url)
    if users < rate * 2:
        raise ValueError("the user pool must cover two seconds of arrivals (one event per user in flight)")
    shots = _Shots(url, secret, fake, texts, users, reply_timeout, user_offset)
    calls_before = dict(fake.calls)
    slots = asyncio.Semaphore(max_in_flight)  # a bound on this process, not a pacing device
    tasks: list[asyncio.Task[None]] = []

    async def one(session: aiohttp.ClientSession, i: int, due: float) -> None:
        async with slots:
            await shots.shot(session, i, t0=due)

    cpu0 = time.process_time()
    t_start = time.perf_counter()
    conn = aiohttp.TCPConnector(limit=max_in_flight, force_close=False)
    async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=reply_timeout)) as session:
        for i in range(count):
            due = t_start + i / rate
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            tasks.append(asyncio.create_task(one(session, i, due)))
        await asyncio.gather(*tasks)
    result = shots.result(count, time.perf_counter() - t_start, time.process_time() - cpu0, 0, calls_before)
    result.offered_rate = rate
    return result


async def _main(args: argparse.Namespace) -> None:
    fake = FakeLine(args.token, validate=args.validate)
    await fake.start("127.0.0.1", args.fake_port)
    texts = args.text or list(DEFAULT_TEXTS)
    try:
        if args.warmup:
            await run_load(args.url, args.secret, fake, texts=texts, count=args.warmup,
                           concurrency=args.concurrency, users=args.users)
        res = await run_load(args.url, args.secret, fake, texts=texts, count=args.count,
                             concurrency=args.concurrency, users=args.users, duration_cap=args.duration)
    finally:
        await fake.stop()
    print(orjson.dumps(res.as_dict(), option=orjson.OPT_INDENT_2).decode())
    if res.answered:
        print(f"{res.events_per_s} events/s, p50 {res.p50_ms} ms, p99 {res.p99_ms} ms "
              f"({res.answered}/{res.sent} answered)")


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description="bounded webhook load generator (loopback only)")
    ap.add_argument("--url", required=True, help="the bot's /callback URL (loopback)")
    ap.add_argument("--secret", default=os.environ.get("LINE_CHANNEL_SECRET", "bench-channel-secret"))
    ap.add_argument("--token", default=os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", "bench-access-token"))
    ap.add_argument("--fake-port", type=int, default=9999)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--users", type=int, default=1000)
    ap.add_argument("--duration", type=float, default=120.0, help="hard cap in seconds")
    ap.add_argument("--text", action="append", help="message text (repeatable; cycled)")
    ap.add_argument("--validate", action="store_true", help="fake validates bodies with the SDK models")
    asyncio.run(_main(ap.parse_args()))


if __name__ == "__main__":
    main()
