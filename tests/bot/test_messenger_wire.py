"""The fast send path puts the same request on the wire as the SDK's pydantic-model path.

LineMessenger(sdk_models=True) sends as before (XxxRequest.from_dict, then the SDK re-serialises the
model); the default path posts the already-built JSON through the same AsyncApiClient.call_api.
Both go to a tiny local server that records method, path, the headers that matter and the JSON body.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from linebot.v3.messaging import ReplyMessageRequest

from bot.line_format import to_line
from bot.messenger import LineMessenger, SendResult, wire_body
from handlers.messages import Choice, Flex, Image, Text
from tests.conftest import make_settings
from tests.support.recorder import RecordingServer

USERS = ["U" + str(i) * 32 for i in range(1, 4)]
RETRY_KEY = "123e4567-e89b-12d3-a456-426614174000"
HEADERS = ("Authorization", "X-Line-Retry-Key", "Content-Type", "Accept")


def _bubble(title: str) -> dict[str, Any]:
    return {
        "type": "bubble", "size": "kilo",
        "hero": {"type": "image", "url": "https://example.com/hero.png", "aspectRatio": "20:13",
                 "aspectMode": "cover"},
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": [
            {"type": "text", "text": title, "weight": "bold", "size": "lg", "wrap": True},
            {"type": "separator", "margin": "md"},
            {"type": "box", "layout": "baseline", "contents": [
                {"type": "text", "text": "โทร", "size": "sm", "color": "#888888", "flex": 2},
                {"type": "text", "text": "02-123-4567", "size": "sm", "flex": 5, "wrap": True}]},
            {"type": "image", "url": "https://example.com/logo.png", "size": "sm", "animated": True}]},
        "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": [
            {"type": "button", "style": "primary", "height": "sm",
             "action": {"type": "postback", "label": "ดูรายละเอียด", "data": "school=1001",
                        "displayText": "ดูรายละเอียด"}},
            {"type": "button", "style": "link",
             "action": {"type": "uri", "label": "แผนที่", "uri": "https://maps.example.com/?q=1"}},
            {"type": "button", "action": {"type": "message", "label": "เมนู", "text": "เมนู"}}]},
    }


def _messages() -> dict[str, list[dict[str, Any]]]:
    choices = (Choice("ใช่", data="confirm=yes", display_text="ใช่ครับ"), Choice("ไม่ใช่", data="confirm=no"),
               Choice("เมนู", text="เมนูหลัก"), Choice("ช่วยด้วย"))
    return {
        "text_quick_reply": to_line([Text("สวัสดีครับ ต้องการอะไรครับ", choices)]),
        "flex_bubble": to_line([Flex("โรงเรียนบ้านเขต", _bubble("โรงเรียนบ้านเขต"), choices[:2])]),
        "flex_carousel": to_line([Flex("รายชื่อโรงเรียน", {"type": "carousel",
                                                          "contents": [_bubble(f"โรงเรียน {i}") for i in range(3)]})]),
        "image": to_line([Image("https://example.com/photo.jpg", "https://example.com/preview.jpg")]),
        "mixed": to_line([Text("ผลการค้นหา"), Flex("บัตร", _bubble("บัตร")), Image("https://example.com/p.jpg")]),
    }


def _answer(target: str) -> tuple[int, bytes]:
    return 200, b'{"sentMessages": [{"id": "461230966842064000", "quoteToken": "q"}]}' if target.endswith(
        ("/reply", "/push")) else b"{}"


@pytest.fixture(scope="module")
def recorder() -> Iterator[RecordingServer]:
    rec = RecordingServer(_answer)
    try:
        yield rec
    finally:
        rec.close()


Send = Callable[[LineMessenger, list[dict[str, Any]]], Awaitable[SendResult]]
SENDS: dict[str, Send] = {
    "reply": lambda m, msgs: m.reply("nHuyWiB7yP5Zw52FIkcQobQuGDXCTA", msgs),
    "push": lambda m, msgs: m.push(USERS[0], msgs, RETRY_KEY),
    "multicast": lambda m, msgs: m.multicast(USERS, msgs, RETRY_KEY),
    "broadcast": lambda m, msgs: m.broadcast(msgs, RETRY_KEY),
}


def _send(rec: RecordingServer, tmp_path: Path, sdk_models: bool, send: Send,
          msgs: list[dict[str, Any]]) -> dict[str, Any]:
    settings = make_settings(tmp_path, line_api_base_url=rec.url)

    async def run() -> SendResult:
        m = LineMessenger(settings, sdk_models=sdk_models)
        try:
            return await send(m, msgs)
        finally:
            await m.close()
    before = len(rec.requests)
    assert asyncio.run(run()).ok
    assert len(rec.requests) == before + 1
    last = rec.requests[-1]
    return {"method": "POST", "path": last.target, "headers": {h: last.headers.get(h) for h in HEADERS},
            "body": last.json()}


@pytest.mark.parametrize("kind", list(_messages()))
@pytest.mark.parametrize("call", list(SENDS))
def test_fast_path_sends_what_the_sdk_models_send(call: str, kind: str, recorder: RecordingServer,
                                                  tmp_path: Path) -> None:
    msgs = _messages()[kind]
    snapshot = json.dumps(msgs, sort_keys=True)
    sdk = _send(recorder, tmp_path, True, SENDS[call], msgs)
    fast = _send(recorder, tmp_path, False, SENDS[call], msgs)
    assert fast == sdk
    assert json.dumps(msgs, sort_keys=True) == snapshot, "the outbox's message JSON is not changed"
    assert sdk["method"] == "POST" and sdk["path"] == f"/v2/bot/message/{call}"
    assert sdk["headers"]["Authorization"] == f"Bearer {make_settings(tmp_path).access_token()}"
    assert sdk["headers"]["Content-Type"] == "application/json"
    assert sdk["headers"]["X-Line-Retry-Key"] == (None if call == "reply" else RETRY_KEY)
    assert sdk["body"]["notificationDisabled"] is False


def test_wire_body_matches_sdk_serialisation_for_defaults_and_nulls() -> None:
    """Flex image defaults (size, animated) and None values are handled as the SDK's models do."""
    bubble = {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": [
        {"type": "image", "url": "https://example.com/a.png"},
        {"type": "text", "text": "x", "color": None}]}}
    body = {"replyToken": "t", "messages": [
        {"type": "flex", "altText": "a", "contents": bubble},
        {"type": "image", "originalContentUrl": "https://example.com/i.jpg",
         "previewImageUrl": "https://example.com/i.jpg"},
        {"type": "text", "text": "hi", "quickReply": None}]}
    assert wire_body(body) == ReplyMessageRequest.from_dict(body).to_dict()
    assert "size" not in body["messages"][0]["contents"]["body"]["contents"][0], "input not mutated"
