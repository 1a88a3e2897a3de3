"""No report is lost: the real `khetbot serve` killed right after the confirmation, or LINE failing on it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot import migrate
from bot.chat_session import make_event, text_event
from bot.settings import Settings
from models.db import make_engine
from models.incident import Incident
from models.school import School
from models.user import get_or_create_user
from tests.support.http import post_events, serve_env
from tests.support.line import FakeLine
from tests.support.server import ServerProcess

pytestmark = pytest.mark.slow
REPORTER = "U" + "7" * 32
STAFF = "U" + "5" * 32


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """The server's database, with a school, its administrator and one staff member."""
    eng = make_engine(settings.database_url)
    migrate.upgrade(eng)
    with Session(eng) as s:
        school = School(code="8867000001", name="หนองบัวทดสอบวิทยา", district="หนองบัวทดสอบ", province="เพชรบูรณ์")
        s.add(school)
        s.flush()
        reporter = get_or_create_user(REPORTER, db_session=s)
        reporter.role, reporter.school_id = "school", school.id
        get_or_create_user(STAFF, db_session=s).role = "staff"
        s.commit()
    yield eng
    eng.dispose()


def wait_for(check: Any, timeout: float = 60.0) -> Any:
    end = time.time() + timeout
    while time.time() < end:
        got = check()
        if got:
            return got
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def reply_to(fake_line: FakeLine, token: str) -> dict[str, Any] | None:
    for r in fake_line.delivered():
        if r["path"].endswith("/reply") and (r["body"] or {}).get("replyToken") == token:
            return dict(r["body"])
    return None


def texts_for_reporter(fake_line: FakeLine, tokens: set[str]) -> list[str]:
    """Texts the reporter received: replies to their events' tokens and pushes to them."""
    out: list[str] = []
    for r in fake_line.delivered():
        body = r["body"] or {}
        if (r["path"].endswith("/reply") and body.get("replyToken") in tokens) or (
                r["path"].endswith("/push") and body.get("to") == REPORTER):
            out += [m.get("text", "") for m in body.get("messages", [])]
    return out


def confirm_data(summary: dict[str, Any]) -> str:
    for m in summary["messages"]:
        for item in (m.get("quickReply") or {}).get("items", []):
            if item["action"].get("label") == "ยืนยัน":
                return str(item["action"]["data"])
    raise AssertionError(f"no confirm button in {summary}")


def to_summary(server: ServerProcess, secret: str, fake_line: FakeLine) -> tuple[str, str]:
    """Report in one line; returns (the summary's reply token, the confirm button's data)."""
    ev = text_event(REPORTER, "อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้าค่ะ")
    assert post_events(server.url, secret, [ev]) == 200
    summary = wait_for(lambda: reply_to(fake_line, ev["replyToken"]))
    assert "สรุปการแจ้งปัญหา" in summary["messages"][0]["text"]
    return ev["replyToken"], confirm_data(summary)


def tickets(engine: Engine) -> list[Incident]:
    with Session(engine) as s:
        return list(s.scalars(select(Incident)))


def test_killed_right_after_the_confirmation_then_restarted(settings: Settings, fake_line: FakeLine,
                                                            engine: Engine, tmp_path: Path) -> None:
    secret = settings.line_channel_secret.get_secret_value()  # type: ignore[union-attr]
    server = ServerProcess(tmp_path, serve_env(settings, fake_line.url))
    server.start()
    try:
        token, data = to_summary(server, secret, fake_line)
        confirm = make_event("postback", REPORTER, postback={"data": data})
        assert post_events(server.url, secret, [confirm]) == 200
        server.kill()  # LINE has its 200; the confirmation may not be processed yet
        server.start()
        tokens = {token, confirm["replyToken"]}
        told = wait_for(lambda: [t for t in texts_for_reporter(fake_line, tokens) if "INC-" in t])
        [inc] = wait_for(lambda: tickets(engine))
        assert inc.number in told[0] and inc.status == "open" and inc.priority == 1
        time.sleep(2.0)  # let any duplicate show itself
        assert len(tickets(engine)) == 1
        assert len([t for t in texts_for_reporter(fake_line, tokens) if "INC-" in t]) == 1
        staff_cards = [r for r in fake_line.delivered() if (r["body"] or {}).get("to") == STAFF]
        assert len(staff_cards) == 1 and inc.number in staff_cards[0]["body"]["messages"][0]["altText"]
        # the user taps confirm again after the restart: harmless
        again = make_event("postback", REPORTER, postback={"data": data})
        assert post_events(server.url, secret, [again]) == 200
        dup = wait_for(lambda: reply_to(fake_line, again["replyToken"]))
        assert "บันทึกไว้แล้ว" in dup["messages"][0]["text"] and inc.number in dup["messages"][0]["text"]
        assert len(tickets(engine)) == 1
    finally:
        server.stop()


def test_line_failing_on_the_confirmation_reply_still_tells_the_number(settings: Settings, fake_line: FakeLine,
                                                                       engine: Engine, tmp_path: Path) -> None:
    secret = settings.line_channel_secret.get_secret_value()  # type: ignore[union-attr]
    server = ServerProcess(tmp_path, serve_env(settings, fake_line.url))
    server.start()
    try:
        token, data = to_summary(server, secret, fake_line)
        fake_line.fault("/v2/bot/message/reply", 500, 20)
        fake_line.fault("/v2/bot/message/push", 503, 2)
        confirm = make_event("postback", REPORTER, postback={"data": data})
        assert post_events(server.url, secret, [confirm]) == 200
        [inc] = wait_for(lambda: tickets(engine))  # stored first, whatever LINE does
        told = wait_for(lambda: [t for t in texts_for_reporter(fake_line, {token, confirm["replyToken"]})
                                 if "INC-" in t], timeout=90)
        assert inc.number in told[0]
        time.sleep(2.0)
        assert len(tickets(engine)) == 1
        assert len([t for t in texts_for_reporter(fake_line, {token, confirm["replyToken"]}) if "INC-" in t]) == 1
    finally:
        server.stop()
