"""Conversation state: versioned JSON, TTL, in-process and in Redis, degrading when Redis is away."""

from __future__ import annotations

import time

import redis

from bot.conversations import (
    ConversationState,
    ConversationStore,
    FallbackConversationStore,
    MemoryConversationStore,
    RedisConversationStore,
)
from tests.support.backends import REDIS_URL, redis_prefix


def _state(seconds: float = 60) -> ConversationState:
    return ConversationState(flow="incident", step="where", data={"cat": "wifi", "n": 1},
                             expires_at=time.time() + seconds)



def every_store(client: redis.Redis, prefix: str) -> list[ConversationStore]:
    """The three stores: in memory, Redis (under a prefix with glob characters, which must be taken
    literally), and Redis with the memory fallback."""
    return [MemoryConversationStore(), RedisConversationStore(client, prefix + "[x]*"),
            FallbackConversationStore(RedisConversationStore(client, prefix), MemoryConversationStore())]

def test_memory_store_round_trip_and_delete() -> None:
    store = MemoryConversationStore()
    store.put("U1", _state())
    got = store.get("U1")
    assert got is not None and got.step == "where" and got.data == {"cat": "wifi", "n": 1}
    store.delete("U1")
    assert store.get("U1") is None


def test_expired_state_is_still_known_so_the_user_can_be_told() -> None:
    store = MemoryConversationStore()
    store.put("U1", _state(seconds=-1))
    got = store.get("U1")
    assert got is not None and got.expired


def test_redis_store_shares_state_between_instances_with_a_ttl() -> None:
    with redis_prefix() as prefix:
        client = redis.Redis.from_url(REDIS_URL)
        RedisConversationStore(client, prefix).put("U2", _state())
        other = RedisConversationStore(redis.Redis.from_url(REDIS_URL), prefix)  # another worker
        got = other.get("U2")
        assert got is not None and got.flow == "incident"
        ttl = client.ttl(prefix + "conv:U2")
        assert isinstance(ttl, int) and 0 < ttl <= 60 + 86_400


def test_unknown_state_version_is_ignored() -> None:
    assert ConversationState.from_json(b'{"v": 99, "flow": "x", "step": "y"}') is None
    assert ConversationState.from_json(b"not json") is None


def test_fallback_store_keeps_conversations_going_when_redis_is_down() -> None:
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    store = FallbackConversationStore(RedisConversationStore(dead, "x:"), MemoryConversationStore())
    store.put("U3", _state())
    got = store.get("U3")
    assert got is not None and got.step == "where"


def test_forget_person_deletes_their_conversations_in_every_chat_and_nobody_elses() -> None:
    from bot.conversations import forget_person_in_redis
    me, other, group, room = "U" + "1" * 32, "U" + "2" * 32, "C" + "3" * 32, "R" + "4" * 32
    mine = [me, f"{group}:{me}", f"{room}:{me}"]
    theirs = [other, f"{group}:{other}"]
    with redis_prefix() as prefix:
        client = redis.Redis.from_url(REDIS_URL)
        stores = every_store(client, prefix)
        for store in stores:
            for key in mine + theirs:
                store.put(key, _state())
            assert len(store.forget_person(me)) == 3
            assert [store.get(k) for k in mine] == [None, None, None]
            assert all(store.get(k) is not None for k in theirs)
            assert store.forget_person(me) == []
        RedisConversationStore(client, prefix + "cli:").put(f"{group}:{other}", _state())
        assert len(forget_person_in_redis(REDIS_URL, prefix + "cli:", other)) == 1  # `khetbot users forget`
        assert forget_person_in_redis(None, prefix, other) == []
