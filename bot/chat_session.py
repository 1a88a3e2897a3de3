"""Drive the real app in-process like LINE does: signed webhook → pipeline → messenger.

Used by `khetbot chat` and by the transcript tests (`chat.say("…")`).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
import time
import uuid
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

import httpx
import orjson

from bot.app import Services, create_app
from bot.messenger import Messenger
from bot.settings import Settings
from bot.terminal import TerminalMessenger, actions_of, readable


def _ulid() -> str:
    return "01" + uuid.uuid4().hex[:24].upper()


def make_event(kind: str, user: str, group: str | None = None, **extra: Any) -> dict[str, Any]:
    """A webhook event as LINE builds it."""
    src = {"type": "group", "groupId": group, "userId": user} if group else {"type": "user", "userId": user}
    ev: dict[str, Any] = {"type": kind, "mode": "active", "timestamp": int(time.time() * 1000), "source": src,
                          "webhookEventId": _ulid(), "deliveryContext": {"isRedelivery": False}}
    if kind in ("message", "follow", "postback", "join", "memberJoined", "beacon", "accountLink"):
        ev["replyToken"] = "rt" + uuid.uuid4().hex
    ev.update(extra)
    return ev


def text_event(user: str, text: str, group: str | None = None) -> dict[str, Any]:
    """A text message event."""
    return make_event("message", user, group,
                      message={"type": "text", "id": str(time.time_ns()), "quoteToken": "q" + uuid.uuid4().hex,
                               "text": text})


def sign(secret: bytes, body: bytes) -> str:
    """X-Line-Signature for a body."""
    return base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()).decode()


class ChatSession:
    """The whole service in this process, with LINE replaced by a recording messenger."""

    def __init__(self, settings: Settings, messenger_factory: Callable[[Settings], Messenger] | None = None) -> None:
        if settings.line_channel_secret is None:
            settings = settings.model_copy(update={"line_channel_secret": _secret()})
        self.settings = settings
        self.messenger: Any = None if messenger_factory else TerminalMessenger()

        def factory(s: Settings) -> Messenger:
            if messenger_factory is not None:
                self.messenger = messenger_factory(s)
            return self.messenger  # type: ignore[no-any-return]
        self.app = create_app(settings, factory)
        self._stack = AsyncExitStack()
        self.client: httpx.AsyncClient | None = None
        self._cursor = 0

    @property
    def services(self) -> Services:
        """The app's wired services."""
        services: Services = self.app.state.khetbot
        return services

    async def __aenter__(self) -> ChatSession:
        await self._stack.enter_async_context(self.app.router.lifespan_context(self.app))
        transport = httpx.ASGITransport(app=self.app)
        self.client = await self._stack.enter_async_context(
            httpx.AsyncClient(transport=transport, base_url="http://khetbot"))
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()

    async def post(self, events: list[dict[str, Any]], signature: str | None = None,
                   raw: bytes | None = None) -> httpx.Response:
        """POST a webhook body (signed correctly unless a signature is given)."""
        assert self.client is not None
        body = raw if raw is not None else orjson.dumps({"destination": "Ubot", "events": events})
        sig = signature if signature is not None else sign(self.settings.secret_bytes(), body)
        return await self.client.post("/callback", content=body,
                                      headers={"X-Line-Signature": sig, "Content-Type": "application/json"})

    async def settle(self, timeout: float = 15.0) -> None:
        """Wait until background processing of everything posted so far has finished."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            tasks = list(self.services.runtime._tasks)
            if not tasks:
                return
            await asyncio.wait(tasks, timeout=max(0.01, end - time.monotonic()))

    def new_messages(self, chat_id: str | None = None, reply_token: str | None = None) -> list[dict[str, Any]]:
        """Messages sent since the last call, to this chat (reply to its token or push to it)."""
        sent = self.messenger.sent[self._cursor:]
        self._cursor = len(self.messenger.sent)
        out: list[dict[str, Any]] = []
        for kind, to, messages in sent:
            if chat_id is None or (kind == "reply" and to == reply_token) or (kind == "push" and to == chat_id):
                out.extend(messages)
        return out

    async def send(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """Post one event, wait for the answer, return the messages that chat received."""
        self.new_messages()
        resp = await self.post([event])
        if resp.status_code != 200:
            raise RuntimeError(f"webhook answered {resp.status_code}: {resp.text[:200]}")
        await self.settle()
        src = event.get("source") or {}
        chat = src.get("groupId") or src.get("roomId") or src.get("userId")
        return self.new_messages(chat, event.get("replyToken"))

    async def say(self, user: str, text: str, group: str | None = None) -> list[dict[str, Any]]:
        """A user types text; returns what they see."""
        return await self.send(text_event(user, text, group))

    async def tap(self, user: str, action: dict[str, Any], group: str | None = None) -> list[dict[str, Any]]:
        """A user taps a button (message or postback action)."""
        if action.get("type") == "postback":
            return await self.send(make_event("postback", user, group, postback={"data": action.get("data", "")}))
        return await self.say(user, str(action.get("text") or action.get("label")), group)


def _secret() -> Any:
    from pydantic import SecretStr
    return SecretStr(secrets.token_hex(16))


def run_terminal_chat(settings: Settings, user: str) -> None:
    """An interactive terminal conversation (`khetbot chat`)."""
    asyncio.run(_terminal(settings, user))


async def _terminal(settings: Settings, user: str) -> None:
    print("พิมพ์ข้อความแล้วกด Enter (ตัวเลขเพื่อกดปุ่ม, Ctrl-D เพื่อออก)")
    async with ChatSession(settings) as session:
        actions: list[dict[str, Any]] = []
        loop = asyncio.get_running_loop()
        while True:
            try:
                line = await loop.run_in_executor(None, input, "คุณ> ")
            except EOFError:
                print()
                return
            line = line.strip()
            if not line:
                continue
            if line.isdigit() and 1 <= int(line) <= len(actions):
                action = actions[int(line) - 1]
                if action.get("type") == "uri":
                    print(f"[ลิงก์] {action.get('uri')}")
                    continue
                messages = await session.tap(user, action)
            else:
                messages = await session.say(user, line)
            print("บอท> " + (readable(messages) or "(ไม่มีคำตอบ)").replace("\n", "\n      "))
            actions = actions_of(messages)
            for i, a in enumerate(actions, 1):
                print(f"  [{i}] {a.get('label')}")
