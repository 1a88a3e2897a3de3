"""Two sides of a data question side by side, and how far apart they are: two schools or several districts
named together ("ต่างกันกี่คน", "รวมกัน", "อำเภอไหนมากกว่า"), or two parts of one place (ม.ต้น กับ ม.ปลาย,
girls and boys); also the districts ranked by their number of schools."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from handlers import data_texts as T
from handlers.context import Context
from handlers.data_common import note
from handlers.data_scope import Target, area_target, resolve, term_of, understanding
from handlers.messages import Choice, Message, Text
from handlers.router import Handler
from handlers.turn import Turn
from knowledge.difference import Asked, asked, districts_by_schools, gender_sides, grade_sides
from models import stats
from models.stats import Scope

if TYPE_CHECKING:
    from knowledge.understand import Understanding

Measure = Literal["students", "teachers", "ratio", "schools"]
SIDE_INTENTS = frozenset({"student_count", "teacher_count", "ranking", "compare_years", "school_count",
                          "school_list"})
"""The data intents a side-by-side question may be read as (a school list only for "อำเภอไหนมีโรงเรียนมากที่สุด")."""
UNIT_NAMES = {"school": "โรงเรียน", "district": "อำเภอ"}


@dataclass(frozen=True)
class Side:
    """One side: what it is called and its number (and how that number reads)."""

    label: str
    value: float
    shown: str
    period: tuple[int, int] | None = None
    provenance: stats.Provenance | None = None


def with_sides(intent: str, handler: Handler) -> Handler:
    """The data handler, first trying the answer that puts two sides next to each other."""
    def run(turn: Turn, ctx: Context) -> list[Message]:
        got = sides_answer(turn, ctx, intent)
        return got if got is not None else handler(turn, ctx)
    run.__doc__ = handler.__doc__
    return run


def rescue_districts_by_schools(turn: Turn, ctx: Context) -> list[Message] | None:
    """The rescue route: "อำเภอไหนมีโรงเรียนน้อยที่สุด" when its words were not understood."""
    u = ctx.understanding
    if u is None or u.intent not in SIDE_INTENTS | {"out_of_scope"} or u.entities.district or u.entities.schools:
        return None
    most = districts_by_schools(u.text)
    return None if most is None else _districts_by_schools(ctx, most)


def sides_answer(turn: Turn, ctx: Context, intent: str) -> list[Message] | None:
    """The side-by-side answer when the question has two (or more) sides; None to answer it as usual."""
    u = understanding(turn, ctx)
    e = u.entities
    if intent not in SIDE_INTENTS or e.compare_years or e.leaves_out_school:
        return None
    a = asked(u.text)
    measure = _measure(u, intent)
    most = districts_by_schools(u.text)
    if most is not None and not (e.named_districts or e.schools or e.district):
        return _districts_by_schools(ctx, most)
    if intent == "school_list":
        return None
    if e.named_districts and not e.schools and not e.named_schools:
        targets = [Target("district", Scope(ctx.settings.office_id, district=d), f"อำเภอ{d}")
                   for d in e.named_districts]
        return _several(turn, ctx, u, intent, targets, measure, a, "district")
    several = len(e.named_schools) > 1 and (a.difference or (measure == "ratio" and a.compare))
    grades = grade_sides(u.text) if a.compare and measure == "students" else None
    genders = (gender_sides(u.text) if a.compare and measure == "students" and grades is None and e.gender is None
               else None)  # both sexes typed: no one sex was read
    if not several and grades is None and genders is None:
        return None
    t = resolve(turn, ctx, u, intent if intent in ("student_count", "teacher_count", "ranking") else "student_count")
    if isinstance(t, list):
        return t
    if t.kind == "schools":
        if not several or measure == "schools":
            return None
        vocab = ctx.knowledge.vocabulary
        targets = [Target("school", Scope(ctx.settings.office_id, school_ids=(sid,)),
                          f"โรงเรียน{entry.name if entry else code}")
                   for sid, code, entry in zip(t.scope.school_ids, t.codes, map(vocab.school, t.codes), strict=True)]
        return _several(turn, ctx, u, intent, targets, measure, a, "school", remember=t)
    if grades is None and genders is None:
        return None
    return _parts(turn, ctx, u, intent, t, grades, genders, a)


def _measure(u: Understanding, intent: str) -> Measure:
    m = u.entities.metric
    if m == "ratio":
        return "ratio"
    if m == "teachers" or intent == "teacher_count":
        return "teachers"
    if m == "schools" or intent == "school_count":
        return "schools"
    return "students"


def _what(u: Understanding, measure: Measure) -> str:
    if measure == "teachers":
        return "ครู"
    if measure == "ratio":
        return "นักเรียนต่อครู"
    if measure == "schools":
        return "โรงเรียน"
    return "นักเรียน" + T.what_label(u.entities.grades, u.entities.gender)


def _side(label: str, scope: Scope, measure: Measure, u: Understanding, ctx: Context, *,
          grades: tuple[str, ...] | None = None, gender: str | None = None) -> Side | None:
    """The number of one side (None when it has no data for the period asked)."""
    e, db, term = u.entities, ctx.db_session, term_of(u.text)
    if measure == "schools":
        n = stats.school_count(scope, db_session=db)
        return Side(label, n, f"{n:,} โรง")
    if measure == "teachers":
        tc = stats.teacher_count(scope, db_session=db, year=e.academic_year, term=term)
        if tc is None:
            return None
        return Side(label, tc.teachers, f"{tc.teachers:,} คน", (tc.year, tc.term), tc.provenance)
    sc = stats.student_count(scope, db_session=db, year=e.academic_year, term=term,
                             grades=grades if grades is not None else e.grades)
    if sc is None:
        return None
    if measure == "ratio":
        tc = stats.teacher_count(scope, db_session=db, year=sc.year, term=sc.term)
        if tc is None or not tc.teachers:
            return None
        ratio = round(sc.total / tc.teachers, 1)
        shown = T.RATIO_VALUE.format(ratio=ratio, students=sc.total, teachers=tc.teachers)
        return Side(label, ratio, shown, (sc.year, sc.term), sc.provenance)
    sex = gender if gender is not None else e.gender
    n = sc.male if sex == "male" else sc.female if sex == "female" else sc.total
    return Side(label, n, f"{n:,} คน", (sc.year, sc.term), sc.provenance)


def _amount(value: float, measure: Measure) -> str:
    if measure == "ratio":
        return f"{value:.1f}"
    return f"{int(value):,} " + ("โรง" if measure == "schools" else "คน")


def _how_far(sides: list[Side], measure: Measure, a: Asked, what: str, has: str) -> list[str]:
    """Which side is larger and by how much (two sides), or the largest and smallest (more)."""
    if len(sides) > 2:
        ordered = sorted(sides, key=lambda s: -s.value)
        top, low = ordered[0], ordered[-1]
        return [T.SIDES_RANGE.format(what=what, top=f"{top.label} {top.shown}", low=f"{low.label} {low.shown}",
                                     diff=_amount(top.value - low.value, measure))]
    first, second = sides
    if first.value == second.value:
        return [T.SIDES_SAME.format(a=first.label, b=second.label, has=has, what=what, value=first.shown)]
    big, small = (first, second) if first.value > second.value else (second, first)
    more, less = (T.HIGHER, T.LOWER) if measure == "ratio" else (T.MORE, T.LESS)
    a_, b_, word = (small, big, less) if a.smaller_first else (big, small, more)
    return [T.SIDES_MORE.format(a=a_.label, b=b_.label, has=has, what=what, word=word,
                                diff=_amount(big.value - small.value, measure))]


def _tail(sides: list[Side], ctx: Context, scope: Scope) -> list[str]:
    """The period and source of the numbers (or the sample-data warning)."""
    first = next((s for s in sides if s.period is not None), None)
    if first is None or first.period is None or first.provenance is None:
        return [T.SAMPLE] if stats.any_sample(scope, db_session=ctx.db_session) else []
    return [T.period_line(*first.period), *T.source_lines(first.provenance)]


def _several(turn: Turn, ctx: Context, u: Understanding, intent: str, targets: list[Target], measure: Measure,
             a: Asked, unit: str, remember: Target | None = None) -> list[Message]:
    """Each school or district named, and their difference, order or sum."""
    what = _what(u, measure)
    got = [(t, _side(t.label, t.scope, measure, u, ctx)) for t in targets]
    missing = [t.label for t, s in got if s is None]
    if missing:
        ctx.note(intent, answered=False, sides=[t.label for t in targets])
        return [Text(T.SIDES_NO_DATA.format(what=what, label=T.SEVERAL_JOIN.join(missing)))]
    sides = [s for _, s in got if s is not None]
    lines = [T.SIDES_TITLE.format(what=what, labels=T.SEVERAL_JOIN.join(t.label for t in targets))]
    lines += [T.SIDES_LINE.format(label=s.label, value=s.shown) for s in sides]
    if measure != "ratio" and (a.total or not a.compare):
        total = sum(s.value for s in sides)
        lines.append(T.SIDES_TOTAL.format(n=len(sides), unit_name=UNIT_NAMES[unit], value=_amount(total, measure)))
    if a.compare or a.difference:
        lines += _how_far(sides, measure, a, what, "มี")
    if remember is not None:
        note(ctx, intent, remember, sides=len(sides), difference=a.difference)
    else:
        _note_districts(ctx, intent, [t.scope.district or "" for t in targets])
    lines += _tail(sides, ctx, Scope(ctx.settings.office_id))
    choices = tuple(Choice(t.label[:20], text=f"{what}{t.label}") for t in targets[:5])
    return [Text("\n".join(lines), choices)]


def _parts(turn: Turn, ctx: Context, u: Understanding, intent: str, t: Target,
           grades: tuple[tuple[str, ...], tuple[str, ...]] | None, genders: tuple[str, str] | None,
           a: Asked) -> list[Message]:
    """Two grade groups (or girls and boys) of one school, district or the area, and their difference."""
    e = u.entities
    specs: list[tuple[str, tuple[str, ...] | None, str | None]]
    if grades is not None:
        specs = [(f"นักเรียน{T.what_label(g, e.gender)}", g, None) for g in grades]
    else:
        assert genders is not None
        specs = [(f"นักเรียน{T.GENDER[g]}{T.grades_label(e.grades)}", None, g) for g in genders]
    got = [_side(label, t.scope, "students", u, ctx, grades=g, gender=sex) for label, g, sex in specs]
    sides = [s for s in got if s is not None]
    if len(sides) < 2:
        ctx.note(intent, answered=False)
        return [Text(T.SIDES_NO_DATA.format(what="นักเรียน", label=t.label))]
    head = t.label + (f" (อ.{t.school.district})" if t.school is not None and t.school.district else "")
    lines = [head, *(T.SIDES_LINE.format(label=s.label, value=s.shown) for s in sides)]
    if a.total and not a.difference:
        lines.append(f"รวม: {_amount(sum(s.value for s in sides), 'students')}")
    lines += _how_far(sides, "students", a, "", " มี")
    note(ctx, "student_count", t, parts=[s.label for s in sides], difference=a.difference)
    lines += _tail(sides, ctx, t.scope)
    return [Text("\n".join(lines))]


def _districts_by_schools(ctx: Context, most: bool) -> list[Message]:
    """The districts ordered by how many schools each has."""
    t = area_target(ctx)
    rows = stats.district_counts(t.scope, db_session=ctx.db_session)
    if not rows:
        ctx.note("school_count", answered=False)
        return [Text(T.NO_SCHOOLS)]
    ordered = rows if most else sorted(rows, key=lambda r: (r[1], r[0]))
    n = ordered[0][1]
    tied = [d for d, k in ordered if k == n]
    lines = [T.RANK_DISTRICT_SCHOOLS.format(how=T.MORE if most else T.LESS,
                                            districts=", ".join(f"อ.{d}" for d in tied), n=n), ""]
    lines += [T.DISTRICT_SCHOOLS_LINE.format(i=i, district=d, n=k) for i, (d, k) in enumerate(ordered[:15], 1)]
    if stats.any_sample(t.scope, db_session=ctx.db_session):
        lines.append(T.SAMPLE)
    _note_districts(ctx, "school_count", tied, by="schools")
    choices = tuple(Choice(f"อ.{d}"[:20], text=f"รายชื่อโรงเรียนอำเภอ{d}") for d, _ in ordered[:5])
    return [Text("\n".join(lines), choices)]


def _note_districts(ctx: Context, intent: str, districts: list[str], **extra: object) -> None:
    """Log an answer about several districts (no single scope to follow up on)."""
    ctx.note(intent, answered=True, districts=districts, **extra)
    ctx.interaction.ask_rating = True
