"""Data answers: students, teachers, numbers of schools, school cards, lists, rankings, year comparisons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import data_texts as T
from handlers.context import Context
from handlers.data_asks import also_teachers, rescue_two_asks
from handlers.data_common import no_data as _no_data
from handlers.data_common import note as _note
from handlers.data_common import rescue_not_in_data
from handlers.data_common import thresholds as _thresholds
from handlers.data_compare import handle_compare
from handlers.data_difference import SIDE_INTENTS, rescue_districts_by_schools, with_sides
from handlers.data_follow import asks_share, following, rescue_follow_up
from handlers.data_multi import per_school_lines, rank_title, several_info, teacher_lines
from handlers.data_scope import (
    Target,
    area_target,
    asks_which_district,
    canonical_query,
    follow_ups,
    resolve,
    school_target,
    size_of,
    term_of,
    top_n,
    understanding,
)
from handlers.messages import Choice, Message, Text
from handlers.router import Handler, Router
from handlers.school_cards import CardFacts, address, school_card, school_list
from handlers.school_lookup import warm_lookups
from handlers.turn import Turn
from models import stats
from models.stats import Metric, StudentCount

if TYPE_CHECKING:
    from knowledge.understand import Understanding

THRESHOLD = 0.5
"""The understanding calibrates confidence: 0.5 and above is a clear question; below, the fallback asks again."""


def _scope_header(t: Target, ctx: Context, schools_with_data: int) -> list[str]:
    head = t.label + (f" (อ.{t.school.district})" if t.school is not None and t.school.district else "")
    lines = [head]
    if t.kind != "school":
        total = stats.school_count(t.scope, db_session=ctx.db_session)
        if schools_with_data < total:
            lines.append(T.SCHOOLS_WITH_DATA.format(n=schools_with_data, total=total))
    return lines


def _size_line(total: int, ctx: Context) -> str:
    name = stats.size_class(total, _thresholds(ctx))
    low, high = stats.size_range(name, _thresholds(ctx))
    return T.SIZE.format(name=name, low=low, high=f"–{high:,}" if high else "+")


def _student_lines(c: StudentCount, u: Understanding, t: Target, ctx: Context) -> list[str]:
    e = u.entities
    grades = e.grades
    lines = []
    if e.gender:
        n = c.male if e.gender == "male" else c.female
        lines.append(T.STUDENTS_LINE.format(what=T.what_label(grades, e.gender), n=n))
        of_all = T.OF_ALL_SHARE if c.total else T.OF_ALL  # one sex's share is always worth saying
        lines.append(of_all.format(grades=T.grades_label(grades), total=c.total, pct=100.0 * n / (c.total or 1)))
    else:
        lines.append(T.STUDENTS_LINE.format(what=T.grades_label(grades) or "ทั้งหมด", n=c.total))
        split = T.GENDER_SPLIT_SHARE if c.total and asks_share(u.text) else T.GENDER_SPLIT
        lines.append(split.format(male=c.male, female=c.female, pm=100.0 * c.male / (c.total or 1),
                                  pf=100.0 * c.female / (c.total or 1)))
    if len(c.by_grade) > 1 and ("grade" in e.breakdown or (grades and len(grades) > 1)):
        lines += [T.GRADE_LINE.format(grade=g, total=m + f, male=m, female=f) for g, (m, f) in c.by_grade.items()]
    if t.kind == "school" and not grades and not e.gender and c.total:
        lines.append(_size_line(c.total, ctx))
    return lines


def handle_students(turn: Turn, ctx: Context) -> list[Message]:
    """How many students (by grade, gender, year/term) a school, district or the area has."""
    u = understanding(turn, ctx)
    t = resolve(turn, ctx, u, "student_count")
    if isinstance(t, list):
        return t
    e = u.entities
    term = term_of(turn.text or "")
    c = stats.student_count(t.scope, db_session=ctx.db_session, year=e.academic_year, term=term, grades=e.grades)
    if c is None:
        return _no_data(ctx, t, "นักเรียน", e.academic_year, term)
    _note(ctx, "student_count", t, year=c.year, term=c.term, grades=list(e.grades or ()), gender=e.gender)
    lines = [*_scope_header(t, ctx, c.schools), *per_school_lines(t, ctx, u, c.year, c.term),
             *_student_lines(c, u, t, ctx), *(teacher_lines(t, ctx, c.year, c.term) if also_teachers(u) else ()),
             T.period_line(c.year, c.term), *T.source_lines(c.provenance)]
    return [Text("\n".join(lines), follow_ups(t, "student_count"))]


def handle_teachers(turn: Turn, ctx: Context) -> list[Message]:
    """How many teachers a school, district or the area has (and students per teacher)."""
    u = understanding(turn, ctx)
    t = resolve(turn, ctx, u, "teacher_count")
    if isinstance(t, list):
        return t
    e = u.entities
    term = term_of(turn.text or "")
    tc = stats.teacher_count(t.scope, db_session=ctx.db_session, year=e.academic_year, term=term)
    if tc is None:
        return _no_data(ctx, t, "ครู", e.academic_year, term, metric="teachers")
    _note(ctx, "teacher_count", t, year=tc.year, term=tc.term)
    lines = [*_scope_header(t, ctx, tc.schools), *per_school_lines(t, ctx, u, tc.year, tc.term, "teachers"),
             T.TEACHERS_LINE.format(n=tc.teachers)]
    sc = stats.student_count(t.scope, db_session=ctx.db_session, year=tc.year, term=tc.term)
    if sc is not None and tc.teachers:
        lines.append(T.RATIO.format(students=sc.total, ratio=sc.total / tc.teachers))
    lines += [T.period_line(tc.year, tc.term), *T.source_lines(tc.provenance)]
    return [Text("\n".join(lines), follow_ups(t, "teacher_count"))]


def handle_school_count(turn: Turn, ctx: Context) -> list[Message]:
    """How many schools a district (or the area) has, with their names or the count per district."""
    u = understanding(turn, ctx)
    t = resolve(turn, ctx, u, "school_count")
    if isinstance(t, list):
        return t
    if t.kind == "school":
        t = _district_of(t, ctx)
    size = size_of(turn.text or "")
    if size:
        return _sized(t, size, ctx, "school_count")
    n = stats.school_count(t.scope, db_session=ctx.db_session)
    _note(ctx, "school_count", t, schools=n)
    label = "" if t.kind == "area" else t.label
    lines = [(T.AREA if t.kind == "area" else "") + T.SCHOOL_COUNT.format(label=label, n=n)]
    if t.kind == "area":
        lines += [T.DISTRICT_LINE.format(district=d, n=k) for d, k in
                  stats.district_counts(t.scope, db_session=ctx.db_session)[:30]]
    else:
        lines += [f"• {s.name}" for s in stats.list_schools(t.scope, db_session=ctx.db_session, limit=30)]
    if stats.any_sample(t.scope, db_session=ctx.db_session):
        lines.append(T.SAMPLE)
    return [Text("\n".join(lines), follow_ups(t, "school_count"))]


def _sized(t: Target, size: str, ctx: Context, intent: str) -> list[Message]:
    """Schools of one size class (by the latest students) in the target, counted and listed."""
    totals = _latest_totals(t, ctx)
    th = _thresholds(ctx)
    schools = [s for s in stats.list_schools(t.scope, db_session=ctx.db_session)
               if s.id in totals and stats.size_class(totals[s.id], th) == size]
    _note(ctx, intent, t, size=size, schools=len(schools))
    low, high = stats.size_range(size, th)
    where = "เขตพื้นที่" if t.kind == "area" else t.label
    lines = [T.SIZED_COUNT.format(size=size, where=where, n=len(schools), low=low,
                                  high=f"–{high:,}" if high else "+")]
    lines += [f"• {s.name} ({totals[s.id]:,} คน)" for s in schools[:40]]
    if any(s.is_sample for s in schools):
        lines.append(T.SAMPLE)
    return [Text("\n".join(lines), follow_ups(t, intent))]


def _district_of(t: Target, ctx: Context) -> Target:
    if t.school is None or not t.school.district:
        return area_target(ctx)
    return Target("district", stats.Scope(t.scope.office_id, district=t.school.district), f"อำเภอ{t.school.district}")


def _latest_totals(t: Target, ctx: Context) -> dict[int, int]:
    """school id -> students in the scope's latest period."""
    _, ranked, _ = stats.rank_schools(t.scope, db_session=ctx.db_session, limit=10_000)
    return {r.school_id: r.value for r in ranked}


