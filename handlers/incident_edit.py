"""Changing a report's summary before it is sent: "แก้ไข" asks which part, and a part's button or a typed
correction changes only that part; the rest of the draft stays."""

from __future__ import annotations

from handlers import incident_texts as T
from handlers.context import Context
from handlers.flow import Data, Next, Retry, StepResult
from handlers.incident_draft import FIELDS, GUESSED, absorb, asks_data, next_step, set_school
from handlers.incident_extract import extract
from handlers.messages import Choice, Message, Text
from handlers.turn import Turn
from knowledge.understand import Understanding, understand
from models.incidents_queries import WHOLE_SCHOOL


def ask_edit(ctx: Context, data: Data) -> list[Message]:
    """Which part of the summary to change?"""
    parts = tuple(Choice(label, text=label) for label in T.EDIT_PARTS.values())
    return [Text(T.ASK_EDIT, (*parts, Choice(T.EDIT_NONE, text=T.EDIT_NONE)))]


def forget_part(data: Data, part: str) -> None:
    """Empty one part of the draft so that its step asks it again (what only followed from it goes too)."""
    if part == "school":
        for key in ("school_id", "school_code", "school_name", "school_tried"):
            data.pop(key, None)
        return
    if part == "impact" and data.get("location") == T.IMPACT[WHOLE_SCHOOL]:
        data.pop("location", None)  # filled in from "the whole school", not typed
    data.pop(part, None)
    if part == "category":
        data.pop(GUESSED, None)


def accept_edit(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """A part's button asks that part again; typed details replace what they name; the rest stays."""
    text = (turn.text or "").strip()
    part = next((k for k, label in T.EDIT_PARTS.items() if text == label), None)
    if part is not None:
        forget_part(data, part)
        return Next(part)
    if text == T.EDIT_NONE or text.lower() in T.CONFIRM_WORDS:
        return Next("confirm")
    if text in T.EDIT_WORDS:
        return Retry()
    understood = understand(text, ctx.knowledge.vocabulary)
    if not asks_data(text, understood) and revise(data, text, ctx, understood):
        return Next(next_step(data))
    return Retry(say=(Text(T.PICK_PART),), unread=True)


def revise(data: Data, text: str, ctx: Context, understood: Understanding) -> bool:
    """Replace the parts a typed correction names ("โรงเรียนหนองไผ่", "ห้องคอม 2 ตั้งแต่เมื่อวาน"); True if any."""
    ents = understood.entities
    school = bool(ents.schools) and not ents.school_ambiguous and set_school(data, ctx, ents.schools[0].code)
    found = extract(text)
    named = {f: getattr(found, f) for f in FIELDS if getattr(found, f)}
    if found.weak_category:
        named.pop("category", None)  # "ห้องคอม 2" corrects the place, not the kind of problem
    if named.get("impact") is not None:
        forget_part(data, "impact")
    if "category" in named:
        data.pop(GUESSED, None)
    data.update(named)
    if named:
        absorb(data, text)  # "the whole school" fills the place; the words join the description
    return school or bool(named)


def ask_description(ctx: Context, data: Data) -> list[Message]:
    """New details in the reporter's words?"""
    return [Text(T.ASK_DESCRIPTION)]


def accept_description(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """The words replace the description; fields still empty are read from them."""
    text = (turn.text or "").strip()
    if not text:
        return Retry()
    data["description"] = ""
    absorb(data, text)
    return Next(next_step(data))
