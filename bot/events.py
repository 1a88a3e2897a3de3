"""LINE webhook JSON → the project's own `Turn` (works for event types the SDK does not know)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from handlers.turn import Turn

MESSAGE_KINDS = {"text", "image", "video", "audio", "file", "location", "sticker"}
MAX_TEXT = 5000
MAX_ID = 64


def _dict(value: Any) -> dict[str, Any]:
    """The value if it is a JSON object, else an empty one (webhook bodies are untrusted shapes)."""
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    """A non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def _id(value: Any) -> str | None:
    """A LINE id (33 characters in practice; the database keeps up to 64), else None."""
    return value if isinstance(value, str) and 0 < len(value) <= MAX_ID else None


def source_ids(event: dict[str, Any]) -> tuple[str | None, str, str]:
    """(user id, chat id, chat type) of an event's source."""
    src = _dict(event.get("source"))
    kind = _str(src.get("type")) or "user"
    user = _id(src.get("userId"))
    chat = _id(src.get("groupId")) if kind == "group" else _id(src.get("roomId")) if kind == "room" else user
    return (user, chat or user or "unknown", kind)


def source_key(event: dict[str, Any]) -> str:
    """A key that orders one person's events (per chat)."""
    user, chat, _ = source_ids(event)
    return f"{chat}:{user}" if user and user != chat else chat


def _mentionees(message: dict[str, Any]) -> list[dict[str, Any]]:
    found = _dict(message.get("mention")).get("mentionees")
    return [m for m in found if isinstance(m, dict)] if isinstance(found, list) else []


def _mentions_self(message: dict[str, Any]) -> bool:
    return any(m.get("isSelf") is True for m in _mentionees(message))


def _strip_mentions(message: dict[str, Any], text: str) -> str:
    spans = [(m["index"], m["length"]) for m in _mentionees(message)
             if type(m.get("index")) is int and type(m.get("length")) is int and m["index"] >= 0 and m["length"] > 0]
    for index, length in sorted(spans, reverse=True):
        text = text[:index] + text[index + length:]
    return text.strip()


def _time(ts: Any) -> datetime:
    """The event's time; LINE sends epoch milliseconds (anything unusable means now)."""
    if isinstance(ts, int | float) and not isinstance(ts, bool):
        try:
            return datetime.fromtimestamp(ts / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.now(UTC)


def to_turn(event: dict[str, Any], event_id: str) -> Turn:
    """Reduce an event to what handlers need; unknown types become kind=<type>."""
    etype = (_str(event.get("type")) or "unknown")[:32]
    user, chat, chat_type = source_ids(event)
    common: dict[str, Any] = {
        "event_id": event_id, "at": _time(event.get("timestamp")), "user_id": user, "chat_id": chat,
        "chat_type": chat_type, "reply_token": _str(event.get("replyToken")), "raw": event,
        "is_redelivery": _dict(event.get("deliveryContext")).get("isRedelivery") is True,
    }
    if etype == "message":
        msg = _dict(event.get("message"))
        mtype = _str(msg.get("type")) or "unknown"
        kind = mtype if mtype in MESSAGE_KINDS else f"message.{mtype}"[:32]
        text = None
        mentioned = _mentions_self(msg)
        if mtype == "text":
            raw_text = msg.get("text")
            text = (raw_text if isinstance(raw_text, str) else "")[:MAX_TEXT].replace("\x00", "")
            if mentioned:
                text = _strip_mentions(msg, text)
        mid = msg.get("id")
        return Turn(kind=kind, text=text, message_id=str(mid) if isinstance(mid, str | int) else None,
                    mentioned_bot=mentioned, **common)
    if etype == "postback":
        pb = _dict(event.get("postback"))
        params: dict[str, Any] = dict(_dict(pb.get("params")))
        data = pb.get("data")
        return Turn(kind="postback", postback_data=data if isinstance(data, str) else "", postback_params=params,
                    **common)
    return Turn(kind=etype, **common)
