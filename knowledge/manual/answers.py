"""Turn a chosen part of the manual into a short Thai answer (title, text, follow-ups)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from knowledge.manual import texts as T
from knowledge.manual.durations import (
    extreme_overall,
    extreme_steps,
    format_amount,
    format_steps,
    total_duration,
)
from knowledge.manual.model import Fact, Law, Process, Step

AnswerKind = Literal["fact", "process", "step", "law", "laws", "no_match"]


@dataclass(frozen=True)
class ManualAnswer:
    """The answer to one question: the precise part asked, with suggested follow-ups."""

    kind: AnswerKind
    title: str
    text: str
    process_id: str | None
    step_no: int | None
    field: str | None
    score: float
    related: tuple[str, ...] = ()  # quick-reply labels, each at most 20 characters
    related_queries: tuple[str, ...] = ()  # the question each label sends
    lead: str = ""  # a first line said before a process card ("มี 5 ขั้นตอน ไม่มีขั้นตอนที่ 6"); also in text


def _follow_ups(p: Process, skip: str | None,
                step_no: int | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    items = [
        ("steps", T.QR_ALL_STEPS, T.Q_ALL_STEPS), ("responsible", T.QR_RESPONSIBLE, T.Q_RESPONSIBLE),
        ("references", T.QR_REFERENCES, T.Q_REFERENCES), ("flowchart", T.QR_FLOWCHART, T.Q_FLOWCHART),
        ("objective", T.QR_OBJECTIVE, T.Q_OBJECTIVE), ("indicator", T.QR_INDICATOR, T.Q_INDICATOR),
    ]
    labels: list[str] = []
    queries: list[str] = []
    if step_no is not None and p.step(step_no + 1) is not None:
        labels.append(T.QR_NEXT_STEP.format(no=step_no + 1))
        queries.append(T.Q_STEP.format(no=step_no + 1, name=p.name))
    for key, label, query in items:
        if key != skip:
            labels.append(label)
            queries.append(query.format(name=p.name))
    return tuple(labels[:5]), tuple(queries[:5])


def _answer(kind: AnswerKind, title: str, text: str, p: Process | None, step_no: int | None,
            fld: str | None, score: float) -> ManualAnswer:
    related, queries = _follow_ups(p, fld, step_no) if p else ((), ())
    return ManualAnswer(kind, title, text.strip(), p.id if p else None, step_no, fld, round(score, 3),
                        related, queries)


def step_block(step: Step) -> str:
    """A step with its duration, responsible and quality standard, one per line."""
    lines = [T.STEP_LINE.format(no=step.no, title=step.detail)]
    if step.duration:
        lines.append("   " + T.STEP_DURATION.format(duration=step.duration))
    if step.responsible:
        lines.append("   " + T.STEP_RESPONSIBLE.format(responsible=step.responsible))
    if step.standard:
        lines.append("   " + T.STEP_STANDARD.format(standard=step.standard))
    return "\n".join(lines)


def process_answer(p: Process, score: float, fld: str = "steps") -> ManualAnswer:
    """The process card: objective and every step with duration and responsible."""
    body = "\n".join([T.OBJECTIVE_LINE.format(objective=p.objective),
                      T.STEPS_HEADER.format(count=len(p.steps))] + [step_block(s) for s in p.steps])
    return _answer("process", p.name, body, p, None, fld, score)


def _per_step(p: Process, attr: str) -> str:
    lines = []
    for s in p.steps:
        value = getattr(s, attr) or T.NOT_STATED.format(what="")
        lines.append(f"{s.no}. {s.title}: {value}")
    return "\n".join(lines)


def _total_text(p: Process) -> str:
    """The steps' durations added up, and the steps whose durations are no amount."""
    total = total_duration(p)
    if not total.counted:
        return T.TOTAL_NONE
    amount = format_amount(total)
    if not total.other:
        return T.TOTAL_ALL.format(total=amount)
    values = ", ".join(dict.fromkeys(f"\"{text}\"" for _, text in total.other if text)) or "-"
    return (T.TOTAL_SOME.format(total=amount, steps=format_steps(total.counted)) + "\n"
            + T.TOTAL_REST.format(steps=format_steps(tuple(n for n, _ in total.other)), values=values))


