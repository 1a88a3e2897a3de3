"""Redis stopped, or PostgreSQL restarted, while traffic flows (`khetbot serve --workers 2`).

    python -m tests.soak.soak_outage redis [--down 20]
    python -m tests.soak.soak_outage postgres

Redis: the service must keep answering while Redis is gone (conversations degrade to the worker's
memory) and use Redis again when it returns. PostgreSQL: requests during the restart get a
non-200 (LINE redelivers; the poster does the same) or are stored and processed later — none lost,
none answered twice. Both outages are short (≤ 60 s) and the service is always brought back.

WARNING: this restarts the machine's shared PostgreSQL/Redis: every other test running at the
same time will see the outage. Run it on purpose, alone.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bot.chat_session import text_event
from tests.soak.common import (
    Poster,
    answers,
    log,
    main_guard,
    make_events,
    pg_restart,
    recorded,
    redis_start,
    redis_stop,
    secrets_in_log,
    service,
    verdict,
    wait_until,
)


def conversation_probe(stack: Any, user: str) -> list[dict[str, Any]]:
    """Start an incident report and answer its first step: state lives in Redis (or memory when it is gone)."""
    evs = [text_event(user, "แจ้งปัญหา"), text_event(user, "ยกเลิก")]
    p = Poster(stack, batch_size=1, threads=1)
    for e in evs:
        p.run([e])
        time.sleep(1.0)  # the next message must see the state the previous one wrote
    return evs


def run() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["redis", "postgres"])
    ap.add_argument("--down", type=float, default=20.0, help="seconds Redis stays down (max 60)")
    ap.add_argument("--events", type=int, default=400)
    ap.add_argument("--settle", type=float, default=130.0,
                    help="seconds to wait after the last answer: longer than the outbox claim (120 s), so a "
                         "message sent but not recorded as sent would show up as a duplicate")
    args = ap.parse_args()
    down = min(60.0, args.down)
    workdir = Path(tempfile.mkdtemp(prefix=f"soak-{args.what}-"))
    events = make_events(args.events, max(1, args.events // 4))
    probes: list[dict[str, Any]] = []
    outage: dict[str, Any] = {}
    with service(workdir, workers=2) as stack:
        poster = Poster(stack, batch_size=5, threads=2, retry_pause=1.0)
        posting = threading.Thread(target=poster.run, args=(events,), kwargs={"pace": 0.25})
        t0 = time.time()
        posting.start()
        time.sleep(5)
        try:
            if args.what == "redis":
                redis_stop()
                outage["stopped_at_s"] = round(time.time() - t0, 1)
                log("Redis stopped")
                probes += conversation_probe(stack, "U" + "d" * 32)  # conversations while Redis is gone
                time.sleep(max(0.0, down - 3))
            else:
                log("restarting PostgreSQL")
                outage["restart_started_at_s"] = round(time.time() - t0, 1)
                pg_restart()
                outage["restart_took_s"] = round(time.time() - t0 - outage["restart_started_at_s"], 1)
        finally:
            if args.what == "redis":
                redis_start()
                outage["back_at_s"] = round(time.time() - t0, 1)
                log("Redis is back")
        probes += conversation_probe(stack, "U" + "e" * 32)  # and after it came back
        posting.join()
        everything = events + probes
        wait_until(lambda: answers(stack.line, everything)["unanswered"] == 0, timeout=300, every=2)
        outage["all_answered_at_s"] = round(time.time() - t0, 1)
        time.sleep(args.settle)
        a = answers(stack.line, events)
        p = answers(stack.line, probes)
        db = recorded(stack.db_url, events)
        healthy = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", stack.server.url + "/healthz"],
                                 capture_output=True, text=True).stdout
        leaks = secrets_in_log(workdir)
        log_text = (workdir / "serve.log").read_text(errors="replace")
    ok = (a["answered_once"] == len(events) and a["answered_twice_or_more"] == 0 and p["unanswered"] == 0
          and db["inbound_status"] == {"done": len(events)} and db["interactions_distinct_events"] == len(events)
          and db["answer_outbox"] == {"sent": len(events)}
          and healthy == "200" and not leaks)
    return verdict(args.what, {"outage": outage, "webhook_statuses": dict(poster.statuses),
                               "redelivered_batches": poster.redeliveries, "answers": a, "conversation_probes": p,
                               "database": db, "healthz_after": healthy, "secrets_in_log": leaks,
                               "log_tracebacks": log_text.count("Traceback")}, ok, workdir)


if __name__ == "__main__":
    main_guard(run)
