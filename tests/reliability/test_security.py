"""Nobody gets in: signature before parsing, body cap, signed postbacks, staff-only actions on every
path (chat, postback, admin HTTP), the per-user rate limit, and secrets kept out of logs."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from sqlalchemy import func, select

from bot import texts as bot_texts
from bot.chat_session import sign
from bot.settings import Settings
from handlers import postback
from models.evaluation import Interaction, Rating
from models.incident import Incident
from models.notice import Notice
from models.user import get_or_create_user
from tests.conftest import SECRET, TOKEN
from tests.reliability.conftest import App
from tests.support.chat import Chat, open_chat
from tests.support.line import FakeLine
from tests.support.webhook import open_line_bot

ATTACKER = "U" + "9" * 32
REPORTER = "U" + "8" * 32
STAFF = "U" + "5" * 32


# --------------------------------------------------------------------------- webhook


def test_signature_is_checked_before_the_body_is_parsed(app: App) -> None:
    for body in (b"{not json", b'{"events": [{"type": "message"}]}', b"\xff\xfe", b""):
        resp = app.post(body, "AAAA" + sign(b"wrong", body)[4:])
        assert resp.status_code == 400 and resp.json()["message"] == "invalid signature", body
        resp = app.post(body, None)
        assert resp.status_code == 400 and resp.json()["message"] == "invalid signature", body
    raw = b"{not json"
    assert app.post(raw, sign(app.settings.secret_bytes(), raw)).json()["message"] == "invalid JSON"


def test_body_size_is_capped_whatever_the_headers_say(app: App) -> None:
    cap = app.settings.max_body_bytes
    big = b'{"events":[' + b" " * cap + b"]}"
    before = app.counts()
    assert app.post(big, sign(app.settings.secret_bytes(), big)).status_code == 413  # signed, still too big
    assert app.post(b"{}", "x", {"Content-Length": str(cap + 1)}).status_code == 413  # declared too big

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: streamed, counted while read
        for _ in range(cap // 65536 + 2):
            yield b" " * 65536

    async def stream() -> httpx.Response:
        assert app.session.client is not None
        return await app.session.client.post("/callback", content=chunks(), headers={"X-Line-Signature": "x"})
    assert app.portal.call(stream).status_code == 413
    assert app.counts() == before


@settings(max_examples=300, deadline=None)
@given(action=st.text(min_size=1, max_size=20), params=st.dictionaries(
    st.text(st.characters(min_codepoint=0x61, max_codepoint=0x7a), min_size=1, max_size=3).filter(lambda k: k != "a"),
    st.integers(0, 10**9) | st.text(max_size=10), max_size=4),
    edit=st.tuples(st.integers(0, 400), st.sampled_from(["flip", "insert", "delete", "truncate", "append"]),
                   st.characters(codec="ascii")))
def test_any_change_to_signed_postback_data_is_rejected(action: str, params: dict[str, Any],
                                                        edit: tuple[int, str, str]) -> None:
    key = b"khetbot-postback:" + SECRET.encode()
    try:
        data = postback.sign(key, action, **params)
    except ValueError:  # longer than LINE's 300 characters: cannot be a button
        return
    assert postback.verify(key, data) == (action, {k: str(v) for k, v in params.items()})
    assert postback.verify(b"khetbot-postback:another-channel", data) is None
    pos, how, ch = edit
    pos %= len(data) + 1
    changed = {"flip": data[:pos] + ch + data[pos + 1:], "insert": data[:pos] + ch + data[pos:],
               "delete": data[:pos] + data[pos + 1:], "truncate": data[:pos], "append": data + ch}[how]
    if changed != data:
        assert postback.verify(key, changed) is None, (data, changed)


def test_forged_postbacks_never_reach_a_handler(app: App) -> None:
    calls: list[dict[str, Any]] = []
    router = app.session.services.router

    def probe(turn: Any, ctx: Any) -> list[Any]:
        calls.append(dict(turn.postback_params))
        return []
    router.postbacks["probe.act"] = probe
    try:
        key = b"khetbot-postback:" + app.settings.secret_bytes()
        good = postback.sign(key, "probe.act", id=7)
        forged = [
            "a=probe.act&id=7", "a=probe.act&id=7&s=", good.replace("id=7", "id=8"), good[:-1] + "0",
            postback.sign(b"khetbot-postback:guess", "probe.act", id=7), postback.sign(SECRET.encode(), "probe.act"),
            good + "&id=9", "a=probe.act&id=9&" + good, good.upper(), good + "x" * 300,
        ]
        for data in forged:
            ev = {"type": "postback", "webhookEventId": f"F{time.time_ns()}", "replyToken": "r",
                  "timestamp": int(time.time() * 1000), "source": {"type": "user", "userId": ATTACKER},
                  "postback": {"data": data}}
            body = _body([ev])
            assert app.post(body, sign(app.settings.secret_bytes(), body)).status_code == 200
        app.settle()
        assert calls == []
        ev = {"type": "postback", "webhookEventId": f"G{time.time_ns()}", "replyToken": "r",
              "timestamp": int(time.time() * 1000), "source": {"type": "user", "userId": ATTACKER},
              "postback": {"data": good}}
        body = _body([ev])
        app.post(body, sign(app.settings.secret_bytes(), body))
        app.settle()
        assert calls == [{"id": "7"}]
    finally:
        router.postbacks.pop("probe.act", None)


def _body(events: list[dict[str, Any]]) -> bytes:
    import orjson
    return orjson.dumps({"destination": "Ubot", "events": events})


# --------------------------------------------------------------------------- staff-only, every path


def _seed(chat: Chat) -> dict[str, Any]:
    with chat.session.services.sessions() as s:
        staff = get_or_create_user(STAFF, db_session=s)
        staff.role, staff.display_name = "staff", "เจ้าหน้าที่"
        get_or_create_user(REPORTER, db_session=s)
        inc = Incident(number="INC-2570-0042", fiscal_year=2570, seq=42, category="internet", status="open",
                       reporter_line_user_id=REPORTER, reporter_name="ผู้แจ้ง", description="SECRET-DESCRIPTION-42")
        notice = Notice(text="SECRET-NOTICE-DRAFT", audience={"all": True}, status="draft",
                        author_line_user_id=STAFF, author_name="เจ้าหน้าที่")
        s.add_all([inc, notice])
        s.commit()
        return {"incident": inc.id, "notice": notice.id, "number": inc.number}


def _state(chat: Chat) -> dict[str, Any]:
    with chat.session.services.sessions() as s:
        incs = [(i.id, i.status, i.assignee_line_user_id, i.acknowledged_at, i.resolved_at, i.closed_at,
                 i.reporter_line_user_id) for i in s.scalars(select(Incident).order_by(Incident.id))]
        notices = [(n.id, n.status, n.text) for n in s.scalars(select(Notice).order_by(Notice.id))]
        ratings = int(s.scalar(select(func.count(Rating.id))) or 0)
    return {"incidents": incs, "notices": notices, "ratings": ratings}


def _sent_to_others(chat: Chat, me: str) -> list[tuple[str, str, Any]]:
    """Every push/multicast/broadcast that went to someone other than `me` (replies go to the asker)."""
    return [(kind, to, msgs) for kind, to, msgs in chat.session.messenger.sent
            if kind != "reply" and to != me]


@pytest.fixture
def unlimited_chat(settings: Settings) -> Iterator[Chat]:
    """A chat without the per-user flood limit, so that every one of the many attempts below is tried."""
    with open_chat(settings.model_copy(update={"rate_limit_per_minute": 100_000})) as c:
        yield c


@pytest.mark.parametrize("role", ["public", "school"])
def test_non_staff_cannot_act_as_staff_on_any_route(unlimited_chat: Chat, role: str) -> None:
    chat = unlimited_chat
    ids = _seed(chat)
    if role == "school":
        with chat.session.services.sessions() as s:
            u = get_or_create_user(ATTACKER, db_session=s)
            u.role = "school"
            s.commit()
    before = _state(chat)
    router = chat.session.services.router
    key = b"khetbot-postback:" + chat.session.settings.secret_bytes()
    param_sets: list[dict[str, Any]] = [
        {}, {"id": ids["incident"]}, {"id": ids["notice"]}, {"n": ids["number"]},
        {"id": ids["incident"], "v": 1}, {"id": ids["incident"], "s": 1}, {"i": "1", "s": 1}]
    seen: list[str] = []
    for action in sorted(router.postbacks):
        if action.startswith("privacy.") or action == "rate":
            continue  # forgets / rates for the tapper only (tests/handlers/test_privacy.py, test_evaluation.py)
        for params in param_sets:
            a = chat.tap({"type": "postback", "label": "x", "data": postback.sign(key, action, **params)},
                         as_user=ATTACKER)
            seen.append(a.text)
    words = [*sorted(router.keywords), *(p + " ทดสอบ" for p, _ in router.prefixes),
             ids["number"], "ส่งประกาศถึงทุกโรงเรียน: พรุ่งนี้หยุด", "รับเรื่อง " + ids["number"],
             "ปิดงาน " + ids["number"], "สรุปรายงานประจำปี", "เรื่องที่ค้างอยู่"]
    for w in words:
        if w in router.keywords and router.keywords[w].__module__ == "handlers.privacy":
            continue
        a = chat.say(w, as_user=ATTACKER)
        seen.append(a.text)
        if router.flows and chat.session.services.store.get(ATTACKER) is not None:
            chat.say("ยกเลิก", as_user=ATTACKER)
    chat.settle()
    assert all(seen) and bot_texts.RATE_LIMITED not in seen  # every attempt was really made and answered
    assert _state(chat) == before
    assert _sent_to_others(chat, ATTACKER) == []
    everything = "\n".join(seen)
    assert "SECRET-DESCRIPTION-42" not in everything  # another person's ticket stays private
    assert "SECRET-NOTICE-DRAFT" not in everything


def test_staff_role_is_checked_now_not_when_the_button_was_made(chat: Chat) -> None:
    """A button shown to staff, tapped after the role was taken away, is refused."""
    ids = _seed(chat)
    key = b"khetbot-postback:" + chat.session.settings.secret_bytes()
    registered = chat.session.services.router.postbacks
    actions = [a for a in ("incident.ack", "incident.progress", "incident.close") if a in registered]
    if not actions:
        pytest.skip("no incident staff buttons registered")
    with chat.session.services.sessions() as s:
        get_or_create_user(STAFF, db_session=s).role = "public"
        s.commit()
    before = _state(chat)
    for action in actions:
        chat.tap({"type": "postback", "label": "x", "data": postback.sign(key, action, id=ids["incident"])},
                 as_user=STAFF)
    assert _state(chat) == before


ADMIN_TOKEN = "admin-token-" + "z" * 20


@pytest.fixture
def admin_client(settings: Settings) -> Iterator[tuple[Chat, httpx.AsyncClient]]:
    s = settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN)})
    with open_chat(s) as c:
        assert c.session.client is not None
        yield c, c.session.client


def _admin_routes(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) under /admin, as the app itself describes them (path parameters filled)."""
    import re
    out = []
    for path, ops in app.openapi()["paths"].items():
        if path.startswith("/admin"):
            out += [(m.upper(), re.sub(r"\{[^}]+\}", "1", path)) for m in ops]
    return out


