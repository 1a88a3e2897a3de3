"""The chat's topic (what a follow-up leans on) lives beside the conversations, under its own key: it
expires on its own, is never read as a flow, and goes with the person on a forget request."""

from __future__ import annotations

import time

import redis

from bot.conversations import (
    FallbackConversationStore,
    MemoryConversationStore,
    RedisConversationStore,
    forget_person_in_redis,
)
from handlers.topic import Topic
from tests.bot.test_conversations import every_store
from tests.support.backends import REDIS_URL, redis_prefix

TOPIC = Topic("data", "student_count", school="9967000001", year=2567, grades=("ม.2",))


def test_topic_round_trips_and_expires_in_every_store() -> None:
    with redis_prefix() as prefix:
        client = redis.Redis.from_url(REDIS_URL)
        stores = [MemoryConversationStore(), RedisConversationStore(client, prefix),
                  FallbackConversationStore(RedisConversationStore(client, prefix + "f:"), MemoryConversationStore())]
        for store in stores:
            store.put_topic("U1", TOPIC.to_dict(), 60)
            got = store.get_topic("U1")
            assert got is not None and Topic.from_dict(got) == TOPIC
            assert store.get("U1") is None  # a topic is no conversation
            store.put_topic("U2", TOPIC.to_dict(), 0.2)
        ttl = client.pttl(prefix + "topic:U1")
        assert isinstance(ttl, int) and 0 < ttl <= 60_000
        time.sleep(0.35)
        assert [s.get_topic("U2") for s in stores] == [None, None, None]


def test_a_topic_survives_a_redis_outage_in_process() -> None:
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    store = FallbackConversationStore(RedisConversationStore(dead, "x:"), MemoryConversationStore())
    store.put_topic("U3", TOPIC.to_dict(), 60)
    assert store.get_topic("U3") == TOPIC.to_dict()


def test_unreadable_topics_are_ignored() -> None:
    assert Topic.from_dict({"kind": "weather"}) is None
    assert Topic.from_dict({"kind": "data", "year": "soon"}) is None
    assert Topic.from_dict({"kind": "manual", "process": "mis", "step": 2}) == Topic("manual", process="mis", step=2)


def test_forget_person_deletes_their_topics_in_every_chat_and_nobody_elses() -> None:
    me, other, group = "U" + "1" * 32, "U" + "2" * 32, "C" + "3" * 32
    mine, theirs = [me, f"{group}:{me}"], [other, f"{group}:{other}"]
    with redis_prefix() as prefix:
        client = redis.Redis.from_url(REDIS_URL)
        stores = every_store(client, prefix)
        for store in stores:
            for key in mine + theirs:
                store.put_topic(key, TOPIC.to_dict(), 60)
            store.forget_person(me)
            assert [store.get_topic(k) for k in mine] == [None, None]
            assert all(store.get_topic(k) is not None for k in theirs)
        RedisConversationStore(client, prefix + "cli:").put_topic(f"{group}:{other}", TOPIC.to_dict(), 60)
        forget_person_in_redis(REDIS_URL, prefix + "cli:", other)  # `khetbot users forget`
        assert RedisConversationStore(client, prefix + "cli:").get_topic(f"{group}:{other}") is None
