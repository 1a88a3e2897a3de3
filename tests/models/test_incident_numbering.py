"""Ticket numbers per office and fiscal year, priority matrix, safe status changes under concurrency."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot import migrate
from bot.settings import Settings
from models.base import utcnow
from models.db import make_engine, make_session_factory
from models.incident import Incident, IncidentEvent
from models.incidents_queries import (
    change_status,
    create_incident,
    fiscal_year_be,
    priority_for,
    ticket_number,
)


@pytest.fixture
def db(settings: Settings) -> Iterator[tuple[Engine, sessionmaker[Session]]]:
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    yield engine, make_session_factory(engine)
    engine.dispose()


@pytest.mark.parametrize(("at", "fy"), [
    (datetime(2026, 9, 30, 16, 59, tzinfo=UTC), 2569),  # 30 Sep 23:59 in Bangkok
    (datetime(2026, 9, 30, 17, 0, tzinfo=UTC), 2570),  # 1 Oct 00:00 in Bangkok
    (datetime(2026, 10, 15, tzinfo=UTC), 2570),
    (datetime(2027, 1, 1, tzinfo=UTC), 2570),
    (datetime(2027, 9, 30, 12, tzinfo=UTC), 2570),
])
def test_fiscal_year_is_buddhist_era_from_october_in_bangkok(at: datetime, fy: int) -> None:
    assert fiscal_year_be(at) == fy


def test_number_format() -> None:
    assert ticket_number(2570, 3) == "INC-2570-0003"
    assert ticket_number(2570, 12345) == "INC-2570-12345"


def test_priority_matrix() -> None:
    assert [priority_for(i, u) for i in (1, 2, 3) for u in (1, 2)] == [1, 2, 2, 3, 3, 4]
    assert priority_for(0, 0) == 3  # unknown → middle


def _make(sessions: sessionmaker[Session], key: str, at: datetime, office: str = "default") -> str:
    with sessions() as s:
        inc, _ = create_incident(key, db_session=s, now=at, office_id=office, category="internet",
                                 reporter_line_user_id="U1", impact=1, urgency=1)
        s.commit()
        return inc.number


def test_numbers_restart_each_fiscal_year_and_office(db: tuple[Engine, sessionmaker[Session]]) -> None:
    _, sessions = db
    sep, octo = datetime(2026, 9, 1, tzinfo=UTC), datetime(2026, 10, 2, tzinfo=UTC)
    assert [_make(sessions, f"a{i}", sep) for i in range(2)] == ["INC-2569-0001", "INC-2569-0002"]
    assert _make(sessions, "b1", octo) == "INC-2570-0001"
    assert _make(sessions, "c1", octo, office="other") == "INC-2570-0001"
    assert _make(sessions, "b1", octo) == "INC-2570-0001"  # the same draft again: the same ticket
    assert _make(sessions, "b2", octo) == "INC-2570-0002"


def test_concurrent_confirms_get_distinct_sequential_numbers(db: tuple[Engine, sessionmaker[Session]]) -> None:
    _, sessions = db
    now = utcnow()
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker(w: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                n = _make(sessions, f"w{w}-{i}", now)
                with lock:
                    numbers.append(n)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    fy = fiscal_year_be(now)
    assert sorted(numbers) == [ticket_number(fy, i) for i in range(1, 41)]
    with sessions() as s:
        assert len(s.scalars(select(Incident)).all()) == 40


def test_two_staff_acknowledging_at_once_make_one_change(db: tuple[Engine, sessionmaker[Session]]) -> None:
    _, sessions = db
    _make(sessions, "x", utcnow())
    with sessions() as s:
        inc_id = s.scalars(select(Incident.id)).one()
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def ack(who: str) -> None:
        barrier.wait()
        with sessions() as s:
            change = change_status(inc_id, "acknowledged", actor=who, db_session=s, now=utcnow())
            s.commit()
            assert change is not None
            results.append(change.changed)

    threads = [threading.Thread(target=ack, args=(f"U{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == [False, False, False, True]
    with sessions() as s:
        acks = s.scalars(select(IncidentEvent).where(IncidentEvent.action == "acknowledged")).all()
        assert len(acks) == 1
        inc = s.get(Incident, inc_id)
        assert inc is not None and inc.assignee_line_user_id == acks[0].actor_line_user_id


def test_status_never_goes_back(db: tuple[Engine, sessionmaker[Session]]) -> None:
    _, sessions = db
    _make(sessions, "y", utcnow())
    with sessions() as s:
        inc_id = s.scalars(select(Incident.id)).one()
        assert change_status(inc_id, "resolved", actor="U1", db_session=s, now=utcnow(), note="ok").changed  # type: ignore[union-attr]
        back = change_status(inc_id, "acknowledged", actor="U2", db_session=s, now=utcnow())
        assert back is not None and not back.changed and back.incident.status == "resolved" and back.by == "U1"
        assert change_status(999, "closed", actor="U1", db_session=s, now=utcnow()) is None
