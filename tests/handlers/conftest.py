"""Fixtures of the handler tests: the bot with the area's real school names (tests/handlers/data)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli_data import run_import
from bot.settings import Settings
from tests.support.chat import Chat, open_chat

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def area(settings: Settings) -> Iterator[Chat]:
    """The bot with the area's schools imported (no sample data)."""
    s = settings.model_copy(update={"demo_data": False})
    for kind in ("schools", "students"):
        assert run_import(kind, DATA / f"area_{kind}.csv", settings=s, echo=lambda _: None) == 0
    with open_chat(s) as c:
        yield c
