"""Follow-ups on the process being discussed: "ใช้เวลารวมเท่าไหร่", "ขั้นตอนที่ 2", "ขั้นตอนถัดไป" after a
question about one process answer for that process, not for every process of the manual."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.follow_up import step_offset
from knowledge.manual import answers as A
from knowledge.manual.answers import ManualAnswer
from knowledge.manual.query import parse_query

if TYPE_CHECKING:
    from knowledge.manual.search import ManualIndex

STEP_FIELDS = ("duration", "standard", "detail", "responsible")
PROCESS_FIELDS = ("objective", "scope", "definition", "indicator", "forms", "references", "flowchart",
                  "supervisor", "steps", "total_duration", "duration", "standard", "responsible", "owner",
                  "longest", "shortest")
_AS_PROCESS_FIELD = {"laws": "references", "detail": "steps"}


def follow_up_answer(index: ManualIndex, query: str, process_id: str, step_no: int | None) -> ManualAnswer | None:
    """The question answered for the process (and step) discussed; None when it names its own subject."""
    p = index.process(process_id)
    if p is None:
        return None
    pq = parse_query(query)
    offset = step_offset(pq.normalized)
    if index.prepare(pq.tokens) and not (offset and pq.field in (None, "steps")):
        return None
    if pq.step_no is not None or offset:
        no = pq.step_no if pq.step_no is not None else (step_no or 0) + offset
        no = len(p.steps) if no == -1 else no
        step = p.step(no)
        fld = pq.field if pq.field in STEP_FIELDS else None
        return A.step_answer(p, step, fld, 1.0) if step is not None else A.no_such_step(p, no)
    fld = _AS_PROCESS_FIELD.get(pq.field or "", pq.field)
    if fld is None or fld not in PROCESS_FIELDS:
        return None
    if step_no is not None and fld in STEP_FIELDS:  # "ใช้เวลาเท่าไหร่" right after "ขั้นตอนที่ 3"
        step = p.step(step_no)
        if step is not None:
            return A.step_answer(p, step, fld, 1.0)
    return A.process_field_answer(p, fld, 1.0)


def same_part(index: ManualIndex, answer: ManualAnswer, field: str | None) -> ManualAnswer | None:
    """The part asked of the process before ("ใช้เวลารวม…"), of the one now named ("แล้วงานเครือข่ายล่ะ")."""
    p = index.process(answer.process_id or "")
    if p is None or field is None or field not in PROCESS_FIELDS or field in ("steps", "detail"):
        return None
    return A.process_field_answer(p, field, answer.score)
