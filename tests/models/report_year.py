"""A small, fully known fiscal year 2570 of events (and rows just outside it) for report tests.

FY 2570 = 1 Oct 2026 00:00 – 30 Sep 2027 23:59:59 Asia/Bangkok = [2026-09-30 17:00Z, 2027-09-30 17:00Z).
Every expected figure is worked out by hand in EXPECTED (see the comments next to the rows).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot import migrate
from bot.settings import Settings
from models.db import make_engine, make_session_factory
from models.evaluation import Interaction, Rating
from models.incident import Incident
from models.notice import Delivery, Notice
from models.school import School

FY = 2570
AS_OF = datetime(2027, 10, 5, 3, 0, tzinfo=UTC)  # after the year: every SLA deadline has passed
YEAR_MINUTES = 365 * 24 * 60  # Oct 2026 – Sep 2027 has no 29 Feb


def z(s: str) -> datetime:
    """An aware UTC instant from 'YYYY-MM-DD HH:MM:SS'."""
    return datetime.fromisoformat(s).replace(tzinfo=UTC)


@contextmanager
def open_session(settings: Settings) -> Iterator[Session]:
    """A session on the test's (migrated) database."""
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    try:
        with make_session_factory(engine)() as s:
            yield s
    finally:
        engine.dispose()


# (at UTC, user, school key, district, kind, text, intent, answered, latency ms)
INTERACTIONS: list[tuple[str, str, str | None, str | None, str, str | None, str | None, bool, int]] = [
    ("2026-09-30 16:59:59", "u1", "S1", None, "text", "นักเรียนกี่คน", "student_count", True, 50),  # FY2569
    ("2026-09-30 17:00:00", "u1", "S1", None, "text", "นักเรียนหนองไผ่กี่คน", "student_count", True, 200),  # 1 Oct 00:00
    ("2026-10-15 03:00:00", "u2", "S1", None, "text", "ห้องน้ำอยู่ไหนคะ", "out_of_scope", False, 300),
    ("2026-10-31 16:59:59", "u2", "S2", None, "text", "ห้องน้ำ อยู่ไหน ครับ", "out_of_scope", False, 400),  # Oct
    ("2026-10-31 17:00:00", "u3", "S2", None, "text", "ครูกี่คน", "teacher_count", True, 500),  # 1 Nov 00:00 BKK
    ("2026-11-10 02:00:00", "u3", "S2", None, "postback", "a=rate&i=x&s=5", "postback.rate", True, 600),
    ("2027-01-31 18:00:00", "u1", None, "หล่มสัก", "text", "ขั้นตอนการจัดทำแผน", "manual", True, 700),  # 1 Feb BKK
    ("2027-02-14 05:00:00", "u4", None, None, "text", "ราคาทองวันนี้", "out_of_scope", False, 800),
    ("2027-03-01 05:00:00", "u4", None, None, "follow", None, None, True, 900),
    ("2027-05-20 05:00:00", "u2", "S1", None, "text", "ห้องน้ำอยู่ไหน??", "out_of_scope", False, 1000),
    ("2027-06-01 05:00:00", "u1", "S1", None, "text", None, "out_of_scope", False, 1300),  # text dropped (retention)
    ("2027-09-30 16:59:59", "u3", "S2", None, "text", "ราคาทองวันนี้", "out_of_scope", False, 1100),  # 30 Sep 23:59:59
    ("2027-09-30 17:00:00", "u3", "S2", None, "text", "ครูกี่คน", "teacher_count", True, 70),  # FY2571
]

SCHOOLS = {"S1": ("1001", "โรงเรียนหนองไผ่", "หนองไผ่"), "S2": ("1002", "โรงเรียนวิเชียรบุรี", "วิเชียรบุรี"),
           "S3": ("1003", "โรงเรียนหล่มสัก", "หล่มสัก")}

