"""Engine and session factory for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_SECONDS = 30.0
_DML = ("INSERT", "UPDATE", "DELETE", "REPLACE")  # the statements before which sqlite3 opens a transaction
_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


def write_lock_for(path: str) -> threading.Lock:
    """The lock this process's connections to the SQLite file at path take for a write transaction."""
    key = str(Path(path).resolve())
    with _write_locks_guard:
        return _write_locks.setdefault(key, threading.Lock())


class _SerialCursor(sqlite3.Cursor):
    """Takes the process's write lock before the statement that opens a write transaction."""

    connection: _SerialWritesConnection

    def execute(self, sql: str, parameters: Any = (), /) -> _SerialCursor:
        conn = self.connection
        conn._before(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            conn._after()

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> _SerialCursor:
        conn = self.connection
        conn._before(sql)
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            conn._after()


class _SerialWritesConnection(sqlite3.Connection):
    """A sqlite3 connection whose write transactions queue on an in-process lock.

    SQLite allows one writer at a time. Without this, the threads of one process that want to write
    at once all get SQLITE_BUSY and sleep-poll in SQLite's busy handler (1, 2, 5, 10 … 100 ms
    naps), which under load costs far more latency than the writes themselves. With it they wait
    on a lock that hands over as soon as the writer commits. The transaction is the same one SQLite
    would have run (it starts at the first INSERT/UPDATE/DELETE and ends at commit/rollback), so
    nothing changes for the code using it; other processes (the CLI, a second worker) still meet
    SQLite's own lock and busy timeout.
    """

    _write_lock: threading.Lock
    _holds = False

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or _SerialCursor)

    def _before(self, sql: str) -> None:
        if self._holds or self.in_transaction:
            return
        if not sql.lstrip()[:7].upper().startswith(_DML):
            return
        if not self._write_lock.acquire(timeout=BUSY_TIMEOUT_SECONDS):
            raise sqlite3.OperationalError("database is locked")
        self._holds = True

    def _after(self) -> None:
        if self._holds and not self.in_transaction:  # autocommit statement, or it failed before BEGIN
            self._release()

    def _release(self) -> None:
        if self._holds:
            self._holds = False
            self._write_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if not self.in_transaction:
                self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            if not self.in_transaction:
                self._release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()


def sqlite_file(url: str) -> str | None:
    """The file of an SQLite URL (None for other backends and in-memory databases)."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[-1].split("?", 1)[0]
    return path if path and path != ":memory:" and url != "sqlite://" else None


def make_engine(url: str, *, wal_autocheckpoint: int | None = None, **kwargs: Any) -> Engine:
    """An engine tuned for the backend: WAL + busy timeout on SQLite, pre-ping on servers.

    wal_autocheckpoint: SQLite's checkpoint-at-commit threshold in pages (SQLite's default 1,000);
    a server that checkpoints in the background (models/wal_checkpoint.py) raises it to a backstop."""
    if url.startswith("sqlite"):
        path = sqlite_file(url)
        connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS}
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            lock = write_lock_for(path)
            connect_args["factory"] = type("SerialWrites", (_SerialWritesConnection,), {"_write_lock": lock})
        engine = create_engine(url, connect_args=connect_args, **_json(kwargs))

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            if wal_autocheckpoint is not None:
                cur.execute(f"PRAGMA wal_autocheckpoint={int(wal_autocheckpoint)}")
            cur.close()

        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20, **_json(kwargs))
    _ping_when_idle(engine)
    return engine


PING_AFTER_IDLE_SECONDS = 1.0


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it has been idle a while.

    `pool_pre_ping` pings on every checkout: a round trip per transaction, three per answered event,
    ~8 % of a PostgreSQL worker's time under load for connections used milliseconds before. A
    connection that fails the ping is replaced (the pool retries the checkout); one that breaks while
    busy fails its statement, and the callers retry that (bot/runtime.py, recovery).
    """
    @event.listens_for(engine, "checkin")
    def _idle(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as err:
            raise DisconnectionError("connection failed its ping") from err


def connection_lost(exc: BaseException) -> bool:
    """The database connection broke under the statement (the server closed it: a restart)."""
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def _json(kwargs: dict[str, Any]) -> dict[str, Any]:
    """JSON columns through orjson (the stdlib encoder was a visible share of every answer's CPU)."""
    return {"json_serializer": _dumps, "json_deserializer": orjson.loads, **kwargs}


def _dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session committed on success and rolled back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
