"""Conversation state: versioned JSON per chat, in Redis when configured, else in-process.

Keys are the dispatcher's `conversation_key`: the user id in a one-to-one chat, `<group or room
id>:<user id>` for one person in a group. `forget_person` deletes every conversation of a person
(a PDPA forget request), in every chat.

Beside the flows, each key may hold a short-lived *topic* (what the chat's last data or manual answer
was about, so that "แล้วครูล่ะ" can follow up on it): a JSON dict under its own key (`topic:` in
Redis, a separate table in process), never read as a flow, gone after its TTL and on a forget request.
"""

from __future__ import annotations

import contextlib
import re
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
    misses: int = 0  # answers in a row the current step could not use
    version: int = STATE_VERSION

    def to_json(self) -> bytes:
        """Serialise with the format version."""
        return orjson.dumps({"v": self.version, "flow": self.flow, "step": self.step, "data": self.data,
                             "expires_at": self.expires_at, "misses": self.misses})

    @classmethod
    def from_json(cls, raw: bytes | str) -> ConversationState | None:
        """Parse stored state; None for an unknown format."""
        try:
            d = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(d, dict) or d.get("v") != STATE_VERSION:
            return None
        return cls(flow=d["flow"], step=d["step"], data=d.get("data") or {}, expires_at=d.get("expires_at", 0.0),
                   misses=int(d.get("misses") or 0))

    @property
    def expired(self) -> bool:
        """True when the user left it longer than the flow's timeout."""
        return time.time() > self.expires_at


def belongs_to(key: str, user_id: str) -> bool:
    """True when a conversation key is this person's (their 1:1 chat, or them in a group/room)."""
    return bool(user_id) and (key == user_id or key.endswith(":" + user_id))


class ConversationStore(Protocol):
    """Get, put and delete the state of a chat."""

    def get(self, key: str) -> ConversationState | None: ...
    def put(self, key: str, state: ConversationState) -> None: ...
    def delete(self, key: str) -> None: ...

    def forget_person(self, user_id: str) -> list[ConversationState]:
        """Delete every conversation (and topic) of this person; returns the conversations deleted."""
        ...

    def get_topic(self, key: str) -> dict[str, Any] | None:
        """The chat's topic, if one was kept and has not expired."""
        ...

    def put_topic(self, key: str, topic: dict[str, Any], ttl_seconds: float) -> None:
        """Keep the chat's topic for ttl_seconds (replacing the one before)."""
        ...


def _topic_json(raw: bytes | str | None) -> dict[str, Any] | None:
    """A stored topic, or None for a missing or unreadable one."""
    if raw is None:
        return None
    try:
        d = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return d if isinstance(d, dict) else None


class _Expiring:
    """Values kept until their deadline, like Redis keys with a TTL (the caller holds the lock)."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[float, bytes]] = {}

    def get(self, key: str) -> bytes | None:
        item = self.items.get(key)
        if item is None:
            return None
        if item[0] < time.time():
            del self.items[key]
            return None
        return item[1]

    def put(self, key: str, deadline: float, raw: bytes) -> None:
        self.items[key] = (deadline, raw)
        if len(self.items) > 50_000:  # drop what is long expired
            now = time.time()
            self.items = {k: v for k, v in self.items.items() if v[0] >= now}

    def pop_person(self, user_id: str) -> list[bytes]:
        return [self.items.pop(k)[1] for k in [k for k in self.items if belongs_to(k, user_id)]]


class MemoryConversationStore:
    """In-process store for the embedded single-process mode."""

    def __init__(self) -> None:
        self._data = _Expiring()
        self._topics = _Expiring()
        self._lock = threading.Lock()

    def get(self, key: str) -> ConversationState | None:
        """The chat's state, if any and not long gone."""
        with self._lock:
            raw = self._data.get(key)
        return ConversationState.from_json(raw) if raw is not None else None

    def put(self, key: str, state: ConversationState) -> None:
        """Save the chat's state."""
        with self._lock:
            self._data.put(key, state.expires_at + KEEP_AFTER_TIMEOUT, state.to_json())

    def delete(self, key: str) -> None:
        """Forget the chat's state."""
        with self._lock:
            self._data.items.pop(key, None)

    def forget_person(self, user_id: str) -> list[ConversationState]:
        """Delete the person's conversations and topics in every chat; returns the conversations."""
        with self._lock:
            raws = self._data.pop_person(user_id)
            self._topics.pop_person(user_id)
        return [st for raw in raws if (st := ConversationState.from_json(raw)) is not None]

    def get_topic(self, key: str) -> dict[str, Any] | None:
        """The chat's topic, if kept and not expired."""
        with self._lock:
            raw = self._topics.get(key)
        return _topic_json(raw)

    def put_topic(self, key: str, topic: dict[str, Any], ttl_seconds: float) -> None:
        """Keep the chat's topic until ttl_seconds from now."""
        with self._lock:
            self._topics.put(key, time.time() + ttl_seconds, orjson.dumps(topic))

    def delete_topic(self, key: str) -> None:
        """Forget the chat's topic."""
        with self._lock:
            self._topics.items.pop(key, None)


