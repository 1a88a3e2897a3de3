"""The figures of one fiscal year's evaluation report, gathered once and written as XLSX/PDF/card."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from handlers.report import texts as T
from knowledge.normalize import normalize
from models import report_queries as q
from models.base import utcnow

if TYPE_CHECKING:
    from bot.settings import Settings

GAP_TOP = 30
"""How many of the most frequent unanswered questions the report lists."""
_GAP_TRIM = " ?!.,~…ๆ"


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: label, value (number or text) and how to show it."""

    label: str
    value: int | float | str | None
    kind: str = "int"  # int | float | pct | dec2 | text

    @property
    def shown(self) -> str:
        """The value as the report prints it (separators, %, 2 decimals)."""
        v = self.value
        if v is None:
            return T.NO_DATA
        if self.kind == "pct":
            return T.pct(float(v))
        if self.kind == "dec2":
            return T.dec2(float(v))
        if self.kind == "float":
            return f"{float(v):,.1f}"
        if self.kind == "int":
            return T.num(int(v))
        return str(v)


@dataclass(frozen=True)
class ReportData:
    """Everything the workbook, the PDF and the chat card show for one fiscal year."""

    fiscal_year: int
    office_name: str
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive
    generated_at: datetime
    retention_days: int
    sla_ack_minutes: tuple[int, ...]
    sla_resolve_hours: tuple[int, ...]
    totals: q.UsageTotals
    months: list[q.MonthUsage]
    intents: list[q.IntentUsage]
    schools: list[q.SchoolUsage]
    districts: list[q.DistrictUsage]
    gaps: list[q.TextCount]
    satisfaction: q.SatisfactionReport
    incidents: q.IncidentReport
    notices: q.NoticeReport

    @property
    def last_day(self) -> datetime:
        """The year's last instant (30 Sep 23:59:59 Bangkok)."""
        return self.end - timedelta(seconds=1)

    @property
    def period_text(self) -> str:
        """1 ต.ค. 2569 – 30 ก.ย. 2570"""
        return f"{T.thai_date(self.start)} – {T.thai_date(self.last_day)}"

    def key_figures(self) -> list[KeyFigure]:
        """The headline numbers, in the order the summary shows them."""
        t, s, i, n = self.totals, self.satisfaction.overall, self.incidents, self.notices
        return [
            KeyFigure(T.K_INTERACTIONS, t.interactions),
            KeyFigure(T.K_QUESTIONS, t.questions),
            KeyFigure(T.K_ANSWERED, t.answered),
            KeyFigure(T.K_UNANSWERED, t.unanswered),
            KeyFigure(T.K_ANSWERED_RATE, t.answered_rate, "pct"),
            KeyFigure(T.K_USERS, t.users),
            KeyFigure(T.K_SCHOOLS, t.schools),
            KeyFigure(T.K_LATENCY, round(t.avg_latency_ms, 1), "float"),
            KeyFigure(T.K_RATINGS, s.n),
            KeyFigure(T.K_MEAN, float(s.mean) if s.mean is not None else None, "dec2"),
            KeyFigure(T.K_SD, float(s.sd) if s.sd is not None else None, "dec2"),
            KeyFigure(T.K_LEVEL, T.level_label(s.band) if s.band else None, "text"),
            KeyFigure(T.K_INCIDENTS, i.total),
            KeyFigure(T.K_ACK_MEDIAN, i.ack.median_min, "float"),
            KeyFigure(T.K_ACK_P90, i.ack.p90_min, "float"),
            KeyFigure(T.K_RES_MEDIAN, i.resolve.median_min, "float"),
            KeyFigure(T.K_RES_P90, i.resolve.p90_min, "float"),
            KeyFigure(T.K_SLA_ACK, i.sla_ack.rate, "pct"),
            KeyFigure(T.K_SLA_RES, i.sla_resolve.rate, "pct"),
            KeyFigure(T.K_AVAILABILITY, i.mean_availability, "pct"),
            KeyFigure(T.K_NOTICES, n.notices),
            KeyFigure(T.K_RECIPIENTS, n.recipients),
            KeyFigure(T.K_DELIVERED, n.delivered),
            KeyFigure(T.K_DELIVERED_RATE, n.delivered_rate, "pct"),
        ]


def gap_key(text: str) -> str:
    """What makes two unanswered questions "the same": normalised, no spaces or end punctuation."""
    return normalize(text).strip(_GAP_TRIM).replace(" ", "")


def merge_gaps(rows: list[q.TextCount], top: int = GAP_TOP) -> list[q.TextCount]:
    """Group exact-text counts by normalised form; show the commonest normalised spelling of each."""
    totals: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for r in rows:
        key = gap_key(r.text)
        if not key:
            continue
        totals[key] += r.count
        spellings.setdefault(key, Counter())[normalize(r.text).strip(_GAP_TRIM)] += r.count
    shown = {k: min(c.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] for k, c in spellings.items()}
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1], shown[kv[0]]))
    return [q.TextCount(shown[k], n) for k, n in ordered[:top]]


def _ints(csv: str) -> tuple[int, ...]:
    return tuple(int(v) for v in csv.split(",") if v.strip())


def build_report(fiscal_year: int, *, db_session: Session, settings: Settings,
                 now: datetime | None = None) -> ReportData:
    """Gather the year's figures from the database (a handful of aggregate queries)."""
    office = settings.office_id
    as_of = now or utcnow()
    start, end = q.fiscal_year_bounds(fiscal_year)
    return ReportData(
        fiscal_year=fiscal_year, office_name=settings.office_name, start=start, end=end, generated_at=as_of,
        retention_days=settings.interaction_retention_days,
        sla_ack_minutes=_ints(settings.sla_ack_minutes), sla_resolve_hours=_ints(settings.sla_resolve_hours),
        totals=q.usage_totals(fiscal_year, db_session=db_session, office_id=office),
        months=q.usage_by_month(fiscal_year, db_session=db_session, office_id=office),
        intents=q.usage_by_intent(fiscal_year, db_session=db_session, office_id=office),
        schools=q.usage_by_school(fiscal_year, db_session=db_session, office_id=office),
        districts=q.usage_by_district(fiscal_year, db_session=db_session, office_id=office),
        gaps=merge_gaps(q.unanswered_texts(fiscal_year, db_session=db_session, office_id=office)),
        satisfaction=q.satisfaction(fiscal_year, db_session=db_session, office_id=office),
        incidents=q.incidents_report(fiscal_year, db_session=db_session, as_of=as_of,
                                     ack_minutes=settings.sla_ack_for, resolve_hours=settings.sla_resolve_for,
                                     office_id=office),
        notices=q.notices_report(fiscal_year, db_session=db_session, office_id=office),
    )