def card(s_target: Target, ctx: Context) -> list[Message]:
    """The school's Flex card with the latest students, teachers and size class."""
    s = s_target.school
    assert s is not None
    sc = stats.student_count(s_target.scope, db_session=ctx.db_session)
    tc = stats.teacher_count(s_target.scope, db_session=ctx.db_session)
    facts = CardFacts(
        students=sc.total if sc else None, teachers=tc.teachers if tc else None,
        size=stats.size_class(sc.total, _thresholds(ctx)) if sc and sc.total else None,
        period=T.period_line(sc.year, sc.term) if sc else None,
        source=tuple(x for x in T.source_lines(sc.provenance) if x != T.SAMPLE) if sc else (),
        sample=s.is_sample)
    return [school_card(s, facts, follow_ups(s_target, "school_info"))]


def handle_info(turn: Turn, ctx: Context) -> list[Message]:
    """A school's phone, principal, e-mail, address or code — or its whole card."""
    u = understanding(turn, ctx)
    t = resolve(turn, ctx, u, "school_info", need_school=True)
    if isinstance(t, list):
        return t
    e = u.entities
    if t.kind == "schools":
        return several_info(t, ctx, [f for f in (e.fields or (e.metric or "",)) if f in T.FIELD_ANSWER])
    if t.school is None:
        return _list(t, ctx)
    s = t.school
    if e.lookup is not None:  # found by its code, phone, e-mail or principal: the whole card
        _note(ctx, "school_info", t, lookup=e.lookup[0])
        return card(t, ctx)
    if "ขนาด" in (turn.text or ""):
        return _size_answer(t, ctx)
    fields = [f for f in (e.fields or (e.metric or "",)) if f in T.FIELD_ANSWER]
    _note(ctx, "school_info", t, field=fields[0] if len(fields) == 1 else fields or e.metric)
    if not fields:
        return card(t, ctx)
    values = {"phone": s.phone, "email": s.email, "principal": s.principal, "address": address(s), "code": s.code}
    if not any(values[f] for f in fields):
        missing = "และ".join(T.FIELD_NAMES[f] for f in fields)
        return [Text(T.FIELD_MISSING.format(field=missing, name=s.name)), *card(t, ctx)]
    if len(fields) == 1:
        lines = [T.FIELD_ANSWER[fields[0]].format(name=s.name, value=values[fields[0]])]
    else:
        lines = [f"โรงเรียน{s.name}"]
        lines += [T.FIELD_LINE[f].format(value=values[f]) if values[f]
                  else T.FIELD_MISSING.format(field=T.FIELD_NAMES[f], name=s.name) for f in fields]
    if s.is_sample:
        lines.append(T.SAMPLE)
    return [Text("\n".join(lines), follow_ups(t, "school_info"))]


