"""Notice jobs on huey: the queue is huey's, the truth is the database.

- Storage: `SqliteHuey` (a file under settings.data_dir) in the embedded setup; `RedisHuey`
  with every key under settings.redis_prefix when REDIS_URL is set, so several processes share
  one queue.
- Consumers: `khetbot serve` runs a huey Consumer with worker threads inside its process
  (`start(services, loop)` from the app lifespan, `stop()` at shutdown; no signal handlers —
  uvicorn owns those). `khetbot worker` runs a stand-alone consumer for more capacity.
- Tasks take a notice id and open their own DB sessions (`NoticeSender`). The task body is
  idempotent, so a duplicate or a re-run after a crash is harmless.
- The sweep finds notices that need a job — queued (chat, CLI, HTTP), scheduled and due,
  or sending with no live job (the process died) — takes a short lease on each with one
  conditional UPDATE (so only one sweeper enqueues it) and enqueues the task. It runs in every
  serve process's housekeeping round (a `router.periodic` duty, every few seconds) and as a
  huey periodic task each minute (for worker-only deployments). A scheduled notice therefore
  fires at its time, also after a restart, and only once: its scheduled → sending transition
  is a single conditional UPDATE in `NoticeSender.prepare`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer
from huey.storage import RedisStorage
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.notices.sender import NOTICE_LEASE, NoticeSender, RunResult
from bot.notices.transport import LoopBridge, SyncSend, ThreadLoopSender
from bot.settings import Settings
from models.base import utcnow
from models.notice import Notice

if TYPE_CHECKING:
    from bot.app import Services
    from handlers.context import Context

log = logging.getLogger(__name__)
TASK = "khetbot.notice.send"
SWEEP = "khetbot.notice.sweep"
EMBEDDED_WORKERS = 2
PARALLEL = 2  # jobs working one large notice at once (batches are claimed atomically)
PARALLEL_MIN_BATCHES = 20


class PrefixedRedisStorage(RedisStorage):  # type: ignore[misc]
    """huey's Redis storage with every key under the deployment's prefix."""

    def __init__(self, name: str = "huey", prefix: str = "", **kwargs: Any) -> None:
        super().__init__(name=name, **kwargs)
        base = f"{prefix}huey:{self.name}"
        self.queue_key = f"{base}:queue"
        self.schedule_key = f"{base}:schedule"
        self.result_key = f"{base}:results"
        self.counter_key = f"{base}:counters"
        self.notify_prefix = f"{base}:notify:"


def make_huey(settings: Settings) -> Huey:
    """The notice queue for these settings: Redis when configured, else a SQLite file."""
    if settings.redis_url:
        return RedisHuey("notices", results=False, storage_class=PrefixedRedisStorage, url=settings.redis_url,
                         prefix=settings.redis_prefix, blocking=False)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("notices", results=False, filename=str(settings.data_dir / "jobs.db"))


class EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """A huey consumer inside another program: the host keeps its own signal handling."""

    def _set_signal_handlers(self) -> None:
        return None


class NoticeJobs:
    """The notice tasks of one process, on its huey instance."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], send: SyncSend) -> None:
        self.settings = settings
        self.sessions = sessions
        self.huey = make_huey(settings)
        self.sender = NoticeSender(sessions, send, settings)
        self._task = self.huey.task(name=TASK, retries=3, retry_delay=10)(self.run)
        self.huey.periodic_task(crontab(minute="*"), name=SWEEP)(self.sweep)
        self.consumer: Consumer | None = None

    # --- tasks

    def run(self, notice_id: int) -> str:
        """The task: send what can be sent now; come back later for what waits (Retry-After, claims)."""
        batches = self.sender.prepare(notice_id)
        if batches and batches >= PARALLEL_MIN_BATCHES:
            for _ in range(PARALLEL - 1):
                self.enqueue(notice_id)
        result = self.sender.run(notice_id)
        if result.status == "waiting" and result.retry_at is not None:
            self._come_back(result)
        return result.status

    def _come_back(self, result: RunResult) -> None:
        assert result.retry_at is not None
        delay = max(1.0, (result.retry_at - utcnow()).total_seconds())
        with self.sessions() as s:
            s.execute(update(Notice).where(Notice.id == result.notice_id)
                      .values(lease_until=result.retry_at + NOTICE_LEASE)
                      .execution_options(synchronize_session=False))
            s.commit()
        self._task.schedule((result.notice_id,), delay=delay)

    def enqueue(self, notice_id: int) -> None:
        """Put a send task for the notice on the queue."""
        self._task(notice_id)

    def sweep(self, now: datetime | None = None) -> list[int]:
        """Enqueue a task for every notice that needs one and has no live job; returns their ids."""
        now = now or utcnow()
        ready = or_(Notice.status.in_(("queued", "sending")),
                    and_(Notice.status == "scheduled", Notice.scheduled_at <= now))
        unleased = or_(Notice.lease_until.is_(None), Notice.lease_until < now)
        taken: list[int] = []
        with self.sessions() as s:
            ids = list(s.scalars(select(Notice.id).where(ready, unleased).order_by(Notice.id).limit(100)))
            s.rollback()
            for notice_id in ids:
                res = s.execute(update(Notice).where(Notice.id == notice_id, ready, unleased)
                                .values(lease_until=now + NOTICE_LEASE).execution_options(synchronize_session=False))
                s.commit()
                if getattr(res, "rowcount", 0) == 1:
                    taken.append(notice_id)
        queued: list[int] = []
        for notice_id in taken:
            try:
                self.enqueue(notice_id)
                queued.append(notice_id)
            except Exception:  # the queue (Redis) is away: the notice stays stored; the next sweep retries
                log.warning("could not queue notice %s; it will be queued when the job store is back", notice_id)
                with self.sessions() as s:
                    s.execute(update(Notice).where(Notice.id == notice_id).values(lease_until=None)
                              .execution_options(synchronize_session=False))
                    s.commit()
        return queued

    def duty(self, ctx: Context) -> None:
        """The sweep as a housekeeping duty of `khetbot serve` (router.periodic)."""
        self.sweep()

    # --- consumers

    def start_consumer(self, workers: int = EMBEDDED_WORKERS) -> None:
        """Run huey's consumer in this process's threads (non-blocking)."""
        self.consumer = EmbeddedConsumer(self.huey, workers=workers, worker_type="thread", periodic=True,
                                         initial_delay=0.1, backoff=1.15, max_delay=1.0, scheduler_interval=1,
                                         check_worker_health=False, shutdown_timeout=15)
        self.consumer.start()

    def stop(self) -> None:
        """Stop the consumer, letting running tasks finish (what is left is swept up later)."""
        if self.consumer is not None:
            self.consumer.stop(graceful=True)
            self.consumer = None
        self.huey.storage.close()


