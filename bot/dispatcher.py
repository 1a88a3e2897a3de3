"""Routes one turn to the handler that should answer it (see handlers/router.py for the order)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import orjson

from bot import texts
from bot.conversations import ConversationState, ConversationStore
from handlers.context import Context
from handlers.flow import Done, Flow, Leave, Next, Retry, StepResult
from handlers.messages import Message, Text
from handlers.postback import verify
from handlers.router import Handler, Router
from handlers.turn import Turn

log = logging.getLogger(__name__)
MISSES_BEFORE_HINT = 2  # unusable answers in a row before the bot says how to leave the flow
ASIDE_THRESHOLD = 0.5  # a request typed mid-flow is answered only when understood at least this well
# at a free-text step the words are normally the answer: only a question understood this well is taken
# as one (measured: places and times typed there score at most 0.6, real questions 0.8 and more)
CLEAR_ASIDE_THRESHOLD = 0.8
MAX_REPLY_MESSAGES = 5
Understand = Callable[[str, Context], Any]
HELD = "_held"  # flow data: the flow an interrupting one ("forget me", asked mid-flow) put on hold


def held_flow(state: ConversationState) -> ConversationState | None:
    """The flow that `state`'s flow interrupted and put on hold, if any."""
    raw = state.data.get(HELD)
    return ConversationState.from_json(raw) if isinstance(raw, str) else None


def _then_back(answer: list[Message], asked: list[Message]) -> list[Message]:
    """An answer followed by the flow's open step asked again; the answer is cut short, never the step,
    when together they pass LINE's five messages."""
    out = [*answer, Text(texts.BACK_TO_FLOW), *asked]
    if len(out) > MAX_REPLY_MESSAGES:
        out = [*answer[:max(1, MAX_REPLY_MESSAGES - len(asked))], *asked]
    return out


def conversation_key(turn: Turn) -> str:
    """One conversation per person per chat (`bot.conversations.belongs_to` reads it back)."""
    return f"{turn.chat_id}:{turn.user_id}" if turn.in_group else turn.chat_id


class ConversationAccess:
    """The `ctx.conversations` of one turn: start or end this chat's flow."""

    def __init__(self, dispatcher: Dispatcher, key: str, ctx_ref: list[Context]) -> None:
        self._d = dispatcher
        self._key = key
        self._ctx = ctx_ref
        self.resumed: ConversationState | None = None  # a held flow this turn's ending made wait again
        self._topic: dict[str, Any] | None = None
        self._recalled = False

    def start(self, flow: str, data: dict[str, Any] | None = None, step: str | None = None) -> list[Message]:
        """Begin a flow and return its first question."""
        f = self._d.router.flows[flow]
        first = step or next(iter(f.steps))
        state = ConversationState(flow=flow, step=first, data=dict(data or {}),
                                  expires_at=time.time() + self._d.timeout_for(f))
        self._d.store.put(self._key, state)  # before ask: ask may itself end or restart the flow
        asked = f.steps[first].ask(self._ctx[0], state.data)
        if self._d.store.get(self._key) is not None:
            self._d.store.put(self._key, state)  # keep what ask wrote into data
        return asked

    def end(self) -> None:
        """Forget the chat's flow (a flow it interrupted waits again)."""
        self.resumed = self._d.end_flow(self._key) or self.resumed

    def data(self) -> dict[str, Any] | None:
        """The data of this chat's flow in progress, if any."""
        state = self._d.store.get(self._key)
        return state.data if state is not None else None

    def forget_person(self, user_id: str) -> list[dict[str, Any]]:
        """Delete this person's flows in every chat (1:1, groups, rooms); the data they held."""
        out = []
        for state in self._d.store.forget_person(user_id):
            current: ConversationState | None = state
            while current is not None:  # with the data of the flows they had put on hold
                out.append(current.data)
                current = held_flow(current)
        self.resumed = None
        self._topic, self._recalled = None, True
        return out

    def recall(self) -> dict[str, Any] | None:
        """What this chat's last data or manual answer was about, if recent (read once a turn)."""
        if not self._recalled:
            self._topic, self._recalled = self._d.store.get_topic(self._key), True
        return self._topic

    def remember(self, topic: dict[str, Any], ttl_seconds: float) -> None:
        """Keep what this turn's answer was about for ttl_seconds (never read as a flow)."""
        self._d.store.put_topic(self._key, topic, ttl_seconds)
        self._topic, self._recalled = topic, True


