"""What every data answer shares: the size thresholds, the interaction note, the "no data" answer."""

from __future__ import annotations

from handlers import data_texts as T
from handlers.context import Context
from handlers.data_follow import remember_answer
from handlers.data_scope import Target
from handlers.messages import Choice, Message, Text
from handlers.turn import Turn
from knowledge.intents import not_in_data
from models import stats
from models.stats import Metric


def thresholds(ctx: Context) -> tuple[int, int, int]:
    """The office's size-class bounds (small, medium, large maxima)."""
    s = ctx.settings
    return s.size_small_max, s.size_medium_max, s.size_large_max


def note(ctx: Context, intent: str, t: Target, **extra: object) -> None:
    """Log an answered data question and remember its subject for follow-ups."""
    ctx.note(intent, answered=True, school=t.school.code if t.school else None,
             district=t.scope.district, **extra)
    ctx.interaction.school_id = t.school.id if t.school else None
    ctx.interaction.district = t.scope.district
    ctx.interaction.ask_rating = True
    remember_answer(ctx, intent, t)  # what a follow-up ("แล้วครูล่ะ") is about


def no_data(ctx: Context, t: Target, what: str, year: int | None, term: int | None,
            metric: Metric = "students") -> list[Message]:
    """No numbers for that year (or at all): say so, offer the latest year."""
    ctx.note(answered=False)
    have = stats.years(t.scope, db_session=ctx.db_session, metric=metric)
    if not have:
        return [Text(T.NO_DATA_AT_ALL.format(what=what, label=t.label))]
    term_txt = f" ภาคเรียนที่ {term}" if term else ""
    listed = ", ".join(str(y) for y in have) if not term else ", ".join(
        f"{y} ภาคเรียนที่ {tm}" for y, tm in stats.periods(t.scope, db_session=ctx.db_session, metric=metric))
    latest = Choice(f"ปี {have[-1]}", text=retry_text(t, what, have[-1]))
    return [Text(T.NO_DATA_YEAR.format(what=what, label=t.label, year=year or have[-1], term=term_txt,
                                       years=listed), (latest,))]


def retry_text(t: Target, what: str, year: int) -> str:
    """The question re-asked for another year."""
    return f"{what}{t.label} ปีการศึกษา {year} มีกี่คน"


def rescue_not_in_data(turn: Turn, ctx: Context) -> list[Message] | None:
    """The rescue route: a question about teachers or students that the data cannot answer ("เงินเดือนครู")
    is told what the data holds, rather than "not understood"."""
    u = ctx.understanding
    if u is None or u.intent != "out_of_scope" or not not_in_data(u.text):
        return None
    ctx.note("out_of_scope", answered=False, not_in_data=True)
    return [Text(T.NOT_IN_DATA)]
