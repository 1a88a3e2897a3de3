"""CPU per answered event with no concurrency: store + `EventProcessor.handle`, in one thread.

    python bench/profile_handle.py                # ms of CPU per event (mixed Thai queries)
    python bench/profile_handle.py --profile 40   # plus cProfile's top 40 (cumulative)

Uses the database of DATABASE_URL (default: a fresh SQLite file with the eval data imported), so
it measures khetbot's own work per event without HTTP, threads or LINE: the floor under the
server's "CPU ms/event" in run_all.py.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_all import DATA, mixed_queries  # noqa: E402


class _NoLine:
    """The harness never talks to LINE (text events only)."""

    async def content(self, *args: Any, **kwargs: Any) -> None:
        return None


def _events(texts: list[str], n: int, offset: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        out.append({"type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
                    "webhookEventId": uuid.uuid4().hex, "replyToken": uuid.uuid4().hex,
                    "source": {"type": "user", "userId": f"U{i % 500:032x}"},
                    "deliveryContext": {"isRedelivery": False},
                    "message": {"type": "text", "id": str(i), "quoteToken": "q",
                                "text": texts[(i + offset) % len(texts)]}})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1500)
    ap.add_argument("--warmup", type=int, default=600)
    ap.add_argument("--profile", type=int, default=0, help="print cProfile's top N functions")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="khetbot-handle-"))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/khetbot.db"
        for kind in ("schools", "students"):
            subprocess.run(["khetbot", "import", kind, str(DATA / f"{kind}.csv")], check=True, capture_output=True)
    os.environ.setdefault("LINE_CHANNEL_SECRET", "bench-channel-secret")
    os.environ.setdefault("KHETBOT_DATA_DIR", str(tmp / "var"))
    from bot.app import build_services
    from bot.settings import Settings
    services = build_services(Settings(), _NoLine(), loop=asyncio.new_event_loop())  # type: ignore[arg-type]
    runtime = services.runtime
    texts, _ = mixed_queries()

    def run(n: int, offset: int) -> float:
        batches = runtime._store_many([([e], "Ubot") for e in _events(texts, n, offset)])
        started = time.process_time()
        for claims in batches:
            assert isinstance(claims, list)
            for claim in claims:
                runtime.processor.handle(claim.id, None, claim)
        return (time.process_time() - started) / n * 1000

    run(args.warmup, 0)
    print(f"handle: {run(args.events, 7):.2f} ms CPU per event ({args.events} events, one thread)")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        run(args.events, 11)
        prof.disable()
        pstats.Stats(prof).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(args.profile)


if __name__ == "__main__":
    main()
