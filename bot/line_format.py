"""Handler messages → LINE message JSON, made to fit the platform's limits by splitting."""

from __future__ import annotations

import json
from typing import Any

from handlers.messages import Choice, Flex, Image, Message, Text

MAX_MESSAGES_PER_CALL = 5
MAX_TEXT = 5000
MAX_ALT_TEXT = 1500
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_ACTION_TEXT = 300
MAX_BUBBLES = 12
MAX_BUBBLE_BYTES = 30_000
MAX_CAROUSEL_BYTES = 50_000


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def action_of(choice: Choice) -> dict[str, Any]:
    """The LINE action object for a choice button."""
    label = _clip(choice.label, MAX_LABEL)
    if choice.data is not None:
        act: dict[str, Any] = {"type": "postback", "label": label, "data": choice.data}
        if choice.display_text:
            act["displayText"] = _clip(choice.display_text, MAX_ACTION_TEXT)
        return act
    return {"type": "message", "label": label, "text": _clip(choice.text or choice.label, MAX_ACTION_TEXT)}


def _quick_reply(choices: tuple[Choice, ...]) -> dict[str, Any]:
    return {"items": [{"type": "action", "action": action_of(c)} for c in choices[:MAX_QUICK_REPLIES]]}


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long text into pieces ≤ limit, at line breaks where possible."""
    text = text.strip() or "…"
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    parts.append(text)
    return [p for p in parts if p]


def _size(obj: Any) -> int:
    return len(json.dumps(obj, ensure_ascii=False).encode())


def _flex(msg: Flex) -> list[dict[str, Any]]:
    alt = _clip(msg.alt_text.strip() or "ข้อความ", MAX_ALT_TEXT)
    contents = msg.contents
    if contents.get("type") == "carousel":
        bubbles = [b for b in contents.get("contents", []) if _size(b) <= MAX_BUBBLE_BYTES]
        out: list[dict[str, Any]] = []
        chunk: list[dict[str, Any]] = []
        for b in bubbles:
            if chunk and (len(chunk) >= MAX_BUBBLES or _size(chunk) + _size(b) > MAX_CAROUSEL_BYTES - 2000):
                out.append({"type": "flex", "altText": alt, "contents": {"type": "carousel", "contents": chunk}})
                chunk = []
            chunk.append(b)
        if chunk:
            out.append({"type": "flex", "altText": alt, "contents": {"type": "carousel", "contents": chunk}})
        return out or [{"type": "text", "text": _clip(alt, MAX_TEXT)}]
    if _size(contents) > MAX_BUBBLE_BYTES:
        return [{"type": "text", "text": t} for t in split_text(msg.alt_text)]
    return [{"type": "flex", "altText": alt, "contents": contents}]


def to_line(messages: list[Message]) -> list[dict[str, Any]]:
    """LINE message objects for the handler's messages (may be more than 5; see batches)."""
    out: list[dict[str, Any]] = []
    for m in messages:
        if isinstance(m, Text):
            items: list[dict[str, Any]] = [{"type": "text", "text": t} for t in split_text(m.text)]
        elif isinstance(m, Flex):
            items = _flex(m)
        elif isinstance(m, Image):
            items = [{"type": "image", "originalContentUrl": m.url, "previewImageUrl": m.preview_url or m.url}]
        else:  # pragma: no cover - exhaustive
            continue
        if m.choices and items:
            items[-1]["quickReply"] = _quick_reply(m.choices)
        out.extend(items)
    return _merge_texts(out)


def _merge_texts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Join neighbouring plain texts when there are more than LINE takes in one call."""
    if len(items) <= MAX_MESSAGES_PER_CALL:
        return items
    merged: list[dict[str, Any]] = []
    for it in items:
        prev = merged[-1] if merged else None
        if (prev is not None and prev["type"] == it["type"] == "text" and "quickReply" not in prev
                and len(prev["text"]) + len(it["text"]) + 2 <= MAX_TEXT):
            prev["text"] = prev["text"] + "\n\n" + it["text"]
            if "quickReply" in it:
                prev["quickReply"] = it["quickReply"]
        else:
            merged.append(dict(it))
    return merged


def batches(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Groups of at most 5 messages, one per API call."""
    return [items[i:i + MAX_MESSAGES_PER_CALL] for i in range(0, len(items), MAX_MESSAGES_PER_CALL)] or []