# key: (school, category, priority, impact, opened, first ack after (min), resolved after (min), closed after, status)
INCIDENTS: dict[str, tuple[str | None, str, int, int, str, int | None, int | None, int | None, str]] = {
    "I1": ("S1", "internet", 1, 1, "2026-10-01 01:00:00", 10, 180, 300, "closed"),  # ack ≤15 met, 3h ≤4h met
    "I8": ("S1", "internet", 2, 1, "2026-10-01 02:00:00", 20, 180, None, "resolved"),  # overlaps I1: union 4h
    "I2": ("S1", "wifi", 2, 2, "2026-12-01 02:00:00", 40, 600, None, "resolved"),  # 40>30 missed, 10h>8h missed
    "I3": ("S2", "internet", 1, 1, "2027-03-10 00:00:00", 15, 2880, 3000, "closed"),  # 15≤15 met, 48h missed
    "I4": ("S2", "computer", 3, 2, "2027-09-30 16:00:00", None, None, None, "open"),  # deadlines after the year
    "I5": (None, "other", 4, 2, "2027-06-01 00:00:00", None, None, None, "open"),  # both deadlines missed
    "I6": ("S1", "internet", 1, 1, "2026-09-30 16:30:00", 5, 150, None, "resolved"),  # FY2569; 120 min in FY
    "I7": ("S2", "internet", 1, 1, "2027-09-30 17:30:00", None, None, None, "open"),  # FY2571
}

# (at, score, incident key or None, office)
RATINGS: list[tuple[str, int, str | None, str]] = [
    ("2026-09-30 16:59:59", 1, None, "default"),  # FY2569
    ("2026-10-02 01:00:00", 5, None, "default"),
    ("2026-10-03 01:00:00", 5, None, "default"),
    ("2026-11-03 01:00:00", 4, None, "default"),
    ("2026-12-03 01:00:00", 4, None, "default"),
    ("2027-01-03 01:00:00", 4, None, "default"),
    ("2027-02-03 01:00:00", 3, None, "default"),
    ("2027-09-30 16:59:59", 5, None, "default"),  # last second of the year
    ("2026-10-01 06:00:00", 5, "I1", "default"),
    ("2027-03-13 00:00:00", 2, "I3", "default"),
    ("2027-01-01 00:00:00", 1, None, "other"),  # another office
]

# (started at, recipients, sent, failed, blocked, batch statuses)
NOTICES: list[tuple[str | None, int, int, int, int, tuple[str, ...]]] = [
    ("2026-10-01 01:00:00", 1200, 1185, 10, 5, ("sent", "sent", "failed")),
    ("2027-09-30 16:59:00", 50, 50, 0, 0, ("sent",)),  # 30 Sep 23:59 BKK: September
    (None, 0, 0, 0, 0, ()),  # a draft
    ("2026-09-30 16:00:00", 999, 999, 0, 0, ("sent", "sent")),  # FY2569
]


def seed(s: Session) -> dict[str, Any]:
    """Insert the known year; returns the ids (schools, incidents)."""
    schools = {}
    for key, (code, name, amphoe) in SCHOOLS.items():
        schools[key] = School(code=code, name=name, district=amphoe, province="เพชรบูรณ์")
    s.add_all(schools.values())
    s.flush()
    for at, user, school, district, kind, text, intent, answered, latency in INTERACTIONS:
        s.add(Interaction(at=z(at), user_ref=f"ref-{user}", line_user_id=f"U{user}", kind=kind, text=text,
                          intent=intent, answered=answered, latency_ms=latency, district=district,
                          school_id=schools[school].id if school else None))
    s.add(Interaction(office_id="other", at=z("2027-01-01 00:00:00"), user_ref="ref-x", kind="text", text="x",
                      intent="out_of_scope", answered=False))
    incidents = {}
    for n, (key, (school, cat, prio, impact, opened, ack, res, closed, status)) in enumerate(INCIDENTS.items(), 1):
        o = z(opened)
        inc = Incident(number=f"INC-{2570}-{n:04d}", fiscal_year=2570, seq=n, category=cat, priority=prio,
                       impact=impact, status=status, opened_at=o, school_id=schools[school].id if school else None,
                       acknowledged_at=o + timedelta(minutes=ack) if ack is not None else None,
                       resolved_at=o + timedelta(minutes=res) if res is not None else None,
                       closed_at=o + timedelta(minutes=closed) if closed is not None else None)
        incidents[key] = inc
        s.add(inc)
    s.flush()
    for i, (at, score, inc_key, office) in enumerate(RATINGS):
        s.add(Rating(office_id=office, at=z(at), score=score, ref=f"r{i}",
                     incident_id=incidents[inc_key].id if inc_key else None))
    batch = 0
    for started, rec, sent, failed, blocked, statuses in NOTICES:
        notice = Notice(text="ประกาศ", audience={"all": True}, status="done" if started else "draft",
                        started_at=z(started) if started else None, recipients=rec, sent=sent, failed=failed,
                        blocked=blocked)
        s.add(notice)
        s.flush()
        for b, st in enumerate(statuses):
            batch += 1
            s.add(Delivery(notice_id=notice.id, batch_no=b, recipients=["U1"], retry_key=f"00000000-{batch:04d}",
                           status=st))
    s.flush()
    return {"schools": {k: v.id for k, v in schools.items()}, "incidents": {k: v.id for k, v in incidents.items()}}


