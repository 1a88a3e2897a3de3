"""Grades the office's data does not hold ("ม.7", or "ป.6" where only ม.1–ม.6 are): a polite answer instead
of a number that silently drops or zeroes the grade."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select

from handlers import data_texts as T
from handlers.context import Context
from handlers.messages import Message, Text
from models.school import Enrollment, School

if TYPE_CHECKING:
    from knowledge.understand import Understanding

_GRADES_HELD = (select(Enrollment.grade).join(School, School.id == Enrollment.school_id)
                .where(School.office_id == bindparam("office")).distinct())


_held_cache: dict[str, tuple[object, frozenset[str]]] = {}


def _held(ctx: Context) -> frozenset[str]:
    """The grades the office's data holds, read once per vocabulary (it is rebuilt after every import; the
    query scans every enrolment row, far too slow to run per question at national scale)."""
    office, vocab = ctx.settings.office_id, ctx.knowledge.vocabulary
    got = _held_cache.get(office)
    if got is not None and got[0] is vocab:
        return got[1]
    held = frozenset(ctx.db_session.scalars(_GRADES_HELD, {"office": office}))
    _held_cache[office] = (vocab, held)
    return held


def grades_not_held(u: Understanding, intent: str, ctx: Context) -> list[Message] | None:
    """A polite answer when the grades asked are not in the office's data ("ม.7", or "ป.6" where only
    ม.1–ม.6 are held), saying which grades are; None when every grade asked is held."""
    e = u.entities
    if e.metric == "teachers" or not (e.no_such_grades or e.grades):
        return None
    held = _held(ctx)
    missing = list(dict.fromkeys([*e.no_such_grades, *(g for g in e.grades or () if g not in held)]))
    if not missing or not held:
        return None
    ctx.note(intent, answered=False, no_such_grades=missing)
    return [Text(T.NO_SUCH_GRADE.format(grades=_grades_text(missing), have=_grades_text(held)) + "\n"
                 + T.NO_SUCH_GRADE_HINT)]


def _grades_text(grades: Iterable[str]) -> str:
    """Grades written short, in order: "ม.1–ม.6", "ป.6", "ม.1–ม.3, ม.7, ม.8"."""
    runs = _grade_runs(sorted(set(grades), key=grade_key))
    return ", ".join(f"{g[0]}–{g[-1]}" if len(g) > 2 else ", ".join(g) for g in runs)


def grade_key(grade: str) -> tuple[int, int]:
    """Sort key of a grade: อ. before ป. before ม., then by number."""
    return "อปม".find(grade[:1]), int(grade[2:]) if grade[2:].isdigit() else 0


def _grade_runs(grades: list[str]) -> list[list[str]]:
    """Grades in order cut into runs of one level without gaps (ม.1…ม.6 | ป.1…ป.6)."""
    runs: list[list[str]] = []
    for g in grades:
        last = runs[-1][-1] if runs else ""
        if last[:1] == g[:1] and grade_key(g)[1] == grade_key(last)[1] + 1:
            runs[-1].append(g)
        else:
            runs.append([g])
    return runs
