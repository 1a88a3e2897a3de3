"""Data follow-ups: "แล้วครูล่ะ", "ม.2 ล่ะ", "เบอร์โทรด้วย", "ปี 2567 ล่ะ" after a data answer are about the
same school, district or area (and year, grades, sex); "แล้วโรงเรียน Y ล่ะ" asks the same about Y."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from handlers import data_texts as T
from handlers.context import Context
from handlers.data_asks import answer_the_rest, in_asked_order
from handlers.data_scope import (
    CONTACT_FIELDS,
    GRADE_INTENTS,
    METRIC_INTENTS,
    YEAR_INTENTS,
    Target,
    term_of,
    topic_of,
    understanding,
)
from handlers.messages import Choice, Flex, Message, Text
from handlers.router import Handler, Rescue
from handlers.topic import Topic, recall, remember
from handlers.turn import Turn
from knowledge.follow_up import asks_all_parts, has_marker, names_area, reads_as_follow_up, words
from knowledge.intents import not_in_data

if TYPE_CHECKING:
    from knowledge.understand import Understanding

PERIOD_INTENTS = frozenset({"student_count", "teacher_count", "ranking", "compare_years"})
_SCHOOL_TOO = frozenset({"student_count", "teacher_count", "compare_years", "school_info"})
"""Intents a school topic carries over to; the others (counts, lists, rankings) need a district or the area."""
_CODE = re.compile(r"(?<!\d)\d{6,10}(?!\d)")
_SHARE = re.compile(r"เปอร์เซ็นต์|เปอร์เซ็น|เปอร์เซนต์|ร้อยละ|%|percent|สัดส่วน", re.I)
BARE_NAME_WORDS = 3
"""A text of at most this many words that names a place and asks nothing is only that name."""


def names_scope(u: Understanding) -> bool:
    """The text names what it is about: a school, my school, a district, a subdistrict or the area."""
    e = u.entities
    return bool(e.schools or e.district or e.subdistrict or e.whole_area or e.province or e.my_school
                or e.lookup or any(len(n.name) >= 2 for n in u.names)
                or _CODE.search(u.text) or names_area(u.text))


def asks_share(text: str) -> bool:
    """The text asks for a percentage or a share ("คิดเป็นกี่เปอร์เซ็นต์", "ร้อยละเท่าไร")."""
    return _SHARE.search(text) is not None


def asks_something(u: Understanding, text: str) -> bool:
    """The text asks for a number or a field (grade, sex, year, term, teachers, phone, a share, …)."""
    e = u.entities
    return bool(e.grades or e.gender or e.academic_year or e.compare_years or e.fields or e.metric
                or e.breakdown or e.ranking or e.size_class or term_of(text) or asks_share(text))


def _applies(topic: Topic, intent: str) -> bool:
    """A topic's scope carries over to this intent (a school's only to questions about one school)."""
    if topic.school is not None or topic.schools or topic.asked:
        return intent in _SCHOOL_TOO
    return intent != "school_info"


def _applies_to_named(topic: Topic, u: Understanding) -> bool:
    """The earlier question can be asked of the scope named now (a school's phone of a district: no)."""
    if u.entities.schools or u.entities.lookup:
        return topic.intent in _SCHOOL_TOO
    return topic.intent != "school_info"


def _intent_for(u: Understanding, topic: Topic) -> str | None:
    """What a not-understood follow-up asks, from its words and what was asked before."""
    e = u.entities
    if e.fields or e.metric in CONTACT_FIELDS or e.metric == "size":
        return "school_info"
    if e.metric == "teachers":
        return "teacher_count"
    if e.grades or e.gender or e.metric == "students" or "grade" in e.breakdown:
        return topic.intent if topic.intent in GRADE_INTENTS else "student_count"
    return topic.intent if topic.intent in PERIOD_INTENTS else "student_count"


def _merged(u: Understanding, topic: Topic, intent: str) -> Understanding:
    """The understanding with the parts the follow-up left out taken from the topic."""
    e = u.entities
    changes: dict[str, Any] = {}
    if intent in YEAR_INTENTS and e.academic_year is None and not e.compare_years and topic.year:
        changes["academic_year"] = topic.year
    if intent in GRADE_INTENTS and not asks_all_parts(u.text):
        if e.grades is None and topic.grades:
            changes["grades"] = topic.grades
        if intent == "student_count" and e.gender is None and topic.gender in ("male", "female"):
            changes["gender"] = topic.gender
    if intent == "school_info" and not e.fields and e.metric is None and topic.fields:
        changes["fields"] = topic.fields
    if intent in METRIC_INTENTS and e.metric is None and topic.metric:
        changes["metric"] = topic.metric
    return replace(u, intent=intent, entities=replace(e, **changes) if changes else e)


def follow_up(turn: Turn, ctx: Context, u: Understanding, intent: str | None) -> tuple[str, Understanding] | None:
    """The intent and understanding a follow-up on the data topic is answered with (None: as typed)."""
    text = turn.text or ""
    if names_scope(u):  # "แล้วโรงเรียน Y ล่ะ": a new scope, asked the same as before
        if asks_something(u, text):
            return None
        bare = words(u.tokens) <= BARE_NAME_WORDS  # only a name: the answer to "which school?" or a new scope
        if not (bare or has_marker(u.text)):
            return None
        topic = recall(ctx, "data")
        if topic is None or not topic.intent or (topic.intent == intent and not topic.asked):
            return None
        if bare and not topic.asked and not _applies_to_named(topic, u):
            return None
        return topic.intent, _merged(u, topic, topic.intent)
    if not reads_as_follow_up(u.text, u.tokens) or (intent is None and not asks_something(u, text)):
        return None
    topic = recall(ctx, "data")
    if topic is None:  # (a question asked back lends no scope: its follow-up is asked back too)
        return None
    chosen = intent or _intent_for(u, topic)
    if chosen is None or not _applies(topic, chosen):
        return None
    ctx.follow_up = topic
    return chosen, _merged(u, topic, chosen)


def remember_answer(ctx: Context, intent: str, t: Target) -> None:
    """A data answer was given: its scope and what was asked are what the chat talks about now."""
    remember(ctx, topic_of(ctx, intent, school=t.school.code if t.school is not None else None,
                           schools=t.codes, district=t.scope.district, subdistrict=t.scope.subdistrict))


MAX_CHOICES = 13  # LINE's quick-reply limit


def with_area_choice(turn: Turn, ctx: Context, intent: str, messages: list[Message]) -> list[Message]:
    """An answer whose school or district came from the earlier answer offers the same question for
    the whole area, one tap away (a short question may have meant the area); a school's phone or
    principal has no area answer."""
    topic = ctx.follow_up
    if topic is None or (topic.school is None and topic.district is None) or not messages or intent == "school_info":
        return messages
    last = messages[-1]
    if not isinstance(last, Text | Flex) or len(last.choices) >= MAX_CHOICES:
        return messages
    area = Choice(T.AREA_CHOICE, text=f"{(turn.text or '').strip()} {T.AREA_CHOICE}")
    return [*messages[:-1], replace(last, choices=(area, *last.choices))]


def following(intent: str, handlers: Mapping[str, Handler]) -> Handler:
    """The route of an understood data intent: a follow-up is answered with what it left out."""
    def run(turn: Turn, ctx: Context) -> list[Message]:
        got = follow_up(turn, ctx, understanding(turn, ctx), intent)
        if got is None:
            first, ctx.understanding = in_asked_order(understanding(turn, ctx), intent)
            return answer_the_rest(turn, ctx, first, handlers[first](turn, ctx), handlers)
        chosen, ctx.understanding = got
        ctx.note(chosen, follow_up=True)
        out = with_area_choice(turn, ctx, chosen, handlers[chosen](turn, ctx))
        return answer_the_rest(turn, ctx, chosen, out, handlers)
    run.__doc__ = handlers[intent].__doc__
    return run


def rescue_follow_up(handlers: Mapping[str, Handler]) -> Rescue:
    """The rescue route: a not-understood text that follows up on a data answer ("ม.2 ล่ะ")."""
    def rescue(turn: Turn, ctx: Context) -> list[Message] | None:
        u = ctx.understanding
        if u is None or (u.intent not in handlers and u.intent != "out_of_scope") or not_in_data(u.text):
            return None  # another feature's words (a problem report, a notice), or no data's: never theirs
        got = follow_up(turn, ctx, u, None)
        if got is None:
            return None
        chosen, ctx.understanding = got
        ctx.note(chosen, answered=True, follow_up=True)
        return with_area_choice(turn, ctx, chosen, handlers[chosen](turn, ctx))
    return rescue
