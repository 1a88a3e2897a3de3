"""Per-event latencies of `khetbot serve` (SQLite, 1 worker) at a fixed rate, to find where a tail comes from.

    python bench/trace_at_rate.py [--rate 100] [--count 2000] [--out trace.json] [KEY=VALUE ...]

KEY=VALUE pairs go into the server's environment. Prints p50/p90/p99/max and the slow events'
due times (s from the start) with their latency and text; writes every event to --out.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.run_all as ra
from bench.fake_line_server import FakeLine
from bench.load import _Shots, run_at_rate, run_load

records: list[tuple[int, float, float, str]] = []
_shot = _Shots.shot


async def _recording_shot(self: _Shots, session: Any, i: int, t0: float | None = None) -> None:
    before = len(self.latencies)
    await _shot(self, session, i, t0)
    if len(self.latencies) > before:
        records.append((i, t0 or 0.0, self.latencies[-1], self.texts[i % len(self.texts)]))


async def main(args: argparse.Namespace) -> None:
    """Start the server, warm it up, run the open loop, print and write the trace."""
    _Shots.shot = _recording_shot  # type: ignore[method-assign]
    tmp = Path(tempfile.mkdtemp(prefix="trace-"))
    fake = FakeLine(ra.TOKEN)
    fake_port = ra.free_port()
    await fake.start("127.0.0.1", fake_port)
    texts, _ = ra.mixed_queries()
    env = ra.khetbot_env(tmp, fake_port, f"sqlite:///{tmp}/k.db")
    env.update(kv.split("=", 1) for kv in args.env)
    ra.import_data(env, tmp)
    port = ra.free_port()
    with (tmp / "server.log").open("wb") as log:
        proc = subprocess.Popen([*ra.khetbot_cli(), "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--workers", "1"], env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
        try:
            await asyncio.to_thread(ra.wait_healthy, f"http://127.0.0.1:{port}/healthz", proc)
            url = f"http://127.0.0.1:{port}/callback"
            await run_load(url, ra.SECRET, fake, texts=texts, count=1000, concurrency=16, users=1000)
            await asyncio.sleep(0.5)
            records.clear()
            r = await run_at_rate(url, ra.SECRET, fake, texts=texts, rate=args.rate, count=args.count, users=1000)
        finally:
            ra.stop(proc)
            await fake.stop()
    print(f"p50 {r.p50_ms} p90 {r.p90_ms} p99 {r.p99_ms} max {r.max_ms} ms")
    start = min(due for _, due, _, _ in records)
    rows = sorted((due - start, lat, text) for _, due, lat, text in records)
    slow = sorted(rows, key=lambda x: -x[1])[: max(1, len(rows) // 100)]
    for at, lat, text in sorted(slow):
        print(f"  {at:7.2f} s  {lat:6.2f} ms  {text}")
    Path(args.out).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, default=100.0)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--out", default="trace.json")
    ap.add_argument("env", nargs="*", help="KEY=VALUE for the server's environment")
    asyncio.run(main(ap.parse_args()))
