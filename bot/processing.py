"""Process one stored event: route it, and store the answer and log in one transaction."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any, cast

import orjson
from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, sessionmaker

from bot import texts
from bot.delivery import CLAIM, route_for
from bot.dispatcher import Dispatcher
from bot.events import to_turn
from bot.inbox import EventClaim, claim_event, finish_claimed, finish_event, release_event, renew_claim
from bot.line_format import to_line
from bot.ratelimit import RateLimiter
from bot.settings import Settings
from handlers.context import Context, Files, Knowledge
from handlers.messages import Message, Push, Text
from handlers.router import Router
from handlers.turn import Turn
from models.base import utcnow
from models.db import connection_lost
from models.evaluation import Interaction
from models.evaluation import pseudonym as user_pseudonym
from models.inbox import InboundEvent, OutboxMessage
from models.user import User, add_follower, get_user

log = logging.getLogger(__name__)
RETRY_NS = uuid.UUID("6f1c8a3e-2b7d-4c1e-9a55-3d2b1e0f7c11")
LOGGED_KINDS = {"text", "postback", "image", "video", "audio", "file", "location", "sticker", "follow", "unfollow"}


# built once, and run on the session's connection: plain Core inserts (the ORM's unit of work and
# bulk-insert paths cost several times the statement itself on this per-event path)
_OUTBOX = cast(Table, OutboxMessage.__table__)
_INSERT_ANSWER = insert(_OUTBOX).returning(_OUTBOX.c.id)
_INSERT_INTERACTION = insert(cast(Table, Interaction.__table__))


def pseudonym(settings: Settings, line_user_id: str) -> str:
    """The interaction log's pseudonym of a LINE id (see models.evaluation.pseudonym)."""
    key = settings.line_channel_secret.get_secret_value().encode() if settings.line_channel_secret else b""
    return user_pseudonym(key, line_user_id)


def retry_key_for(key: str) -> str:
    """The X-Line-Retry-Key (a UUID) that belongs to an idempotency key."""
    return str(uuid.uuid5(RETRY_NS, key))


@dataclass
class Outcome:
    """What processing produced: outbox rows to deliver now."""

    outbox_ids: list[int]
    chat_id: str | None = None
    first: OutboxMessage | None = None  # the answer, stored already claimed for sending by this process
    nameless_user: str | None = None  # a user whose LINE name a handler needs (ctx.need_name)