def test_every_admin_endpoint_needs_the_token(admin_client: tuple[Chat, httpx.AsyncClient]) -> None:
    chat, client = admin_client
    routes = _admin_routes(chat.session.app)
    if not routes:
        pytest.skip("no admin endpoints registered")
    before = _state(chat)

    async def call(method: str, path: str, auth: str | None) -> int:
        headers = {"Authorization": auth} if auth is not None else {}
        r = await client.request(method, path, headers=headers, json={"text": "x"})
        return r.status_code
    for method, path in routes:
        for auth in (None, "", "Bearer", "Bearer wrong", f"Bearer {ADMIN_TOKEN}x", ADMIN_TOKEN[:-1],
                     f"Basic {ADMIN_TOKEN}", f"Bearer {ADMIN_TOKEN[:-1]}", f"Bearer {TOKEN}", f"Bearer {SECRET}"):
            status = chat.run(call, method, path, auth)
            assert status == 401, (method, path, auth, status)
    assert _state(chat) == before
    assert _sent_to_others(chat, "") == []


def test_admin_api_is_off_without_a_configured_token(chat: Chat) -> None:
    routes = _admin_routes(chat.session.app)
    if not routes:
        pytest.skip("no admin endpoints registered")
    assert chat.session.settings.admin_token is None

    async def call(method: str, path: str) -> int:
        assert chat.session.client is not None
        r = await chat.session.client.request(method, path, headers={"Authorization": "Bearer "}, json={})
        return r.status_code
    for method, path in routes:
        assert chat.run(call, method, path) == 404, (method, path)


