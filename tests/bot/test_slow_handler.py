"""One slow answer (a report, a download) does not hold up everybody else's answers."""

from __future__ import annotations

import asyncio
import threading
import time

from bot.chat_session import ChatSession, text_event
from handlers.context import Context
from handlers.messages import Message, Text
from handlers.turn import Turn
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