class RedisConversationStore:
    """Shared store so that any worker or replica can continue any conversation."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._r = client
        self._prefix = prefix + "conv:"
        self._topic_prefix = prefix + "topic:"

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

    def forget_person(self, user_id: str) -> list[ConversationState]:
        """Delete the person's conversations and topics in every chat (every worker's); the conversations."""
        if not user_id:
            return []
        out: list[ConversationState] = []
        for key in self._keys_of(self._prefix, user_id):
            raw = self._r.getdel(key)
            state = ConversationState.from_json(raw) if isinstance(raw, bytes | str) else None
            if state is not None:
                out.append(state)
        topics = self._keys_of(self._topic_prefix, user_id)
        if topics:
            self._r.delete(*topics)
        return out

    def _keys_of(self, prefix: str, user_id: str) -> list[str]:
        """The person's keys under prefix: their 1:1 chat's and theirs in every group or room."""
        keys = [prefix + user_id]
        keys += [k.decode() if isinstance(k, bytes) else str(k)
                 for k in self._r.scan_iter(match=_glob(prefix) + "*:" + _glob(user_id), count=500)]
        return [k for k in dict.fromkeys(keys) if belongs_to(k[len(prefix):], user_id)]

    def get_topic(self, key: str) -> dict[str, Any] | None:
        """The chat's topic, if kept (Redis expires it)."""
        raw = self._r.get(self._topic_prefix + key)
        return _topic_json(raw) if isinstance(raw, bytes | str) else None

    def put_topic(self, key: str, topic: dict[str, Any], ttl_seconds: float) -> None:
        """Keep the chat's topic with a TTL."""
        self._r.set(self._topic_prefix + key, orjson.dumps(topic), px=max(1, int(ttl_seconds * 1000)))


class FallbackConversationStore:
    """Redis first; when Redis is down, keep conversations going in this process (degraded)."""

    def __init__(self, primary: RedisConversationStore, backup: MemoryConversationStore) -> None:
        self.primary = primary
        self.backup = backup

    def get(self, key: str) -> ConversationState | None:
        """Read from Redis, or from the local copy while Redis is unreachable."""
        try:
            state = self.primary.get(key)
        except redis.RedisError:
            return self.backup.get(key)
        if state is None:
            self.backup.delete(key)  # ended (or forgotten) elsewhere: drop the stale outage copy
        return state

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

    def forget_person(self, user_id: str) -> list[ConversationState]:
        """Delete the person's conversations in Redis and in this process's outage copies.

        Outage copies other processes hold are dropped as soon as they read that chat while Redis
        answers (see `get`), and expire with the flow otherwise.
        """
        states = self.backup.forget_person(user_id)
        with contextlib.suppress(redis.RedisError):
            states = self.primary.forget_person(user_id) or states
        return states

    def get_topic(self, key: str) -> dict[str, Any] | None:
        """Read from Redis, or from the local copy while Redis is unreachable."""
        try:
            topic = self.primary.get_topic(key)
        except redis.RedisError:
            return self.backup.get_topic(key)
        if topic is None:
            self.backup.delete_topic(key)  # expired or forgotten elsewhere
        return topic

    def put_topic(self, key: str, topic: dict[str, Any], ttl_seconds: float) -> None:
        """Write to Redis and keep a local copy for outages."""
        self.backup.put_topic(key, topic, ttl_seconds)
        with contextlib.suppress(redis.RedisError):
            self.primary.put_topic(key, topic, ttl_seconds)


def _glob(text: str) -> str:
    """Text matched literally in a Redis SCAN pattern."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


def forget_person_in_redis(redis_url: str | None, prefix: str, user_id: str) -> list[ConversationState]:
    """For a forget request made outside the chat (`khetbot users forget`): delete the person's
    conversations and topics in the shared Redis store; nothing to do without Redis (in-process state of a
    running server is not reachable from another process and expires with the flow)."""
    if not redis_url:
        return []
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2.0, socket_timeout=5.0)
    try:
        return RedisConversationStore(client, prefix).forget_person(user_id)
    finally:
        client.close()
