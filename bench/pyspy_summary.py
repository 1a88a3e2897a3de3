"""Summarise a `py-spy record -f raw` profile: where the busy (non-idle) samples go.

    py-spy record -p PID -f raw -o prof.txt -r 200 -d 20 --threads   # while bench/load.py runs
    python bench/pyspy_summary.py prof.txt [--top 40] [--grep processing.py]

Prints, per thread kind, the share of samples, then inclusive and self time of the busiest
functions (idle frames — waiting in select/epoll, thread pools waiting for work, locks — are
left out of "busy").
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

IDLE = ("select (selectors.py", "_worker (concurrent", "wait (threading.py", "run_forever", "poll (",
        "_run_once (asyncio", "worker_thread", "get (queue.py", "epoll", "run (anyio/_backends/_asyncio.py")


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--top", type=int, default=35)
    ap.add_argument("--grep", default=None, help="only inclusive rows whose frame contains this")
    args = ap.parse_args()
    inclusive: Counter[str] = Counter()
    self_: Counter[str] = Counter()
    threads: Counter[str] = Counter()
    total = busy = 0
    with open(args.path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for line in lines:
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        count = int(n)
        frames = stack.split(";")
        total += count
        thread = frames[0] if frames and frames[0].startswith(("thread", "process")) else ""
        body = frames[1:] if thread else frames
        if thread.startswith("process"):
            body = body[1:] if body and body[0].startswith("thread") else body
        leaf = body[-1] if body else "?"
        if any(k in leaf for k in IDLE):
            continue
        busy += count
        kind = "asyncio loop" if any("run_forever" in f or "uvloop" in f for f in body[:6]) else "worker thread"
        threads[kind] += count
        for f in set(body):
            inclusive[re.sub(r":\d+\)$", ")", f)] += count
        self_[re.sub(r":\d+\)$", ")", leaf)] += count
    print(f"samples: {total}, busy: {busy} ({100 * busy / max(1, total):.0f} %)")
    for k, v in threads.most_common():
        print(f"  {k:14} {100 * v / max(1, busy):5.1f} % of busy")
    print("\ninclusive (share of busy samples):")
    rows = [(k, v) for k, v in inclusive.most_common() if not args.grep or args.grep in k]
    for k, v in rows[: args.top]:
        print(f"  {100 * v / max(1, busy):5.1f} %  {k[:150]}")
    print("\nself:")
    for k, v in self_.most_common(args.top):
        print(f"  {100 * v / max(1, busy):5.1f} %  {k[:150]}")


if __name__ == "__main__":
    main()
