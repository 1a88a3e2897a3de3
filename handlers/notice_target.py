"""Who a notice goes to, read from what staff type ("ถึงโรงเรียนในอำเภอหล่มสัก", "ทุกคน", school
names or codes), and which texts are the notice command at all."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from handlers import notice_texts as T
from handlers.context import Context
from handlers.turn import Turn
from knowledge.normalize import strip_particles
from models.notice import find_district, find_schools, normalize_audience
from models.school import School

EVERYONE_WORDS = ("ทุกคน", "ทั้งหมด", "ทุกท่าน", "ทั้งเขต", "ผู้ติดตามทั้งหมด")
STAFF_WORDS = ("เจ้าหน้าที่",)
SPLIT = re.compile(r"\s*[,，、/]\s*|\s+และ\s*")
HEAD_WORDS = ("ผู้บริหาร", "ผู้อำนวยการ", "ผอ.")
SCHOOL_HEAD_WORDS = ("ทุกโรงเรียน", "โรงเรียนทั้งหมด", *HEAD_WORDS)
_LEADING = re.compile(r"^(?:ผู้บริหาร|ผู้อำนวยการ|ผอ\.?)?\s*(?:ของ)?\s*(?:โรงเรียน|รร\.|ร\.ร\.)?\s*")
_NOT_A_SCHOOL = ("ใน", "ทุก", "ทั้ง", "อำเภอ", "อ.", "เจ้าหน้าที่")
_TRAILING = re.compile(r"(?:\s*(?:หน่อย|ด้วย))+\s*$")  # what is left once the particles are dropped
_BODY_STARTS = re.compile(r"\s*\n\s*|\s+(?=(?:เรื่อง|ว่า|ขอให้|ให้|แจ้ง|เชิญ|ขอเชิญ)\s*\S)")
"""Where a notice's text begins after its audience when no colon parts them ("ประกาศถึง X เรื่อง…")."""


# --- parsing a target ("ถึงโรงเรียนในอำเภอหล่มสัก")


def _schools_named(target: str, ctx: Context) -> list[str]:
    """The codes of the schools a target names by name or code ("โรงเรียน A และ B"), all or none."""
    rest = _LEADING.sub("", target, count=1).strip()
    if not rest or rest.startswith(_NOT_A_SCHOOL):
        return []
    found, missing = find_schools(SPLIT.split(rest), db_session=ctx.db_session, office_id=ctx.settings.office_id)
    if missing and " " in rest:  # "หล่มสักวิทยาคม เรื่อง …": the name, then words that are no audience
        found, missing = find_schools([rest.split()[0]], db_session=ctx.db_session, office_id=ctx.settings.office_id)
    return [x.code for x in found] if found and not missing else []


def parse_target(target: str, ctx: Context) -> dict[str, Any] | None:
    """The audience a short Thai phrase names, or None when it names nothing known."""
    t = _TRAILING.sub("", strip_particles(target.strip().removeprefix("ถึง").strip()).strip())
    if not t:
        return None
    compact = t.replace(" ", "")
    if any(compact.startswith(w) for w in EVERYONE_WORDS):
        return {"all": True}
    audience: dict[str, Any] = {}
    codes = _schools_named(t, ctx)
    if codes:  # "ผู้บริหารโรงเรียนหล่มสักวิทยาคม": that school, though a district's name is inside its name
        audience["schools"] = codes
        if any(w in compact for w in HEAD_WORDS):
            audience["roles"] = ["school"]
        return normalize_audience(audience)
    district = find_district(compact, db_session=ctx.db_session, office_id=ctx.settings.office_id)
    if district:
        audience["districts"] = [district]
    if any(w in compact for w in SCHOOL_HEAD_WORDS):
        audience["roles"] = ["school"]
    elif any(w in compact for w in STAFF_WORDS):
        audience["roles"] = ["staff"]
    if not audience:
        found, missing = find_schools(SPLIT.split(t), db_session=ctx.db_session, office_id=ctx.settings.office_id)
        if found and not missing:
            audience["schools"] = [s.code for s in found]
    return normalize_audience(audience) if audience else None


_AUDIENCE_START = re.compile(r"^(?:ถึง|ทุก|ทั้ง|โรงเรียน|รร\.|ร\.ร\.|อำเภอ|อ\.|ผู้บริหาร|ผู้อำนวยการ|ผอ|เจ้าหน้าที่|\d)")
LONG_TARGET = 40
"""Letters beyond which a text that does not start like an audience is a message, not whom it goes to."""


def names_audience(text: str) -> bool:
    """The text reads as whom to send to ("อำเภอหล่มสัก", "ผู้บริหารทุกโรงเรียน"), not as a notice's own words
    typed at the audience step ("แจ้งประชุมผู้บริหาร…", which must not pick the role by its word ผู้บริหาร)."""
    t = text.strip()
    return len(t) <= LONG_TARGET or _AUDIENCE_START.match(t) is not None


def split_first_message(text: str) -> tuple[str, str]:
    """("ถึง target", "body") of "ประกาศถึง X: body"; ("", body) of "ประกาศ body"."""
    rest = text.strip().removeprefix("ส่ง").removeprefix("ประกาศ").strip()
    if rest.startswith("ถึง"):
        m = re.search(r"[:：]", rest) or _BODY_STARTS.search(rest)
        if m:
            return rest[:m.start()].strip(), rest[m.end():].strip()
        return rest, ""
    return "", rest.lstrip(":：").strip()


_ADDRESSED = re.compile(r"^(?:ส่ง\s*)?ประกาศ\s*ถึง[^:：\n]{1,80}[:：]")


def is_notice_command(turn: Turn, ctx: Context) -> bool:
    """Whether a text starting "ประกาศ" is the broadcast command (the prefix route's guard).

    Staff: always (as before). Anyone else: only the unmistakable broadcast form
    "ประกาศถึง <ผู้รับ>: <ข้อความ>", which is refused. Every other "ประกาศ…" text of theirs
    ("ประกาศผลสอบวันไหนครับ", "ประกาศรับสมัครครู") is a question: it goes to normal understanding
    (manual, data or the fallback). `start_notice` checks the role again on every path.
    """
    return ctx.is_staff or bool(_ADDRESSED.match((turn.text or "").strip()))


_ASKS_TO_SEND = re.compile(r"ส่ง\s*ประกาศ|(?:ทำ|ร่าง|ออก)\s*ประกาศ|broadcast|กระจายข่าว|แจ้งเวียน|ส่ง\s*ข่าว")


def asks_to_send(turn: Turn, ctx: Context) -> bool:
    """Whether a text understood as `notice` is the request to send one (the intent route's guard):
    always for staff; for anyone else only when plainly asked ("ขอส่งประกาศหน่อย"), which is refused.
    Their other "ประกาศ…" texts ("ประกาศผลสอบวันไหน") are questions, for normal understanding."""
    return ctx.is_staff or bool(_ASKS_TO_SEND.search(turn.text or ""))


def _school_names(audience: dict[str, Any], ctx: Context) -> dict[str, str]:
    codes = audience.get("schools") or []
    if not codes:
        return {}
    rows = ctx.db_session.execute(select(School.code, School.name).where(
        School.office_id == ctx.settings.office_id, School.code.in_(codes)))
    return {str(c): str(n) for c, n in rows}


def audience_text(audience: dict[str, Any], ctx: Context) -> str:
    """The audience in Thai, with school names."""
    return T.describe_audience(audience, _school_names(audience, ctx))
