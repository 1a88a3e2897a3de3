"""Answers about several schools named together ("หนองไผ่กับวิเชียรบุรี"), and a count asked together with
its other half ("นักเรียนและครู")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import data_texts as T
from handlers.context import Context
from handlers.data_common import note
from handlers.data_scope import Target, follow_ups, school_by_code
from handlers.messages import Message, Text
from handlers.school_cards import address
from models import stats
from models.stats import Scope

if TYPE_CHECKING:
    from knowledge.understand import Understanding

def per_school_lines(t: Target, ctx: Context, u: Understanding, year: int, term: int,
                     metric: str = "students") -> list[str]:
    """One line per school of a several-schools target, then how many schools the sum covers."""
    if t.kind != "schools":
        return []
    e = u.entities
    lines = []
    for sid in t.scope.school_ids:
        one = Scope(t.scope.office_id, school_ids=(sid,))
        name = next((s.name for s in stats.list_schools(one, db_session=ctx.db_session)), "")
        if metric == "teachers":
            tc = stats.teacher_count(one, db_session=ctx.db_session, year=year, term=term)
            if tc is not None:
                lines.append(T.SEVERAL_ONE.format(name=name, n=tc.teachers))
            continue
        c = stats.student_count(one, db_session=ctx.db_session, year=year, term=term, grades=e.grades)
        if c is None:
            continue
        if e.gender:
            lines.append(T.SEVERAL_ONE.format(name=name, n=c.male if e.gender == "male" else c.female))
        else:
            lines.append(T.SEVERAL_STUDENTS.format(name=name, total=c.total, male=c.male, female=c.female))
    return [*lines, T.SEVERAL_TOTAL.format(n=len(t.scope.school_ids))]


def teacher_lines(t: Target, ctx: Context, year: int, term: int) -> list[str]:
    """The teachers of the same scope and period (a student answer asked for them too)."""
    tc = stats.teacher_count(t.scope, db_session=ctx.db_session, year=year, term=term)
    return [T.TEACHERS_LINE.format(n=tc.teachers)] if tc is not None else []


def rank_title(t: Target, what: str, largest: bool, where: str) -> str:
    """The ranking's first words: among the schools named, or in a district or the area."""
    how = "มาก" if largest else "น้อย"
    if t.kind == "schools":
        return T.RANK_BETWEEN.format(label=t.label, metric=what + (" " if " " in what else ""), how=how)
    return T.RANK_TITLE.format(metric=what, how=how, label=where)


SEVERAL_DEFAULT_FIELDS = ("principal", "phone", "email")
"""What "ข้อมูลโรงเรียน A กับ B" gives of each school (one card per school would flood the chat)."""


def several_info(t: Target, ctx: Context, fields: list[str]) -> list[Message]:
    """A contact field (or several) of each of the schools named together ("เบอร์โทร A และ B")."""
    fields = fields or list(SEVERAL_DEFAULT_FIELDS)
    schools = [s for s in (school_by_code(c, ctx) for c in t.codes) if s is not None]
    note(ctx, "school_info", t, schools=[s.code for s in schools], field=fields)
    what = T.FIELD_NAMES[fields[0]] if len(fields) == 1 else T.CONTACTS
    lines = [T.FIELD_SEVERAL_TITLE.format(field=what, n=len(schools))]
    for s in schools:
        values = {"phone": s.phone, "email": s.email, "principal": s.principal, "address": address(s), "code": s.code}
        if len(fields) == 1:
            lines.append(T.SEVERAL_FIELD.format(name=s.name, value=values[fields[0]] or T.NO_VALUE))
            continue
        lines.append(f"โรงเรียน{s.name}")
        lines += ["  " + T.FIELD_LINE[f].format(value=values[f] or T.NO_VALUE) for f in fields]
    if any(s.is_sample for s in schools):
        lines.append(T.SAMPLE)
    return [Text("\n".join(lines), follow_ups(t, "school_info"))]
