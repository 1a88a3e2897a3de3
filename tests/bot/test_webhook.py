"""The webhook as LINE sees it: signatures, verify, dedupe, batches, odd events, big bodies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.settings import Settings
from models.inbox import InboundEvent
from tests.support.line import FakeLine
from tests.support.webhook import LineBot, open_line_bot

FIXTURE = Path(__file__).parent.parent / "support" / "sdk-webhook-events.json"


@pytest.fixture
def bot(line_settings: Settings) -> Iterator[LineBot]:
    with open_line_bot(line_settings) as b:
        yield b


def stored_events(bot: LineBot) -> int:
    with bot.session.services.sessions() as s:
        return int(s.scalar(select(func.count(InboundEvent.id))) or 0)


def test_missing_or_bad_signature_is_refused_and_nothing_happens(bot: LineBot, fake_line: FakeLine) -> None:
    ev = bot.text("U" + "1" * 32, "สวัสดี")
    body = json.dumps({"destination": "Ubot", "events": [ev]}).encode()
    assert bot.post([], raw=body, signature="").status_code == 400
    assert bot.post([], raw=body, signature="bm90IHRoZSBzaWduYXR1cmU=").status_code == 400
    assert bot.post([], raw=body + b" ", signature=bot.sign(body)).status_code == 400  # body changed after signing
    assert stored_events(bot) == 0
    assert fake_line.delivered() == []


def test_verify_request_with_no_events_gets_200(bot: LineBot, fake_line: FakeLine) -> None:
    assert bot.post([]).status_code == 200
    assert fake_line.delivered() == []


def test_redelivered_event_is_answered_once(bot: LineBot, fake_line: FakeLine) -> None:
    ev = bot.text("U" + "2" * 32, "สวัสดีครับ")
    assert bot.post([ev]).status_code == 200
    redelivery = dict(ev, deliveryContext={"isRedelivery": True})
    assert bot.post([redelivery]).status_code == 200
    assert bot.post([ev]).status_code == 200
    assert len(fake_line.requests("/reply")) == 1
    assert stored_events(bot) == 1


def test_batch_of_five_users_gets_five_answers(bot: LineBot, fake_line: FakeLine) -> None:
    users = [f"U{i:032d}" for i in range(5)]
    assert bot.post([bot.text(u, "สวัสดีค่ะ") for u in users]).status_code == 200
    replies = fake_line.requests("/reply")
    assert len(replies) == 5
    assert all(r["status"] == 200 for r in replies)
    assert all("น้องเขตบอท" in r["body"]["messages"][0]["text"] for r in replies)


def test_every_sdk_event_type_is_accepted(bot: LineBot, fake_line: FakeLine) -> None:
    payload = json.loads(FIXTURE.read_text())
    body = json.dumps(payload, ensure_ascii=False).encode()
    assert bot.post([], raw=body, signature=bot.sign(body)).status_code == 200  # as the SDK ships it
    # the fixture reuses one webhookEventId (so the above is one event); give each its own id
    for i, ev in enumerate(payload["events"]):
        ev["webhookEventId"] = f"01FIXTURE{i:017d}"
    body = json.dumps(payload, ensure_ascii=False).encode()
    assert bot.post([], raw=body, signature=bot.sign(body)).status_code == 200
    with bot.session.services.sessions() as s:
        statuses = dict(s.execute(select(InboundEvent.status, func.count()).group_by(InboundEvent.status)).all())
    assert statuses == {"done": len(payload["events"]) + 1}
    assert all(r["status"] in (200, 400) for r in fake_line.requests("/reply"))  # fixture tokens are fake


def test_unknown_event_types_and_odd_shapes_get_200(bot: LineBot) -> None:
    odd = [
        {"type": "somethingNew", "timestamp": 1, "source": {"type": "user", "userId": "U" + "3" * 32},
         "webhookEventId": "01ODD0000000000000000000001", "mode": "active"},
        {"type": "message", "message": {"type": "brandNewKind", "id": "1"}, "webhookEventId": "01ODD2",
         "source": {"type": "user", "userId": "U" + "4" * 32}, "replyToken": "x", "timestamp": 2},
        {"type": "message", "webhookEventId": "01ODD3"},
        {"no": "type"},
    ]
    assert bot.post(odd).status_code == 200
    with bot.session.services.sessions() as s:
        assert set(s.scalars(select(InboundEvent.status))) == {"done"}


def test_five_megabyte_body_is_refused_without_harm(bot: LineBot, fake_line: FakeLine) -> None:
    raw = b'{"destination":"U","events":[' + b" " * (5 * 1024 * 1024) + b"]}"
    assert bot.post([], raw=raw, signature=bot.sign(raw)).status_code == 413
    assert stored_events(bot) == 0
    assert bot.post([bot.text("U" + "6" * 32, "สวัสดี")]).status_code == 200
    assert len(fake_line.requests("/reply")) == 1