def start(services: Services, loop: asyncio.AbstractEventLoop) -> NoticeJobs:
    """Start notice jobs inside `khetbot serve` (called from the app lifespan; blocking, run it in a thread)."""
    jobs = NoticeJobs(services.settings, services.sessions,
                      LoopBridge(services.messenger, loop, services.settings))
    jobs.start_consumer()
    services.router.periodic.append(jobs.duty)
    return jobs


def stop(services: Services, jobs: NoticeJobs) -> None:
    """Stop what `start` started (blocking; run it in a thread while the loop still runs)."""
    if jobs.duty in services.router.periodic:
        services.router.periodic.remove(jobs.duty)
    jobs.stop()


def run_worker(settings: Settings, sessions: sessionmaker[Session], workers: int) -> None:
    """`khetbot worker`: a stand-alone consumer with its own LINE clients (blocks; Ctrl-C stops)."""
    send = ThreadLoopSender(settings)
    jobs = NoticeJobs(settings, sessions, send)
    jobs.sweep()
    consumer = jobs.huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                         initial_delay=0.1, backoff=1.15, max_delay=1.0)
    try:
        consumer.run()
    finally:
        send.close()


def enqueue_ready(settings: Settings, sessions: sessionmaker[Session]) -> list[int]:
    """From a process without a consumer (the CLI): put ready notices on the shared queue now."""
    jobs = NoticeJobs(settings, sessions, ThreadLoopSender(settings))
    try:
        return jobs.sweep()
    finally:
        jobs.huey.storage.close()


def send_now(settings: Settings, sessions: sessionmaker[Session], notice_id: int,
             send: SyncSend | None = None, timeout: float = 3600.0) -> RunResult:
    """Send a notice in this process and wait for the end (CLI `--wait`, benchmark)."""
    own = ThreadLoopSender(settings) if send is None else None
    sender = NoticeSender(sessions, own if own is not None else send, settings)  # type: ignore[arg-type]
    end = time.monotonic() + timeout
    try:
        while True:
            result = sender.run(notice_id)
            if result.status != "waiting" or result.retry_at is None or time.monotonic() > end:
                return result
            time.sleep(max(0.05, min(5.0, (result.retry_at - utcnow()).total_seconds())))
    finally:
        if own is not None:
            own.close()

