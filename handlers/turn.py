"""One incoming LINE event as every handler sees it (no SDK types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Turn:
    """An event reduced to what handlers need."""

    kind: str  # text|image|video|audio|file|location|sticker|postback|follow|unfollow|join|leave|…
    event_id: str
    at: datetime
    user_id: str | None  # the person (may be None in some group events)
    chat_id: str  # where answers go: the user, group or room id
    chat_type: str = "user"  # user|group|room
    text: str | None = None  # message text, or the text of a message-action tap
    postback_data: str | None = None
    postback_params: dict[str, Any] = field(default_factory=dict)  # date/time picker values
    message_id: str | None = None
    reply_token: str | None = None
    mentioned_bot: bool = False
    is_redelivery: bool = False
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def in_group(self) -> bool:
        """True in a group or multi-person chat."""
        return self.chat_type in ("group", "room")
