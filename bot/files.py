"""Files the service serves under PUBLIC_BASE_URL (flowcharts, reports), optionally signed.

A `private-` file is served only through a signed link that expires. Each time such a link is
made, its expiry is recorded next to the files (`.links/<name>@<unix time>`, an empty marker), so
`purge_expired` knows when the last link of a file has expired and deletes the file some time
after (`KHETBOT_FILE_KEEP_DAYS`) — never while a link is still valid. Public files (flowcharts,
notice images) have links that never expire and are kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import re
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bot.settings import Settings

log = logging.getLogger(__name__)
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")
PRIVATE = "private-"
LINKS_DIR = ".links"  # not a SAFE_NAME: never served
# a private file published before link expiries were recorded: assume the longest link in use (incident photos)
UNRECORDED_LINK_SECONDS = 90 * 86_400
STALE_TMP_SECONDS = 86_400  # a half-written upload left by a crash


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
        """The public URL of a published file (signed and expiring with a ttl: its expiry is recorded)."""
        base = (self.settings.public_base_url or "https://localhost").rstrip("/")
        if ttl_seconds is None:
            return f"{base}/files/{name}"
        exp = int(time.time()) + ttl_seconds
        self._record_link(name, exp)
        return f"{base}/files/{name}?exp={exp}&sig={self.signature(name, exp)}"

    # --- link expiries and retention

    def _record_link(self, name: str, exp: int) -> None:
        """Remember that a link to `name` is valid until `exp` (markers of earlier expiries are dropped).

        One marker per expiry and never rewriting one keeps this safe with several processes: the
        latest expiry always survives, because a process only removes markers older than its own.
        """
        links = self.root / LINKS_DIR
        links.mkdir(parents=True, exist_ok=True)
        (links / f"{name}@{exp}").touch()
        for old, when in self._markers(name):
            if when < exp:
                old.unlink(missing_ok=True)

    def _markers(self, name: str) -> list[tuple[Path, int]]:
        links = self.root / LINKS_DIR
        if not links.is_dir():
            return []
        out = []
        for p in links.glob(f"{name}@*"):
            stamp = p.name.rpartition("@")[2]
            if p.name.rpartition("@")[0] == name and stamp.isdigit():
                out.append((p, int(stamp)))
        return out

    def links_valid_until(self, name: str) -> float | None:
        """When the last signed link made for this file expires (None: no link was recorded)."""
        stamps = [when for _, when in self._markers(name)]
        return float(max(stamps)) if stamps else None

    def delete(self, name: str) -> bool:
        """Delete a published file and its link records; True when a file was there."""
        path = self.path(name)
        if path is None:
            return False
        for marker, _ in self._markers(name):
            marker.unlink(missing_ok=True)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def purge_expired(self, *, keep_seconds: float, now: float | None = None) -> list[str]:
        """Delete private files whose every link expired more than `keep_seconds` ago; their names.

        A file with a link still valid is never touched. Public files are kept (their links do not
        expire). Link records of files gone and half-written uploads older than a day go too.
        """
        now = time.time() if now is None else now
        if not self.root.is_dir():
            return []
        removed: list[str] = []
        for path in sorted(self.root.iterdir()):
            name = path.name
            if not path.is_file():
                continue
            if name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if path.stat().st_mtime < now - STALE_TMP_SECONDS:
                        path.unlink()
                continue
            if not name.startswith(PRIVATE) or self.path(name) is None:
                continue
            until = self.links_valid_until(name)
            if until is None:
                try:
                    until = path.stat().st_mtime + UNRECORDED_LINK_SECONDS
                except FileNotFoundError:
                    continue
            if until + keep_seconds <= now and self.delete(name):
                removed.append(name)
        links = self.root / LINKS_DIR
        if links.is_dir():
            for marker in links.iterdir():
                if not (self.root / marker.name.rpartition("@")[0]).is_file():
                    with contextlib.suppress(OSError):
                        marker.unlink()
        return removed

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
