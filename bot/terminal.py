"""A Messenger that prints to the terminal, and the readable rendering of LINE messages."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.messenger import SendResult


def actions_of(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every tappable action in the messages (quick replies, Flex buttons), in order."""
    found: list[dict[str, Any]] = []

    def walk(o: Any) -> None:
        if isinstance(o, dict):
            act = o.get("action")
            if isinstance(act, dict) and act.get("type") in ("message", "postback", "uri"):
                found.append(act)
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(messages)
    return found


def readable(messages: list[dict[str, Any]]) -> str:
    """What a person reads: texts, Flex texts (not the alt text twice), image links."""
    lines: list[str] = []

    def walk(o: Any) -> None:
        if isinstance(o, dict):
            if o.get("type") == "text" and isinstance(o.get("text"), str):
                lines.append(o["text"])
            elif o.get("type") == "image" and "originalContentUrl" in o:
                lines.append(f"[รูปภาพ] {o['originalContentUrl']}")
            for k, v in o.items():
                if k not in ("action", "quickReply"):
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    for m in messages:
        if m.get("type") == "flex":
            walk(m.get("contents"))
        else:
            walk(m)
    return "\n".join(lines)


class TerminalMessenger:
    """Collects what the bot sends, per chat, for `khetbot chat` and transcript tests."""

    def __init__(self, *_: Any) -> None:
        self.sent: list[tuple[str, str, list[dict[str, Any]]]] = []  # (kind, to/token, messages)
        self.arrived = asyncio.Event()
        self.calls = 0
        self.unsure_until = 0.0  # never unsure: nothing is sent over a network

    def _record(self, kind: str, to: str, messages: list[dict[str, Any]]) -> SendResult:
        self.calls += 1
        self.sent.append((kind, to, messages))
        self.arrived.set()
        return SendResult(ok=True, status=200)

    async def reply(self, reply_token: str, messages: list[dict[str, Any]],
                    deadline: float | None = None) -> SendResult:
        """Record a reply."""
        return self._record("reply", reply_token, messages)

    async def push(self, to: str, messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        """Record a push."""
        return self._record("push", to, messages)

    async def multicast(self, to: list[str], messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        """Record a multicast."""
        return self._record("multicast", ",".join(to), messages)

    async def broadcast(self, messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        """Record a broadcast."""
        return self._record("broadcast", "*", messages)

    async def profile(self, user_id: str) -> dict[str, Any] | None:
        """No profile in the terminal."""
        return {"display_name": "ผู้ใช้ทดสอบ"}

    async def loading(self, chat_id: str, seconds: int = 20) -> None:
        """Nothing to animate."""

    async def content(self, message_id: str) -> tuple[bytes, str] | None:
        """No content API in the terminal."""
        return None

    async def close(self) -> None:
        """Nothing to close."""
