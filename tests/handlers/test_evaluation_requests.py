"""A user who asks to rate the service, or types a rating in words, gets the rating question; staff
asking for the satisfaction report still get the report, and it counts the ratings users asked for."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.evaluation import RATING_ASKED, Interaction, Rating
from models.inbox import InboundEvent
from tests.conftest import STAFF
from tests.handlers.test_evaluation import ASKED, LEVELS, interactions, make_staff, ratings
from tests.support.chat import Chat

STAFF_ONLY = "เฉพาะเจ้าหน้าที่"
NOT_A_NUMBER = "ไม่แน่ใจว่าตัวเลขนี้หมายถึงอะไร"


def asked_by(chat: Chat, text: str) -> Interaction:
    [it] = [i for i in interactions(chat) if i.text == text]
    return it


@pytest.mark.parametrize("request_text", [
    "ขอประเมินความพึงพอใจ", "อยากประเมินความพึงพอใจค่ะ", "ขอให้คะแนนความพึงพอใจค่ะ", "ประเมินความพึงพอใจการใช้บริการ",
])
def test_asking_to_rate_gets_the_rating_question_and_a_typed_score_is_stored(chat: Chat, request_text: str) -> None:
    a = chat.say(request_text)
    assert ASKED in a.text and STAFF_ONLY not in a.text
    assert all(level in a.labels for level in LEVELS)
    b = chat.say("5 คะแนน")
    assert "ขอบคุณสำหรับคะแนน \"มากที่สุด\"" in b.text
    again = chat.say("ให้คะแนน 5")  # the question was answered: one rating per question
    assert NOT_A_NUMBER in again.text
    request = asked_by(chat, request_text)
    [r] = ratings(chat)
    assert (r.score, r.interaction_id, r.incident_id) == (5, request.id, None)
    assert request.entities and r.ref == request.entities[RATING_ASKED] and r.user_ref == request.user_ref
    with chat.session.services.sessions() as s:  # the ref is the request's own webhook event
        assert s.scalar(select(InboundEvent.webhook_event_id).where(InboundEvent.id == request.event_id)) == r.ref


def test_a_tap_on_the_requested_question_counts_once(chat: Chat) -> None:
    a = chat.say("ขอประเมินความพึงพอใจ")
    assert "ขอบคุณสำหรับคะแนน \"มาก\"" in a.tap("มาก (4)").text
    assert "ได้รับคะแนนไปแล้ว" in a.tap("มากที่สุด (5)").text
    assert [r.score for r in ratings(chat)] == [4]
    b = chat.say("อยากประเมินความพึงพอใจค่ะ")  # a new request is a new question with a ref of its own
    assert "ขอบคุณสำหรับคะแนน" in b.tap("ปานกลาง (3)").text
    got = ratings(chat)
    assert [r.score for r in got] == [4, 3] and got[0].ref != got[1].ref


@pytest.mark.parametrize(("words", "score", "name"), [
    ("พอใจมากที่สุด", 5, "มากที่สุด"), ("พอใจมากค่ะ", 4, "มาก"), ("ไม่พอใจ", 1, "น้อยที่สุด"), ("ปานกลาง", 3, "ปานกลาง"),
])
def test_satisfaction_words_right_after_the_question_are_a_rating(chat: Chat, words: str, score: int,
                                                                     name: str) -> None:
    chat.say("ขอประเมินความพึงพอใจ")
    a = chat.say(words)
    assert f"ขอบคุณสำหรับคะแนน \"{name}\"" in a.text
    assert [r.score for r in ratings(chat)] == [score]


def test_satisfaction_words_out_of_the_blue_ask_for_the_rating_never_rank_schools(chat: Chat) -> None:
    a = chat.say("พอใจมากที่สุด")
    assert ASKED in a.text and all(level in a.labels for level in LEVELS)
    assert "มากที่สุดในเขต" not in a.text and "จัดอันดับ" not in a.text
    assert ratings(chat) == []  # nothing is stored before the question was asked
    b = chat.say("พอใจมากที่สุด")
    assert "ขอบคุณสำหรับคะแนน \"มากที่สุด\"" in b.text
    assert [r.score for r in ratings(chat)] == [5]


def test_a_typed_number_with_no_question_before_it_is_still_not_a_rating(chat: Chat) -> None:
    assert NOT_A_NUMBER in chat.say("5").text
    assert ratings(chat) == []


def test_a_user_asking_for_the_satisfaction_report_is_refused_but_may_rate(chat: Chat) -> None:
    a = chat.say("รายงานความพึงพอใจ")
    assert STAFF_ONLY in a.text and ASKED in a.text
    assert "ขอบคุณสำหรับคะแนน" in a.tap("มากที่สุด (5)").text
    assert STAFF_ONLY in chat.say("สรุปผลปีงบ 2570").text  # no word of satisfaction: the refusal alone


def test_staff_still_get_the_report_and_it_counts_requested_ratings(chat: Chat) -> None:
    chat.say("ขอประเมินความพึงพอใจ").tap("มากที่สุด (5)")
    make_staff(chat)
    card = chat.say("รายงานความพึงพอใจ", as_user=STAFF)
    assert [m["type"] for m in card.messages] == ["flex"] and ASKED not in card.text
    assert "5.00 (มากที่สุด)" in card.text and "n=1" in card.text
    # the same words from a user reach the report too (refused there): one report built per test is enough
    assert STAFF_ONLY in chat.say("สรุปผลความพึงพอใจปีงบ 2569").text
    with chat.session.services.sessions() as s:
        assert s.scalar(select(Rating.score)) == 5
