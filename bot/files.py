"""Files the service serves under PUBLIC_BASE_URL (flowcharts, reports), optionally signed."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bot.settings import Settings

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")


class PublicFiles:
    """Stores files in data_dir/public and builds (signed, expiring) https URLs for them."""

    def __init__(self, settings: Settings,
                 fetch: Callable[[str], Coroutine[Any, Any, tuple[bytes, str] | None]] | None = None,
                 loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.settings = settings
        self.root = Path(settings.data_dir) / "public"
        self._key = b"khetbot-files:" + (settings.line_channel_secret.get_secret_value().encode()
                                         if settings.line_channel_secret else b"dev")
        self._fetch = fetch
        self._loop = loop

    def path(self, name: str) -> Path | None:
        """Where a published file lives, or None for a name that is not ours."""
        if not SAFE_NAME.match(name):
            return None
        return self.root / name

    def publish(self, name: str, content: bytes, *, content_type: str, ttl_seconds: int | None = None) -> str:
        """Store content and return its URL (signed and expiring when ttl_seconds is given)."""
        path = self.path(name)
        if path is None:
            raise ValueError(f"unsafe file name: {name!r}")
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(content)
        tmp.replace(path)
        return self.url(name, ttl_seconds)

    def url(self, name: str, ttl_seconds: int | None = None) -> str:
        """The public URL of a published file."""
        base = (self.settings.public_base_url or "https://localhost").rstrip("/")
        if ttl_seconds is None:
            return f"{base}/files/{name}"
        exp = int(time.time()) + ttl_seconds
        return f"{base}/files/{name}?exp={exp}&sig={self.signature(name, exp)}"

    def signature(self, name: str, exp: int) -> str:
        """HMAC of a file name and expiry."""
        return hmac.new(self._key, f"{name}:{exp}".encode(), hashlib.sha256).hexdigest()[:32]

    def check(self, name: str, exp: str | None, sig: str | None) -> bool:
        """True when a signed link is genuine and not expired."""
        if not exp or not sig or not exp.isdigit() or int(exp) < time.time():
            return False
        return hmac.compare_digest(self.signature(name, int(exp)), sig)

    def fetch_content(self, message_id: str) -> tuple[bytes, str] | None:
        """Download a user's image from LINE (called from a worker thread)."""
        if self._fetch is None or self._loop is None:
            return None
        fut = asyncio.run_coroutine_threadsafe(self._fetch(message_id), self._loop)
        try:
            return fut.result(timeout=self.settings.line_timeout_seconds + 5)
        except Exception:
            return None
