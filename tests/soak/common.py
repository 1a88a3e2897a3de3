"""Shared machinery of the on-demand soak scripts (NOT part of the default pytest run).

Each script starts the real `khetbot serve --workers 2` on a fresh PostgreSQL database and a
private Redis prefix, behind a fake LINE API (optionally through a chaos proxy), posts signed
webhook batches the way LINE does (redelivering a batch that did not get a 200), and then checks
that every event was answered exactly once and recorded exactly once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from bot.chat_session import sign, text_event
from bot.processing import retry_key_for
from tests.conftest import make_settings
from tests.support.backends import drop_template, postgres_database, redis_prefix
from tests.support.http import serve_env
from tests.support.line import FakeLine
from tests.support.server import ServerProcess

SECRET = "soak-channel-secret"
TOKEN = "test-access-token"  # what the fake LINE accepts
ADMIN_TOKEN = "soak-admin-token-" + "k" * 16
QUESTIONS = ("สวัสดีครับ", "นักเรียนโรงเรียนภูผาวิทยาคมกี่คน", "ขอบคุณครับ", "วิธีใช้งาน", "ครูโรงเรียนดอกบัวพิทยามีกี่คน")
PG_RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "", "main", "restart"]
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
               "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


@dataclass
class Stack:
    """A running service and what it talks to."""

    server: ServerProcess
    line: FakeLine
    db_url: str
    workdir: Path
    line_url: str
    env: dict[str, str]


@contextmanager
def service(workdir: Path, *, workers: int = 2, line_url: str | None = None, line: FakeLine | None = None,
            extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    """PostgreSQL + Redis + fake LINE + `khetbot serve --workers N`, torn down afterwards."""
    with ExitStack() as stack:
        stack.callback(drop_template)
        url = stack.enter_context(postgres_database())
        prefix = stack.enter_context(redis_prefix())
        if line is None:
            line = FakeLine(TOKEN)
            stack.callback(line.stop)
        from pydantic import SecretStr
        settings = make_settings(workdir, database_url=url, redis_url="redis://127.0.0.1:6379/0",
                                 redis_prefix=prefix, line_channel_secret=SecretStr(SECRET))
        env = serve_env(settings, line_url or line.url)
        env.update({"KHETBOT_ADMIN_TOKEN": ADMIN_TOKEN, "KHETBOT_RATE_LIMIT_PER_MINUTE": "1000",
                    "KHETBOT_RATING_EVERY_N_ANSWERS": "0", **(extra_env or {})})
        server = ServerProcess(workdir, env, workers=workers)
        server.start(timeout=120)
        stack.callback(server.stop)
        yield Stack(server, line, url.replace("postgresql+psycopg", "postgresql"), workdir, line_url or line.url, env)


def make_events(n_events: int, n_users: int) -> list[dict[str, Any]]:
    """n events from n_users users (several messages each, so per-chat order matters)."""
    users = [f"U{uuid.uuid4().hex}" for _ in range(n_users)]
    return [text_event(users[i % n_users], QUESTIONS[i % len(QUESTIONS)]) for i in range(n_events)]


@dataclass
class Poster:
    """Posts batches like LINE: a batch without a 200 is redelivered (same webhookEventIds) until it gets one."""

    stack: Stack
    batch_size: int = 10
    threads: int = 4
    retry_pause: float = 1.0
    statuses: Counter[str] = field(default_factory=Counter)
    redeliveries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def post_once(self, events: list[dict[str, Any]], redelivery: bool) -> str:
        if redelivery:
            events = [dict(e, deliveryContext={"isRedelivery": True}) for e in events]
        body = json.dumps({"destination": "Ubot", "events": events}, ensure_ascii=False).encode()
        req = urllib.request.Request(self.stack.server.url + "/callback", data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "X-Line-Signature": sign(SECRET.encode(), body)})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return str(r.status)
        except urllib.error.HTTPError as e:
            return str(e.code)
        except (OSError, TimeoutError) as e:
            return type(e).__name__

    def deliver(self, batch: list[dict[str, Any]], deadline: float) -> None:
        redelivery = False
        while time.time() < deadline:
            status = self.post_once(batch, redelivery)
            with self._lock:
                self.statuses[status] += 1
                if redelivery:
                    self.redeliveries += 1
            if status == "200":
                return
            redelivery = True
            time.sleep(self.retry_pause)
        raise RuntimeError("a batch never got a 200")

    def run(self, events: list[dict[str, Any]], *, pace: float = 0.0, deadline_s: float = 600) -> None:
        """Post every event (in batches, from several threads); returns when each batch got a 200."""
        batches = [events[i:i + self.batch_size] for i in range(0, len(events), self.batch_size)]
        deadline = time.time() + deadline_s
        todo = list(reversed(batches))
        lock = threading.Lock()

        def worker() -> None:
            while True:
                with lock:
                    if not todo:
                        return
                    batch = todo.pop()
                self.deliver(batch, deadline)
                if pace:
                    time.sleep(pace)
        ts = [threading.Thread(target=worker, daemon=True) for _ in range(self.threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()


def answers(line: FakeLine, events: list[dict[str, Any]]) -> dict[str, Any]:
    """Per event: successful replies (by token) + distinct successful pushes (by retry key)."""
    by_token = {e["replyToken"]: e["webhookEventId"] for e in events}
    by_key = {retry_key_for(f"answer:{e['webhookEventId']}"): e["webhookEventId"] for e in events}
    replies: Counter[str] = Counter()
    pushes: dict[str, set[str]] = {}
    push_calls: Counter[str] = Counter()
    for r in line.delivered():
        body = r.get("body") or {}
        if r["path"].endswith("/reply") and body.get("replyToken") in by_token:
            replies[by_token[body["replyToken"]]] += 1
        elif r["path"].endswith("/push") and r.get("retry_key") in by_key:
            wid = by_key[r["retry_key"]]
            pushes.setdefault(wid, set()).add(r["retry_key"])
            push_calls[wid] += 1
    per_event = {e["webhookEventId"]: replies[e["webhookEventId"]] + len(pushes.get(e["webhookEventId"], ()))
                 for e in events}
    dist = Counter(per_event.values())
    return {"events": len(events), "answered_once": dist.get(1, 0), "unanswered": dist.get(0, 0),
            "answered_twice_or_more": sum(v for k, v in dist.items() if k > 1),
            "via_reply": sum(1 for e in events if replies[e["webhookEventId"]]),
            "via_push": sum(1 for e in events if e["webhookEventId"] in pushes),
            "push_calls_repeated_same_retry_key": sum(n - 1 for n in push_calls.values() if n > 1)}


def recorded(db_url: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The database's view: stored once, done, one interaction and one answer row per event."""
    ids = [e["webhookEventId"] for e in events]
    with psycopg.connect(db_url) as conn:
        st = dict(conn.execute("SELECT status, count(*) FROM inbound_events WHERE webhook_event_id = ANY(%s) "
                               "GROUP BY status", (ids,)).fetchall())
        rows = conn.execute("SELECT count(*), count(DISTINCT webhook_event_id) FROM inbound_events "
                            "WHERE webhook_event_id = ANY(%s)", (ids,)).fetchone()
        inter = conn.execute("SELECT count(*), count(DISTINCT i.event_id) FROM interactions i JOIN inbound_events e "
                             "ON e.id = i.event_id WHERE e.webhook_event_id = ANY(%s)", (ids,)).fetchone()
        outbox = dict(conn.execute("SELECT o.status, count(*) FROM outbox o JOIN inbound_events e ON e.id = o.event_id "
                                   "WHERE e.webhook_event_id = ANY(%s) AND o.purpose = 'answer' GROUP BY o.status",
                                   (ids,)).fetchall())
        attempts = dict(conn.execute("SELECT attempts, count(*) FROM inbound_events WHERE webhook_event_id = ANY(%s) "
                                     "GROUP BY attempts", (ids,)).fetchall())
    assert rows is not None and inter is not None
    return {"inbound_rows": rows[0], "inbound_distinct": rows[1], "inbound_status": st,
            "processing_attempts": {str(k): v for k, v in sorted(attempts.items())},
            "interactions": inter[0], "interactions_distinct_events": inter[1], "answer_outbox": outbox}


