"""Create, preview, schedule and cancel notices — the entry used by the CLI and the HTTP API.

The chat flow (handlers/notice.py) uses the same model functions underneath (`create_notice`,
`confirm_draft`, `count_recipients`) and the same rendering (`notice_messages`); everything
after a notice is queued is the job's (bot/notices/jobs.py + sender.py), whoever created it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.line_format import to_line
from bot.settings import Settings
from handlers import notice_texts as T
from models.notice import (
    Notice,
    count_recipients,
    create_notice,
    districts,
    find_schools,
    normalize_audience,
)
from models.school import School
from models.user import ROLES

MAX_TEXT = 4500
ROLE_WORDS = {"ผู้บริหาร": "school", "โรงเรียน": "school", "เจ้าหน้าที่": "staff", "ทั่วไป": "public"}


class NoticeError(ValueError):
    """A notice request that cannot be accepted (the message says why)."""


def parse_at(value: str) -> datetime:
    """'2026-12-01 08:00' (Asia/Bangkok unless an offset is given) as an aware datetime."""
    raw = value.strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M%z", "%Y-%m-%d %H:%M:%S%z"):
        try:
            at = datetime.strptime(raw, fmt)
        except ValueError:
            continue
        return at if at.tzinfo is not None else at.replace(tzinfo=T.BANGKOK)
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise NoticeError(f"time must look like 2026-12-01 08:00 (Asia/Bangkok), not {value!r}") from exc
    return at if at.tzinfo is not None else at.replace(tzinfo=T.BANGKOK)


def build_audience(*, db_session: Session, office_id: str, districts_: Sequence[str] = (),
                   schools: Sequence[str] = (), roles: Sequence[str] = ()) -> dict[str, Any]:
    """A checked audience: districts and schools must exist, roles must be known (empty: everyone)."""
    audience: dict[str, Any] = {}
    if districts_:
        known = set(districts(db_session=db_session, office_id=office_id))
        unknown = [d for d in districts_ if d.strip().removeprefix("อำเภอ") not in known]
        if unknown:
            raise NoticeError(f"unknown district: {', '.join(unknown)} (known: {', '.join(sorted(known)) or '-'})")
        audience["districts"] = [d.strip().removeprefix("อำเภอ") for d in districts_]
    if schools:
        found, missing = find_schools(list(schools), db_session=db_session, office_id=office_id)
        if missing:
            raise NoticeError(f"unknown school: {', '.join(missing)}")
        audience["schools"] = [s.code for s in found]
    if roles:
        mapped = [ROLE_WORDS.get(r, r) for r in roles]
        bad = [r for r in mapped if r not in ROLES]
        if bad:
            raise NoticeError(f"unknown role: {', '.join(bad)} (use {', '.join(ROLES)})")
        audience["roles"] = mapped
    return normalize_audience(audience)


def _check(text: str, image_url: str | None, link_url: str | None) -> None:
    if not text.strip():
        raise NoticeError("a notice needs a text")
    if len(text) > MAX_TEXT:
        raise NoticeError(f"the text is longer than {MAX_TEXT} characters")
    if image_url and not image_url.startswith("https://"):
        raise NoticeError("image_url must be an https URL (LINE shows only https images)")
    if link_url and not link_url.startswith(("https://", "http://")):
        raise NoticeError("link_url must be an http(s) URL")


def create(*, db_session: Session, settings: Settings, text: str, audience: dict[str, Any], source: str,
           author_line_user_id: str | None = None, author_name: str | None = None, at: datetime | None = None,
           image_url: str | None = None, link_url: str | None = None, broadcast: bool = False,
           now: datetime | None = None) -> Notice:
    """A queued (or scheduled) notice; the notice job sends it."""
    _check(text, image_url, link_url)
    if broadcast and normalize_audience(audience) != {"all": True}:
        raise NoticeError("broadcast is only for a notice to everyone")
    return create_notice(db_session=db_session, text=text, audience=audience, office_id=settings.office_id,
                         author_line_user_id=author_line_user_id, author_name=author_name, source=source,
                         image_url=image_url, link_url=link_url, scheduled_at=at, use_broadcast=broadcast, now=now)


def school_names(audience: dict[str, Any], *, db_session: Session, office_id: str) -> dict[str, str]:
    """Names of the audience's schools by code."""
    codes = audience.get("schools") or []
    if not codes:
        return {}
    rows = db_session.execute(select(School.code, School.name).where(School.office_id == office_id,
                                                                     School.code.in_(codes)))
    return {str(c): str(n) for c, n in rows}


def preview(*, db_session: Session, settings: Settings, text: str, audience: dict[str, Any],
            image_url: str | None = None, link_url: str | None = None) -> dict[str, Any]:
    """The LINE messages recipients would receive, who they are, and how many follow now."""
    aud = normalize_audience(audience)
    messages = to_line(T.notice_messages(text, office=settings.office_name, image_url=image_url, link_url=link_url))
    names = school_names(aud, db_session=db_session, office_id=settings.office_id)
    return {"messages": messages, "audience": aud, "audience_text": T.describe_audience(aud, names),
            "recipients": count_recipients(aud, db_session=db_session, office_id=settings.office_id)}


def describe(notice: Notice) -> dict[str, Any]:
    """A notice as JSON (history and status)."""
    def iso(d: datetime | None) -> str | None:
        return d.isoformat() if d else None
    return {
        "id": notice.id, "status": notice.status, "source": notice.source, "text": notice.text,
        "image_url": notice.image_url, "link_url": notice.link_url, "audience": notice.audience,
        "broadcast": notice.use_broadcast, "author": notice.author_name or notice.author_line_user_id,
        "created_at": iso(notice.created_at), "scheduled_at": iso(notice.scheduled_at),
        "started_at": iso(notice.started_at), "finished_at": iso(notice.finished_at),
        "recipients": notice.recipients, "batches": notice.batches, "sent": notice.sent,
        "failed": notice.failed, "blocked": notice.blocked,
    }