def _extreme_text(p: Process, fld: str) -> str:
    """The step (or steps) that takes longest / shortest, and those whose time is no amount."""
    picked, other = extreme_steps(p, longest=fld == "longest")
    if not picked:
        return T.EXTREME_NONE
    lines = []
    for no in picked:
        step = p.step(no)
        if step is not None:
            lines.append(T.EXTREME_STEP.format(how=T.EXTREME_HOW[fld], no=no, title=step.title,
                                               duration=step.duration))
    if other:
        values = ", ".join(dict.fromkeys(f"\"{text}\"" for _, text in other))
        lines.append(T.EXTREME_REST.format(steps=format_steps(tuple(n for n, _ in other)), values=values))
    return "\n".join(lines)


def process_field_answer(p: Process, fld: str, score: float) -> ManualAnswer:
    """One process-level part (objective, scope, indicator, forms, references, owner...)."""
    label = T.FIELD_LABELS.get(fld, fld)
    title = T.FIELD_OF.format(label=label, name=p.name)
    if fld in ("steps", "detail"):
        return process_answer(p, score, fld)
    if fld == "objective":
        text = p.objective
    elif fld == "scope":
        text = "\n".join(f"3.{i} {s}" for i, s in enumerate(p.scope, start=1))
    elif fld == "definition":
        text = "\n".join(T.DEFINITION_TEXT.format(term=d.term, meaning=d.meaning) for d in p.definitions)
    elif fld == "indicator":
        text = p.indicator or T.NOT_STATED.format(what=label)
    elif fld == "forms":
        text = "\n".join(p.forms) or T.NOT_STATED.format(what=label + "ของ" + p.name)
    elif fld == "references":
        text = "\n".join(f"{i}. {r}" for i, r in enumerate(p.all_references(), start=1))
    elif fld in ("owner", "responsible"):
        fld = "owner"
        text = T.OWNER_TEXT.format(name=p.name, owner=p.owner, supervisor=p.supervisor)
        text += "\n" + T.RESPONSIBLES_HEADER + "\n" + _per_step(p, "responsible")
    elif fld == "supervisor":
        text = T.SUPERVISOR_TEXT.format(name=p.name, supervisor=p.supervisor)
    elif fld == "duration":
        text = T.DURATIONS_HEADER.format(name=p.name) + "\n" + _per_step(p, "duration")
    elif fld == "total_duration":
        text = _total_text(p) + "\n" + T.DURATIONS_HEADER.format(name=p.name) + "\n" + _per_step(p, "duration")
    elif fld in ("longest", "shortest"):
        text = _extreme_text(p, fld) + "\n" + T.DURATIONS_HEADER.format(name=p.name) + "\n" + _per_step(p, "duration")
    elif fld == "standard":
        text = T.STANDARDS_HEADER.format(name=p.name) + "\n" + _per_step(p, "standard")
    elif fld == "flowchart":
        chain = "\n↓\n".join(f"{s.no}. {s.title}" for s in p.steps)
        text = T.FLOWCHART_TEXT.format(name=p.name, count=len(p.steps), chain=chain)
        if p.flowchart_source != "manual":
            text += "\n" + T.FLOWCHART_DERIVED
    else:
        return process_answer(p, score)
    return _answer("fact", title, text, p, None, fld, score)


def step_answer(p: Process, step: Step, fld: str | None, score: float) -> ManualAnswer:
    """One step's asked part (duration, responsible, standard) or the whole step."""
    title = T.STEP_OF.format(no=step.no, name=p.name)
    head = title + "\n" + step.title  # which process, always: "ขั้นตอนสุดท้าย" alone does not say
    if fld == "duration":
        text = head + "\n" + T.STEP_DURATION.format(duration=step.duration or "-")
    elif fld == "responsible":
        text = head + "\n" + T.STEP_RESPONSIBLE.format(responsible=step.responsible or "-")
    elif fld == "standard":
        value = step.standard or T.NOT_STATED_STEP.format(what="มาตรฐานคุณภาพงาน", no=step.no)
        text = head + "\n" + T.STEP_STANDARD.format(standard=value)
    else:
        fld = "detail"
        text = title + "\n" + step_block(step)
    return _answer("step", title, text, p, step.no, fld, score)


def no_such_step(p: Process, no: int) -> ManualAnswer:
    """The asked step number does not exist in this process."""
    lead = T.NO_SUCH_STEP.format(name=p.name, count=len(p.steps), no=no)
    return with_lead(process_answer(p, 0.0), lead)


def with_lead(ans: ManualAnswer, lead: str) -> ManualAnswer:
    """The answer with a first line before it (kept apart for a card, which has no room for it)."""
    return replace(ans, lead=lead, text=lead + "\n\n" + ans.text)


