"""A bounded load generator for a LINE webhook (loopback only; stops by itself).

It POSTs signed webhook bodies (one text message event per request, each with a unique
webhookEventId and reply token, users cycling through a pool so that no two requests in flight
come from the same person) to a bot at a fixed concurrency (closed loop: each of the
`concurrency` clients sends its next event once the previous one's reply has arrived at the fake
LINE API). Per event it measures

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


async def run_load(url: str, secret: str, fake: FakeLine, *, texts: Sequence[str] = DEFAULT_TEXTS,
                   count: int = 2000, concurrency: int = 16, users: int = 1000, duration_cap: float = 120.0,
                   reply_timeout: float = 30.0, user_offset: int = 0) -> LoadResult:
    """Send `count` events (or stop at `duration_cap` seconds) and measure them."""
    _loopback_only(url)
    if users < concurrency:
        raise ValueError("the user pool must be at least the concurrency")
    key = secret.encode()
    run_id = uuid.uuid4().hex[:10]
    latencies: list[float] = []
    acks: list[float] = []
    failed = timeouts = 0
    next_index = 0
    deadline = time.perf_counter() + duration_cap
    calls_before = dict(fake.calls)
    conn = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=reply_timeout)

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal next_index, failed, timeouts
        while next_index < count and time.perf_counter() < deadline:
            i = next_index
            next_index += 1
            uid = user_id(user_offset + i % users)
            token = f"rt-{run_id}-{i}"
            event = text_event(texts[i % len(texts)], uid, token, f"01{run_id.upper()}{i:014d}")
            body = orjson.dumps({"destination": DESTINATION, "events": [event]})
            sig = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
            waiter = fake.expect(token, uid)
            t0 = time.perf_counter()
            try:
                async with session.post(url, data=body, headers={"Content-Type": "application/json",
                                                                  "X-Line-Signature": sig}) as resp:
                    await resp.read()
                    status = resp.status
                acks.append((time.perf_counter() - t0) * 1000)
                if status != 200:
                    failed += 1
                    continue
                t_reply, _ = await asyncio.wait_for(waiter, reply_timeout)
                latencies.append((t_reply - t0) * 1000)
            except TimeoutError:
                timeouts += 1
            except aiohttp.ClientError:
                failed += 1
            finally:
                fake.forget(token, uid)

    cpu0 = time.process_time()
    t_start = time.perf_counter()
    async with aiohttp.ClientSession(connector=conn, timeout=timeout) as session:
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
    seconds = time.perf_counter() - t_start
    cpu = time.process_time() - cpu0
    latencies.sort()
    acks.sort()
    calls = {k: v - calls_before.get(k, 0) for k, v in fake.calls.items() if v - calls_before.get(k, 0)}
    return LoadResult(
        sent=next_index, answered=len(latencies), failed=failed, timeouts=timeouts, seconds=round(seconds, 3),
        events_per_s=round(len(latencies) / seconds, 1) if seconds else 0.0,
        p50_ms=round(_pct(latencies, 0.50), 2), p90_ms=round(_pct(latencies, 0.90), 2),
        p99_ms=round(_pct(latencies, 0.99), 2), max_ms=round(latencies[-1], 2) if latencies else float("nan"),
        ack_p50_ms=round(_pct(acks, 0.50), 2), ack_p99_ms=round(_pct(acks, 0.99), 2),
        concurrency=concurrency, client_cpu_s=round(cpu, 2), fake_calls=calls)


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
