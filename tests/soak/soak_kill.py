"""SIGKILL at random points during a burst of 1,000 events (`khetbot serve --workers 2`, PostgreSQL + Redis).

    python -m tests.soak.soak_kill [--events 1000] [--users 250] [--kills 4] [--seed N]

The poster redelivers a batch that got no 200 (as LINE does). After the last restart every event
must be answered exactly once (a reply, or a push with its retry key) and recorded exactly once
(one inbound row `done`, one interaction, one answer in the outbox).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from pathlib import Path

from tests.soak.common import (
    Poster,
    answers,
    log,
    main_guard,
    make_events,
    recorded,
    secrets_in_log,
    service,
    verdict,
    wait_until,
)


def run() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--users", type=int, default=250)
    ap.add_argument("--kills", type=int, default=4)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="soak-kill-"))
    events = make_events(args.events, args.users)
    with service(workdir, workers=2) as stack:
        poster = Poster(stack, batch_size=10, threads=4, retry_pause=0.5)
        kill_log: list[dict[str, float]] = []
        done = threading.Event()

        def killer() -> None:
            t0 = time.time()
            for _ in range(args.kills):
                time.sleep(rnd.uniform(0.5, 6.0))
                if done.is_set():
                    break
                answered = answers(stack.line, events)["answered_once"]
                stack.server.kill()
                down = rnd.uniform(0.2, 3.0)
                kill_log.append({"at_s": round(time.time() - t0, 1), "answered_before": answered,
                                 "down_s": round(down, 1)})
                log(f"SIGKILL #{len(kill_log)} with {answered} answered; restarting in {down:.1f}s")
                time.sleep(down)
                stack.server.start(timeout=120)
        t0 = time.time()
        k = threading.Thread(target=killer)
        k.start()
        poster.run(events, deadline_s=900)
        posted_s = time.time() - t0
        done.set()
        k.join()
        log(f"all {len(events)} events accepted after {posted_s:.1f}s; waiting for answers")
        wait_until(lambda: answers(stack.line, events)["unanswered"] == 0, timeout=300, every=2)
        time.sleep(5)  # let any duplicate show itself
        a = answers(stack.line, events)
        db = recorded(stack.db_url, events)
        leaks = secrets_in_log(workdir)
    ok = (a["answered_once"] == len(events) and a["answered_twice_or_more"] == 0
          and db["inbound_rows"] == len(events) and db["inbound_status"] == {"done": len(events)}
          and db["interactions"] == len(events) and db["interactions_distinct_events"] == len(events)
          and db["answer_outbox"] == {"sent": len(events)} and not leaks)
    return verdict("kill", {"seed": args.seed, "kills": kill_log, "posting_seconds": round(posted_s, 1),
                            "webhook_statuses": dict(poster.statuses), "redelivered_batches": poster.redeliveries,
                            "answers": a, "database": db, "secrets_in_log": leaks}, ok, workdir)


if __name__ == "__main__":
    main_guard(run)
