"""The routing table capabilities register into; the bot's dispatcher walks it.

Route order (first match wins): cancel word → active conversation step → postback action →
exact keyword / rich-menu text → text prefix (when its guard allows this turn) → understood intent
above its threshold → rescues (a capability's last look at a text nobody understood) → fallback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from handlers.context import Context
from handlers.flow import Flow
from handlers.messages import Message
from handlers.turn import Turn

Handler = Callable[[Turn, Context], list[Message]]
Periodic = Callable[[Context], None]  # background duty (SLA reminders, scheduled notices); may ctx.push
AfterHook = Callable[[Turn, Context, list[Message]], list[Message]]  # may add to an answer (e.g. a rating ask)
Guard = Callable[[Turn, Context], bool]  # may this turn take a prefix route? (else: normal understanding)
Rescue = Callable[[Turn, Context], list[Message] | None]  # answers a not-understood text, or None to pass

CANCEL_WORDS = frozenset({"ยกเลิก", "cancel", "ออก", "หยุด", "เลิก", "ไม่เอาแล้ว", "ยกเลิกครับ", "ยกเลิกค่ะ"})


@dataclass
class Router:
    """Every way a turn can reach a handler."""

    keywords: dict[str, Handler] = field(default_factory=dict)
    anywhere: set[str] = field(default_factory=set)  # keywords answered even in the middle of a flow
    prefixes: list[tuple[str, Handler]] = field(default_factory=list)
    prefix_guards: dict[tuple[str, Handler], Guard] = field(default_factory=dict)
    postbacks: dict[str, Handler] = field(default_factory=dict)
    intents: dict[str, Handler] = field(default_factory=dict)
    intent_thresholds: dict[str, float] = field(default_factory=dict)
    intent_guards: dict[str, Guard] = field(default_factory=dict)
    events: dict[str, Handler] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    fallback: Handler | None = None
    rescues: list[Rescue] = field(default_factory=list)  # tried in order by the fallback (handlers/help.py)
    after: list[AfterHook] = field(default_factory=list)
    periodic: list[Periodic] = field(default_factory=list)
    # built in the background after the schools change (an import), so no answer waits for them
    warm_ups: list[Periodic] = field(default_factory=list)
    default_threshold: float = 0.5

    def keyword(self, *words: str, anywhere: bool = False) -> Callable[[Handler], Handler]:
        """Route these exact texts (after light normalisation) to the decorated handler; with
        `anywhere`, also in the middle of a flow (the flow waits: e.g. a request to be forgotten)."""
        def deco(fn: Handler) -> Handler:
            for w in words:
                self.keywords[w.strip().lower()] = fn
                if anywhere:
                    self.anywhere.add(w.strip().lower())
            return fn
        return deco

    def prefix(self, *starts: str, when: Guard | None = None) -> Callable[[Handler], Handler]:
        """Route texts starting with one of these words to the decorated handler.

        With `when`, only turns it accepts take this route (e.g. a command word only staff may
        use); the others go on to normal understanding as if the prefix were not there.
        """
        def deco(fn: Handler) -> Handler:
            for s in starts:
                self.prefixes.append((s.lower(), fn))
                if when is not None:
                    self.prefix_guards[(s.lower(), fn)] = when
            return fn
        return deco

    def prefix_allows(self, start: str, handler: Handler, turn: Turn, ctx: Context) -> bool:
        """True when this prefix route may take the turn (no guard, or the guard says yes)."""
        guard = self.prefix_guards.get((start, handler))
        return guard is None or guard(turn, ctx)

    def postback(self, *actions: str) -> Callable[[Handler], Handler]:
        """Route signed postbacks with these action names to the decorated handler."""
        def deco(fn: Handler) -> Handler:
            for a in actions:
                self.postbacks[a] = fn
            return fn
        return deco

    def intent(self, *names: str, threshold: float | None = None,
               when: Guard | None = None) -> Callable[[Handler], Handler]:
        """Route understood intents to the decorated handler when confident enough (and, with `when`,
        when the guard accepts the turn; the others are treated as not understood)."""
        def deco(fn: Handler) -> Handler:
            for n in names:
                self.intents[n] = fn
                if threshold is not None:
                    self.intent_thresholds[n] = threshold
                if when is not None:
                    self.intent_guards[n] = when
            return fn
        return deco

    def intent_allows(self, intent: str, turn: Turn, ctx: Context) -> bool:
        """True when the intent's route may take this turn (no guard, or the guard says yes)."""
        guard = self.intent_guards.get(intent)
        return guard is None or guard(turn, ctx)

    def event(self, *kinds: str) -> Callable[[Handler], Handler]:
        """Route non-text event kinds (follow, image, location, …) to the decorated handler."""
        def deco(fn: Handler) -> Handler:
            for k in kinds:
                self.events[k] = fn
            return fn
        return deco

    def add_flow(self, flow: Flow) -> Flow:
        """Declare a multi-step conversation."""
        self.flows[flow.name] = flow
        return flow

    @staticmethod
    def is_cancel(text: str) -> bool:
        """True when the text asks to cancel what is in progress."""
        t = text.strip().lower().rstrip("!.ๆ ")
        return t in CANCEL_WORDS or (t.startswith("ยกเลิก") and len(t) <= 12)
