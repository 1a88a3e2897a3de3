"""The admin HTTP API (bearer KHETBOT_ADMIN_TOKEN); capabilities add their endpoints here."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request

router = APIRouter(prefix="/admin")


def require_admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Reject requests without the configured admin bearer token (the API is off without one)."""
    token = request.app.state.khetbot.settings.admin_token
    if token is None or not token.get_secret_value():
        raise HTTPException(status_code=404, detail="admin API disabled")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.get_secret_value().encode()):
        raise HTTPException(status_code=401, detail="invalid admin token")


Admin = Annotated[None, Depends(require_admin)]