def _size_answer(t: Target, ctx: Context) -> list[Message]:
    """A school's size class by its latest number of students."""
    assert t.school is not None
    sc = stats.student_count(t.scope, db_session=ctx.db_session)
    if sc is None or not sc.total:
        return _no_data(ctx, t, "นักเรียน", None, None)
    _note(ctx, "school_info", t, field="size")
    name = stats.size_class(sc.total, _thresholds(ctx))
    lines = [T.SIZE_ANSWER.format(name=t.school.name, size=name, n=sc.total), _size_line(sc.total, ctx),
             T.period_line(sc.year, sc.term), *T.source_lines(sc.provenance)]
    return [Text("\n".join(lines), follow_ups(t, "school_info"))]


def handle_list(turn: Turn, ctx: Context) -> list[Message]:
    """The schools of a district, subdistrict or the whole area as a Flex list."""
    u = understanding(turn, ctx)
    t = resolve(turn, ctx, u, "school_list")
    if isinstance(t, list):
        return t
    if t.kind == "school":
        _note(ctx, "school_info", t)
        return card(t, ctx)
    size = size_of(turn.text or "")
    return _sized(t, size, ctx, "school_list") if size else _list(t, ctx)


def _list(t: Target, ctx: Context) -> list[Message]:
    schools = stats.list_schools(t.scope, db_session=ctx.db_session)
    if not schools:
        ctx.note("school_list", answered=False)
        return [Text(T.NO_SCHOOLS)]
    _note(ctx, "school_list", t, schools=len(schools))
    totals = _latest_totals(t, ctx)
    items = [(s, totals.get(s.id)) for s in schools]
    note = "ข้อมูลตัวอย่าง" if any(s.is_sample for s in schools) else ""
    title = T.LIST_TITLE.format(label=_where(t), n=len(schools))
    choices: tuple[Choice, ...] = ()
    if t.kind == "area":
        choices = tuple(Choice(f"อ.{d}"[:20], text=f"รายชื่อโรงเรียนอำเภอ{d}")
                        for d, _ in stats.district_counts(t.scope, db_session=ctx.db_session)[:13])
    msgs: list[Message] = [school_list(title, items, len(schools), note, choices)]
    if len(schools) > 120:
        msgs.append(Text(T.LIST_MORE.format(n=len(schools) - 120)))
    return msgs