class EventProcessor:
    """Runs in a worker thread: one DB session per event, commit once."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], dispatcher: Dispatcher,
                 router: Router, knowledge: Knowledge, files: Files, limiter: RateLimiter) -> None:
        self.settings = settings
        self.sessions = sessions
        self.dispatcher = dispatcher
        self.router = router
        self.knowledge = knowledge
        self.files = files
        self.limiter = limiter

    def handle(self, event_row_id: int, profile: dict[str, Any] | None = None,
               claim: EventClaim | None = None, *, retried: bool = False) -> Outcome:
        """Claim (unless `claim` says it is held already), route and answer one event; safe to call
        twice (the second does nothing)."""
        with self.sessions() as session:
            if claim is None:
                ev = claim_event(event_row_id, self.settings.event_lease_seconds, db_session=session)
                if ev is None:
                    session.rollback()
                    return Outcome([])
                session.commit()
                claim = EventClaim.of(ev)
            elif self._stale(claim):  # waited long after it was stored: make sure it is still ours
                if not renew_claim(claim, self.settings.event_lease_seconds, db_session=session):
                    session.rollback()
                    return Outcome([])
                session.commit()
            turn = to_turn(claim.payload, claim.webhook_event_id)
            progress = _Progress()
            try:
                rows = self._answer(session, claim, turn, profile, progress)
                if not finish_claimed(claim, "done", db_session=session):
                    session.rollback()  # our claim expired and another worker took the event over
                    log.warning("event %s was taken over by another worker; not answering twice",
                                claim.webhook_event_id)
                    return Outcome([])
                session.commit()
                first = rows[0] if rows and rows[0].claimed_until is not None else None
                return Outcome([r.id for r in rows], turn.chat_id, first, progress.nameless_user)
            except Exception as exc:  # a handler bug or a DB failure must not lose the event
                session.rollback()
                again = not retried and not progress.dispatched and connection_lost(exc)
                if not again:
                    log.exception("processing event %s failed", claim.webhook_event_id)
                    return self._failed(event_row_id, turn, exc, claim.attempt)
        # the pooled connection was cut (a database restart) before the turn was routed, so nothing
        # else happened yet: answer now on a new connection rather than after recovery's delay
        log.warning("database connection was lost before event %s was answered; trying again on a new one",
                    claim.webhook_event_id)
        return self.handle(event_row_id, profile, claim, retried=True)

    def _stale(self, claim: EventClaim) -> bool:
        if claim.received_at is None:
            return True
        return (utcnow() - claim.received_at).total_seconds() > self.settings.event_store_claim_seconds / 2

    def _answer(self, session: Session, ev: EventClaim, turn: Turn, profile: dict[str, Any] | None,
                progress: _Progress) -> list[OutboxMessage]:
        user: User | None = None
        if turn.user_id:
            user = get_user(turn.user_id, db_session=session)
            changed = user is None
            if user is None:
                user = add_follower(turn.user_id, db_session=session, office_id=self.settings.office_id)
            if profile and profile.get("display_name") and not user.display_name:
                # a follower's LINE name fills a blank only: a name staff gave ("users add --name") is kept
                user.display_name = str(profile["display_name"])[:200]
                changed = True
            if changed:
                # a new follower (or a new name) is kept on its own: committing now ends the write
                # transaction at once, so a slow handler does not hold SQLite's single write lock
                session.commit()
        ctx_ref: list[Context] = []
        ctx = Context(db_session=session, settings=self.settings, knowledge=self.knowledge,
                      conversations=self.dispatcher.access(turn, ctx_ref), files=self.files,
                      now=utcnow(), user=user)
        ctx_ref.append(ctx)
        if turn.in_group and turn.kind == "text" and not self._addressed(turn):
            return []
        if user is not None and turn.kind in ("text", "postback") and self._flooding(user.line_user_id):
            messages: list[Message] = [Text(texts.RATE_LIMITED)] if self._first_over(user.line_user_id) else []
            ctx.note("rate_limited", answered=False)
        else:
            progress.dispatched = True  # from here a turn may change conversations: never run it twice
            messages = self.dispatcher.dispatch(turn, ctx)
            for hook in self.router.after:
                messages = hook(turn, ctx, messages)
        rows = self._store_outbox(session, ev, turn, messages, ctx.pushes)
        if ctx.wants_name and not turn.in_group:
            progress.nameless_user = turn.user_id
        if turn.kind in LOGGED_KINDS and turn.user_id:
            self._log(session, ev, turn, ctx)
        return rows

    def warm_up(self) -> None:
        """Build what the capabilities derive from the current data (look-up indexes)."""
        for warm in self.router.warm_ups:
            with self.sessions() as session:
                try:
                    warm(self._chatless(session))
                except Exception:
                    log.exception("warm-up %s failed; it is built on first use instead",
                                  getattr(warm, "__name__", warm))
                finally:
                    session.rollback()

    def run_periodic(self) -> list[int]:
        """Run the capabilities' periodic duties; each commits with the pushes it queued."""
        ids: list[int] = []
        for duty in self.router.periodic:
            with self.sessions() as session:
                ctx = self._chatless(session)
                try:
                    duty(ctx)
                    rows = self._push_rows(session, None, ctx.pushes, "periodic")
                    session.commit()
                    ids += [r.id for r in rows]
                except Exception:
                    session.rollback()
                    log.exception("periodic duty %s failed", getattr(duty, "__name__", duty))
        return ids

    def _chatless(self, session: Session) -> Context:
        """The context of work done outside any chat (duties, warm-ups)."""
        return Context(db_session=session, settings=self.settings, knowledge=self.knowledge,
                       conversations=_NoConversations(), files=self.files, now=utcnow())

    def _addressed(self, turn: Turn) -> bool:
        """In groups the bot answers when mentioned, when called by name, or mid-conversation."""
        text = (turn.text or "").strip().lower()
        if turn.mentioned_bot or text.startswith(("บอท", "khetbot", "@khetbot", "น้องเขต")):
            return True
        from bot.dispatcher import conversation_key
        return self.dispatcher.store.get(conversation_key(turn)) is not None

    def _flooding(self, line_user_id: str) -> bool:
        return self.limiter.hit(line_user_id) > self.settings.rate_limit_per_minute

    def _first_over(self, line_user_id: str) -> bool:
        return self.limiter.hit(line_user_id + ":warned") == 1

    def _store_outbox(self, session: Session, ev: EventClaim, turn: Turn, messages: list[Message],
                      pushes: list[Push]) -> list[OutboxMessage]:
        rows: list[OutboxMessage] = []
        line_messages = to_line(messages) if messages else []
        if line_messages:
            # stored already claimed for sending by this process (the caller sends it right after
            # the commit), which saves a claim transaction; a crash lets the claim expire
            now = utcnow()
            values: dict[str, Any] = {
                "event_id": ev.id, "reply_token": turn.reply_token, "to": [turn.chat_id], "messages": line_messages,
                # created when LINE issued the reply token (the event's arrival), not now: delivery
                # judges the token's age by it, and a backlog must not make an expired token look young
                "purpose": "answer", "status": "pending", "created_at": ev.received_at or now, "next_attempt_at": now,
                "claimed_until": now + CLAIM, "attempts": 1,
                "route": route_for(turn.reply_token, ev.received_at or now, now),
                "retry_key": retry_key_for(f"answer:{ev.webhook_event_id}")}
            row_id = session.connection().execute(_INSERT_ANSWER, values).scalar_one()
            rows.append(OutboxMessage(id=row_id, **values))  # not added to the session: only read to send it
        if pushes:
            rows += self._push_rows(session, ev.id, pushes, f"push:{ev.webhook_event_id}")
        return rows

    @staticmethod
    def _push_rows(session: Session, event_id: int | None, pushes: list[Push], origin: str) -> list[OutboxMessage]:
        """Outbox rows for queued pushes; a push whose key was stored before is skipped (idempotent)."""
        rows: list[OutboxMessage] = []
        for i, p in enumerate(pushes):
            key = retry_key_for(p.key or f"{origin}:{i}:{uuid.uuid4() if event_id is None else ''}")
            if session.scalar(select(OutboxMessage.id).where(OutboxMessage.retry_key == key)) is not None:
                continue
            rows.append(OutboxMessage(event_id=event_id, to=list(p.to), messages=to_line(p.messages),
                                      retry_key=key, purpose=p.purpose))
        session.add_all(rows)
        session.flush()
        return rows

    def _log(self, session: Session, ev: EventClaim, turn: Turn, ctx: Context) -> None:
        it = ctx.interaction
        school_id = it.school_id or (ctx.user.school_id if ctx.user else None)
        latency = int((utcnow() - ev.received_at).total_seconds() * 1000) if ev.received_at else 0
        session.connection().execute(_INSERT_INTERACTION, dict(
            office_id=self.settings.office_id, at=turn.at, user_ref=pseudonym(self.settings, turn.user_id or ""),
            line_user_id=None if it.anonymous else turn.user_id, school_id=school_id, district=it.district,
            kind=turn.kind, text=None if it.anonymous else (turn.text or turn.postback_data or None), intent=it.intent,
            entities=_jsonable(it.entities) or None, answered=it.answered, latency_ms=max(0, latency),
            event_id=ev.id))

    def _failed(self, event_row_id: int, turn: Turn, exc: Exception, attempt: int) -> Outcome:
        """Retry later while attempts remain; then apologise and keep the event as failed."""
        error = f"{type(exc).__name__}: {exc}"[:500]
        try:
            with self.sessions() as session:
                ev = session.get(InboundEvent, event_row_id)
                if ev is None or ev.status != "processing" or ev.attempts != attempt:
                    return Outcome([])  # not ours any more (another worker took it over, maybe answered it)
                if ev.attempts < self.settings.event_max_attempts:
                    release_event(event_row_id, error, db_session=session)
                    session.commit()
                    return Outcome([])
                finish_event(ev, "failed", error)
                ids: list[int] = []
                if turn.kind in ("text", "postback") or turn.kind in ("image", "file", "location"):
                    row = OutboxMessage(event_id=ev.id, reply_token=turn.reply_token, to=[turn.chat_id],
                                        messages=to_line([Text(texts.INTERNAL_ERROR)]),
                                        retry_key=retry_key_for(f"error:{ev.webhook_event_id}"), purpose="error",
                                        created_at=ev.received_at or utcnow())  # the token's age, as above
                    session.add(row)
                    session.flush()
                    ids.append(row.id)
                session.commit()
                return Outcome(ids, turn.chat_id)
        except Exception:  # the database itself is down: the lease expires and recovery retries
            log.exception("could not record the failure of event %s", event_row_id)
            return Outcome([])


@dataclass
class _Progress:
    """How far one attempt at a turn got."""

    dispatched: bool = False
    nameless_user: str | None = None


class _NoConversations:
    """Periodic duties have no chat."""

    def start(self, flow: str, data: dict[str, Any] | None = None, step: str | None = None) -> list[Message]:
        raise RuntimeError("no conversation outside a chat")

    def end(self) -> None:
        return None


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return dict(orjson.loads(orjson.dumps(d, default=str)))
