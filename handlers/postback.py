"""Postback data that a client cannot forge: `a=<action>&k=v…&s=<signature>`."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qsl, urlencode

MAX_LEN = 300  # LINE's limit for postback data


def sign(key: bytes, action: str, **params: str | int) -> str:
    """Postback data for an action with its parameters, signed with the bot's key."""
    pairs = [("a", action), *[(k, str(v)) for k, v in sorted(params.items())]]
    body = urlencode(pairs)
    sig = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()[:16]
    data = f"{body}&s={sig}"
    if len(data) > MAX_LEN:
        raise ValueError("postback data too long")
    return data


def verify(key: bytes, data: str) -> tuple[str, dict[str, str]] | None:
    """The (action, params) of signed postback data, or None when it was tampered with."""
    if not data or len(data) > MAX_LEN or "&s=" not in data:
        return None
    body, _, sig = data.rpartition("&s=")
    want = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()[:16]
    if not hmac.compare_digest(want, sig):
        return None
    params = dict(parse_qsl(body, keep_blank_values=True))
    action = params.pop("a", "")
    return (action, params) if action else None
