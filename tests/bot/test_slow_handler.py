"""One slow answer (a report, a download) does not hold up everybody else's answers."""

from __future__ import annotations

import asyncio
import threading
import time

from sqlalchemy import func, select

from bot.chat_session import ChatSession, text_event
from handlers.context import Context
from handlers.messages import Message, Text
from handlers.turn import Turn
from models.base import utcnow
from models.inbox import InboundEvent, OutboxMessage
from tests.support.chat import Chat

SLOW, QUICK = "U" + "5" * 32, "U" + "6" * 32


def test_other_chats_are_answered_while_one_answer_takes_seconds(chat: Chat) -> None:
    running = threading.Event()

    @chat.session.services.router.keyword("งานช้า")
    def slow(turn: Turn, ctx: Context) -> list[Message]:
        running.set()
        time.sleep(2.0)  # e.g. drawing the annual report's charts
        return [Text("เสร็จแล้วค่ะ")]

    async def scenario(session: ChatSession) -> tuple[float, float]:
        started = time.monotonic()
        assert (await session.post([text_event(SLOW, "งานช้า")])).status_code == 200
        while not running.is_set():  # the slow answer is being worked on
            await asyncio.sleep(0.01)
        quick_events = [text_event(QUICK, "สวัสดีค่ะ") for _ in range(3)]
        for event in quick_events:  # LINE's 200 does not wait for the slow answer either
            assert (await session.post([event])).status_code == 200
        quick_tokens = {e["replyToken"] for e in quick_events}
        quick_done = slow_done = None
        while time.monotonic() - started < 15 and slow_done is None:
            replied = {to for kind, to, _ in session.messenger.sent if kind == "reply"}
            if quick_done is None and quick_tokens <= replied:
                quick_done = time.monotonic() - started
            if any(m.get("text") == "เสร็จแล้วค่ะ" for _, _, ms in session.messenger.sent for m in ms):
                slow_done = time.monotonic() - started
            await asyncio.sleep(0.02)
        assert quick_done is not None and slow_done is not None
        return quick_done, slow_done

    quick_done, slow_done = chat.run(scenario, chat.session)
    assert quick_done < slow_done, "the quick answers waited behind the slow one"


def test_events_still_waiting_at_shutdown_are_handed_back_at_once(chat: Chat) -> None:
    running, finish = threading.Event(), threading.Event()

    @chat.session.services.router.keyword("งานช้า")
    def slow(turn: Turn, ctx: Context) -> list[Message]:
        running.set()
        finish.wait(10)
        return [Text("เสร็จแล้วค่ะ")]

    waiting = text_event(SLOW, "สวัสดีค่ะ")  # same chat: waits behind the slow answer

    async def shut_down_mid_answer(session: ChatSession) -> None:
        assert (await session.post([text_event(SLOW, "งานช้า")])).status_code == 200
        while not running.is_set():
            await asyncio.sleep(0.01)
        assert (await session.post([waiting])).status_code == 200
        await session.services.runtime.drain(timeout=0.2)  # the worker is being stopped

    try:
        chat.run(shut_down_mid_answer, chat.session)
        services = chat.session.services
        with services.sessions() as s:
            row = s.scalar(select(InboundEvent).where(InboundEvent.webhook_event_id == waiting["webhookEventId"]))
            assert row is not None and row.status == "processing"
            assert row.claimed_until is not None and row.claimed_until <= utcnow()  # free for anyone now
        recovered = services.runtime.processor.handle(row.id)  # another worker's recovery answers it
        assert recovered.first is not None
    finally:
        finish.set()
    chat.settle()  # the stopped worker's late attempt must not answer it again
    with chat.session.services.sessions() as s:
        answers = s.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.event_id == row.id))
    assert answers == 1