# --------------------------------------------------------------------------- rate limit


def _wait_for_fresh_minute(seconds_needed: float = 15) -> None:
    if 60 - time.time() % 60 < seconds_needed:
        time.sleep(60 - time.time() % 60 + 0.2)


def test_a_flood_from_one_user_is_stopped_politely_and_others_are_not_affected(settings: Settings) -> None:
    s = settings.model_copy(update={"rate_limit_per_minute": 5})
    with open_chat(s, user=ATTACKER) as chat:
        _wait_for_fresh_minute()
        answers = [chat.say(f"สวัสดีครับ {i}") for i in range(12)]
        assert all(a.text for a in answers[:5])
        assert bot_texts.RATE_LIMITED in answers[5].text  # told once, politely
        assert all(a.messages == [] for a in answers[6:])  # then silence: the flood costs no messages
        other = chat.say("สวัสดีค่ะ", as_user=REPORTER)
        assert other.text and bot_texts.RATE_LIMITED not in other.text
        with chat.session.services.sessions() as db:
            limited = db.scalar(select(func.count(Interaction.id)).where(Interaction.intent == "rate_limited"))
        assert limited == 7  # still counted for evaluation


# --------------------------------------------------------------------------- secrets and logs

DB_PASSWORD = "Db-Pa55word-" + "q" * 12


