"""Per-user flood protection: a fixed one-minute window, in Redis when shared."""

from __future__ import annotations

import threading
import time

import redis


class RateLimiter:
    """Counts a user's events per minute; `hit` says whether this one is still allowed."""

    def __init__(self, per_minute: int, client: redis.Redis | None = None, prefix: str = "khetbot:") -> None:
        self.per_minute = per_minute
        self._r = client
        self._prefix = prefix + "rl:"
        self._local: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, user_id: str) -> int:
        """Count one event and return how many this user sent in the current minute."""
        window = int(time.time() // 60)
        if self._r is not None:
            try:
                key = f"{self._prefix}{user_id}:{window}"
                pipe = self._r.pipeline()
                pipe.incr(key)
                pipe.expire(key, 120)
                count, _ = pipe.execute()
                return int(count)
            except redis.RedisError:
                pass  # degrade to the local count while Redis is away
        with self._lock:
            if len(self._local) > 100_000:
                self._local = {k: v for k, v in self._local.items() if k[1] >= window}
            n = self._local.get((user_id, window), 0) + 1
            self._local[(user_id, window)] = n
            return n
