"""Fixtures: settings on each backend (SQLite + in-process, PostgreSQL + Redis) and `chat`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from tests.support.backends import drop_template, postgres_database, redis_prefix, sqlite_url
from tests.support.chat import Chat, open_chat
from tests.support.line import FakeLine

SECRET = "test-channel-secret"
TOKEN = "test-access-token"
STAFF = "U" + "5" * 32
SCHOOL_USER = "U" + "7" * 32


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings isolated from the developer's environment and .env."""
    base: dict[str, object] = {
        "line_channel_secret": SecretStr(SECRET), "line_channel_access_token": SecretStr(TOKEN),
        "line_api_base_url": "http://127.0.0.1:9", "line_data_api_base_url": "http://127.0.0.1:9",
        "database_url": sqlite_url(tmp_path), "redis_url": None, "public_base_url": "https://khetbot.test",
        "data_dir": tmp_path / "var", "recovery_interval_seconds": 0.5, "line_backoff_seconds": 0.01,
        "rating_every_n_answers": 0, "demo_data": True,
    }
    base.update(overrides)
    return Settings(_env_file=None, **base)  # type: ignore[call-arg]


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """Which stack a test runs on."""
    return str(request.param)


@pytest.fixture
def settings(backend: str, tmp_path: Path) -> Iterator[Settings]:
    """Settings for the test's backend: SQLite + in-process, or PostgreSQL + Redis."""
    if backend == "sqlite":
        yield make_settings(tmp_path)
        return
    with postgres_database() as url, redis_prefix() as prefix:
        yield make_settings(tmp_path, database_url=url, redis_url="redis://127.0.0.1:6379/0", redis_prefix=prefix)


@pytest.fixture
def chat(settings: Settings) -> Iterator[Chat]:
    """The bot in-process, talking to a user (transcript style)."""
    with open_chat(settings) as c:
        yield c


@pytest.fixture(scope="session")
def fake_line_server() -> Iterator[FakeLine]:
    """One fake LINE API for the whole run."""
    server = FakeLine(TOKEN)
    yield server
    server.stop()


@pytest.fixture
def fake_line(fake_line_server: FakeLine) -> FakeLine:
    """The fake LINE API, emptied for this test."""
    fake_line_server.reset()
    return fake_line_server


@pytest.fixture
def line_settings(settings: Settings, fake_line: FakeLine) -> Settings:
    """Settings whose LINE API is the fake HTTP server (the real messenger is used)."""
    return settings.model_copy(update={"line_api_base_url": fake_line.url, "line_data_api_base_url": fake_line.url})


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    drop_template()
