"""A message that asks two kinds of data ("ผอ.ชื่ออะไร แล้วมีครูกี่คน", "นักเรียนกี่คน เบอร์โทรอะไร") gets both
answers, one after the other, about the same school or district."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from handlers.context import Context
from handlers.messages import Flex, Message, Text
from handlers.router import Handler, Rescue
from handlers.turn import Turn
from knowledge.regex_entities import without_self_intro

if TYPE_CHECKING:
    from knowledge.understand import Understanding

_TEACHERS = re.compile(r"ครู|อาจารย์|บุคลากร|teacher")
_METRIC_OF = {"student_count": "students", "teacher_count": "teachers", "school_count": "schools"}


def also_teachers(u: Understanding) -> bool:
    """A student question that asks for the teachers too ("นักเรียนและครู…กี่คน")."""
    return u.entities.metric == "students" and _TEACHERS.search(without_self_intro(u.text)) is not None


def _as(u: Understanding, intent: str) -> Understanding:
    """The message read as its ask of this intent alone."""
    e = u.entities
    metric = e.fields[0] if intent == "school_info" and e.fields else _METRIC_OF.get(intent, e.metric)
    return replace(u, intent=intent, entities=replace(e, metric=metric))


def _covered(intent: str, done: list[str], u: Understanding) -> bool:
    """A student answer that gave the teachers too ("นักเรียนและครู") answered a teacher ask."""
    return intent in done or (intent == "teacher_count" and "student_count" in done and also_teachers(u))


def _joined(first: list[Message], more: list[Message]) -> list[Message]:
    """Both answers; quick replies only on the last message (LINE shows no others)."""
    if not more:
        return first
    head = [replace(m, choices=()) if isinstance(m, Text | Flex) and m.choices else m for m in first]
    return [*head, *more]


def in_asked_order(u: Understanding, intent: str) -> tuple[str, Understanding]:
    """The intent to answer first: the first one asked, when the message asks two kinds."""
    asks = u.entities.asks
    if intent in asks and asks[0] != intent:
        return asks[0], _as(u, asks[0])
    return intent, u


def answer_the_rest(turn: Turn, ctx: Context, answered: str, out: list[Message],
                    handlers: Mapping[str, Handler]) -> list[Message]:
    """After the answer to one ask of a two-kind message, the answers to its other asks (when the first
    was a real answer, not a question back or "not found")."""
    u = ctx.understanding
    if u is None or not u.entities.asks or not ctx.interaction.ask_rating:
        return out
    done = [answered]
    for intent in u.entities.asks:
        if _covered(intent, done, u) or intent not in handlers:
            continue
        ctx.understanding = _as(u, intent)
        more = handlers[intent](turn, ctx)
        done.append(intent)
        out = _joined(out, more)
    ctx.understanding = u
    ctx.note(answered, asks=list(u.entities.asks))
    return out


def rescue_two_asks(handlers: Mapping[str, Handler]) -> Rescue:
    """The rescue route: a text whose asks tie between two data intents is answered for each."""
    def rescue(turn: Turn, ctx: Context) -> list[Message] | None:
        u = ctx.understanding
        if u is None or not u.entities.asks or u.entities.asks[0] not in handlers:
            return None
        first = u.entities.asks[0]
        ctx.understanding = _as(u, first)
        ctx.note(first, answered=True)
        out = handlers[first](turn, ctx)
        ctx.understanding = u
        return answer_the_rest(turn, ctx, first, out, handlers)
    return rescue