def with_step_count(ans: ManualAnswer, p: Process) -> ManualAnswer:
    """A process card asked "มีกี่ขั้นตอน": the number first."""
    return with_lead(ans, T.STEP_COUNT.format(name=p.name, count=len(p.steps)))


def process_fields_answer(p: Process, flds: list[str], score: float) -> ManualAnswer:
    """Several process-level parts asked at once ("วัตถุประสงค์ … แล้วก็ขอบเขตด้วย"), each under its label."""
    labels = [T.FIELD_LABELS.get(f, f) for f in flds]
    blocks = [f"{label}:\n{process_field_answer(p, f, score).text}" for f, label in zip(flds, labels, strict=True)]
    title = T.FIELD_OF.format(label=T.AND.join(labels), name=p.name)
    return _answer("fact", title, p.name + "\n" + "\n\n".join(blocks), p, None, flds[0], score)


def across_answer(processes: tuple[Process, ...], fld: str, step_no: int | None,
                  score: float) -> ManualAnswer:
    """The same part for every process (the question named none)."""
    label = T.FIELD_LABELS.get(fld, fld)
    blocks = []
    for p in processes:
        if step_no is not None:
            step = p.step(step_no if step_no > 0 else len(p.steps))
            if step is None:
                continue
            value = getattr(step, fld if fld in ("duration", "responsible", "standard") else "detail")
            blocks.append(f"• {p.name}\n  {step.title}: {value or T.NOT_STATED.format(what='')}")
        else:
            part = _total_text(p) if fld == "total_duration" else process_field_answer(p, fld, score).text
            blocks.append(f"• {p.name}\n{part}")
    last = step_no is not None and step_no <= 0  # "ขั้นตอนสุดท้าย": each process's own last step
    if step_no is None:
        title = T.ACROSS_TITLE.format(label=label)
    else:
        title = (T.ACROSS_LAST_STEP_TITLE if last else T.ACROSS_STEP_TITLE).format(no=step_no, label=label)
    text = "\n".join(blocks) + "\n" + T.ACROSS_HINT
    if step_no is None and fld in ("longest", "shortest"):  # the one step of the whole manual first
        each = T.EXTREME_OVERALL_OF_EACH.format(how=T.EXTREME_HOW[fld])
        text = _overall_extreme(processes, fld) + "\n" + each + "\n" + text
    kind: AnswerKind = "step" if step_no is not None else "fact"
    labels = tuple(p.short_name for p in processes)
    step_query = T.Q_LAST_STEP if last else T.Q_STEP
    queries = tuple(f"{label} {p.name}" if step_no is None else step_query.format(no=step_no, name=p.name)
                    for p in processes)
    return ManualAnswer(kind, title, text, None, step_no, fld, round(score, 3), labels, queries)


def _overall_extreme(processes: tuple[Process, ...], fld: str) -> str:
    """The step (or steps) of the whole manual that take longest / shortest."""
    lines = []
    for p, no in extreme_overall(processes, longest=fld == "longest"):
        step = p.step(no)
        if step is not None:
            lines.append(T.EXTREME_OVERALL.format(how=T.EXTREME_HOW[fld], name=p.name, no=no,
                                                  title=step.title, duration=step.duration))
    return "\n".join(lines) or T.EXTREME_NONE


def step_fields_answer(p: Process, step: Step, flds: list[str], score: float) -> ManualAnswer:
    """Several parts of one step asked at once ("ใช้เวลาเท่าไหร่ มาตรฐานคุณภาพคืออะไร"): one heading."""
    first = step_answer(p, step, flds[0], score)
    rest = [step_answer(p, step, f, score).text.split("\n", 2)[-1] for f in flds[1:]]
    return replace(first, text="\n".join([first.text, *rest]))


def parts_answer(p: Process, parts: list[ManualAnswer]) -> ManualAnswer:
    """Parts of a process asked in one question, each answered short, in the order asked."""
    listed = T.DURATIONS_HEADER.format(name=p.name)  # a sum or an extreme alone: no step list again
    blocks = [T.PART_OF.format(label=T.FIELD_LABELS.get(a.field or "", a.field), name=p.name, text=a.text)
              if a.kind == "fact" and a.field in PART_LABELLED
              else a.text.split(listed)[0].strip() if a.field in WHOLE_TIMES else a.text for a in parts]
    steps = [a for a in parts if a.step_no is not None]
    first = steps[0] if steps else parts[0]
    return replace(first, text="\n\n".join(blocks), score=min(a.score for a in parts))


