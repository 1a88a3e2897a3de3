"""The LINE API fails for about a minute (500s, then 429s with Retry-After, then hanging requests):
every answer and every notice must still be delivered exactly once.

    python -m tests.soak.soak_line_faults [--events 300] [--followers 60] [--phase 20] [--modes 500,429,hang]

`--modes late --phase 60` is the worst case for replies: for a minute LINE acts on every request
but answers too late, so no reply's outcome can be known before its token expires (see delivery.py).

Traffic: `followers` users follow (so a notice has an audience), then `events` questions are posted
while the chaos proxy in front of the fake LINE API cycles 500 → 429 → hang (phase seconds each),
and a staff notice to everyone is queued over the admin API in the middle of the outage.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from bot.chat_session import make_event
from tests.soak.chaos_proxy import ChaosProxy
from tests.soak.common import (
    ADMIN_TOKEN,
    TOKEN,
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
from tests.support.line import FakeLine

NOTICE_TEXT = "ประกาศทดสอบความทนทาน: ระบบเครือข่ายจะปิดปรับปรุงคืนนี้ค่ะ"


def notice_deliveries(line: FakeLine, followers: list[str]) -> dict[str, Any]:
    """Distinct (recipient, retry key) deliveries of the notice: LINE delivers a retry key once."""
    per_user: dict[str, set[str]] = {u: set() for u in followers}
    calls = 0
    for r in line.delivered():
        body = r.get("body") or {}
        if not any(NOTICE_TEXT in json.dumps(m, ensure_ascii=False) for m in body.get("messages", [])):
            continue
        calls += 1
        to = body.get("to")
        for u in ([to] if isinstance(to, str) else to or []):
            if u in per_user:
                per_user[u].add(str(r.get("retry_key")))
    dist = Counter(len(v) for v in per_user.values())
    return {"followers": len(followers), "received_once": dist.get(1, 0), "missing": dist.get(0, 0),
            "received_twice_or_more": sum(v for k, v in dist.items() if k > 1), "successful_calls": calls}


def run() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=300)
    ap.add_argument("--followers", type=int, default=60)
    ap.add_argument("--phase", type=float, default=20.0)
    ap.add_argument("--push-only", action="store_true", help="KHETBOT_ANSWER_BY_REPLY=false (answers always pushed)")
    ap.add_argument("--modes", default="500,429,hang",
                    help="the outage's phases in order (500, 429, hang: never forwarded; late: forwarded, "
                         "then answered too late)")
    args = ap.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="soak-line-"))
    line = FakeLine(TOKEN)
    proxy = ChaosProxy(line.url, hang_s=8.0, retry_after=2)
    env = {"KHETBOT_LINE_TIMEOUT_SECONDS": "3", "KHETBOT_LINE_MAX_ATTEMPTS": "3"}
    if args.push_only:
        env["KHETBOT_ANSWER_BY_REPLY"] = "false"
    try:
        with service(workdir, workers=2, line=line, line_url=proxy.url, extra_env=env) as stack:
            followers = [f"U{i:032x}" for i in range(1, args.followers + 1)]
            follow = [make_event("follow", u) for u in followers]
            Poster(stack, batch_size=20, threads=2).run(follow)
            wait_until(lambda: answers(line, follow)["unanswered"] == 0, 60)
            events = make_events(args.events, max(1, args.events // 4))
            poster = Poster(stack, batch_size=5, threads=2)
            timeline: list[tuple[float, str]] = []
            t0 = time.time()
            import threading
            modes = args.modes.split(",")
            posting = threading.Thread(target=poster.run, args=(events,),
                                       kwargs={"pace": len(modes) * args.phase / 40})
            posting.start()
            notice_status = None
            for i, mode in enumerate(modes):
                proxy.mode = mode
                timeline.append((round(time.time() - t0, 1), mode))
                log(f"LINE API now answers: {mode}")
                if i == len(modes) // 2:
                    notice_status = _queue_notice(stack.server.url)
                    log(f"notice queued over the admin API: HTTP {notice_status}")
                time.sleep(args.phase)
            proxy.mode = "ok"
            timeline.append((round(time.time() - t0, 1), "ok"))
            log("LINE API healthy again; waiting for every answer and the notice")
            posting.join()
            wait_until(lambda: answers(line, events)["unanswered"] == 0
                       and notice_deliveries(line, followers)["missing"] == 0, timeout=600, every=3)
            recovered_s = round(time.time() - t0, 1)
            time.sleep(5)
            a = answers(line, events)
            n = notice_deliveries(line, followers)
            db = recorded(stack.db_url, events)
            leaks = secrets_in_log(workdir)
    finally:
        proxy.stop()
        line.stop()
    ok = (a["answered_once"] == len(events) and a["answered_twice_or_more"] == 0
          and n["received_once"] == len(followers)
          and n["received_twice_or_more"] == 0 and db["inbound_status"] == {"done": len(events)} and not leaks)
    return verdict("line_faults", {"modes": args.modes, "push_only": args.push_only,
                                   "timeline": timeline, "all_delivered_after_s": recovered_s,
                                   "proxy_answers": dict(proxy.seen), "webhook_statuses": dict(poster.statuses),
                                   "notice_http_status": notice_status, "answers": a, "notice": n, "database": db,
                                   "secrets_in_log": leaks}, ok, workdir)


def _queue_notice(base: str) -> int:
    body = json.dumps({"text": NOTICE_TEXT, "author": "soak"}, ensure_ascii=False).encode()
    req = urllib.request.Request(base + "/admin/notices", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {ADMIN_TOKEN}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


if __name__ == "__main__":
    main_guard(run)
