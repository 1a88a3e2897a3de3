"""Fiscal-year aggregations for the annual evaluation report (SQL where volume matters).

A fiscal year B.E. N runs from 1 Oct (N-544) 00:00 to 30 Sep (N-543) 23:59:59 Asia/Bangkok.
Timestamps are stored in UTC, so the boundaries are Bangkok midnights converted to UTC
(17:00 UTC the previous day). Bangkok has kept UTC+7 without daylight saving since 1920, so
a fixed offset is exact and needs no tz database. Months are Bangkok calendar months,
bucketed in SQL with a portable CASE over the 12 UTC month boundaries (one index range scan).

Every function is read-only, takes `db_session` keyword-only and filters by office.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from models.base import DEFAULT_OFFICE
from models.evaluation import Interaction, Rating
from models.incident import Incident
from models.notice import Delivery, Notice
from models.school import School

BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")
WHOLE_SCHOOL_IMPACT = 1
"""Incident.impact of an outage that stops the whole school (ITIL matrix: 1 = whole school)."""
QUESTION_KIND = "text"
"""Interactions of this kind are questions: the answered rate and knowledge gaps count them."""
GAP_SCAN_LIMIT = 5000
"""At most this many distinct unanswered texts (most frequent first) are read for the gap list."""


# --------------------------------------------------------------------------- fiscal calendar

def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime, datetime]:
    """[start, end) of fiscal year B.E. `fiscal_year`, as aware UTC datetimes."""
    start = datetime(fiscal_year - 544, 10, 1, tzinfo=BANGKOK).astimezone(UTC)
    end = datetime(fiscal_year - 543, 10, 1, tzinfo=BANGKOK).astimezone(UTC)
    return start, end


def fiscal_year_of(at: datetime) -> int:
    """The fiscal year (B.E.) an aware instant falls in."""
    local = at.astimezone(BANGKOK)
    return local.year + 543 + (1 if local.month >= 10 else 0)


@dataclass(frozen=True)
class FiscalMonth:
    """One Bangkok calendar month of a fiscal year."""

    year: int  # A.D.
    month: int
    start: datetime  # UTC
    end: datetime  # UTC, exclusive


def fiscal_months(fiscal_year: int) -> list[FiscalMonth]:
    """October … September of the fiscal year, with UTC boundaries."""
    out: list[FiscalMonth] = []
    y, m = fiscal_year - 544, 10
    for _ in range(12):
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append(FiscalMonth(y, m, datetime(y, m, 1, tzinfo=BANGKOK).astimezone(UTC),
                               datetime(ny, nm, 1, tzinfo=BANGKOK).astimezone(UTC)))
        y, m = ny, nm
    return out


def _month_bucket(col: Any, months: Sequence[FiscalMonth]) -> ColumnElement[int]:
    """0..11: the fiscal month of a UTC timestamp column (rows are already within the year)."""
    return case(*[(col < m.end, i) for i, m in enumerate(months[:-1])], else_=len(months) - 1)


# --------------------------------------------------------------------------- usage

@dataclass(frozen=True)
class MonthUsage:
    """Interactions in one month."""

    year: int
    month: int
    interactions: int
    questions: int
    answered: int
    users: int


@dataclass(frozen=True)
class UsageTotals:
    """The year's usage in a few numbers."""

    interactions: int
    questions: int
    answered: int
    users: int
    schools: int
    avg_latency_ms: float

    @property
    def unanswered(self) -> int:
        """Questions the bot could not answer."""
        return self.questions - self.answered

    @property
    def answered_rate(self) -> float | None:
        """Answered questions ÷ questions (None without questions)."""
        return self.answered / self.questions if self.questions else None


@dataclass(frozen=True)
class IntentUsage:
    """Interactions of one intent (None = not recorded)."""

    intent: str | None
    interactions: int
    answered: int


@dataclass(frozen=True)
class SchoolUsage:
    """Interactions attributed to one school (school_id None = unknown school)."""

    school_id: int | None
    code: str
    name: str
    district: str
    interactions: int
    users: int


@dataclass(frozen=True)
class DistrictUsage:
    """Interactions attributed to one district ("" = unknown)."""

    district: str
    interactions: int
    users: int
    schools: int


@dataclass(frozen=True)
class TextCount:
    """A text and how often it was seen."""

    text: str
    count: int


