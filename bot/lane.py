"""One dedicated thread for the hot path's blocking work, and batching of small DB writes into it.

Under load the default thread pool (up to 40 threads) made every event's few milliseconds of
database and handler work fight over the GIL and, on SQLite, over the single write lock: the
profile showed more CPU in hand-offs than in the work. The hot path (storing events, answering
text and postbacks, recording sends) therefore runs in one thread per process, and writes that
arrive while that thread is busy are grouped into one transaction (group commit).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
In = TypeVar("In")
Out = TypeVar("Out")
MAX_BATCH = 128


class Lane:
    """A single worker thread; `run` awaits a blocking call made in it."""

    def __init__(self, threads: int = 1, name: str = "khetbot-lane") -> None:
        self._pool = concurrent.futures.ThreadPoolExecutor(max(1, threads), thread_name_prefix=name)

    async def run(self, fn: Callable[[], T]) -> T:
        """Run `fn` in the lane's thread and return its result."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn)

    def close(self) -> None:
        """Let queued work finish, take no more."""
        self._pool.shutdown(wait=False, cancel_futures=False)


class Batcher(Generic[In, Out]):
    """Calls `fn(items)` once for everything submitted while the previous call ran.

    `fn` runs in the lane and returns one result per item, in order; if it raises, every item of
    that batch gets the exception (it is meant to be one transaction: all or nothing).
    """

    def __init__(self, lane: Lane, fn: Callable[[list[In]], list[Out]], max_batch: int = MAX_BATCH,
                 parallel: int = 1) -> None:
        self.lane = lane
        self.fn = fn
        self.max_batch = max_batch
        self.parallel = max(1, parallel)
        self._pending: list[tuple[In, asyncio.Future[Out]]] = []
        self._draining = 0

    async def submit(self, item: In) -> Out:
        """Queue one item and wait for its result."""
        fut: asyncio.Future[Out] = asyncio.get_running_loop().create_future()
        self._pending.append((item, fut))
        if self._draining < self.parallel:
            self._draining += 1
            asyncio.get_running_loop().create_task(self._drain())
        return await fut

    async def _drain(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending[:self.max_batch], self._pending[self.max_batch:]
                items = [item for item, _ in batch]
                try:
                    results = await self.lane.run(lambda items=items: self.fn(items))  # type: ignore[misc]
                    if len(results) != len(batch):
                        raise RuntimeError(f"batch of {len(batch)} gave {len(results)} results")
                except BaseException as exc:  # every waiter hears of it, nobody waits forever
                    for _, fut in batch:
                        if not fut.done():
                            if isinstance(exc, Exception):
                                fut.set_exception(exc)
                            else:
                                fut.cancel()
                    if not isinstance(exc, Exception):
                        raise
                    continue
                for (_, fut), result in zip(batch, results, strict=True):
                    if not fut.done():
                        fut.set_result(result)
        finally:
            self._draining -= 1
