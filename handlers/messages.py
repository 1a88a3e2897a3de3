"""What handlers answer with: small message values the bot turns into LINE messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Choice:
    """A quick-reply button: sends `text` as the user, or postback `data` when given."""

    label: str
    text: str | None = None
    data: str | None = None
    display_text: str | None = None


@dataclass(frozen=True)
class Text:
    """A plain text message, optionally with quick-reply choices."""

    text: str
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Flex:
    """A Flex message (bubble or carousel JSON) with the plain-text alternative LINE shows in lists."""

    alt_text: str
    contents: dict[str, Any]
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Image:
    """An image by https URL (the preview defaults to the same image)."""

    url: str
    preview_url: str | None = None
    choices: tuple[Choice, ...] = ()


Message = Text | Flex | Image


@dataclass
class Push:
    """Messages for someone other than the current chat (staff, a reporter), sent after commit."""

    to: list[str]
    messages: list[Message]
    purpose: str = "push"
    key: str | None = None  # idempotency key: the same key is stored (and sent) once
    extra: dict[str, Any] = field(default_factory=dict)
