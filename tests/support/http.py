"""Signed webhook posts to a running server over real HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from bot.chat_session import sign


def post_events(url: str, secret: str, events: list[dict[str, Any]], timeout: float = 10) -> int:
    """POST a signed webhook body to url/callback; returns the HTTP status."""
    body = json.dumps({"destination": "Ubot", "events": events}, ensure_ascii=False).encode()
    req = urllib.request.Request(url + "/callback", data=body, method="POST",
                                 headers={"Content-Type": "application/json",
                                          "X-Line-Signature": sign(secret.encode(), body)})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def serve_env(settings: Any, line_url: str) -> dict[str, str]:
    """Environment for `khetbot serve` matching test settings."""
    env = {
        "LINE_CHANNEL_SECRET": settings.line_channel_secret.get_secret_value(),
        "LINE_CHANNEL_ACCESS_TOKEN": settings.line_channel_access_token.get_secret_value(),
        "LINE_API_BASE_URL": line_url, "LINE_DATA_API_BASE_URL": line_url,
        "DATABASE_URL": settings.database_url, "KHETBOT_DATA_DIR": str(settings.data_dir),
        "KHETBOT_RECOVERY_INTERVAL_SECONDS": "1", "PUBLIC_BASE_URL": "https://khetbot.test",
        "KHETBOT_REDIS_PREFIX": settings.redis_prefix, "TZ": "Asia/Bangkok",
    }
    if settings.redis_url:
        env["REDIS_URL"] = settings.redis_url
    return env
