"""The server's SQLite log is checkpointed beside the requests: commits never pay for it, the log file
stays bounded under a steady stream of writes and reads, and nothing written is lost."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, text

from models.db import make_engine
from models.wal_checkpoint import WalCheckpointer, start_wal_checkpointer

ROWS = 3000
PAGE = 4096


def _engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path}/k.db", wal_autocheckpoint=1_000_000)  # no checkpoint at commit
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"))
        conn.execute(text("CREATE INDEX ix_note_body ON note (body)"))
    return engine


def _write_while_reading(engine: Engine) -> None:
    """ROWS one-row transactions from two writer threads while a reader keeps reading (as lanes do)."""
    done = threading.Event()

    def write(start: int) -> None:
        for i in range(start, ROWS, 2):
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO note (id, body) VALUES (:i, :b)"), {"i": i, "b": f"ข้อความ {i} " * 8})

    def read() -> None:
        while not done.is_set():
            with engine.connect() as conn:
                conn.execute(text("SELECT count(*) FROM note WHERE body LIKE 'ข้อความ 1%'")).scalar()

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(k,)) for k in (0, 1)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    done.set()
    reader.join()


def _wal_bytes(tmp_path: Path) -> int:
    wal = tmp_path / "k.db-wal"
    return wal.stat().st_size if wal.exists() else 0


def test_without_checkpoints_the_log_grows_with_every_write(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    try:
        _write_while_reading(engine)
        assert _wal_bytes(tmp_path) > 2 * ROWS * PAGE  # every commit appends pages; nothing copies them back
    finally:
        engine.dispose()


def test_the_background_checkpointer_keeps_the_log_bounded_and_loses_nothing(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    checkpointer = WalCheckpointer(str(tmp_path / "k.db"), interval=0.01, restart_frames=200)
    checkpointer.start()
    try:
        _write_while_reading(engine)
    finally:
        checkpointer.stop()
    try:
        assert _wal_bytes(tmp_path) < ROWS * PAGE  # a quarter of the log above, or less
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*), count(DISTINCT id) FROM note")).one() == (ROWS, ROWS)
    finally:
        engine.dispose()


def test_a_checkpoint_copies_the_log_into_the_database_file(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO note (id, body) VALUES (1, 'บันทึกที่ต้องอยู่ในไฟล์ฐานข้อมูล')"))
        checkpointer = WalCheckpointer(str(tmp_path / "k.db"), restart_frames=0)
        result = checkpointer.checkpoint_once()
        checkpointer.stop()
        assert not result.busy and result.copied_frames == result.log_frames > 0
        assert result.restarted
        raw = (tmp_path / "k.db").read_bytes()  # the main file alone now holds the row
        assert "บันทึกที่ต้องอยู่ในไฟล์ฐานข้อมูล".encode() in raw
    finally:
        engine.dispose()


def test_only_sqlite_files_get_a_checkpointer(tmp_path: Path) -> None:
    memory = make_engine("sqlite://")
    file_engine = make_engine(f"sqlite:///{tmp_path}/k.db")
    try:
        assert start_wal_checkpointer(memory) is None
        checkpointer = start_wal_checkpointer(file_engine)
        assert checkpointer is not None
        assert any(t.name == "sqlite-checkpoint" for t in threading.enumerate())
        checkpointer.stop()
        assert not any(t.name == "sqlite-checkpoint" for t in threading.enumerate())
    finally:
        memory.dispose()
        file_engine.dispose()


def test_postgresql_gets_no_checkpointer() -> None:
    engine = make_engine("postgresql+psycopg://127.0.0.1:5432/test")  # not connected: the URL decides
    try:
        assert start_wal_checkpointer(engine) is None
    finally:
        engine.dispose()
