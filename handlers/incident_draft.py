"""The report's draft: what is known, what is asked next, and how a message is read into it."""

from __future__ import annotations

from sqlalchemy import select

from handlers import incident_texts as T
from handlers.context import Context
from handlers.flow import Data
from handlers.incident_extract import extract, has_question_words
from knowledge.intents import DATA_INTENTS
from knowledge.understand import Understanding
from models.incidents_queries import WHOLE_SCHOOL
from models.school import School

FIELDS = ("category", "impact", "urgency", "location", "since")
GUESSED = "category_guessed"
"""Draft key: the category is "other" only because the words named none; later words may name it."""
DATA_QUESTIONS = frozenset({*DATA_INTENTS, "school_info"})
DATA_QUESTION_CONFIDENCE = 0.8
"""A data question typed where the school is asked is answered aside only when understood this well."""


def next_step(data: Data) -> str:
    """The first thing still unknown (the summary when nothing is)."""
    if not data.get("school_id") and not data.get("school_name"):
        return "school"
    for f in FIELDS:
        if f == "location" and data.get("impact") == WHOLE_SCHOOL:
            continue
        if not data.get(f):
            return f
    return "confirm"


def absorb(data: Data, text: str, *, as_description: bool = True) -> None:
    """Fill the still-empty fields from a message (never overwrites an answer) and keep its words."""
    if is_button(text):
        return
    found = extract(text)
    for f in FIELDS:
        value = getattr(found, f)
        if value and (not data.get(f) or (f == "category" and data.get(GUESSED) and not found.weak_category)):
            data[f] = value
            if f == "category":
                data[GUESSED] = found.weak_category
    if data.get("impact") == WHOLE_SCHOOL and not data.get("location"):
        data["location"] = T.IMPACT[WHOLE_SCHOOL]
    if as_description and text.strip():
        desc = str(data.get("description") or "")
        data["description"] = (desc + " / " + text.strip() if desc else text.strip())[:1000]


def is_button(text: str) -> bool:
    """The text is one of the report's own buttons (not words to read into the draft)."""
    t = text.strip()
    return t in {*T.CATEGORY_BUTTON.values(), *T.IMPACT_BUTTON.values(), *T.URGENCY_BUTTON.values(),
                 *T.SINCE_BUTTONS, *T.CONFIRM_WORDS, *T.EDIT_WORDS, *T.EDIT_PARTS.values(), T.EDIT_NONE, T.SKIP}


def asks_data(text: str, understood: Understanding) -> bool:
    """The words are a clear question about schools' data ("รร.หนองไผ่มีนักเรียนกี่คน"), not an answer."""
    return understood.intent in DATA_QUESTIONS and understood.confidence >= DATA_QUESTION_CONFIDENCE and \
        has_question_words(text)


def set_school(data: Data, ctx: Context, code: str) -> bool:
    """Put the school with this code into the draft; False if there is none."""
    school = ctx.db_session.scalar(select(School).where(School.office_id == ctx.settings.office_id,
                                                        School.code == code))
    if school is None:
        return False
    data.update(school_id=school.id, school_code=school.code, school_name=school.name)
    return True
