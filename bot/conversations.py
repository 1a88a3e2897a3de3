"""Conversation state: versioned JSON per chat, in Redis when configured, else in-process."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
import redis

STATE_VERSION = 1
KEEP_AFTER_TIMEOUT = 86_400  # remember an expired draft for a day, to tell the user it timed out


@dataclass
class ConversationState:
    """Where one chat is in one flow."""

    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    expires_at: float = 0.0
    version: int = STATE_VERSION

    def to_json(self) -> bytes:
        """Serialise with the format version."""
        return orjson.dumps({"v": self.version, "flow": self.flow, "step": self.step, "data": self.data,
                             "expires_at": self.expires_at})

    @classmethod
    def from_json(cls, raw: bytes | str) -> ConversationState | None:
        """Parse stored state; None for an unknown format."""
        try:
            d = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(d, dict) or d.get("v") != STATE_VERSION:
            return None
        return cls(flow=d["flow"], step=d["step"], data=d.get("data") or {}, expires_at=d.get("expires_at", 0.0))

    @property
    def expired(self) -> bool:
        """True when the user left it longer than the flow's timeout."""
        return time.time() > self.expires_at


class ConversationStore(Protocol):
    """Get, put and delete the state of a chat."""

    def get(self, key: str) -> ConversationState | None: ...
    def put(self, key: str, state: ConversationState) -> None: ...
    def delete(self, key: str) -> None: ...


class MemoryConversationStore:
    """In-process store for the embedded single-process mode."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[float, bytes]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> ConversationState | None:
        """The chat's state, if any and not long gone."""
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            if item[0] < time.time():
                del self._data[key]
                return None
        return ConversationState.from_json(item[1])

    def put(self, key: str, state: ConversationState) -> None:
        """Save the chat's state."""
        with self._lock:
            self._data[key] = (state.expires_at + KEEP_AFTER_TIMEOUT, state.to_json())
            if len(self._data) > 50_000:  # drop what is long expired
                now = time.time()
                self._data = {k: v for k, v in self._data.items() if v[0] >= now}

    def delete(self, key: str) -> None:
        """Forget the chat's state."""
        with self._lock:
            self._data.pop(key, None)


class RedisConversationStore:
    """Shared store so that any worker or replica can continue any conversation."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._r = client
        self._prefix = prefix + "conv:"

    def get(self, key: str) -> ConversationState | None:
        """The chat's state, if any."""
        raw = self._r.get(self._prefix + key)
        return ConversationState.from_json(raw) if isinstance(raw, bytes | str) else None

    def put(self, key: str, state: ConversationState) -> None:
        """Save the chat's state with a TTL."""
        ttl = max(1, int(state.expires_at - time.time()) + KEEP_AFTER_TIMEOUT)
        self._r.set(self._prefix + key, state.to_json(), ex=ttl)

    def delete(self, key: str) -> None:
        """Forget the chat's state."""
        self._r.delete(self._prefix + key)


class FallbackConversationStore:
    """Redis first; when Redis is down, keep conversations going in this process (degraded)."""

    def __init__(self, primary: RedisConversationStore, backup: MemoryConversationStore) -> None:
        self.primary = primary
        self.backup = backup

    def get(self, key: str) -> ConversationState | None:
        """Read from Redis, or from the local copy while Redis is unreachable."""
        try:
            return self.primary.get(key)
        except redis.RedisError:
            return self.backup.get(key)

    def put(self, key: str, state: ConversationState) -> None:
        """Write to Redis and keep a local copy for outages."""
        self.backup.put(key, state)
        with contextlib.suppress(redis.RedisError):
            self.primary.put(key, state)

    def delete(self, key: str) -> None:
        """Forget in both places."""
        self.backup.delete(key)
        with contextlib.suppress(redis.RedisError):
            self.primary.delete(key)