def test_secrets_never_appear_in_logs(settings: Settings, fake_line: FakeLine, caplog: pytest.LogCaptureFixture,
                                      tmp_path: Path) -> None:
    """Run the real messenger against failing LINE APIs, bad signatures and admin misuse; grep the logs."""
    url = settings.database_url
    if url.startswith("postgresql"):  # trust auth ignores the password, so a known one can be planted
        url = url.replace("postgres@", f"postgres:{DB_PASSWORD}@")
    s = settings.model_copy(update={"line_api_base_url": fake_line.url, "line_data_api_base_url": fake_line.url,
                                    "admin_token": SecretStr(ADMIN_TOKEN), "database_url": url})
    caplog.set_level(logging.DEBUG)
    with open_line_bot(s) as bot:
        fake_line.fault("/v2/bot/message/reply", 500, 2)
        fake_line.fault("/v2/bot/message/push", 429, 2, retry_after=1)
        bot.post([bot.text("U" + "1" * 32, "สวัสดี"), bot.text("U" + "2" * 32, "แจ้งปัญหา")])
        bot.post([bot.event("follow", "U" + "3" * 32)])
        body = b'{"events": []}'
        bot.post([], raw=body, signature=sign(b"guess", body))
        bot.post([], raw=b"x" * (s.max_body_bytes + 10), signature="x")

        async def admin() -> None:
            assert bot.session.client is not None
            await bot.session.client.get("/admin/notices", headers={"Authorization": "Bearer " + TOKEN})
            await bot.session.client.get("/admin/notices", headers={"Authorization": "Bearer " + ADMIN_TOKEN})
        bot.portal.call(admin)
        bot.recover()
        time.sleep(1.2)
        bot.recover()
    logs = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    assert logs.strip(), "nothing was logged at all: the test would prove nothing"
    for secret in (SECRET, TOKEN, ADMIN_TOKEN, DB_PASSWORD, "Bearer " + TOKEN):
        assert secret not in logs, f"a secret leaked into the logs: {secret[:6]}…"
