"""Satisfaction ratings after answers, the typed rating, the staff summary card and its signed files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from bot.settings import Settings
from bot.terminal import actions_of
from models.evaluation import RATING_ASKED, Interaction, Rating
from models.user import get_or_create_user
from tests.conftest import STAFF
from tests.support.chat import Chat, open_chat

Q1 = "ทั้งเขตมีนักเรียนกี่คน"
Q2 = "นักเรียนโรงเรียนหนองไผ่กี่คน"
LEVELS = ["มากที่สุด (5)", "มาก (4)", "ปานกลาง (3)", "น้อย (2)", "น้อยที่สุด (1)"]
ASKED = "ช่วยให้คะแนนความพึงพอใจ"


@pytest.fixture
def every2(settings: Settings) -> Iterator[Chat]:
    """The bot asking for a rating after every 2nd answered question of a user."""
    with open_chat(settings.model_copy(update={"rating_every_n_answers": 2})) as c:
        yield c


def ratings(chat: Chat) -> list[Rating]:
    with chat.session.services.sessions() as s:
        return list(s.scalars(select(Rating).order_by(Rating.id)))


def interactions(chat: Chat) -> list[Interaction]:
    with chat.session.services.sessions() as s:
        return list(s.scalars(select(Interaction).order_by(Interaction.id)))


def make_staff(chat: Chat, line_id: str = STAFF) -> None:
    with chat.session.services.sessions() as s:
        get_or_create_user(line_id, db_session=s).role = "staff"
        s.commit()


def test_every_second_answer_asks_and_a_tap_is_stored_once(every2: Chat) -> None:
    first = every2.say(Q1)
    assert "9,393" in first.text and ASKED not in first.text
    second = every2.say(Q2)
    assert "1,331" in second.text and ASKED in second.text
    assert all(level in second.labels for level in LEVELS)
    assert second.messages[-1]["quickReply"]["items"][0]["action"]["type"] == "postback"
    asked = interactions(every2)[-1]
    assert asked.intent == "student_count" and asked.entities and RATING_ASKED in asked.entities

    thanks = second.tap("มาก (4)")
    assert "ขอบคุณสำหรับคะแนน" in thanks.text and "มาก" in thanks.text
    again = second.tap("น้อยที่สุด (1)")
    assert "ได้รับคะแนนไปแล้ว" in again.text
    got = ratings(every2)
    assert [(r.score, r.interaction_id, r.incident_id) for r in got] == [(4, asked.id, None)]
    assert got[0].user_ref == asked.user_ref and got[0].ref == asked.entities[RATING_ASKED]

    assert ASKED not in every2.say(Q1).text  # the 3rd answer
    assert ASKED in every2.say(Q1).text  # the 4th


def test_a_typed_digit_counts_only_right_after_the_question(every2: Chat) -> None:
    early = every2.say("5")
    assert "ไม่แน่ใจว่าตัวเลขนี้หมายถึงอะไร" in early.text
    every2.say(Q1)
    assert ASKED in every2.say(Q2).text
    thanks = every2.say("5")
    assert "ขอบคุณสำหรับคะแนน \"มากที่สุด\"" in thanks.text
    late = every2.say("3")  # the question was answered already: just a number now
    assert "ไม่แน่ใจว่าตัวเลขนี้หมายถึงอะไร" in late.text
    assert [r.score for r in ratings(every2)] == [5]
    log = interactions(every2)
    assert [(i.intent, i.answered) for i in log if i.text in ("5", "3")] == [
        ("rating", False), ("rating", True), ("rating", False)]


def test_low_score_apologises_and_others_cannot_use_my_buttons(every2: Chat) -> None:
    every2.say(Q1)
    asked = every2.say(Q2)
    other = asked.tap("น้อย (2)", as_user="U" + "b" * 32)
    assert "ไม่แน่ใจ" in other.text and ratings(every2) == []
    mine = asked.tap("น้อย (2)")
    assert "ขออภัยที่ยังตอบได้ไม่ดีพอ" in mine.text
    assert [r.score for r in ratings(every2)] == [2]


def test_unanswered_questions_are_not_counted_or_rated(every2: Chat) -> None:
    every2.say(Q1)
    fallback = every2.say("asdkjh qwe zzz")
    assert ASKED not in fallback.text
    assert ASKED in every2.say(Q2).text  # the 2nd *answered* question


def test_default_test_settings_never_ask(chat: Chat) -> None:
    for _ in range(3):
        assert ASKED not in chat.say(Q1).text


def test_summary_is_refused_to_non_staff(chat: Chat) -> None:
    a = chat.say("สรุปผลปีงบ 2570")
    assert "เฉพาะเจ้าหน้าที่" in a.text
    assert not any(m.get("type") == "flex" for m in a.messages)


def _uris(messages: list[dict[str, Any]]) -> list[str]:
    return [str(act["uri"]) for act in actions_of(messages) if act.get("type") == "uri"]


def test_staff_get_the_card_and_signed_expiring_file_links(every2: Chat) -> None:
    make_staff(every2)
    every2.say(Q1)
    every2.say(Q2).tap("มากที่สุด (5)")
    card = every2.say("สรุปผลปีงบ 2570", as_user=STAFF)
    flex = [m for m in card.messages if m.get("type") == "flex"]
    assert len(flex) == 1
    text = card.text
    assert "สรุปผลปีงบประมาณ 2570" in text and "1 ต.ค. 2569 – 30 ก.ย. 2570" in text
    assert "ความพึงพอใจเฉลี่ย" in text and "5.00 (มากที่สุด)" in text
    uris = _uris(card.messages)
    assert len(uris) == 2
    for uri, ext in zip(uris, (".xlsx", ".pdf"), strict=True):
        u = urlparse(uri)
        assert u.scheme == "https" and u.netloc == "khetbot.test"
        name = u.path.rsplit("/", 1)[-1]
        assert name.startswith("private-report-2570-") and name.endswith(ext)
        qs = parse_qs(u.query)
        assert "exp" in qs and "sig" in qs
        client = every2.session.client
        assert client is not None
        ok = every2.run(client.get, f"{u.path}?{u.query}")
        assert ok.status_code == 200 and len(ok.content) > 10_000
        assert ok.content[:2] == (b"PK" if ext == ".xlsx" else b"%P")
        unsigned = every2.run(client.get, u.path)
        assert unsigned.status_code in (403, 404)
        forged = every2.run(client.get, f"{u.path}?exp={qs['exp'][0]}&sig={'0' * 32}")
        assert forged.status_code in (403, 404)
    log = interactions(every2)[-1]
    assert log.intent == "report_summary" and log.answered and (log.entities or {}).get("fiscal_year") == 2570