S1_DOWN, S2_DOWN = 120 + 240, 2880
EXPECTED: dict[str, Any] = {
    "interactions": 11, "questions": 9, "answered": 3, "unanswered": 6, "users": 4, "schools_reached": 2,
    "avg_latency": (200 + 300 + 400 + 500 + 600 + 700 + 800 + 900 + 1000 + 1300 + 1100) / 11,
    # month: interactions, questions, answered, users
    "months": [(3, 3, 1, 2), (2, 1, 1, 1), (0, 0, 0, 0), (0, 0, 0, 0), (2, 2, 1, 2), (1, 0, 0, 1),
               (0, 0, 0, 0), (1, 1, 0, 1), (1, 1, 0, 1), (0, 0, 0, 0), (0, 0, 0, 0), (1, 1, 0, 1)],
    "intents": [("out_of_scope", 6, 0), ("manual", 1, 1), ("postback.rate", 1, 1), ("student_count", 1, 1),
                ("teacher_count", 1, 1), (None, 1, 1)],
    "schools": [("1001", "โรงเรียนหนองไผ่", "หนองไผ่", 4, 2), ("1002", "โรงเรียนวิเชียรบุรี", "วิเชียรบุรี", 4, 2),
                ("", "", "", 3, 2)],
    "districts": [("วิเชียรบุรี", 4, 2, 1), ("หนองไผ่", 4, 2, 1), ("หล่มสัก", 1, 1, 0), ("", 2, 1, 0)],
    "gaps": [("ห้องน้ำอยู่ไหน", 3), ("ราคาทองวันนี้", 2)],
    # satisfaction: counts 5..1, n, mean, sd, band
    "overall": ((4, 3, 1, 1, 0), 9, "4.11", "1.05", 4),
    "answers": ((3, 3, 1, 0, 0), 7, "4.29", "0.76", 4),
    "incident_ratings": ((1, 0, 0, 1, 0), 2, "3.50", "2.12", 3),
    "incidents": 6,
    "by_category": [("internet", 3), ("computer", 1), ("other", 1), ("wifi", 1)],
    "by_priority": [(1, 2), (2, 2), (3, 1), (4, 1)],
    "by_status": [("closed", 2), ("open", 2), ("resolved", 2)],
    "by_school": [("1001", 3), ("1002", 2), ("", 1)],
    "ack": (4, 17.5, 40.0), "resolve": (4, 390.0, 2880.0),
    "sla_ack": (3, 2, 1), "sla_resolve": (2, 3, 1),
    # code: outages, downtime minutes
    "availability": {"1001": (3, S1_DOWN), "1002": (1, S2_DOWN), "1003": (0, 0)},
    "notices": (2, 1250, 1235, 10, 5, 4, 3), "notices_by_month": [1] + [0] * 10 + [1],
}
