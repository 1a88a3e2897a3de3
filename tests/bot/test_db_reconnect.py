"""PostgreSQL restarts under a running bot (its pooled connections are cut): the next question is
still stored and answered; nothing waits for recovery and LINE is not refused."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bot.settings import Settings
from tests.support.chat import open_chat


def _cut_connections(database_url: str) -> int:
    """Terminate every server connection to the test database (what a restart does to a pool)."""
    name = make_url(database_url).database
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as admin:
        rows = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = %s AND pid <> pg_backend_pid()", (name,)).fetchall()
    return len(rows)


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_questions_right_after_the_database_cut_its_connections_are_answered(settings: Settings) -> None:
    with open_chat(settings) as chat:
        assert "สวัสดี" in chat.say("สวัสดีครับ").text
        for _ in range(3):
            assert _cut_connections(settings.database_url) >= 1
            answer = chat.say("ขั้นตอนงานพัฒนาเครือข่ายมีอะไรบ้าง")
            assert "ขั้นตอน" in answer.text and "ขออภัย" not in answer.text


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_an_event_whose_connection_was_cut_before_it_was_routed_is_answered_at_once(settings: Settings) -> None:
    from tests.bot.test_event_claims import _rows, _store
    with open_chat(settings) as chat:
        chat.say("สวัสดีครับ")  # the answering thread's pooled connection is fresh: it will not be pinged
        claim = _store(chat, "ขั้นตอนงานพัฒนาเครือข่ายมีอะไรบ้าง")
        assert _cut_connections(settings.database_url) >= 1
        outcome = chat.session.services.runtime.processor.handle(claim.id, None, claim)
        assert outcome.first is not None  # answered now, not left to recovery
        assert _rows(chat, claim) == ("done", 1, 1)
