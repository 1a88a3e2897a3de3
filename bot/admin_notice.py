"""Staff notices over HTTP (bearer KHETBOT_ADMIN_TOKEN): preview, send or schedule, status, history.

    POST /admin/notices/preview   {"text", "districts"?, "schools"?, "roles"?, "image_url"?, "link_url"?}
    POST /admin/notices           the same + "at"? ("2026-12-01 08:00", Asia/Bangkok), "broadcast"?,
                                  "author"? (a name for the history), "author_line_user_id"? (gets the tally)
    GET  /admin/notices           history (newest first)
    GET  /admin/notices/{id}      status and tally
    POST /admin/notices/{id}/cancel
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bot.admin import Admin
from bot.notices import service
from bot.runtime import run_sync
from models.notice import Notice, cancel_notice, count_recipients, notice_history

router = APIRouter(prefix="/admin/notices")


class NoticeIn(BaseModel):
    """A notice to preview or send."""

    text: str = Field(min_length=1, max_length=service.MAX_TEXT)
    districts: list[str] = Field(default_factory=list)
    schools: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    image_url: str | None = None
    link_url: str | None = None
    at: str | None = None
    broadcast: bool = False
    author: str | None = None
    author_line_user_id: str | None = None


def _services(request: Request) -> Any:
    return request.app.state.khetbot


def _bad(exc: Exception) -> HTTPException:
    return HTTPException(status_code=422, detail=str(exc))


@router.post("/preview")
async def preview_notice(body: NoticeIn, request: Request, _: Admin) -> JSONResponse:
    """What recipients would see, and how many follow now (nothing is stored or sent)."""
    services = _services(request)

    def work() -> dict[str, Any]:
        with services.sessions() as s:
            audience = service.build_audience(db_session=s, office_id=services.settings.office_id,
                                              districts_=body.districts, schools=body.schools, roles=body.roles)
            return service.preview(db_session=s, settings=services.settings, text=body.text, audience=audience,
                                   image_url=body.image_url, link_url=body.link_url)
    try:
        return JSONResponse(await run_sync(work))
    except service.NoticeError as exc:
        raise _bad(exc) from exc


@router.post("", status_code=202)
async def create_notice(body: NoticeIn, request: Request, _: Admin) -> JSONResponse:
    """Queue (or schedule) a notice; the notice job sends it and keeps the tally."""
    services = _services(request)

    def work() -> dict[str, Any]:
        at = service.parse_at(body.at) if body.at else None
        with services.sessions() as s:
            audience = service.build_audience(db_session=s, office_id=services.settings.office_id,
                                              districts_=body.districts, schools=body.schools, roles=body.roles)
            notice = service.create(db_session=s, settings=services.settings, text=body.text, audience=audience,
                                    source="http", author_name=body.author or "admin API",
                                    author_line_user_id=body.author_line_user_id, at=at, image_url=body.image_url,
                                    link_url=body.link_url, broadcast=body.broadcast)
            s.commit()
            out = service.describe(notice)
            out["recipients_now"] = count_recipients(audience, db_session=s,
                                                             office_id=services.settings.office_id)
        jobs = getattr(request.app.state, "notice_jobs", None)
        if jobs is not None and notice.status == "queued":
            jobs.sweep()  # start now rather than at the next housekeeping round
        return out
    try:
        return JSONResponse(await run_sync(work), status_code=202)
    except service.NoticeError as exc:
        raise _bad(exc) from exc


@router.get("")
async def list_notices(request: Request, _: Admin, limit: int = 100) -> JSONResponse:
    """Notice history, newest first."""
    services = _services(request)

    def work() -> list[dict[str, Any]]:
        with services.sessions() as s:
            return [service.describe(n) for n in notice_history(db_session=s, office_id=services.settings.office_id,
                                                                 limit=max(1, min(limit, 1000)))]
    return JSONResponse({"notices": await run_sync(work)})


@router.get("/{notice_id}")
async def get_notice(notice_id: int, request: Request, _: Admin) -> JSONResponse:
    """One notice: status and tally."""
    services = _services(request)

    def work() -> dict[str, Any] | None:
        with services.sessions() as s:
            notice = s.get(Notice, notice_id)
            if notice is None or notice.office_id != services.settings.office_id:
                return None
            return service.describe(notice)
    found = await run_sync(work)
    if found is None:
        raise HTTPException(status_code=404, detail="no such notice")
    return JSONResponse(found)


@router.post("/{notice_id}/cancel")
async def cancel(notice_id: int, request: Request, _: Admin) -> JSONResponse:
    """Cancel a notice that has not started sending."""
    services = _services(request)

    def work() -> bool:
        with services.sessions() as s:
            notice = s.get(Notice, notice_id)
            if notice is None or notice.office_id != services.settings.office_id:
                return False
            done = cancel_notice(notice_id, db_session=s)
            s.commit()
            return done
    if not await run_sync(work):
        raise HTTPException(status_code=409, detail="not found, already sending, or finished")
    return JSONResponse({"id": notice_id, "status": "cancelled"})