PART_LABELLED = frozenset({"objective", "scope", "definition", "indicator", "forms", "references"})
WHOLE_TIMES = frozenset({"total_duration", "longest", "shortest"})


@dataclass(frozen=True)
class LawItem:
    """One list item to show: its position, the item, and where else the manual cites it."""

    no: int  # 1-based position in the list
    law: Law
    cited_in: tuple[tuple[str, str], ...] = ()  # (process name, reference) pairs
    preface: str = ""  # the preface's sentence naming it, if any


def _law_block(item: LawItem, count: int, asked_years: tuple[int, ...]) -> str:
    law = item.law
    year = law.year_text or (str(law.year) if law.year else "")
    lines = [T.LAW_YEAR.format(text=law.text, year=year) if year else T.LAW_NO_YEAR.format(text=law.text),
             T.LAW_IN_LIST.format(no=item.no, count=count)]
    lines += [T.LAW_CITED_IN.format(name=name) for name, _ in item.cited_in]
    if item.preface:
        lines.append(T.LAW_IN_PREFACE.format(text=item.preface))
    other = [y for y in asked_years if law.year and y != law.year and str(y) not in law.year_text]
    if other and law.year:
        lines.append(T.LAW_OTHER_YEAR.format(year=law.year, asked=other[0]))
    return "\n".join(lines)


def law_answer(items: list[LawItem], count: int, score: float,
               asked_years: tuple[int, ...] = ()) -> ManualAnswer:
    """One or a few list items: title, year, place in the list, and where the manual cites them."""
    blocks = [_law_block(item, count, asked_years) for item in items]
    title = items[0].law.name if len(items) == 1 else T.LAWS_FOUND_TITLE.format(count=len(items))
    text = blocks[0] if len(blocks) == 1 else "\n\n".join(f"{i}) {b}" for i, b in enumerate(blocks, start=1))
    labels, queries = [T.QR_ALL_LAWS], [T.Q_ALL_LAWS]
    for name, _ in dict.fromkeys(c for item in items for c in item.cited_in):
        labels.append(T.QR_REFERENCES)
        queries.append(T.Q_REFERENCES.format(name=name))
    return ManualAnswer("law", title, text, None, None, "year", round(score, 3),
                        tuple(labels[:2]), tuple(queries[:2]))


def law_not_found(nearest: list[LawItem], count: int, score: float) -> ManualAnswer:
    """The question names a law the list does not hold: say so, offer the nearest items."""
    text = T.LAW_NOT_FOUND.format(count=count)
    if nearest:
        text += "\n" + T.LAW_NEAREST + "\n" + "\n".join(f"• {item.law.text}" for item in nearest)
    return ManualAnswer("no_match", T.LAW_NOT_FOUND_TITLE, text, None, None, "laws", round(score, 3),
                        (T.QR_ALL_LAWS,), (T.Q_ALL_LAWS,))


def laws_answer(laws: tuple[Law, ...], score: float) -> ManualAnswer:
    """The full list of laws, regulations and plans."""
    items = "\n".join(f"{i}. {law.text}" for i, law in enumerate(laws, start=1))
    return ManualAnswer("laws", T.LAWS_TITLE, T.LAWS_HEADER.format(count=len(laws)) + "\n" + items,
                        None, None, "laws", round(score, 3))


def fact_answer(fact: Fact, score: float) -> ManualAnswer:
    """A fact from the cover or the preface."""
    return ManualAnswer("fact", fact.title, fact.text, None, None, fact.id, round(score, 3))


def _process_items(processes: tuple[Process, ...]) -> str:
    return "\n".join(f"{i}. {p.name}" for i, p in enumerate(processes, start=1))


def processes_answer(processes: tuple[Process, ...], score: float) -> ManualAnswer:
    """The list of processes in the manual."""
    text = T.PROCESSES_TEXT.format(count=len(processes), items=_process_items(processes))
    return ManualAnswer("fact", T.PROCESSES_TITLE, text, None, None, "processes", round(score, 3),
                        tuple(p.short_name for p in processes), tuple(p.name for p in processes))


def no_match(processes: tuple[Process, ...], score: float) -> ManualAnswer:
    """Nothing matched well: say so and offer the processes."""
    text = T.NO_MATCH_TEXT.format(count=len(processes), items=_process_items(processes))
    return ManualAnswer("no_match", T.NO_MATCH_TITLE, text, None, None, None, round(score, 3),
                        tuple(p.short_name for p in processes), tuple(p.name for p in processes))