def _window(fiscal_year: int, office_id: str) -> list[ColumnElement[bool]]:
    start, end = fiscal_year_bounds(fiscal_year)
    return [Interaction.office_id == office_id, Interaction.at >= start, Interaction.at < end]


def _question() -> ColumnElement[int]:
    return case((Interaction.kind == QUESTION_KIND, 1), else_=0)


def _answered_question() -> ColumnElement[int]:
    return case((and_(Interaction.kind == QUESTION_KIND, Interaction.answered.is_(True)), 1), else_=0)


def usage_totals(fiscal_year: int, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> UsageTotals:
    """Interactions, questions, answered questions, distinct users and schools in the year."""
    row = db_session.execute(select(
        func.count(Interaction.id), func.coalesce(func.sum(_question()), 0),
        func.coalesce(func.sum(_answered_question()), 0), func.count(distinct(Interaction.user_ref)),
        func.count(distinct(Interaction.school_id)), func.coalesce(func.avg(Interaction.latency_ms), 0),
    ).where(*_window(fiscal_year, office_id))).one()
    return UsageTotals(int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]), float(row[5]))


def usage_by_month(fiscal_year: int, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> list[MonthUsage]:
    """Twelve rows, October first, months without use included."""
    months = fiscal_months(fiscal_year)
    bucket = _month_bucket(Interaction.at, months).label("m")
    rows = db_session.execute(select(
        bucket, func.count(Interaction.id), func.coalesce(func.sum(_question()), 0),
        func.coalesce(func.sum(_answered_question()), 0), func.count(distinct(Interaction.user_ref)),
    ).where(*_window(fiscal_year, office_id)).group_by(bucket)).all()
    got = {int(r[0]): r for r in rows}
    out: list[MonthUsage] = []
    for i, m in enumerate(months):
        r = got.get(i)
        out.append(MonthUsage(m.year, m.month, *(int(v) for v in r[1:]) if r else (0, 0, 0, 0)))
    return out


def usage_by_intent(fiscal_year: int, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> list[IntentUsage]:
    """Interactions per recorded intent, most used first."""
    rows = db_session.execute(select(
        Interaction.intent, func.count(Interaction.id),
        func.coalesce(func.sum(case((Interaction.answered.is_(True), 1), else_=0)), 0),
    ).where(*_window(fiscal_year, office_id)).group_by(Interaction.intent)).all()
    out = [IntentUsage(r[0], int(r[1]), int(r[2])) for r in rows]
    return sorted(out, key=lambda u: (-u.interactions, u.intent or "\uffff"))


def usage_by_school(fiscal_year: int, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> list[SchoolUsage]:
    """Interactions and distinct users per school (the unknown school last), most used first."""
    rows = db_session.execute(select(
        Interaction.school_id, func.count(Interaction.id), func.count(distinct(Interaction.user_ref)),
    ).where(*_window(fiscal_year, office_id)).group_by(Interaction.school_id)).all()
    ids = [int(r[0]) for r in rows if r[0] is not None]
    info = {s.id: s for s in db_session.scalars(select(School).where(School.id.in_(ids)))} if ids else {}
    out: list[SchoolUsage] = []
    for sid, n, users in rows:
        s = info.get(sid) if sid is not None else None
        out.append(SchoolUsage(sid if s else None, s.code if s else "", s.name if s else "",
                               s.district if s else "", int(n), int(users)))
    known = sorted((u for u in out if u.school_id is not None), key=lambda u: (-u.interactions, u.code))
    unknown = [u for u in out if u.school_id is None]
    if len(unknown) > 1:  # a school deleted since: its rows join the unknown ones
        unknown = [SchoolUsage(None, "", "", "", sum(u.interactions for u in unknown), sum(u.users for u in unknown))]
    return known + unknown


def usage_by_district(fiscal_year: int, *, db_session: Session,
                      office_id: str = DEFAULT_OFFICE) -> list[DistrictUsage]:
    """Interactions per district of the school (else the district the question named)."""
    district = func.coalesce(func.nullif(School.district, ""), Interaction.district, "").label("d")
    rows = db_session.execute(select(
        district, func.count(Interaction.id), func.count(distinct(Interaction.user_ref)),
        func.count(distinct(Interaction.school_id)),
    ).select_from(Interaction).outerjoin(School, School.id == Interaction.school_id)
        .where(*_window(fiscal_year, office_id)).group_by(district)).all()
    out = [DistrictUsage(str(r[0] or ""), int(r[1]), int(r[2]), int(r[3])) for r in rows]
    return sorted(out, key=lambda d: (d.district == "", -d.interactions, d.district))


def unanswered_texts(fiscal_year: int, *, db_session: Session, office_id: str = DEFAULT_OFFICE,
                     limit: int = GAP_SCAN_LIMIT) -> list[TextCount]:
    """Unanswered question texts still kept (retention), most frequent first, exact-text groups."""
    rows = db_session.execute(select(Interaction.text, func.count(Interaction.id).label("n")).where(
        *_window(fiscal_year, office_id), Interaction.kind == QUESTION_KIND, Interaction.answered.is_(False),
        Interaction.text.is_not(None),
    ).group_by(Interaction.text).order_by(func.count(Interaction.id).desc(), Interaction.text).limit(limit)).all()
    return [TextCount(str(r[0]), int(r[1])) for r in rows]


# --------------------------------------------------------------------------- satisfaction

LEVELS: tuple[int, ...] = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class Satisfaction:
    """Ratings as Thai government reports show them: count per level, x̄, S.D. (n-1), band."""

    counts: dict[int, int]
    n: int
    mean: Decimal | None  # 2 decimals, half-up
    sd: Decimal | None  # sample standard deviation, 2 decimals; None below two ratings

    @property
    def band(self) -> int | None:
        """The level (5 มากที่สุด … 1 น้อยที่สุด) the mean falls in: 4.51–5.00 → 5, … 1.00–1.50 → 1."""
        return satisfaction_band(self.mean)


def satisfaction_band(mean: Decimal | float | None) -> int | None:
    """4.51–5.00 → 5, 3.51–4.50 → 4, 2.51–3.50 → 3, 1.51–2.50 → 2, 1.00–1.50 → 1 (mean to 2 decimals)."""
    if mean is None:
        return None
    m = Decimal(str(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    for level, floor in ((5, "4.51"), (4, "3.51"), (3, "2.51"), (2, "1.51")):
        if m >= Decimal(floor):
            return level
    return 1


def _two(x: Fraction | float) -> Decimal:
    d = Decimal(repr(x)) if isinstance(x, float) else Decimal(x.numerator) / Decimal(x.denominator)
    return d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def summarize_scores(counts: dict[int, int]) -> Satisfaction:
    """x̄ and S.D. (sample, n-1) of scores given as {score: count}; exact arithmetic, half-up."""
    full = {level: int(counts.get(level, 0)) for level in LEVELS}
    n = sum(full.values())
    if n == 0:
        return Satisfaction(full, 0, None, None)
    total = sum(level * c for level, c in full.items())
    mean = Fraction(total, n)
    sd: Decimal | None = None
    if n > 1:
        var = sum(c * (level - mean) ** 2 for level, c in full.items()) / (n - 1)
        sd = _two(math.sqrt(var))
    return Satisfaction(full, n, _two(mean), sd)


@dataclass(frozen=True)
class SatisfactionReport:
    """All ratings of the year, and split by what was rated."""

    overall: Satisfaction
    answers: Satisfaction
    incidents: Satisfaction


def satisfaction(fiscal_year: int, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> SatisfactionReport:
    """Ratings given in the year (by Rating.at), overall, for answers and for incidents."""
    start, end = fiscal_year_bounds(fiscal_year)
    is_incident = case((Rating.incident_id.is_not(None), 1), else_=0).label("inc")
    rows = db_session.execute(select(is_incident, Rating.score, func.count(Rating.id)).where(
        Rating.office_id == office_id, Rating.at >= start, Rating.at < end, Rating.score.between(1, 5),
    ).group_by(is_incident, Rating.score)).all()
    overall: Counter[int] = Counter()
    answers: Counter[int] = Counter()
    incidents: Counter[int] = Counter()
    for inc, score, n in rows:
        overall[int(score)] += int(n)
        (incidents if inc else answers)[int(score)] += int(n)
    return SatisfactionReport(summarize_scores(overall), summarize_scores(answers), summarize_scores(incidents))


# --------------------------------------------------------------------------- incidents

@dataclass(frozen=True)
class Durations:
    """Median and 90th percentile (nearest rank) of durations in minutes."""

    n: int
    median_min: float | None
    p90_min: float | None


def durations(minutes: Iterable[float]) -> Durations:
    """Median (mean of the middle two) and p90 by nearest rank: the ⌈0.9·n⌉-th smallest value."""
    values = sorted(minutes)
    if not values:
        return Durations(0, None, None)
    p90 = values[max(0, math.ceil(0.9 * len(values)) - 1)]
    return Durations(len(values), float(statistics.median(values)), float(p90))


@dataclass(frozen=True)
class SlaRate:
    """Tickets whose deadline has passed or that were handled: met / (met + missed)."""

    met: int
    missed: int
    pending: int

    @property
    def rate(self) -> float | None:
        """Share met (None when nothing is due yet)."""
        return self.met / (self.met + self.missed) if self.met + self.missed else None


@dataclass(frozen=True)
class SchoolAvailability:
    """Estimated network availability of one school over the year (so far)."""

    school_id: int
    code: str
    name: str
    district: str
    outages: int
    downtime_min: float
    availability: float


@dataclass(frozen=True)
class IncidentReport:
    """Incidents opened in the year."""

    total: int
    by_category: list[tuple[str, int]]
    by_priority: list[tuple[int, int]]
    by_status: list[tuple[str, int]]
    by_school: list[tuple[int | None, str, str, int]]  # school id, code, name, count
    ack: Durations
    resolve: Durations
    sla_ack: SlaRate
    sla_resolve: SlaRate
    period_min: float
    availability: list[SchoolAvailability] = field(default_factory=list)

    @property
    def mean_availability(self) -> float | None:
        """Average availability over the schools listed."""
        return sum(a.availability for a in self.availability) / len(self.availability) if self.availability else None


def _first(*values: datetime | None) -> datetime | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _minutes(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 60.0


def incidents_report(fiscal_year: int, *, db_session: Session, as_of: datetime,
                     ack_minutes: Callable[[int], int], resolve_hours: Callable[[int], int],
                     office_id: str = DEFAULT_OFFICE) -> IncidentReport:
    """Counts, time to acknowledge/resolve, SLA met and availability for the year's incidents.

    Acknowledged = the first staff action (acknowledged, in progress, resolved or closed);
    resolved = resolved, else closed. A ticket counts for an SLA once it was handled or its
    deadline passed before `as_of` (capped at the year's end); others are pending.
    """
    start, end = fiscal_year_bounds(fiscal_year)
    cutoff = min(as_of, end)
    rows = db_session.execute(select(
        Incident.id, Incident.category, Incident.priority, Incident.status, Incident.school_id, Incident.opened_at,
        Incident.acknowledged_at, Incident.in_progress_at, Incident.resolved_at, Incident.closed_at,
    ).where(Incident.office_id == office_id, Incident.opened_at >= start, Incident.opened_at < end)).all()
    cats: Counter[str] = Counter()
    prios: Counter[int] = Counter()
    statuses: Counter[str] = Counter()
    schools: Counter[int | None] = Counter()
    ack_t: list[float] = []
    res_t: list[float] = []
    ack_sla = [0, 0, 0]
    res_sla = [0, 0, 0]
    for _id, cat, prio, status, school_id, opened, acked, progress, resolved, closed in rows:
        cats[cat] += 1
        prios[int(prio)] += 1
        statuses[status] += 1
        schools[school_id] += 1
        first_action = _first(acked, progress, resolved, closed)
        done = resolved or closed
        if first_action is not None:
            ack_t.append(_minutes(opened, first_action))
        if done is not None:
            res_t.append(_minutes(opened, done))
        _sla(ack_sla, opened, first_action, timedelta(minutes=ack_minutes(int(prio))), cutoff)
        _sla(res_sla, opened, done, timedelta(hours=resolve_hours(int(prio))), cutoff)
    ids = [s for s in schools if s is not None]
    info = {s.id: s for s in db_session.scalars(select(School).where(School.id.in_(ids)))} if ids else {}
    by_school = sorted(((sid, info[sid].code if sid in info else "", info[sid].name if sid in info else "", n)
                        for sid, n in schools.items()), key=lambda r: (r[0] is None, -r[3], r[1]))
    period = max(0.0, _minutes(start, cutoff))
    return IncidentReport(
        total=len(rows),
        by_category=sorted(cats.items(), key=lambda kv: (-kv[1], kv[0])),
        by_priority=sorted(prios.items()),
        by_status=sorted(statuses.items(), key=lambda kv: (-kv[1], kv[0])),
        by_school=by_school,
        ack=durations(ack_t), resolve=durations(res_t),
        sla_ack=SlaRate(*ack_sla), sla_resolve=SlaRate(*res_sla),
        period_min=period,
        availability=school_availability(start, cutoff, db_session=db_session, office_id=office_id),
    )


def _sla(acc: list[int], opened: datetime, done: datetime | None, allowed: timedelta, cutoff: datetime) -> None:
    deadline = opened + allowed
    if done is not None and done <= deadline:
        acc[0] += 1
    elif done is not None or deadline < cutoff:
        acc[1] += 1
    else:
        acc[2] += 1


def school_availability(start: datetime, end: datetime, *, db_session: Session,
                        office_id: str = DEFAULT_OFFICE) -> list[SchoolAvailability]:
    """1 − downtime ÷ period for every school; downtime = union of whole-school outages
    (open → resolved, still open = until `end`) clipped to [start, end)."""
    period = _minutes(start, end) if end > start else 0.0
    done = func.coalesce(Incident.resolved_at, Incident.closed_at)
    rows = db_session.execute(select(Incident.school_id, Incident.opened_at, Incident.resolved_at,
                                     Incident.closed_at).where(
        Incident.office_id == office_id, Incident.impact == WHOLE_SCHOOL_IMPACT, Incident.school_id.is_not(None),
        Incident.opened_at < end, or_(done.is_(None), done > start))).all()
    spans: dict[int, list[tuple[datetime, datetime]]] = {}
    outages: Counter[int] = Counter()
    for sid, opened, resolved, closed in rows:
        if sid is None:
            continue
        outages[sid] += 1
        a, b = max(opened, start), min(resolved or closed or end, end)
        if b > a:
            spans.setdefault(sid, []).append((a, b))
    out: list[SchoolAvailability] = []
    for s in db_session.scalars(select(School).where(School.office_id == office_id).order_by(School.code)):
        merged = _merge(spans.get(s.id, []))
        down = sum(_minutes(a, b) for a, b in merged)
        avail = 1.0 - down / period if period else 1.0
        out.append(SchoolAvailability(s.id, s.code, s.name, s.district, outages[s.id], down, avail))
    return out


def _merge(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    out: list[tuple[datetime, datetime]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# --------------------------------------------------------------------------- notices

@dataclass(frozen=True)
class NoticeReport:
    """Notices whose sending started in the year."""

    notices: int
    recipients: int
    delivered: int
    failed: int
    blocked: int
    batches: int
    batches_sent: int
    by_month: list[int]

    @property
    def delivered_rate(self) -> float | None:
        """Delivered ÷ recipients."""
        return self.delivered / self.recipients if self.recipients else None


def notices_report(fiscal_year: int, *, db_session: Session, office_id: str = DEFAULT_OFFICE) -> NoticeReport:
    """Sent notices (sending started in the year): recipients, delivered, failed, no longer following
    (blocked), multicast batches, and notices per month."""
    start, end = fiscal_year_bounds(fiscal_year)
    months = fiscal_months(fiscal_year)
    window = [Notice.office_id == office_id, Notice.started_at.is_not(None), Notice.started_at >= start,
              Notice.started_at < end]
    bucket = _month_bucket(Notice.started_at, months).label("m")
    rows = db_session.execute(select(
        bucket, func.count(Notice.id), func.coalesce(func.sum(Notice.recipients), 0),
        func.coalesce(func.sum(Notice.sent), 0), func.coalesce(func.sum(Notice.failed), 0),
        func.coalesce(func.sum(Notice.blocked), 0),
    ).where(*window).group_by(bucket)).all()
    per = [0] * 12
    totals = [0, 0, 0, 0, 0]
    for m, *values in rows:
        per[int(m)] = int(values[0])
        for i, v in enumerate(values):
            totals[i] += int(v)
    b = db_session.execute(select(func.count(Delivery.id),
                                  func.coalesce(func.sum(case((Delivery.status == "sent", 1), else_=0)), 0))
                           .join(Notice, Notice.id == Delivery.notice_id).where(*window)).one()
    notices, recipients, delivered, failed, blocked = totals
    return NoticeReport(notices, recipients, delivered, failed, blocked, int(b[0]), int(b[1]), per)
