"""Events are stored already claimed by the worker that received them; a lost claim never answers twice."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from bot.chat_session import text_event
from bot.inbox import EventClaim
from models.base import utcnow
from models.evaluation import Interaction
from models.inbox import InboundEvent, OutboxMessage
from tests.support.chat import Chat


def _store(chat: Chat, text: str) -> EventClaim:
    """What the webhook does before LINE gets its 200 (the runtime's group-committed insert)."""
    runtime = chat.session.services.runtime
    [claims] = runtime._store_many([([text_event(chat.user, text)], "Ubot")])
    [claim] = claims
    return claim


def _rows(chat: Chat, claim: EventClaim) -> tuple[str, int, int]:
    with chat.session.services.sessions() as s:
        status = s.scalar(select(InboundEvent.status).where(InboundEvent.id == claim.id))
        answers = s.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.event_id == claim.id)) or 0
        logged = s.scalar(select(func.count(Interaction.id)).where(Interaction.event_id == claim.id)) or 0
    return str(status), answers, logged


def test_an_event_is_stored_claimed_and_answered_without_a_second_claim(chat: Chat) -> None:
    claim = _store(chat, "สวัสดีครับ")
    assert _rows(chat, claim) == ("processing", 0, 0)
    outcome = chat.session.services.runtime.processor.handle(claim.id, None, claim)
    assert outcome.first is not None and outcome.first.attempts == 1  # the answer, ready to send
    assert _rows(chat, claim) == ("done", 1, 1)


def test_a_worker_whose_claim_was_taken_over_does_not_answer_again(chat: Chat) -> None:
    processor = chat.session.services.runtime.processor
    claim = _store(chat, "สวัสดีครับ")
    with chat.session.services.sessions() as s:  # the claim expires while this worker is stalled
        s.execute(update(InboundEvent).where(InboundEvent.id == claim.id)
                  .values(claimed_until=utcnow() - timedelta(hours=1)))
        s.commit()
    recovered = processor.handle(claim.id)  # recovery in another worker claims it (attempt 2) and answers
    assert recovered.first is not None
    assert _rows(chat, claim) == ("done", 1, 1)
    stalled = processor.handle(claim.id, None, claim)  # the first worker wakes up with its old claim
    assert stalled.outbox_ids == [] and stalled.first is None
    assert _rows(chat, claim) == ("done", 1, 1)  # still one answer and one log row


def test_a_claim_that_waited_long_is_renewed_before_answering(chat: Chat) -> None:
    processor = chat.session.services.runtime.processor
    claim = _store(chat, "สวัสดีครับ")
    old = EventClaim(claim.id, claim.webhook_event_id, None, claim.attempt, claim.payload)  # age unknown: stale
    outcome = processor.handle(claim.id, None, old)
    assert outcome.first is not None
    assert _rows(chat, claim) == ("done", 1, 1)


def test_one_request_that_cannot_be_stored_does_not_fail_the_others_in_its_group_commit(chat: Chat) -> None:
    runtime = chat.session.services.runtime
    good = [([text_event(chat.user, f"สวัสดีครับ {i}")], "Ubot") for i in range(3)]
    bad = ([{"type": "message", "webhookEventId": "01BAD", "odd": {1, 2}}], "Ubot")  # cannot be written
    results = runtime._store_many([good[0], bad, good[1], good[2]])
    assert isinstance(results[1], Exception)  # this request gets a non-200 and LINE redelivers it
    stored = [r for i, r in enumerate(results) if i != 1]
    assert all(isinstance(r, list) and len(r) == 1 for r in stored)
    for [claim] in stored:  # type: ignore[misc]
        assert _rows(chat, claim)[0] == "processing"


def test_an_answer_after_a_long_backlog_is_pushed_not_replied_with_an_expired_token(chat: Chat) -> None:
    runtime = chat.session.services.runtime
    claim = _store(chat, "สวัสดีครับ")
    waited = EventClaim(claim.id, claim.webhook_event_id, utcnow() - timedelta(seconds=55), claim.attempt,
                        claim.payload)  # LINE issued the reply token 55 s ago (a backlog, a restart)
    with chat.session.services.sessions() as s:
        s.execute(update(InboundEvent).where(InboundEvent.id == claim.id).values(received_at=waited.received_at))
        s.commit()
    outcome = runtime.processor.handle(claim.id, None, waited)
    assert outcome.first is not None
    chat.session.new_messages()
    chat.run(runtime.delivery.send_claimed, outcome.first)
    kinds = [kind for kind, to, _ in chat.session.messenger.sent[-1:]]
    assert kinds == ["push"]  # the token's age counts from the event, not from when the answer was ready
