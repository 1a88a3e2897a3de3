"""Year-over-year comparisons of students (or teachers) of a school, district or the area."""

from __future__ import annotations

import itertools

from handlers import data_texts as T
from handlers.context import Context
from handlers.data_common import note
from handlers.data_scope import follow_ups, resolve, understanding
from handlers.messages import Message, Text
from handlers.turn import Turn
from models import stats
from models.stats import Metric


def handle_compare(turn: Turn, ctx: Context) -> list[Message]:
    """Year-over-year change of students (or teachers) of a school, district or the area."""
    u = understanding(turn, ctx)
    t = resolve(turn, ctx, u, "compare_years")
    if isinstance(t, list):
        return t
    e = u.entities
    metric: Metric = "teachers" if e.metric == "teachers" else "students"
    series = stats.yearly_totals(t.scope, db_session=ctx.db_session, metric=metric,
                                 grades=e.grades if metric == "students" else None)
    what = "ครู" if metric == "teachers" else "นักเรียน" + T.what_label(e.grades, None)
    have = [y for y, _, _ in series]
    wanted = list(e.compare_years) or _years_to_compare(e.academic_year, have)
    missing = [y for y in wanted if y not in have]
    if missing or len(wanted) < 2:
        ctx.note("compare_years", answered=False)
        if not have:
            return [Text(T.NO_DATA_AT_ALL.format(what=what, label=t.label))]
        if len(have) == 1:
            return [Text(T.COMPARE_ONE.format(years=have[0]))]
        return [Text(T.NO_DATA_YEAR.format(what=what, label=t.label, year=", ".join(map(str, missing)), term="",
                                           years=", ".join(map(str, have))))]
    note(ctx, "compare_years", t, metric=metric, years=wanted)
    rows = {y: (term, v) for y, term, v in series}
    lines = [T.COMPARE_TITLE.format(metric=what + (" " if e.grades else ""), label=t.label)]
    lines += [T.COMPARE_LINE.format(year=y, term=rows[y][0], value=rows[y][1]) for y in wanted]
    for a, b in itertools.pairwise(wanted):
        va, vb = rows[a][1], rows[b][1]
        diff = vb - va
        word = T.UP if diff > 0 else T.DOWN if diff < 0 else T.SAME
        pct = 100.0 * diff / va if va else 0.0
        lines.append(T.COMPARE_DIFF.format(a=a, b=b, word=word, diff=abs(diff), pct=pct))
    if stats.any_sample(t.scope, db_session=ctx.db_session):
        lines.append(T.SAMPLE)
    return [Text("\n".join(lines), follow_ups(t, "compare_years"))]


def _years_to_compare(year: int | None, have: list[int]) -> list[int]:
    """One named year is compared with the latest (or, when it is the latest, with the year before)."""
    if year is None:
        return have[-2:]
    if have and year < have[-1]:
        return [year, have[-1]]
    return [year - 1, year]
