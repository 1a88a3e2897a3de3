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
    that batch gets the exception (it is meant to be one transaction: all or nothing). With a
    `spill` lane, items that would wait behind a batch running longer than `spill_after` seconds (a
    slow handler) are taken by a second drain in the spill lane instead.
    """

    def __init__(self, lane: Lane, fn: Callable[[list[In]], list[Out]], max_batch: int = MAX_BATCH,
                 spill: Lane | None = None, spill_after: float = 0.25, parallel: int = 1) -> None:
        self.lane = lane
        self.parallel = max(1, parallel)  # main drains at once (the lane needs as many threads)
        self.fn = fn
        self.max_batch = max_batch
        self.spill = spill
        self.spill_after = spill_after
        self._pending: list[tuple[In, asyncio.Future[Out]]] = []
        self._draining = 0
        self._spilling = False
        self._batch_started: float | None = None  # loop time the main drain's running batch began
        self._tasks: set[asyncio.Task[None]] = set()

    def _start(self, lane: Lane, *, main: bool) -> None:
        task = asyncio.get_running_loop().create_task(self._drain(lane, main=main))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def submit(self, item: In) -> Out:
        """Queue one item and wait for its result."""
        fut: asyncio.Future[Out] = asyncio.get_running_loop().create_future()
        self._pending.append((item, fut))
        if self._draining < self.parallel:
            self._draining += 1
            self._start(self.lane, main=True)
        else:
            self._maybe_spill()
        return await fut

    def _maybe_spill(self) -> None:
        """Start a spill drain when items wait behind a main batch that has run `spill_after` seconds."""
        if (self.spill is not None and not self._spilling and self._pending and self._batch_started is not None
                and asyncio.get_running_loop().time() - self._batch_started >= self.spill_after):
            self._spilling = True
            self._start(self.spill, main=False)

    async def _drain(self, lane: Lane, *, main: bool) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._pending:
                batch, self._pending = self._pending[:self.max_batch], self._pending[self.max_batch:]
                items = [item for item, _ in batch]
                timer = None
                if main:
                    self._batch_started = loop.time()
                    if self.spill is not None:  # cancelled when the batch ends
                        timer = loop.call_later(self.spill_after, self._maybe_spill)
                try:
                    results = await lane.run(lambda items=items: self.fn(items))  # type: ignore[misc]
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
                finally:
                    if timer is not None:
                        timer.cancel()
                    if main:
                        self._batch_started = None
                for (_, fut), result in zip(batch, results, strict=True):
                    if not fut.done():
                        fut.set_result(result)
        finally:
            if main:
                self._draining -= 1
            else:
                self._spilling = False
