"""Fast-path duplicate detection of webhook events in Redis (the DB unique key is the truth)."""

from __future__ import annotations

import logging
from typing import Any

import redis.asyncio as aredis

from bot.inbox import event_id_of

log = logging.getLogger(__name__)
TTL = 2 * 86_400


class Dedupe:
    """Skips events already stored, without a DB round trip, when Redis is configured."""

    def __init__(self, client: aredis.Redis | None, prefix: str) -> None:
        self._r = client
        self._prefix = prefix + "evt:"

    async def unseen(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The events whose webhookEventId has not been stored yet (as far as Redis knows)."""
        if self._r is None:
            return events
        try:
            seen = await self._r.mget([self._prefix + event_id_of(e) for e in events])
        except Exception:
            return events
        return [e for e, s in zip(events, seen, strict=True) if not s]

    async def remember(self, events: list[dict[str, Any]]) -> None:
        """Note events as stored (only after the DB commit, so a failed store can be redelivered)."""
        if self._r is None or not events:
            return
        try:
            pipe = self._r.pipeline()
            for e in events:
                pipe.set(self._prefix + event_id_of(e), 1, ex=TTL)
            await pipe.execute()
        except Exception:
            log.info("redis unavailable for dedupe; the database still deduplicates")
