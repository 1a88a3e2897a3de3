"""Calling the async messenger from huey's worker threads (sync code).

Two ways, one protocol:
- `LoopBridge` — inside `khetbot serve`: the call runs on the app's event loop with the app's
  own messenger (`asyncio.run_coroutine_threadsafe`), so there is one HTTP connection pool,
  one call counter, and tests that record the messenger see the multicasts.
- `ThreadLoopSender` — in a process without an app loop (`khetbot worker`, `notice send --wait`,
  the benchmark): each worker thread gets its own event loop and its own LineMessenger (aiohttp
  sessions belong to the loop that made them, so they are never shared across threads).
Either way the retries (5xx/429 with Retry-After, 409 = already sent) stay in bot/messenger.py.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, Protocol, TypeVar

from bot.messenger import LineMessenger, Messenger, SendResult
from bot.settings import Settings

T = TypeVar("T")


class SyncSend(Protocol):
    """What the notice sender needs: blocking multicast and broadcast."""

    def multicast(self, to: list[str], messages: list[dict[str, Any]], retry_key: str) -> SendResult: ...
    def broadcast(self, messages: list[dict[str, Any]], retry_key: str) -> SendResult: ...


def _budget(settings: Settings) -> float:
    """Upper bound for one call including the messenger's own retries (then we stop waiting)."""
    per_try = settings.line_timeout_seconds + 1 + settings.line_max_retry_after_seconds
    return max(30.0, per_try * max(1, settings.line_max_attempts) + 10)


class LoopBridge:
    """Runs the app messenger's coroutines on the app's loop, from a worker thread."""

    def __init__(self, messenger: Messenger, loop: asyncio.AbstractEventLoop, settings: Settings) -> None:
        self.messenger = messenger
        self.loop = loop
        self.timeout = _budget(settings)

    def _run(self, coro: Coroutine[Any, Any, SendResult]) -> SendResult:
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(self.timeout)
        except TimeoutError:
            future.cancel()
            return SendResult(ok=False, error="timed out waiting for the app loop", retryable=True)

    def multicast(self, to: list[str], messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        """Multicast through the app's messenger."""
        return self._run(self.messenger.multicast(to, messages, retry_key))

    def broadcast(self, messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        """Broadcast through the app's messenger."""
        return self._run(self.messenger.broadcast(messages, retry_key))


class ThreadLoopSender:
    """One private event loop + LineMessenger per calling thread."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local = threading.local()
        self._all: list[tuple[asyncio.AbstractEventLoop, LineMessenger]] = []
        self._lock = threading.Lock()

    def _mine(self) -> tuple[asyncio.AbstractEventLoop, LineMessenger]:
        pair: tuple[asyncio.AbstractEventLoop, LineMessenger] | None = getattr(self._local, "pair", None)
        if pair is None:
            loop = asyncio.new_event_loop()

            async def make() -> LineMessenger:
                return LineMessenger(self.settings)
            pair = (loop, loop.run_until_complete(make()))
            self._local.pair = pair
            with self._lock:
                self._all.append(pair)
        return pair

    def _run(self, call: Any) -> SendResult:
        loop, messenger = self._mine()
        result: SendResult = loop.run_until_complete(call(messenger))
        return result

    def multicast(self, to: list[str], messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        """Multicast with this thread's messenger."""
        return self._run(lambda m: m.multicast(to, messages, retry_key))

    def broadcast(self, messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        """Broadcast with this thread's messenger."""
        return self._run(lambda m: m.broadcast(messages, retry_key))

    @property
    def calls(self) -> int:
        """API calls made by every thread's messenger."""
        with self._lock:
            return sum(m.calls for _, m in self._all)

    def close(self) -> None:
        """Close every thread's HTTP sessions and loops (call when the workers have stopped)."""
        with self._lock:
            pairs, self._all = self._all, []
        for loop, messenger in pairs:
            loop.run_until_complete(messenger.close())
            loop.close()