class Dispatcher:
    """Applies the route order to a turn and returns the answer."""

    def __init__(self, router: Router, store: ConversationStore, understand: Understand,
                 default_timeout: int) -> None:
        self.router = router
        self.store = store
        self.understand = understand
        self.default_timeout = default_timeout

    def timeout_for(self, flow: Flow) -> int:
        """Seconds a flow waits for the user's next answer."""
        return flow.timeout_seconds or self.default_timeout

    def access(self, turn: Turn, ctx_ref: list[Context]) -> ConversationAccess:
        """The conversation handle for this turn's chat."""
        return ConversationAccess(self, conversation_key(turn), ctx_ref)

    def dispatch(self, turn: Turn, ctx: Context) -> list[Message]:
        """The messages that answer this turn."""
        key = conversation_key(turn)
        out = self._dispatch(turn, ctx, key)
        access = ctx.conversations if isinstance(ctx.conversations, ConversationAccess) else None
        held = access.resumed if access is not None else None
        if held is not None and (now := self.store.get(key)) is not None and (now.flow, now.step) == (held.flow,
                                                                                                       held.step):
            # the interrupted flow waits again: say where it was
            out = _then_back(out, self.router.flows[held.flow].steps[held.step].ask(ctx, now.data))
        return out

    def end_flow(self, key: str) -> ConversationState | None:
        """End the chat's flow; the flow it had put on hold (if any) waits again and is returned."""
        state = self.store.get(key)
        held = held_flow(state) if state is not None else None
        flow = self.router.flows.get(held.flow) if held is not None else None
        if held is None or flow is None or held.step not in flow.steps:
            self.store.delete(key)
            return None
        held.expires_at = time.time() + self.timeout_for(flow)  # its time did not run while on hold
        self.store.put(key, held)
        return held

    def _dispatch(self, turn: Turn, ctx: Context, key: str) -> list[Message]:
        if turn.kind == "text" and turn.text is not None and Router.is_cancel(turn.text):
            state = self.store.get(key)
            if state is not None and state.flow in self.router.flows:
                self._end(key, ctx)
                ctx.note("cancel", flow=state.flow)
                return self.router.flows[state.flow].on_cancel(ctx, state.data) or [Text(texts.CANCELLED)]
            ctx.note("cancel")
            return [Text(texts.NOTHING_TO_CANCEL)]

        said: list[Message] = []
        state = self.store.get(key) if turn.kind not in ("follow", "unfollow", "join", "leave") else None
        while state is not None:
            flow = self.router.flows.get(state.flow)
            if flow is None or state.step not in flow.steps:
                self.store.delete(key)
            elif state.expired:
                said += flow.on_timeout(ctx, state.data) or [Text(texts.TIMED_OUT)]
                state = self._end(key, ctx, quiet=True)  # a flow it had put on hold takes this turn
                continue
            elif turn.kind == "text" and (plain := (turn.text or "").strip().lower()) in self.router.anywhere:
                ctx.note(f"keyword.{plain}", aside=flow.name)
                return said + self._interrupt(state, key, turn, ctx, self.router.keywords[plain])
            elif turn.kind == "text" or turn.kind in flow.accepts_media or turn.kind == "postback":
                answered = self._continue(flow, state, key, turn, ctx)
                if answered is not None:
                    return said + answered
            break
        return said + self._route(turn, ctx)

    def _end(self, key: str, ctx: Context, *, quiet: bool = False) -> ConversationState | None:
        """End the chat's flow through the turn's access (so that a resumed flow is announced)."""
        held = self.end_flow(key)
        access = ctx.conversations if isinstance(ctx.conversations, ConversationAccess) else None
        if access is not None:
            access.resumed = None if quiet else held
        return held

    def _interrupt(self, state: ConversationState, key: str, turn: Turn, ctx: Context,
                   handler: Handler) -> list[Message]:
        """A request heard even mid-flow ("forget me"): if it starts a flow of its own, the open flow
        is put on hold inside it and waits again when it ends; otherwise the open flow waits untouched."""
        self.store.delete(key)
        answer = handler(turn, ctx)
        started = self.store.get(key)
        if started is None:
            self.store.put(key, state)
        elif HELD not in started.data:
            started.data[HELD] = state.to_json().decode()
            self.store.put(key, started)
        return answer

    def _continue(self, flow: Flow, state: ConversationState, key: str, turn: Turn,
                  ctx: Context) -> list[Message] | None:
        if turn.kind == "postback" and turn.postback_data and self._postback_target(turn, ctx) is not None:
            return None  # a signed button of another feature: route it normally, keep the draft
        ctx.note(f"{flow.name}.{state.step}")
        if flow.steps[state.step].hears_asides and turn.kind == "text":
            aside = self._aside(flow, turn, ctx, min_confidence=CLEAR_ASIDE_THRESHOLD)
            if aside is not None:
                return self._back_to_step(flow, state, key, ctx, aside)
        before = orjson.dumps(state.data) if turn.kind == "text" else b""
        result: StepResult = flow.steps[state.step].accept(turn, ctx, state.data)
        if isinstance(result, Leave):
            held = self._end(key, ctx, quiet=True)
            if held is not None:  # the words are for the flow this one had put on hold
                return self._continue(self.router.flows[held.flow], held, key, turn, ctx)
            return None
        if isinstance(result, Done):
            self._end(key, ctx)
            return list(result.say)
        if isinstance(result, Retry):
            if result.unread and turn.kind == "text":
                aside = self._aside(flow, turn, ctx)
                if aside is not None:
                    state.data = orjson.loads(before)  # the step may have kept the words; they were not for it
                    return self._back_to_step(flow, state, key, ctx, aside)
            state.misses = state.misses + 1 if result.unread else 0
            state.expires_at = time.time() + self.timeout_for(flow)
            asked = flow.steps[state.step].ask(ctx, state.data)
            self.store.put(key, state)
            hint = [Text(texts.HOW_TO_LEAVE)] if result.unread and state.misses >= MISSES_BEFORE_HINT else []
            return list(result.say) + hint + asked
        state.misses = 0
        assert isinstance(result, Next)
        now = self.store.get(key)
        if now is None or now.flow != state.flow:  # the step ended the flow itself (ctx.conversations.end)
            return list(result.say)
        state.step = result.step
        state.expires_at = time.time() + self.timeout_for(flow)
        self.store.put(key, state)
        asked = flow.steps[result.step].ask(ctx, state.data)
        if self.store.get(key) is not None:
            self.store.put(key, state)  # keep what ask wrote into data
        return list(result.say) + asked

    def _aside(self, flow: Flow, turn: Turn, ctx: Context,
               min_confidence: float = ASIDE_THRESHOLD) -> list[Message] | None:
        """The answer to a request typed in the middle of a flow, if the text clearly is one."""
        before = ctx.understanding
        answer = self._text_route(turn, ctx, not_intents=flow.own_intents, min_confidence=min_confidence)
        if answer is None:
            ctx.understanding = before  # not a request after all: the turn stays the flow's
        else:
            ctx.note(aside=flow.name)
        return answer

    def _back_to_step(self, flow: Flow, state: ConversationState, key: str, ctx: Context,
                      aside: list[Message]) -> list[Message]:
        """After answering a question asked aside, ask the flow's open step again (unless the answer
        started or ended a flow itself)."""
        now = self.store.get(key)
        if now is None or now.flow != state.flow or now.step != state.step:
            return aside
        state.misses = 0
        state.expires_at = time.time() + self.timeout_for(flow)
        self.store.put(key, state)
        return _then_back(aside, flow.steps[state.step].ask(ctx, state.data))

    def _postback_target(self, turn: Turn, ctx: Context) -> tuple[Handler, dict[str, str]] | None:
        parsed = verify(ctx.postback_key, turn.postback_data or "")
        if parsed is None:
            return None
        action, params = parsed
        handler = self.router.postbacks.get(action)
        return (handler, params) if handler else None

    def _route(self, turn: Turn, ctx: Context) -> list[Message]:
        r = self.router
        if turn.kind == "postback":
            parsed = verify(ctx.postback_key, turn.postback_data or "")
            if parsed is None:
                ctx.note("postback.forged", answered=False)
                return [Text(texts.FORGED_BUTTON)]
            action, params = parsed
            handler = r.postbacks.get(action)
            if handler is None:
                ctx.note("postback.unknown", answered=False, action=action)
                return [Text(texts.UNKNOWN_BUTTON)]
            ctx.note(f"postback.{action}")
            turn.postback_params.update(params)
            return handler(turn, ctx)
        if turn.kind != "text" or turn.text is None:
            handler = r.events.get(turn.kind)
            ctx.note(f"event.{turn.kind}")
            return handler(turn, ctx) if handler else []
        answer = self._text_route(turn, ctx)
        if answer is not None:
            return answer
        ctx.note(getattr(ctx.understanding, "intent", None) or "out_of_scope", answered=False)
        return r.fallback(turn, ctx) if r.fallback else []

    def _text_route(self, turn: Turn, ctx: Context, *, not_intents: frozenset[str] = frozenset(),
                    min_confidence: float = 0.0) -> list[Message] | None:
        """The answer of the keyword, prefix or understood intent a text goes to; None when none takes it."""
        r = self.router
        text = turn.text or ""
        plain = text.strip().lower()
        if plain in r.keywords:
            ctx.note(f"keyword.{plain}")
            return r.keywords[plain](turn, ctx)
        for start, handler in r.prefixes:
            if plain.startswith(start) and r.prefix_allows(start, handler, turn, ctx):
                return handler(turn, ctx)
        understanding = self.understand(text, ctx)
        ctx.understanding = understanding
        intent = str(getattr(understanding, "intent", None) or "")
        confidence = float(getattr(understanding, "confidence", 0.0))
        taker = r.intents.get(intent)
        if taker is None or intent in not_intents or \
                confidence < max(min_confidence, r.intent_thresholds.get(intent, r.default_threshold)) or \
                not r.intent_allows(intent, turn, ctx):
            return None
        ctx.note(intent)
        return taker(turn, ctx)
