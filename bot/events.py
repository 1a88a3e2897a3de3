"""LINE webhook JSON → the project's own `Turn` (works for event types the SDK does not know)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from handlers.turn import Turn

MESSAGE_KINDS = {"text", "image", "video", "audio", "file", "location", "sticker"}
MAX_TEXT = 5000


def source_ids(event: dict[str, Any]) -> tuple[str | None, str, str]:
    """(user id, chat id, chat type) of an event's source."""
    src = event.get("source") or {}
    kind = str(src.get("type") or "user")
    user = src.get("userId")
    chat = src.get("groupId") if kind == "group" else src.get("roomId") if kind == "room" else user
    return (str(user) if user else None, str(chat or user or "unknown"), kind)


def source_key(event: dict[str, Any]) -> str:
    """A key that orders one person's events (per chat)."""
    user, chat, _ = source_ids(event)
    return f"{chat}:{user}" if user and user != chat else chat


def _mentions_self(message: dict[str, Any]) -> bool:
    mention = message.get("mention") or {}
    return any(m.get("isSelf") for m in mention.get("mentionees") or [] if isinstance(m, dict))


def _strip_mentions(message: dict[str, Any], text: str) -> str:
    spans = [(int(m.get("index", 0)), int(m.get("length", 0)))
             for m in (message.get("mention") or {}).get("mentionees") or [] if isinstance(m, dict)]
    for index, length in sorted(spans, reverse=True):
        text = text[:index] + text[index + length:]
    return text.strip()


def to_turn(event: dict[str, Any], event_id: str) -> Turn:
    """Reduce an event to what handlers need; unknown types become kind=<type>."""
    etype = str(event.get("type") or "unknown")
    user, chat, chat_type = source_ids(event)
    ts = event.get("timestamp")
    at = datetime.fromtimestamp(ts / 1000, UTC) if isinstance(ts, int | float) else datetime.now(UTC)
    common: dict[str, Any] = {
        "event_id": event_id, "at": at, "user_id": user, "chat_id": chat, "chat_type": chat_type,
        "reply_token": event.get("replyToken"), "raw": event,
        "is_redelivery": bool((event.get("deliveryContext") or {}).get("isRedelivery")),
    }
    if etype == "message":
        msg = event.get("message") or {}
        mtype = str(msg.get("type") or "unknown")
        kind = mtype if mtype in MESSAGE_KINDS else f"message.{mtype}"
        text = None
        mentioned = _mentions_self(msg)
        if mtype == "text":
            text = str(msg.get("text") or "")[:MAX_TEXT]
            if mentioned:
                text = _strip_mentions(msg, text)
        return Turn(kind=kind, text=text, message_id=msg.get("id"), mentioned_bot=mentioned, **common)
    if etype == "postback":
        pb = event.get("postback") or {}
        raw_params = pb.get("params")
        params: dict[str, Any] = dict(raw_params) if isinstance(raw_params, dict) else {}
        return Turn(kind="postback", postback_data=str(pb.get("data") or ""), postback_params=params,
                    **common)
    return Turn(kind=etype, **common)
