"""The FastAPI application: built from Settings, with LINE clients created in the lifespan."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import redis
import redis.asyncio as aredis
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot import migrate
from bot.conversations import (
    ConversationStore,
    FallbackConversationStore,
    MemoryConversationStore,
    RedisConversationStore,
)
from bot.dispatcher import Dispatcher
from bot.files import PublicFiles
from bot.knowledge_state import KnowledgeState
from bot.messenger import LineMessenger, Messenger
from bot.processing import EventProcessor
from bot.ratelimit import RateLimiter
from bot.routes import build_router, make_understand
from bot.runtime import Runtime, run_sync
from bot.settings import Settings
from handlers.router import Router
from models.db import make_engine, make_session_factory
from models.wal_checkpoint import AUTOCHECKPOINT_FRAMES, WalCheckpointer, start_wal_checkpointer

log = logging.getLogger(__name__)
MessengerFactory = Callable[[Settings], Messenger]


@dataclass
class Services:
    """Everything one process shares between requests (app.state.khetbot)."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    secret: bytes
    router: Router
    knowledge: KnowledgeState
    store: ConversationStore
    dispatcher: Dispatcher
    files: PublicFiles
    messenger: Messenger
    runtime: Runtime
    redis_sync: redis.Redis | None = None
    redis_async: aredis.Redis | None = None
    checkpointer: WalCheckpointer | None = None
    background: list[asyncio.Task[Any]] = field(default_factory=list)


def build_services(settings: Settings, messenger: Messenger, *, loop: asyncio.AbstractEventLoop) -> Services:
    """Wire the process's services (blocking: migrations and knowledge load)."""
    engine = make_engine(settings.database_url, wal_autocheckpoint=AUTOCHECKPOINT_FRAMES)
    migrate.upgrade(engine)
    sessions = make_session_factory(engine)
    redis_sync = redis_async = None
    store: ConversationStore = MemoryConversationStore()
    if settings.redis_url:
        opts: dict[str, Any] = {"socket_connect_timeout": 1.0, "socket_timeout": 2.0}
        redis_sync = redis.Redis.from_url(settings.redis_url, **opts)
        redis_async = aredis.Redis.from_url(settings.redis_url, **opts)
        store = FallbackConversationStore(RedisConversationStore(redis_sync, settings.redis_prefix),
                                          MemoryConversationStore())
    knowledge = KnowledgeState(settings.office_id, settings.manual_dir)
    with sessions() as s:
        from bot.demo import ensure_demo_data
        ensure_demo_data(settings, db_session=s)
        s.commit()
        knowledge.refresh(db_session=s, force=True)
    if not knowledge.manual_loaded:  # refresh loads it when the manual's version is set
        knowledge.reload_manual()
    router = build_router()
    dispatcher = Dispatcher(router, store, make_understand(knowledge), settings.conversation_timeout_seconds)
    files = PublicFiles(settings, fetch=messenger.content, loop=loop)
    limiter = RateLimiter(settings.rate_limit_per_minute, redis_sync, settings.redis_prefix)
    processor = EventProcessor(settings, sessions, dispatcher, router, knowledge, files, limiter)
    runtime = Runtime(settings, sessions, processor, messenger, knowledge, redis_async)
    return Services(settings=settings, engine=engine, sessions=sessions, secret=settings.secret_bytes(),
                    router=router, knowledge=knowledge, store=store, dispatcher=dispatcher, files=files,
                    messenger=messenger, runtime=runtime,
                    redis_sync=redis_sync, redis_async=redis_async,
                    checkpointer=start_wal_checkpointer(engine))


_startup_frozen = False


def freeze_startup_objects() -> None:
    """Move everything start-up made (modules, dictionaries, the manual index: ~260k objects) out of
    the cyclic GC's reach, once per process: a full collection then scans only what requests make
    (one full scan of the start-up heap costs ~0.1 s, a pause in the middle of a request). Start-up
    leaves almost no cyclic garbage (~20 objects), so nothing is collected first; objects dropped later
    (a replaced vocabulary or manual index) are still freed by reference counting."""
    global _startup_frozen
    if not _startup_frozen:
        _startup_frozen = True
        gc.freeze()


def create_app(settings: Settings, messenger_factory: MessengerFactory | None = None) -> FastAPI:
    """The khetbot ASGI app for these settings (the LINE client is made at start-up)."""
    settings.secret_bytes()  # refuse to build a webhook that cannot verify signatures

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        messenger = (messenger_factory or LineMessenger)(settings)
        loop = asyncio.get_running_loop()
        services = await run_sync(lambda: build_services(settings, messenger, loop=loop))
        app.state.khetbot = services
        services.background.append(asyncio.create_task(services.runtime.housekeeping()))
        services.background.append(asyncio.create_task(services.runtime.outbox_sweep()))
        from bot.notices import jobs as notice_jobs  # notices: huey consumer + sweep duty (issue 6)
        app.state.notice_jobs = await run_sync(lambda: notice_jobs.start(services, loop))
        freeze_startup_objects()
        try:
            yield
        finally:
            await services.runtime.drain()
            await run_sync(lambda: notice_jobs.stop(services, app.state.notice_jobs))
            for task in services.background:
                task.cancel()
            await messenger.close()
            if services.redis_async is not None:
                await services.redis_async.aclose()
            if services.checkpointer is not None:
                services.checkpointer.stop()
            services.engine.dispose()

    app = FastAPI(title="khetbot", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    from bot.webhook import router as webhook_router
    app.include_router(webhook_router)

    @app.get("/healthz")
    async def healthz(request: Request) -> Response:
        """200 when the database answers."""
        services: Services = request.app.state.khetbot

        def ping() -> None:
            with services.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        try:
            await run_sync(ping)
        except Exception:
            return JSONResponse({"status": "database unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    @app.get("/files/{name}")
    async def public_file(name: str, request: Request, exp: str | None = None, sig: str | None = None) -> Response:
        """Published images; report files need a signed, unexpired link."""
        files: PublicFiles = request.app.state.khetbot.files
        path = files.path(name)
        if path is None or not path.is_file():
            return JSONResponse({"message": "not found"}, status_code=404)
        if name.startswith("private-") and not files.check(name, exp, sig):
            return JSONResponse({"message": "link expired or invalid"}, status_code=403)
        return FileResponse(path)

    from bot.admin import router as admin_router
    app.include_router(admin_router)
    from bot.admin_notice import router as admin_notice_router
    app.include_router(admin_notice_router)
    return app
