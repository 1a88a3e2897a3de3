"""Real databases for tests: a temp SQLite file, or a fresh PostgreSQL database + Redis prefix."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import redis

PG_ADMIN = os.environ.get("KHETBOT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("KHETBOT_TEST_REDIS", "redis://127.0.0.1:6379/0")
_template: str | None = None


def _admin() -> psycopg.Connection:
    try:
        return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:  # CI must have it: a failure, not a skip
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN}: {exc}")


def _ensure_template() -> str:
    """A database with the schema migrated, cloned for each test (fast)."""
    global _template
    if _template is None:
        name = f"khetbot_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with _admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        from bot import migrate
        from models.db import make_engine
        engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
        migrate.upgrade(engine)
        engine.dispose()
        _template = name
    return _template


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh migrated PostgreSQL database URL, dropped afterwards."""
    template = _ensure_template()
    name = f"khetbot_t_{uuid.uuid4().hex[:12]}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_template() -> None:
    """Remove the template database at the end of the run."""
    global _template
    if _template is not None:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{_template}" WITH (FORCE)')
        _template = None


@contextmanager
def redis_prefix() -> Iterator[str]:
    """A key prefix private to one test; its keys are deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    prefix = f"khetbot-test-{uuid.uuid4().hex[:10]}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=prefix + "*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


def sqlite_url(tmp: Path) -> str:
    """A SQLite file in the test's temp folder."""
    return f"sqlite:///{tmp}/khetbot.db"
