"""Module-scoped services for property tests (hypothesis runs many examples against one app)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from anyio.from_thread import start_blocking_portal
from sqlalchemy import func, select

from bot.chat_session import ChatSession
from bot.settings import Settings
from models.inbox import InboundEvent, OutboxMessage
from tests.conftest import make_settings
from tests.support.backends import postgres_database, redis_prefix


class App:
    """The whole service in-process with a recording messenger, shared by many examples."""

    def __init__(self, portal: Any, session: ChatSession) -> None:
        self.portal = portal
        self.session = session

    @property
    def settings(self) -> Settings:
        return self.session.settings

    def post(self, body: bytes, signature: str | None, headers: dict[str, str] | None = None) -> Any:
        """POST raw bytes to /callback with this signature header (None: no header at all)."""
        hdrs = {"Content-Type": "application/json", **(headers or {})}
        if signature is not None:
            hdrs["X-Line-Signature"] = signature

        async def go() -> Any:
            assert self.session.client is not None
            return await self.session.client.post("/callback", content=body, headers=hdrs)
        return self.portal.call(go)

    def settle(self) -> None:
        self.portal.call(self.session.settle)

    def counts(self) -> tuple[int, int]:
        """(stored events, outbox rows)."""
        with self.session.services.sessions() as s:
            return (int(s.scalar(select(func.count(InboundEvent.id))) or 0),
                    int(s.scalar(select(func.count(OutboxMessage.id))) or 0))

    def statuses(self) -> dict[str, int]:
        with self.session.services.sessions() as s:
            return dict(s.execute(select(InboundEvent.status, func.count()).group_by(InboundEvent.status)).all())


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """One app per module and backend (SQLite + in-process, PostgreSQL + Redis)."""
    tmp = tmp_path_factory.mktemp(f"app-{request.param}")
    with ExitStack() as stack:
        if request.param == "sqlite":
            settings = make_settings(tmp)
        else:
            url = stack.enter_context(postgres_database())
            prefix = stack.enter_context(redis_prefix())
            settings = make_settings(tmp, database_url=url, redis_url="redis://127.0.0.1:6379/0",
                                     redis_prefix=prefix)
        settings.rate_limit_per_minute = 1_000_000  # fuzzing is a flood by design
        portal = stack.enter_context(start_blocking_portal())
        session = ChatSession(settings)
        portal.call(session.__aenter__)
        stack.callback(lambda: portal.call(session.__aexit__, None, None, None))
        yield App(portal, session)