def wait_until(check: Any, timeout: float, every: float = 1.0) -> bool:
    end = time.time() + timeout
    while time.time() < end:
        if check():
            return True
        time.sleep(every)
    return False


def verdict(name: str, result: dict[str, Any], ok: bool, workdir: Path) -> int:
    """Print the result as JSON, append it to results.jsonl beside the scripts, and return an exit code."""
    result = {"soak": name, "ok": ok, "at": time.strftime("%Y-%m-%d %H:%M:%S"), **result}
    text = json.dumps(result, ensure_ascii=False, indent=2, default=str)
    print(text, flush=True)
    with (Path(__file__).parent / "results.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
    log(f"{name}: {'PASS' if ok else 'FAIL'} (server log: {workdir / 'serve.log'})")
    return 0 if ok else 1


def secrets_in_log(workdir: Path) -> list[str]:
    """Which known secrets appear in the server's log (must be none)."""
    text = (workdir / "serve.log").read_text(errors="replace")
    return [name for name, s in (("channel secret", SECRET), ("access token", TOKEN), ("admin token", ADMIN_TOKEN))
            if s in text]


def pg_restart() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    cmd = list(PG_RESTART)
    cmd[2] = version
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def redis_stop() -> None:
    subprocess.run(["redis-cli", "shutdown", "nosave"], capture_output=True, timeout=30)


def redis_start() -> None:
    subprocess.run(REDIS_START, check=True, capture_output=True, timeout=30)
    wait_until(lambda: subprocess.run(["redis-cli", "ping"], capture_output=True).stdout.strip() == b"PONG", 20, 0.2)


def main_guard(fn: Any) -> None:
    try:
        sys.exit(fn())
    except KeyboardInterrupt:
        sys.exit(130)