def handle_ranking(turn: Turn, ctx: Context) -> list[Message]:
    """The largest or smallest schools (by students, or teachers) of a district or the area."""
    u = understanding(turn, ctx)
    t = resolve(turn, ctx, u, "ranking")
    if isinstance(t, list):
        return t
    if t.kind == "school":
        t = _district_of(t, ctx)
    e = u.entities
    metric: Metric = "teachers" if e.metric == "teachers" else "students"
    largest = e.ranking != "smallest"
    if asks_which_district(turn.text or "") and t.kind == "area":
        return _rank_districts(t, ctx, metric, largest, e.academic_year)
    period, top, n = stats.rank_schools(t.scope, db_session=ctx.db_session, metric=metric, largest=largest,
                                        year=e.academic_year, term=term_of(turn.text or ""), grades=e.grades,
                                        limit=top_n(turn.text or ""))
    what = "ครู" if metric == "teachers" else "นักเรียน" + T.grades_label(e.grades)
    if period is None or not top:
        return _no_data(ctx, t, what, e.academic_year, None, metric=metric)
    _note(ctx, "ranking", t, metric=metric, largest=largest, year=period[0])
    title = rank_title(t, what, largest, _where(t))
    lines = [f"{title} {T.RANK_TOP.format(name=top[0].name, value=top[0].value)}", ""]
    lines += [T.RANK_LINE.format(i=i, name=r.name, district=r.district, value=r.value) for i, r in enumerate(top, 1)]
    if n > len(top):
        lines.append(f"(จัดอันดับจาก {n:,} โรงเรียน)")
    sc = stats.student_count(t.scope, db_session=ctx.db_session, year=period[0], term=period[1])
    lines += [T.period_line(*period), *(T.source_lines(sc.provenance) if sc else [])]
    choices = tuple(Choice(r.name[:20], text=f"ข้อมูลโรงเรียน{r.name}") for r in top[:5])
    other = "น้อยที่สุด" if largest else "มากที่สุด"
    choices += (Choice(f"{what[:8]}{other}", text=f"โรงเรียนที่มี{what}{other}ใน{_where(t)}"),)
    return [Text("\n".join(lines), choices)]


def _rank_districts(t: Target, ctx: Context, metric: Metric, largest: bool, year: int | None) -> list[Message]:
    """Districts ordered by students (or teachers)."""
    period, rows = stats.district_totals(t.scope, db_session=ctx.db_session, metric=metric, year=year)
    what = "ครู" if metric == "teachers" else "นักเรียน"
    if period is None or not rows:
        return _no_data(ctx, t, what, year, None, metric=metric)
    _note(ctx, "ranking", t, metric=metric, largest=largest, by="district")
    ordered = rows if largest else rows[::-1]
    top = ordered[0]
    lines = [T.RANK_DISTRICT.format(metric=what, how="มาก" if largest else "น้อย", district=top[0], value=top[1]), ""]
    lines += [f"{i}. อ.{d} {v:,} คน" for i, (d, v) in enumerate(ordered[:15], 1)]
    lines.append(T.period_line(*period))
    if stats.any_sample(t.scope, db_session=ctx.db_session):
        lines.append(T.SAMPLE)
    choices = tuple(Choice(f"อ.{d}"[:20], text=f"อำเภอ{d}มี{what}กี่คน") for d, _ in ordered[:5])
    return [Text("\n".join(lines), choices)]


def _where(t: Target) -> str:
    return "เขตพื้นที่" if t.kind == "area" else t.label


def register(router: Router) -> None:
    """Add the data intents (each hears follow-ups on the answer before) and the data keywords."""
    handlers: dict[str, Handler] = {
                "student_count": handle_students, "teacher_count": handle_teachers, "school_count": handle_school_count,
                "school_info": handle_info, "school_list": handle_list, "ranking": handle_ranking,
                "compare_years": handle_compare}
    handlers = {i: with_sides(i, h) if i in SIDE_INTENTS else h for i, h in handlers.items()}
    for intent in handlers:
        router.intent(intent, threshold=THRESHOLD)(following(intent, handlers))
    router.rescues.append(rescue_districts_by_schools)
    router.rescues.append(rescue_follow_up(handlers))
    router.rescues.append(rescue_two_asks(handlers))
    router.rescues.append(rescue_not_in_data)
    router.keyword("รายชื่อโรงเรียน", "โรงเรียนทั้งหมด")(handle_list)
    router.warm_ups.append(warm_lookups)


__all__ = ["canonical_query", "card", "register", "school_target"]
