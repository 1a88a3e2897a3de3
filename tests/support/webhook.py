"""Signed-webhook helpers over the in-process app with the REAL LINE messenger (→ fake LINE)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal

from bot.chat_session import ChatSession, make_event, sign, text_event
from bot.messenger import LineMessenger
from bot.settings import Settings


class LineBot:
    """Post webhooks (signed or not) and wait for background work."""

    def __init__(self, portal: BlockingPortal, session: ChatSession) -> None:
        self.portal = portal
        self.session = session

    def post(self, events: list[dict[str, Any]], *, signature: str | None = None, raw: bytes | None = None,
             settle: bool = True) -> httpx.Response:
        """POST /callback; then wait until background processing is done."""
        resp = self.portal.call(lambda: self.session.post(events, signature, raw))
        if settle:
            self.settle()
        return resp

    def settle(self) -> None:
        """Wait for background work."""
        self.portal.call(self.session.settle)

    def sign(self, body: bytes) -> str:
        """A valid signature for body."""
        return sign(self.session.settings.secret_bytes(), body)

    def recover(self) -> int:
        """Run one housekeeping recovery round now."""
        return int(self.portal.call(self.session.services.runtime.recover_once))

    @staticmethod
    def text(user: str, text: str, **kw: Any) -> dict[str, Any]:
        """A text message event."""
        return text_event(user, text, **kw)

    @staticmethod
    def event(kind: str, user: str, **kw: Any) -> dict[str, Any]:
        """Any event."""
        return make_event(kind, user, **kw)


@contextmanager
def open_line_bot(settings: Settings) -> Iterator[LineBot]:
    """The service in-process; its messenger talks HTTP to the fake LINE API."""
    with start_blocking_portal() as portal:
        session = ChatSession(settings, messenger_factory=LineMessenger)
        portal.call(session.__aenter__)
        try:
            yield LineBot(portal, session)
        finally:
            portal.call(session.__aexit__, None, None, None)
