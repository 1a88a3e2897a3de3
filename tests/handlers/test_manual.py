"""The manual in chat: text for a fact, a Flex card for a process, the flowchart image."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.manual import ManualIndex
from knowledge.manual.flowchart import FontNotFound, find_font
from tests.support.chat import Chat

INDEX = ManualIndex.load()


def test_single_fact_is_short_text_with_follow_ups(chat: Chat) -> None:
    a = chat.say("ขั้นตอนที่ 3 ของงานเครือข่ายใช้เวลากี่เดือนคะ")
    assert "2 เดือน" in a.text and len(a.text) < 300
    assert {"ดูขั้นตอนทั้งหมด", "ผู้รับผิดชอบ", "เอกสารอ้างอิง"} <= set(a.labels)
    assert all(len(label) <= 20 for label in a.labels)


def test_process_is_a_flex_card_and_follow_up_buttons_work(chat: Chat) -> None:
    a = chat.say("ขั้นตอนงานจัดทำข้อมูลสารสนเทศเพื่อการบริหาร")
    flex = [m for m in a.messages if m["type"] == "flex"]
    assert len(flex) == 1
    bubble = json.dumps(flex[0]["contents"], ensure_ascii=False)
    assert len(bubble.encode()) < 30_000 and len(flex[0]["altText"]) <= 400
    for step in INDEX.process("mis").steps:  # type: ignore[union-attr]
        assert step.detail in bubble and step.duration in bubble
    assert "นฤมล" in a.tap("ผู้รับผิดชอบ").text


def test_flowchart_is_an_image_under_the_public_url(chat: Chat, settings: object) -> None:
    try:
        find_font()
    except FontNotFound:
        pytest.fail("no Thai font installed (apt-get install fonts-thai-tlwg)")
    a = chat.say("ขอผังงานของงานพัฒนาเครือข่ายหน่อยครับ")
    images = [m for m in a.messages if m["type"] == "image"]
    assert images and images[0]["originalContentUrl"] == "https://khetbot.test/files/manual-flow-network.png"
    published = Path(settings.data_dir) / "public" / "manual-flow-network.png"  # type: ignore[attr-defined]
    assert published.read_bytes().startswith(b"\x89PNG")


def test_no_match_is_polite_and_offers_the_processes(chat: Chat) -> None:
    a = chat.say("ขั้นตอนการทำกับข้าวแกงเขียวหวาน")
    assert "ขออภัย" in a.text
    assert a.labels


def test_manual_menu_word_lists_the_processes(chat: Chat) -> None:
    a = chat.say("คู่มือการปฏิบัติงาน")
    assert all(p.name in a.text for p in INDEX.processes)


def test_law_year(chat: Chat) -> None:
    assert "2542" in chat.say("พ.ร.บ.การศึกษาแห่งชาติ ปีอะไรครับ").text
