"""The manual handler: text for a fact, a Flex card for a process, the flowchart image."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from handlers.manual import handle_manual
from handlers.messages import Flex, Image, Text
from handlers.turn import Turn
from knowledge.manual import ManualIndex
from knowledge.manual.flowchart import FontNotFound, find_font

INDEX = ManualIndex.load()


@dataclass
class _Knowledge:
    manual: ManualIndex = INDEX


@dataclass
class _Files:
    published: dict[str, bytes] = field(default_factory=dict)

    def publish(self, name: str, content: bytes, *, content_type: str, ttl_seconds: int | None = None) -> str:
        self.published[name] = content
        return f"https://bot.example/files/{name}"


@dataclass
class _Ctx:
    knowledge: _Knowledge = field(default_factory=_Knowledge)
    files: _Files = field(default_factory=_Files)
    notes: list[dict[str, Any]] = field(default_factory=list)

    def note(self, intent: str | None = None, *, answered: bool | None = None, **entities: Any) -> None:
        self.notes.append({"intent": intent, "answered": answered, **entities})


def _say(text: str) -> tuple[list[Any], _Ctx]:
    ctx = _Ctx()
    turn = Turn(kind="text", event_id="e1", at=datetime.now(UTC), user_id="U1", chat_id="U1", text=text)
    return handle_manual(turn, ctx), ctx  # type: ignore[arg-type]


def test_single_fact_is_short_text_with_follow_ups() -> None:
    msgs, ctx = _say("ขั้นตอนที่ 3 ของงานเครือข่ายใช้เวลากี่เดือน")
    assert len(msgs) == 1 and isinstance(msgs[0], Text)
    assert "2 เดือน" in msgs[0].text and len(msgs[0].text) < 200
    labels = [c.label for c in msgs[0].choices]
    assert "ดูขั้นตอนทั้งหมด" in labels and "ผู้รับผิดชอบ" in labels and "เอกสารอ้างอิง" in labels
    assert all(len(label) <= 20 for label in labels)
    assert ctx.notes[0]["intent"] == "manual" and ctx.notes[0]["answered"] is True


def test_process_is_a_flex_bubble_under_line_limits() -> None:
    msgs, _ = _say("ขั้นตอนงานจัดทำข้อมูลสารสนเทศเพื่อการบริหาร")
    assert len(msgs) == 1 and isinstance(msgs[0], Flex)
    bubble = json.dumps(msgs[0].contents, ensure_ascii=False)
    assert len(bubble.encode()) < 30_000 and len(msgs[0].alt_text) <= 400
    for step in INDEX.process("mis").steps:  # type: ignore[union-attr]
        assert step.detail in bubble and step.duration in bubble
    assert "ออกแบบวิธีการนำเสนอ" in bubble
    tap = {c.label: c.text for c in msgs[0].choices}["ผู้รับผิดชอบ"]
    again, _ = _say(tap or "")
    assert "นฤมล" in again[0].text


def test_flowchart_is_an_image_under_the_public_url() -> None:
    try:
        find_font()
    except FontNotFound:
        pytest.skip("no Thai font installed")
    msgs, ctx = _say("ผังงานของงานพัฒนาเครือข่าย")
    assert isinstance(msgs[0], Image) and msgs[0].url.endswith("/files/manual-flow-network.png")
    assert ctx.files.published["manual-flow-network.png"].startswith(b"\x89PNG")
    assert isinstance(msgs[1], Text)


def test_no_match_is_polite_and_offers_the_processes() -> None:
    msgs, ctx = _say("ราคาทองวันนี้เท่าไร")
    assert "ขออภัย" in msgs[0].text
    assert [c.text for c in msgs[0].choices] == [p.name for p in INDEX.processes]
    assert ctx.notes[0]["answered"] is False


def test_manual_menu_word_lists_the_processes() -> None:
    msgs, _ = _say("คู่มือการปฏิบัติงาน")
    assert all(p.name in msgs[0].text for p in INDEX.processes)
