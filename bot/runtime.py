"""The async side of event handling: background processing, per-chat order, delivery, recovery."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

import anyio
import orjson
import redis.asyncio as aredis
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import Delivery
from bot.inbox import (
    EventClaim,
    events_to_recover,
    give_up_poison_events,
    release_stored_claims,
    store_new_events,
)
from bot.knowledge_state import KnowledgeState
from bot.lane import Batcher, Lane
from bot.messenger import Messenger
from bot.processing import EventProcessor, Outcome
from bot.settings import Settings
from models.base import utcnow
from models.db import connection_lost
from models.user import learn_display_name

log = logging.getLogger(__name__)
T = TypeVar("T")
PROFILE_EVENTS = {"follow"}
NAMES_ASKED_MAX = 50_000
RECOVERY_CONCURRENCY = 16
DELIVERY_CONCURRENCY = 32  # re-sends in flight at once (their own slots: never behind event recovery)
OUTBOX_SWEEP_SECONDS = 1.0
RECOVERY_PAGE = 200
HANDLE_BATCH = 8
SPILL_AFTER = 0.25  # seconds a batch of answers may run before the queue behind it is spilled


async def run_sync(fn: Callable[[], T]) -> T:
    """Run blocking work (DB, handlers) in a worker thread of the shared pool."""
    return await anyio.to_thread.run_sync(fn)


class Runtime:
    """Processes stored events in the background; one chat's events stay in order."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], processor: EventProcessor,
                 messenger: Messenger, knowledge: KnowledgeState, redis_client: aredis.Redis | None) -> None:
        self.settings = settings
        self.sessions = sessions
        self.processor = processor
        self.messenger = messenger
        # On SQLite answers run in one thread (one writer, and more threads only fight over the GIL);
        # on PostgreSQL every statement waits on the network, so answers overlap in lane_threads.
        # Storing events and recording sends have their own thread: LINE's 200 never waits for answers.
        answering = 1 if settings.database_url.startswith("sqlite") else max(1, settings.lane_threads)
        self.lane = Lane(answering, "khetbot-answer")
        self.store_lane = Lane(1, "khetbot-store")
        self.spill_lane = Lane(max(1, settings.lane_threads), "khetbot-spill")
        self.delivery = Delivery(sessions, messenger, self.store_lane, replies=settings.answer_by_reply)
        self._store = Batcher(self.store_lane, self._store_many)
        # events answered back to back in one hop to the lane (each still its own transaction);
        # behind a slow handler (a report: seconds) the spill lane takes the queue
        self._handle: Batcher[tuple[int, dict[str, Any] | None, EventClaim | None], Outcome | Exception] = Batcher(
            self.lane, self._handle_many, max_batch=HANDLE_BATCH, spill=self.spill_lane, spill_after=SPILL_AFTER,
            parallel=answering)
        self.knowledge = knowledge
        self.redis = redis_client
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._inflight: set[int] = set()
        self._backlog = False
        self._held: dict[int, EventClaim] = {}  # stored claimed by this process, not yet through `process`
        self._stopping = False
        self._refresh_lock = threading.Lock()
        self._warmed = False  # look-up indexes of the current data built (start-up leaves it to housekeeping)
        self._recovery_slots = asyncio.Semaphore(RECOVERY_CONCURRENCY)
        self._delivery_slots = asyncio.Semaphore(DELIVERY_CONCURRENCY)
        self._names_asked: set[str] = set()  # users whose LINE profile this process asked for already

    async def store(self, events: list[dict[str, Any]], destination: str) -> list[EventClaim]:
        """Store new webhook events durably, already claimed by this process; returns their claims.

        Requests that arrive while the previous write runs share one transaction (group commit).
        """
        got = await self._store.submit((events, destination))
        if isinstance(got, Exception):
            raise got
        return got

    def _store_many(self, requests: list[tuple[list[dict[str, Any]], str]]) -> list[list[EventClaim] | Exception]:
        try:
            try:
                return list(self._store_together(requests))
            except DBAPIError as exc:
                if not connection_lost(exc):
                    raise
                # a pooled connection the server had closed (a restart): the pool starts over, and one
                # more try uses a new connection instead of refusing LINE's request
                log.warning("database connection was lost; storing the events again on a new one")
                return list(self._store_together(requests))
        except Exception:
            if len(requests) == 1:
                raise
        # one request's events could not be stored: store the others one by one, so that only the
        # bad request gets its non-200 (and LINE's redelivery) and the rest are not held hostage
        out: list[list[EventClaim] | Exception] = []
        for request in requests:
            try:
                out += self._store_together([request])
            except Exception as exc:
                out.append(exc)
        return out

    def _store_together(self, requests: list[tuple[list[dict[str, Any]], str]]) -> list[list[EventClaim]]:
        out: list[list[EventClaim]] = []
        with self.sessions() as s:
            for events, destination in requests:
                out.append(store_new_events(events, destination, db_session=s,
                                            claim_seconds=self.settings.event_store_claim_seconds))
            s.commit()
        return out

    def _handle_many(self, items: list[tuple[int, dict[str, Any] | None, EventClaim | None]],
                     ) -> list[Outcome | Exception]:
        out: list[Outcome | Exception] = []
        for row_id, profile, claim in items:
            try:
                out.append(self.processor.handle(row_id, profile, claim))
            except Exception as exc:  # handle() keeps its own failures; this is e.g. the database gone
                out.append(exc)
        return out

    def submit(self, claims: list[EventClaim]) -> None:
        """Start processing newly stored events in the background."""
        for claim in claims:
            self._held[claim.id] = claim
            self._spawn(self.process(claim.id, claim.payload, claim))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def process(self, row_id: int, event: dict[str, Any] | None = None, claim: EventClaim | None = None) -> None:
        """Process one event under its chat's lock, then deliver what it produced."""
        from bot.events import source_ids, source_key
        if row_id in self._inflight:
            return
        self._inflight.add(row_id)
        key = source_key(event) if event else f"row:{row_id}"
        try:
            async with self._locks[key], self._shared_lock(key):
                profile = None
                user_id, chat_id, chat_type = source_ids(event or {})
                if event and str(event.get("type")) in PROFILE_EVENTS and user_id:
                    profile = await self.messenger.profile(user_id)
                slow = None
                if event and event.get("type") == "message" and chat_type == "user":
                    slow = asyncio.get_running_loop().call_later(
                        self.settings.loading_animation_after_seconds,
                        lambda: self._spawn(self.messenger.loading(chat_id)))
                # media may be downloaded by the handler (slow network I/O): keep it off the lane
                try:
                    if event and _media(event):
                        outcome = await run_sync(lambda: self.processor.handle(row_id, profile, claim))
                    else:
                        got = await self._handle.submit((row_id, profile, claim))
                        if isinstance(got, Exception):
                            raise got
                        outcome = got
                finally:
                    if slow is not None:
                        slow.cancel()
                if outcome.first is not None:
                    await self.delivery.send_claimed(outcome.first)
                for oid in outcome.outbox_ids:
                    if outcome.first is None or oid != outcome.first.id:
                        await self.delivery.deliver(oid)
                if outcome.nameless_user and outcome.nameless_user not in self._names_asked:
                    self._names_asked.add(outcome.nameless_user)
                    self._spawn(self._learn_name(outcome.nameless_user))
        except Exception:
            log.exception("background processing of event row %s failed; recovery will retry", row_id)
        finally:
            self._held.pop(row_id, None)
            self._inflight.discard(row_id)
            lock = self._locks.get(key)
            if lock is not None and not lock.locked():
                self._locks.pop(key, None)

    async def _learn_name(self, line_user_id: str) -> None:
        """Ask LINE for the display name a handler needed (a reporter's, for the staff card) of a user
        who followed before the bot knew them (no follow event), after the answer went out. Best effort."""
        if len(self._names_asked) > NAMES_ASKED_MAX:
            self._names_asked.clear()
        profile = await self.messenger.profile(line_user_id)
        name = str((profile or {}).get("display_name") or "").strip()
        if not name:
            self._names_asked.discard(line_user_id)  # LINE did not answer: the next need asks again
            return

        def keep() -> None:
            with self.sessions() as s:
                if learn_display_name(line_user_id, name, db_session=s):
                    s.commit()
        try:
            await run_sync(keep)
        except Exception:
            log.exception("could not keep a user's display name")

    def _shared_lock(self, key: str) -> Any:
        """A Redis lock so several workers keep one chat in order; a no-op without Redis."""
        if self.redis is None:
            return _Null()
        return _SafeRedisLock(self.redis, self.settings.redis_prefix + "lock:" + key)

    async def recover_once(self) -> int:
        """One round of recovery: re-send due outbox rows, pick up left-behind events, run duties."""
        return await self.redeliver_once() + await self._recover_events()

    async def redeliver_once(self) -> int:
        """Send the outbox rows that are due: retries, and sends a crash or an outage left behind."""
        due = await run_sync(self.delivery.due)
        await asyncio.gather(*(self._bounded(self.delivery.deliver(oid), self._delivery_slots) for oid in due),
                             return_exceptions=True)
        return len(due)

    async def _recover_events(self) -> int:
        cutoff = utcnow() - timedelta(seconds=max(2.0, self.settings.recovery_interval_seconds))

        def find() -> list[tuple[int, dict[str, Any]]]:
            with self.sessions() as s:
                if give_up_poison_events(self.settings.event_max_attempts + 2, db_session=s):
                    log.error("events that crashed the process repeatedly were marked failed")
                s.commit()
                return [(i, orjson.loads(p)) for i, p in events_to_recover(cutoff, RECOVERY_PAGE, db_session=s)]
        found = await run_sync(find)
        self._backlog = len(found) >= RECOVERY_PAGE  # a full page: sweep again without waiting
        jobs = [self._bounded(self.process(row_id, event), self._recovery_slots)
                for row_id, event in found if row_id not in self._inflight]
        await asyncio.gather(*jobs, return_exceptions=True)
        periodic = await run_sync(self.processor.run_periodic) if self.processor.router.periodic else []
        for oid in periodic:
            await self.delivery.deliver(oid)
        return len(found) + len(periodic)

    @staticmethod
    async def _bounded(coro: Any, slots: asyncio.Semaphore) -> Any:
        """Run a recovery job holding one of the given slots."""
        async with slots:
            return await coro

    async def outbox_sweep(self) -> None:
        """Runs for the life of the app: due outbox rows, every second. Apart from event recovery, whose
        rounds take long after a crash: a reply the crash left unknown must be re-checked while its
        token lives (delivery.py), not after a backlog of events."""
        while not self._stopping:
            try:
                await self.redeliver_once()
            except Exception:
                log.exception("outbox sweep failed")
            await asyncio.sleep(min(OUTBOX_SWEEP_SECONDS, self.settings.recovery_interval_seconds))

    async def refresh_knowledge(self) -> None:
        """Rebuild the vocabulary if an import changed the data."""
        def refresh() -> None:
            with self._refresh_lock:  # one round at a time: a second waits until the indexes are built
                with self.sessions() as s:
                    changed = self.knowledge.refresh(db_session=s)
                if changed or not self._warmed:  # the schools changed (or first round): indexes built here
                    self._warmed = True
                    self.processor.warm_up()
        await run_sync(refresh)

    async def housekeeping(self) -> None:
        """Runs for the life of the app: event recovery, duties and knowledge refresh (outbox rows:
        `outbox_sweep`)."""
        while not self._stopping:
            try:
                await self._recover_events()
                await self.refresh_knowledge()
            except Exception:
                log.exception("housekeeping round failed")
            if self._backlog:  # a crash left more than a page of events: keep going, their tokens age
                self._backlog = False
                await asyncio.sleep(0)
                continue
            await asyncio.sleep(self.settings.recovery_interval_seconds)

    async def drain(self, timeout: float = 8.0) -> None:
        """Wait for in-flight work at shutdown; hand back the claims of events still waiting, so that
        another worker (or the next start) takes them at once instead of when the claims expire."""
        self._stopping = True
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=timeout)
        waiting = list(self._held.values())
        if waiting:
            def hand_back() -> int:
                with self.sessions() as s:
                    n = release_stored_claims(waiting, db_session=s)
                    s.commit()
                    return n
            try:
                n = await run_sync(hand_back)
                log.info("shutdown: %d waiting events handed back for another worker", n)
            except Exception:
                log.exception("could not hand back waiting events; their claims expire on their own")


def _media(event: dict[str, Any]) -> bool:
    msg = event.get("message")
    return isinstance(msg, dict) and msg.get("type") in ("image", "video", "audio", "file")


class _Null:
    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc: object) -> None:
        return None


class _SafeRedisLock:
    """Redis lock that degrades to no lock when Redis is unreachable."""

    def __init__(self, client: aredis.Redis, name: str) -> None:
        # sleep: how often a waiting turn of the same chat re-tries (redis-py polls; its 0.1 s default
        # added up to 100 ms to a second message sent right after the first)
        self._lock = client.lock(name, timeout=60, blocking_timeout=15, sleep=0.01)
        self._held = False

    async def __aenter__(self) -> None:
        try:
            self._held = bool(await self._lock.acquire())
        except Exception:
            self._held = False

    async def __aexit__(self, *exc: object) -> None:
        if self._held:
            with contextlib.suppress(Exception):
                await self._lock.release()
