"""Quick replies of data answers: the schools offered when a name is unclear (each re-asks the question
about one school), and the natural next questions about the same target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from handlers import data_texts as T
from handlers.context import Context
from handlers.messages import Choice, Message, Text

if TYPE_CHECKING:
    from handlers.data_scope import Target
    from knowledge.understand import Understanding

MAX_CHOICES = 13  # LINE's quick-reply limit


def unknown_school(name: str, u: Understanding, intent: str, ctx: Context, first: str | None = None,
                   ) -> list[Message]:
    """A polite "not found" with the closest names as quick replies."""
    vocab = ctx.knowledge.vocabulary
    names = [s.name for s in vocab.schools]
    best = process.extract(name, names, scorer=fuzz.WRatio, limit=4, score_cutoff=55) if names else []
    codes = list(dict.fromkeys([*([first] if first else []), *(vocab.schools[i].code for _, _, i in best)]))[:4]
    text = T.UNKNOWN_SCHOOL.format(name=name)
    if not codes:
        return [Text(text + "\n" + T.UNKNOWN_NONE)]
    listed = ", ".join(e.name for e in (vocab.school(c) for c in codes) if e is not None)
    return [Text(text + "\n" + T.UNKNOWN_SUGGEST.format(names=listed),
                 candidate_choices(codes, u, intent, ctx))]


def candidate_choices(codes: list[str], u: Understanding, intent: str, ctx: Context) -> tuple[Choice, ...]:
    """One quick reply per school; the tap sends the same question with the school's full name."""
    vocab = ctx.knowledge.vocabulary
    entries = [s for s in (vocab.school(c) for c in dict.fromkeys(codes)) if s is not None]
    names = [s.name for s in vocab.schools]
    out = []
    for s in entries[:MAX_CHOICES]:
        tag = f" ({s.code})" if names.count(s.name) > 1 else ""
        label = f"{s.name} (อ.{s.district})" if s.district else s.name
        if len(label) > 20:
            label = s.name if len(s.name) <= 20 else s.name[:19] + "…"
        out.append(Choice(label, text=canonical_query(intent, u, s.name) + tag))
    return tuple(out)


def canonical_query(intent: str, u: Understanding, name: str) -> str:
    """The question re-asked about one named school (what an ask-back button sends)."""
    e = u.entities
    year = f" ปีการศึกษา {e.academic_year}" if e.academic_year and not e.compare_years else ""
    what = T.what_label(e.grades, e.gender)
    if intent == "teacher_count":
        return f"ครูโรงเรียน{name} มีกี่คน{year}"
    if intent == "school_info":
        fields = [T.FIELD_WORDS[f] for f in (e.fields or (e.metric or "",)) if f in T.FIELD_WORDS and f != "code"]
        return f"{'และ'.join(fields)}โรงเรียน{name}" if fields else f"ข้อมูลโรงเรียน{name}"
    if intent == "compare_years":
        metric = "ครู" if e.metric == "teachers" else f"นักเรียน{what}"
        years = " กับ ".join(str(y) for y in e.compare_years)
        return f"เปรียบเทียบ{metric}โรงเรียน{name}" + (f" ปี {years}" if years else " ย้อนหลัง")
    breakdown = " แยกรายชั้น" if "grade" in e.breakdown else ""
    return f"นักเรียน{what} โรงเรียน{name}{year} มีกี่คน{breakdown}"


def follow_ups(t: Target, intent: str) -> tuple[Choice, ...]:
    """Quick replies for the natural next questions about the same target."""
    if t.kind == "schools":
        asks = {"student_count": ("จำนวนนักเรียน", f"นักเรียน{t.label} มีกี่คน"),
                "teacher_count": ("จำนวนครู", f"ครู{t.label} มีกี่คน"),
                "school_info": ("เบอร์โทร", f"เบอร์โทร{t.label}")}
        return tuple(Choice(label, text=q) for i, (label, q) in asks.items() if i != intent)
    if t.school is not None:
        name = t.school.name
        options = [T.Q_STUDENTS, T.Q_GRADES, T.Q_TEACHERS, T.Q_INFO, T.Q_COMPARE]
        skip = {"student_count": [T.Q_STUDENTS], "teacher_count": [T.Q_TEACHERS],
                "school_info": [T.Q_INFO, T.Q_STUDENTS], "compare_years": [T.Q_COMPARE]}.get(intent, [])
        out = [Choice(label, text=q.format(name=name)) for label, q in options if (label, q) not in skip]
        if t.school.district:
            out.append(Choice("โรงเรียนในอำเภอ", text=T.Q_LIST_DISTRICT[1].format(district=t.school.district)))
        return tuple(out)
    if t.kind == "district" and t.scope.district:
        d = t.scope.district
        return (Choice(T.Q_LIST_DISTRICT[0], text=T.Q_LIST_DISTRICT[1].format(district=d)),
                Choice("นักเรียนทั้งอำเภอ", text=f"อำเภอ{d}มีนักเรียนกี่คน"),
                Choice("ครูทั้งอำเภอ", text=f"ครูอำเภอ{d}มีกี่คน"),
                Choice("ใหญ่ที่สุดในอำเภอ", text=f"โรงเรียนที่มีนักเรียนมากที่สุดในอำเภอ{d}"))
    return (Choice("นักเรียนทั้งเขต", text="ทั้งเขตมีนักเรียนกี่คน"), Choice("ครูทั้งเขต", text="ทั้งเขตมีครูกี่คน"),
            Choice("จำนวนโรงเรียน", text="ทั้งเขตมีโรงเรียนกี่โรง"), Choice(*T.Q_LARGEST))
