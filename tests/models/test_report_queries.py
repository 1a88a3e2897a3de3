"""Fiscal-year aggregations on both backends: boundaries in Asia/Bangkok, every figure by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from bot.settings import Settings
from models import report_queries as q
from models.evaluation import add_rating
from tests.models.report_year import AS_OF, EXPECTED, FY, YEAR_MINUTES, open_session, seed, z


@pytest.fixture
def db(settings: Settings) -> Iterator[Session]:
    with open_session(settings) as s:
        seed(s)
        s.commit()
        yield s


def test_fiscal_year_bounds_are_bangkok_midnights() -> None:
    start, end = q.fiscal_year_bounds(2570)
    assert start == datetime(2026, 9, 30, 17, 0, tzinfo=UTC)
    assert end == datetime(2027, 9, 30, 17, 0, tzinfo=UTC)
    assert q.fiscal_year_of(z("2026-09-30 16:59:59")) == 2569
    assert q.fiscal_year_of(z("2026-09-30 17:00:00")) == 2570
    assert q.fiscal_year_of(z("2027-09-30 16:59:59")) == 2570
    months = q.fiscal_months(2570)
    assert [(m.year, m.month) for m in months][:3] == [(2026, 10), (2026, 11), (2026, 12)]
    assert months[1].start == datetime(2026, 10, 31, 17, 0, tzinfo=UTC)
    assert months[-1].end == end
    assert sum((m.end - m.start).days for m in months) == 365


def test_satisfaction_bands_and_rounding() -> None:
    assert q.satisfaction_band(Decimal("4.51")) == 5
    assert q.satisfaction_band(Decimal("4.50")) == 4
    assert q.satisfaction_band(3.51) == 4
    assert q.satisfaction_band(3.5) == 3
    assert q.satisfaction_band(2.505) == 3  # shown as 2.51 (half-up)
    assert q.satisfaction_band(1.5) == 1
    assert q.satisfaction_band(None) is None
    s = q.summarize_scores({5: 1})
    assert (s.n, s.mean, s.sd, s.band) == (1, Decimal("5.00"), None, 5)
    assert q.durations([]).median_min is None
    d = q.durations(range(1, 11))
    assert (d.median_min, d.p90_min) == (5.5, 9.0)


def test_usage(db: Session) -> None:
    t = q.usage_totals(FY, db_session=db)
    e = EXPECTED
    assert (t.interactions, t.questions, t.answered, t.unanswered, t.users, t.schools) == (
        e["interactions"], e["questions"], e["answered"], e["unanswered"], e["users"], e["schools_reached"])
    assert t.answered_rate == pytest.approx(3 / 9)
    assert t.avg_latency_ms == pytest.approx(e["avg_latency"])
    months = q.usage_by_month(FY, db_session=db)
    assert (months[0].year, months[0].month) == (2026, 10)
    assert [(m.interactions, m.questions, m.answered, m.users) for m in months] == e["months"]
    assert [(i.intent, i.interactions, i.answered) for i in q.usage_by_intent(FY, db_session=db)] == e["intents"]
    assert [(s.code, s.name, s.district, s.interactions, s.users)
            for s in q.usage_by_school(FY, db_session=db)] == e["schools"]
    assert [(d.district, d.interactions, d.users, d.schools)
            for d in q.usage_by_district(FY, db_session=db)] == e["districts"]
    gaps = {(g.text, g.count) for g in q.unanswered_texts(FY, db_session=db)}
    assert gaps == {("ห้องน้ำอยู่ไหนคะ", 1), ("ห้องน้ำ อยู่ไหน ครับ", 1), ("ห้องน้ำอยู่ไหน??", 1), ("ราคาทองวันนี้", 2)}


def test_other_years_and_offices_are_separate(db: Session) -> None:
    assert q.usage_totals(2569, db_session=db).interactions == 1
    assert q.usage_totals(2571, db_session=db).interactions == 1
    assert q.usage_totals(FY, db_session=db, office_id="other").interactions == 1
    assert q.satisfaction(2569, db_session=db).overall.n == 1
    assert q.satisfaction(FY, db_session=db, office_id="other").overall.counts[1] == 1


def test_satisfaction(db: Session) -> None:
    r = q.satisfaction(FY, db_session=db)
    for got, key in ((r.overall, "overall"), (r.answers, "answers"), (r.incidents, "incident_ratings")):
        counts, n, mean, sd, band = EXPECTED[key]
        assert tuple(got.counts[lv] for lv in (5, 4, 3, 2, 1)) == counts
        assert (got.n, str(got.mean), str(got.sd), got.band) == (n, mean, sd, band)


def test_incidents(db: Session, settings: Settings) -> None:
    r = q.incidents_report(FY, db_session=db, as_of=AS_OF, ack_minutes=settings.sla_ack_for,
                           resolve_hours=settings.sla_resolve_for)
    e = EXPECTED
    assert r.total == e["incidents"]
    assert r.by_category == e["by_category"]
    assert r.by_priority == e["by_priority"]
    assert r.by_status == e["by_status"]
    assert [(code, n) for _id, code, _name, n in r.by_school] == e["by_school"]
    assert (r.ack.n, r.ack.median_min, r.ack.p90_min) == e["ack"]
    assert (r.resolve.n, r.resolve.median_min, r.resolve.p90_min) == e["resolve"]
    assert (r.sla_ack.met, r.sla_ack.missed, r.sla_ack.pending) == e["sla_ack"]
    assert (r.sla_resolve.met, r.sla_resolve.missed, r.sla_resolve.pending) == e["sla_resolve"]
    assert r.sla_ack.rate == pytest.approx(0.6) and r.sla_resolve.rate == pytest.approx(0.4)
    assert r.period_min == YEAR_MINUTES
    got = {a.code: (a.outages, a.downtime_min, a.availability) for a in r.availability}
    for code, (outages, down) in e["availability"].items():
        assert got[code][:2] == (outages, down)
        assert got[code][2] == pytest.approx(1 - down / YEAR_MINUTES)


def test_incidents_mid_year_count_only_elapsed_time(db: Session, settings: Settings) -> None:
    mid = z("2027-03-11 00:00:00")  # I3 (whole school, S2) opened 24 h before and not resolved yet then
    r = q.incidents_report(FY, db_session=db, as_of=mid, ack_minutes=settings.sla_ack_for,
                           resolve_hours=settings.sla_resolve_for)
    start, _ = q.fiscal_year_bounds(FY)
    period = (mid - start).total_seconds() / 60
    assert r.period_min == period
    s2 = next(a for a in r.availability if a.code == "1002")
    assert s2.downtime_min == 24 * 60
    assert s2.availability == pytest.approx(1 - 1440 / period)


def test_notices(db: Session) -> None:
    n = q.notices_report(FY, db_session=db)
    assert (n.notices, n.recipients, n.delivered, n.failed, n.blocked, n.batches, n.batches_sent) == EXPECTED["notices"]
    assert n.by_month == EXPECTED["notices_by_month"]
    assert n.delivered_rate == pytest.approx(1235 / 1250)


def test_empty_year(db: Session, settings: Settings) -> None:
    assert q.usage_totals(2580, db_session=db).answered_rate is None
    assert [m.interactions for m in q.usage_by_month(2580, db_session=db)] == [0] * 12
    assert q.satisfaction(2580, db_session=db).overall.mean is None
    r = q.incidents_report(2580, db_session=db, as_of=AS_OF, ack_minutes=settings.sla_ack_for,
                           resolve_hours=settings.sla_resolve_for)
    assert r.total == 0 and r.sla_ack.rate is None and r.period_min == 0
    assert q.notices_report(2580, db_session=db).delivered_rate is None


def test_rating_is_stored_once_per_ref(db: Session) -> None:
    first = add_rating("ev-1", 4, db_session=db)
    assert first is not None
    assert add_rating("ev-1", 1, db_session=db) is None
    db.commit()
    assert q.satisfaction(q.fiscal_year_of(first.at), db_session=db).overall.counts[4] >= 1
    with pytest.raises(ValueError):
        add_rating("ev-2", 6, db_session=db)


