"""Checkpoints the server's SQLite write-ahead log in a background thread, so no request waits on one.

By default SQLite checkpoints inside the commit that takes the log past 1,000 pages: at 100 answered
events per second that is every ~0.5 s, and the unlucky event waits ~5 ms longer (it was the
largest part of the server's p99 at normal load, see bench/README.md). Here a thread copies the log
into the database every half second instead, with the GIL released while SQLite works. Under a
steady stream of writes SQLite can rarely start the log over (a writer must find it fully copied),
so when the log passes `restart_frames` the thread asks for a RESTART, holding this process's
write lock meanwhile so the server's writers queue on it rather than sleep in SQLite's busy handler.
SQLite's own checkpoint-at-commit stays on at a higher threshold as a backstop.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass

from sqlalchemy import Engine

from models.db import sqlite_file, write_lock_for

log = logging.getLogger(__name__)

CHECKPOINT_INTERVAL_SECONDS = 0.5
RESTART_FRAMES = 8192  # ~32 MB of 4 KB pages: the log file's size stays about this
AUTOCHECKPOINT_FRAMES = 2 * RESTART_FRAMES  # SQLite's checkpoint-at-commit, only if this thread falls behind
_RESTART_WAIT_SECONDS = 0.1  # how long a RESTART may wait for readers before it is tried again later


@dataclass(frozen=True)
class Checkpoint:
    """What one checkpoint did: pages in the log, pages copied, and whether the log starts over."""

    busy: bool
    log_frames: int
    copied_frames: int
    restarted: bool


class WalCheckpointer:
    """A daemon thread that checkpoints one SQLite file's log every `interval` seconds."""

    def __init__(self, path: str, *, interval: float = CHECKPOINT_INTERVAL_SECONDS,
                 restart_frames: int = RESTART_FRAMES) -> None:
        self.path, self.interval, self.restart_frames = path, interval, restart_frames
        self._lock = write_lock_for(path)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: sqlite3.Connection | None = None

    def checkpoint_once(self) -> Checkpoint:
        """Copy what the log holds into the database; start the log over if it has grown too long."""
        conn = self._connection()
        busy, frames, copied = self._pragma(conn, "PASSIVE")
        if frames <= self.restart_frames:
            return Checkpoint(bool(busy), frames, copied, restarted=False)
        with self._lock:
            busy, frames, copied = self._pragma(conn, "RESTART")
        return Checkpoint(bool(busy), frames, copied, restarted=not busy)

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread and close its connection."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.checkpoint_once()
            except sqlite3.Error as exc:  # a locked or missing file: SQLite's backstop still checkpoints
                log.warning("background checkpoint failed: %s", exc)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = sqlite3.connect(self.path, timeout=_RESTART_WAIT_SECONDS, isolation_level=None,
                                         check_same_thread=False)
        return self._conn

    @staticmethod
    def _pragma(conn: sqlite3.Connection, mode: str) -> tuple[int, int, int]:
        cur = conn.execute(f"PRAGMA wal_checkpoint({mode})")
        try:
            busy, frames, copied = cur.fetchall()[0]  # read to the end: a pending statement pins the log
        finally:
            cur.close()
        return int(busy), int(frames), int(copied)


def start_wal_checkpointer(engine: Engine) -> WalCheckpointer | None:
    """For an engine on an SQLite file, a started checkpointer; None for other databases."""
    path = sqlite_file(str(engine.url))
    if path is None:
        return None
    checkpointer = WalCheckpointer(path)
    checkpointer.start()
    return checkpointer
