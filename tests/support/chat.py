"""Transcript-style testing: `chat.say("…")` returns what the user sees (errbot-like)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from anyio.from_thread import BlockingPortal, start_blocking_portal

from bot.chat_session import ChatSession, make_event
from bot.settings import Settings
from bot.terminal import actions_of, readable


@dataclass
class Answer:
    """What one chat received in answer to one event."""

    messages: list[dict[str, Any]]
    chat: Chat | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """Everything readable (texts, Flex texts, image links)."""
        return readable(self.messages)

    @property
    def labels(self) -> list[str]:
        """Labels of every button and quick reply."""
        return [str(a.get("label")) for a in actions_of(self.messages)]

    def action(self, label: str) -> dict[str, Any]:
        """The button with this label (or containing it)."""
        acts = actions_of(self.messages)
        for a in acts:
            if a.get("label") == label:
                return a
        for a in acts:
            if label in str(a.get("label")):
                return a
        raise AssertionError(f"no button {label!r} in {self.labels}")

    def tap(self, label: str, *, as_user: str | None = None) -> Answer:
        """Tap a button of this answer (as the same user, or another one)."""
        assert self.chat is not None
        return self.chat.tap(self.action(label), as_user=as_user)

    def __contains__(self, item: str) -> bool:
        return item in self.text


class Chat:
    """One user talking to the bot; `as_user` plays someone else."""

    def __init__(self, portal: BlockingPortal, session: ChatSession, user: str) -> None:
        self.portal = portal
        self.session = session
        self.user = user

    def say(self, text: str, *, as_user: str | None = None, group: str | None = None) -> Answer:
        """Type a message; returns what that chat sees."""
        msgs = self.portal.call(self.session.say, as_user or self.user, text, group)
        return Answer(msgs, self)

    def tap(self, action: dict[str, Any], *, as_user: str | None = None) -> Answer:
        """Tap a button."""
        msgs = self.portal.call(self.session.tap, as_user or self.user, action)
        return Answer(msgs, self)

    def event(self, kind: str, *, as_user: str | None = None, **extra: Any) -> Answer:
        """Send any other event (follow, image, …)."""
        ev = make_event(kind, as_user or self.user, **extra)
        return Answer(self.portal.call(self.session.send, ev), self)

    def pushed_to(self, user: str) -> list[dict[str, Any]]:
        """Every message pushed (not replied) to a user so far."""
        out: list[dict[str, Any]] = []
        for kind, to, messages in self.session.messenger.sent:
            if (kind == "push" and to == user) or (kind == "multicast" and user in to.split(",")):
                out.extend(messages)
        return out

    def settle(self) -> None:
        """Wait for background work."""
        self.portal.call(self.session.settle)

    def run(self, fn: Any, *args: Any) -> Any:
        """Run a coroutine function inside the app's event loop."""
        return self.portal.call(fn, *args)


@contextmanager
def open_chat(settings: Settings, user: str = "U" + "a" * 32) -> Iterator[Chat]:
    """The service in-process with a recording messenger, and a Chat for `user`."""
    with start_blocking_portal() as portal:
        session = ChatSession(settings)
        portal.call(session.__aenter__)
        try:
            yield Chat(portal, session, user)
        finally:
            portal.call(session.__aexit__, None, None, None)
