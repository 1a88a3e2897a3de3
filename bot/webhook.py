"""POST /callback: verify, cap, persist (deduplicated), answer 200, process in the background."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

log = logging.getLogger(__name__)
router = APIRouter()


def valid_signature(secret: bytes, body: bytes, signature: str) -> bool:
    """LINE's X-Line-Signature: base64(HMAC-SHA256(channel secret, raw body)), compared in constant time."""
    expected = base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.strip().encode("ascii", "replace"))


async def _read_capped(request: Request, cap: int) -> bytes | None:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > cap):
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > cap:
            return None
    return bytes(body)


async def callback(request: Request) -> Response:
    """The LINE webhook (a plain Starlette route: no dependency solving on the hottest path)."""
    app = request.app.state.khetbot
    x_line_signature = request.headers.get("x-line-signature")
    body = await _read_capped(request, app.settings.max_body_bytes)
    if body is None:
        return JSONResponse({"message": "request body too large"}, status_code=413)
    if not x_line_signature or not valid_signature(app.secret, body, x_line_signature):
        return JSONResponse({"message": "invalid signature"}, status_code=400)
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return JSONResponse({"message": "invalid JSON"}, status_code=400)
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        return JSONResponse({"message": "no events"}, status_code=400)
    events = [e for e in events if isinstance(e, dict)]
    if not events:  # LINE's "Verify" button sends an empty list
        return JSONResponse({})
    destination = str(payload.get("destination") or "")
    try:
        # committed before LINE gets its 200; an event stored before (a redelivery) is skipped by the
        # database's unique key, so no claim comes back for it
        claims = await app.runtime.store(events, destination)
    except Exception:  # the database is unreachable: LINE redelivers on a non-200
        log.exception("could not store webhook events")
        return JSONResponse({"message": "temporarily unavailable"}, status_code=503)
    app.runtime.submit(claims)
    return JSONResponse({})


router.add_route("/callback", callback, methods=["POST"], include_in_schema=False)
