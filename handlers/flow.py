"""Multi-step conversations declared as data: steps, what each accepts, cancel and timeout.

A step's `ask` says what to show when the step is entered; `accept` reads the user's answer
and returns what happens next. State is a plain JSON dict (`data`) persisted after every step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from handlers.messages import Message

if TYPE_CHECKING:
    from handlers.context import Context
    from handlers.turn import Turn

Data = dict[str, Any]


@dataclass(frozen=True)
class Next:
    """Go to `step` (asking its question), after saying `say` first."""

    step: str
    say: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Retry:
    """Ask the same step again after saying `say`.

    `unread` marks an answer the step could not use at all (not a button, not a school it knows):
    the dispatcher then checks whether the user asked something else in the meantime and answers
    that instead, keeping the conversation where it was.
    """

    say: tuple[Message, ...] = ()
    unread: bool = False


@dataclass(frozen=True)
class Done:
    """The conversation is over: say these and forget the state."""

    say: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Leave:
    """The message is not for this conversation: end it and route the message normally."""


StepResult = Next | Retry | Done | Leave
Ask = Callable[["Context", Data], list[Message]]
Accept = Callable[["Turn", "Context", Data], StepResult]


@dataclass(frozen=True)
class Step:
    """One question of a conversation."""

    ask: Ask
    accept: Accept
    # a free-text step (any words are its answer) that still hears a clear request first: a command
    # word, or a question understood beyond doubt, is answered aside and the step asked again
    hears_asides: bool = False


@dataclass(frozen=True)
class Flow:
    """A named conversation: its steps, where it starts, and how it ends early."""

    name: str
    steps: Mapping[str, Step]
    on_cancel: Callable[[Context, Data], list[Message]]
    on_timeout: Callable[[Context, Data], list[Message]]
    timeout_seconds: int | None = None  # None: the settings' default
    accepts_media: frozenset[str] = field(default_factory=frozenset)  # e.g. {"image"}
    own_intents: frozenset[str] = field(default_factory=frozenset)  # never taken as a question asked aside
