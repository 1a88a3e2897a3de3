"""What the chat's last data or manual answer was about, kept a few minutes so that a follow-up
("แล้วครูล่ะ", "ม.2 ล่ะ", "ใช้เวลารวมเท่าไหร่") can leave it out."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal, Protocol, cast, runtime_checkable

from handlers.context import Context

TOPIC_SECONDS = 600.0
"""A topic older than this is forgotten: a question asked later is read on its own."""
TopicKind = Literal["data", "manual", "incident"]
"""incident: a problem report was just filed; it lends nothing, but ends the data or manual topic."""


@dataclass(frozen=True)
class Topic:
    """The subject of one answer: a data scope with what was asked, or a manual process (and step)."""

    kind: TopicKind
    intent: str = ""
    school: str | None = None  # the school's code
    schools: tuple[str, ...] = ()  # the codes of several schools named together (school is then None)
    district: str | None = None
    subdistrict: str | None = None  # all three None: the whole area
    year: int | None = None
    grades: tuple[str, ...] | None = None
    gender: str | None = None
    fields: tuple[str, ...] = ()  # contact fields asked (phone, email, …)
    metric: str | None = None  # students or teachers, for rankings and year comparisons
    process: str | None = None
    step: int | None = None
    field: str | None = None  # the part of the process asked (total_duration, responsible, …)
    asked: bool = False  # the bot asked back which school: the question waits for its scope

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict of the parts that are set (what the store keeps)."""
        out: dict[str, Any] = {}
        for name in _NAMES:
            v = getattr(self, name)
            if v is not None and v != () and v != "" and v is not False:
                out[name] = list(v) if isinstance(v, tuple) else v
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Topic | None:
        """The topic a stored dict holds, or None when it is not one."""
        kind = d.get("kind")
        if kind not in ("data", "manual", "incident"):
            return None
        try:
            grades = d.get("grades")
            return cls(kind=kind, intent=str(d.get("intent") or ""), school=_str(d.get("school")),
                       schools=tuple(map(str, d.get("schools") or ())),
                       district=_str(d.get("district")), subdistrict=_str(d.get("subdistrict")),
                       year=_int(d.get("year")), grades=tuple(map(str, grades)) if grades else None,
                       gender=_str(d.get("gender")), fields=tuple(map(str, d.get("fields") or ())),
                       metric=_str(d.get("metric")), process=_str(d.get("process")), step=_int(d.get("step")),
                       field=_str(d.get("field")), asked=d.get("asked") is True)
        except (TypeError, ValueError):
            return None


_NAMES = tuple(f.name for f in fields(Topic))


def _str(v: object) -> str | None:
    return str(v) if v not in (None, "") else None


def _int(v: object) -> int | None:
    return int(str(v)) if v is not None else None


@runtime_checkable
class TopicMemory(Protocol):
    """`ctx.conversations` in a chat (bot/dispatcher.ConversationAccess) keeps the chat's topic."""

    def recall(self) -> dict[str, Any] | None:
        """The chat's topic, if recent."""
        ...

    def remember(self, topic: dict[str, Any], ttl_seconds: float) -> None:
        """Keep this turn's topic for ttl_seconds."""
        ...


_IS_MEMORY: dict[type, bool] = {}  # a protocol check is slow: once per class of ctx.conversations


def _memory(ctx: Context) -> TopicMemory | None:
    """ctx.conversations when it keeps topics (in a chat), else None (periodic duties, warm-ups)."""
    c = ctx.conversations
    ok = _IS_MEMORY.get(type(c))
    if ok is None:
        ok = _IS_MEMORY[type(c)] = isinstance(c, TopicMemory)
    return cast(TopicMemory, c) if ok else None


def recall(ctx: Context, kind: TopicKind) -> Topic | None:
    """The chat's recent topic of this kind (one store read a turn at most), or None."""
    memory = _memory(ctx)
    raw = memory.recall() if memory is not None else None
    topic = Topic.from_dict(raw) if raw is not None else None
    return topic if topic is not None and topic.kind == kind else None


def remember(ctx: Context, topic: Topic) -> None:
    """Keep what this turn's answer was about, replacing the chat's topic."""
    memory = _memory(ctx)
    if memory is not None:
        memory.remember(topic.to_dict(), TOPIC_SECONDS)
