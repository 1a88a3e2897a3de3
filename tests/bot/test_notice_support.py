"""Shared helpers of the notice tests: schools in districts, users who follow (or blocked us)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from models.notice import Notice
from models.school import School
from models.user import User

LOMSAK = "หล่มสัก"
MUEANG = "เมืองเพชรบูรณ์"
LOMKAO = "หล่มเก่า"
SCHOOLS = (("T0001", "โรงเรียนทดสอบหล่มสักวิทยา", LOMSAK), ("T0002", "โรงเรียนทดสอบหล่มสักพิทยาคม", LOMSAK),
           ("T0003", "โรงเรียนทดสอบในเมือง", MUEANG), ("T0004", "โรงเรียนทดสอบหล่มเก่า", LOMKAO))


def line_id(tag: str, i: int) -> str:
    """A LINE-looking user id (U + 32 hex), unique per tag and number."""
    return "U" + uuid.uuid5(uuid.NAMESPACE_OID, f"{tag}:{i}").hex


@dataclass
class World:
    """Who is where."""

    by_district: dict[str, set[str]] = field(default_factory=dict)  # following school users per district
    blocked: dict[str, set[str]] = field(default_factory=dict)
    by_school: dict[str, set[str]] = field(default_factory=dict)
    public: set[str] = field(default_factory=set)
    staff: set[str] = field(default_factory=set)

    @property
    def everyone(self) -> set[str]:
        """Every follower."""
        out = set(self.public) | set(self.staff)
        for ids in self.by_district.values():
            out |= ids
        return out


def seed(sessions: sessionmaker[Session], settings: Settings, *, staff: tuple[str, ...] = (),
         per_school: int = 3) -> World:
    """Four schools in three districts, `per_school` following users each, one blocked user, two public."""
    world = World()
    with sessions() as s:
        for n, (code, name, district) in enumerate(SCHOOLS):
            school = School(office_id=settings.office_id, code=code, name=name, district=district,
                            province="เพชรบูรณ์")
            s.add(school)
            s.flush()
            for i in range(per_school):
                uid = line_id(code, i)
                s.add(User(office_id=settings.office_id, line_user_id=uid, role="school", school_id=school.id))
                world.by_district.setdefault(district, set()).add(uid)
                world.by_school.setdefault(code, set()).add(uid)
            if n == 0:
                gone = line_id(code, 99)
                s.add(User(office_id=settings.office_id, line_user_id=gone, role="school", school_id=school.id,
                           following=False))
                world.blocked.setdefault(district, set()).add(gone)
        for i in range(2):
            uid = line_id("public", i)
            s.add(User(office_id=settings.office_id, line_user_id=uid, role="public"))
            world.public.add(uid)
        for uid in staff:
            s.add(User(office_id=settings.office_id, line_user_id=uid, role="staff", display_name="เจ้าหน้าที่ทดสอบ"))
            world.staff.add(uid)
        s.commit()
    return world


def bulk_followers(sessions: sessionmaker[Session], settings: Settings, n: int, tag: str = "bulk") -> set[str]:
    """n following public users, inserted in one statement per 5,000."""
    ids = [line_id(tag, i) for i in range(n)]
    with sessions() as s:
        for start in range(0, n, 5000):
            s.execute(insert(User), [{"office_id": settings.office_id, "line_user_id": uid, "role": "public",
                                      "following": True} for uid in ids[start:start + 5000]])
        s.commit()
    return set(ids)


@contextmanager
def database(settings: Settings) -> Iterator[sessionmaker[Session]]:
    """The test's database, migrated."""
    from bot.cli import open_db
    engine, sessions = open_db(settings)
    try:
        yield sessions
    finally:
        engine.dispose()


def multicasts(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Successful multicast requests."""
    return [r for r in requests if r["path"].endswith("/multicast") and r["status"] == 200]


def wait_for(sessions: sessionmaker[Session], notice_id: int, status: str = "done", timeout: float = 20.0) -> Notice:
    """Poll until the notice reaches a status."""
    end = time.monotonic() + timeout
    while True:
        with sessions() as s:
            notice = s.get(Notice, notice_id)
            if notice is not None and notice.status == status:
                return notice
        if time.monotonic() > end:
            raise AssertionError(f"notice {notice_id} is {notice.status if notice else None}, not {status}")
        time.sleep(0.1)
