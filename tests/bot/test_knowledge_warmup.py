"""After an import changes the schools, the look-up indexes are built in the background, so the first
person to ask by phone number or principal's name does not wait for them (seconds at national scale)."""

from __future__ import annotations

from pathlib import Path

from bot.cli_data import run_import
from bot.settings import Settings
from handlers.school_lookup import _contacts
from knowledge.name_index import _indexes
from tests.support.chat import open_chat

DATA = Path(__file__).resolve().parent.parent / "handlers" / "data"


def test_an_import_has_the_lookup_indexes_built_before_anyone_asks(settings: Settings) -> None:
    s = settings.model_copy(update={"demo_data": False})
    with open_chat(s) as chat:
        services = chat.session.services
        before = services.knowledge.vocabulary
        assert run_import("schools", DATA / "area_schools.csv", settings=s, echo=lambda _: None) == 0
        chat.run(services.runtime.refresh_knowledge)  # a housekeeping round
        vocab = services.knowledge.vocabulary
        assert vocab is not before and len(vocab.schools) > len(before.schools)
        assert _contacts.holds(vocab, s.office_id) and _indexes.holds(vocab, None)
        answer = chat.say("เบอร์ 056-775704 เป็นของโรงเรียนไหน")
        assert "เพชรพิทยาคม" in answer.text
