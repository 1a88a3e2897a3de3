"""Benchmark a staff notice to 100,000 followers against a local fake LINE API.

    python bench/bench_notice.py [--recipients 100000] [--mode both|direct|huey]
                                 [--database-url postgresql+psycopg://…] [--redis-url redis://…]

Synthetic users are inserted in bulk, then a notice to everyone is sent:
- `direct`: one worker in this process (`bot.notices.jobs.send_now`, what `notice send --wait` does);
- `huey`:   the production path — the notice is queued, the sweep enqueues the huey task and an
            in-process huey consumer (2 worker threads, per-thread LINE clients) sends it; large
            notices are worked by two jobs at once (batches are claimed atomically).
Prints the time of each phase and the API calls the fake LINE API received (multicast bodies,
recipients). Loopback only; the fake is bench/fake_line_server.py (no SDK validation).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fake_line_server import FakeLine  # noqa: E402
from pydantic import SecretStr  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from bot.cli import open_db  # noqa: E402
from bot.notices import jobs, service  # noqa: E402
from bot.notices.transport import ThreadLoopSender  # noqa: E402
from bot.settings import Settings  # noqa: E402
from models.notice import Notice  # noqa: E402
from models.user import User  # noqa: E402

TOKEN = "bench-token"


def _port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


class FakeThread:
    """The fast fake LINE API on its own loop in a thread."""

    def __init__(self) -> None:
        self.fake = FakeLine(TOKEN)
        self.port = _port()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start("127.0.0.1", self.port), self.loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)


def run_once(mode: str, n: int, workdir: Path, fake: FakeThread, database_url: str | None,
             redis_url: str | None) -> dict[str, float | int | str]:
    """Insert n followers, send one notice to everyone, return the numbers."""
    settings = Settings(_env_file=None, line_channel_secret=SecretStr("s"),  # type: ignore[call-arg]
                        line_channel_access_token=SecretStr(TOKEN),
                        line_api_base_url=f"http://127.0.0.1:{fake.port}",
                        database_url=database_url or f"sqlite:///{workdir}/{mode}.db", redis_url=redis_url,
                        redis_prefix=f"khetbot-bench-notice-{mode}-{int(time.time())}:", data_dir=workdir / mode,
                        demo_data=False, office_id=f"bench-{mode}-{int(time.time())}")  # own office per run
    engine, sessions = open_db(settings)
    out: dict[str, float | int | str] = {"mode": mode, "recipients": n,
                                         "backend": "postgresql" if database_url else "sqlite"}
    tag = f"{mode}{int(time.time())}"
    try:
        t0 = time.perf_counter()
        with sessions() as s:
            for start in range(0, n, 10_000):
                s.execute(insert(User), [{"office_id": settings.office_id, "role": "public", "following": True,
                                          "line_user_id": f"U{tag}{i:0{31 - len(tag)}d}"}
                                         for i in range(start, min(n, start + 10_000))])
            s.commit()
            notice = service.create(db_session=s, settings=settings, source="bench", audience={"all": True},
                                    text="ขอให้ทุกโรงเรียนส่งข้อมูลนักเรียนภายใน 10 มิ.ย. (ทดสอบประสิทธิภาพ)")
            s.commit()
            nid = notice.id
        out["insert_users_s"] = round(time.perf_counter() - t0, 2)
        fake.fake.reset_counters()
        t1 = time.perf_counter()
        if mode == "direct":
            send = ThreadLoopSender(settings)
            try:
                result = jobs.send_now(settings, sessions, nid, send=send)
                out["messenger_calls"] = send.calls
            finally:
                send.close()
            out["status"] = result.status
        else:
            send = ThreadLoopSender(settings)
            notice_jobs = jobs.NoticeJobs(settings, sessions, send)
            notice_jobs.start_consumer(workers=2)
            try:
                notice_jobs.sweep()
                while True:
                    with sessions() as s:
                        status = s.scalar(select(Notice.status).where(Notice.id == nid))
                    if status == "done" or time.perf_counter() - t1 > 900:
                        break
                    time.sleep(0.05)
                out["status"] = str(status)
                out["messenger_calls"] = send.calls
            finally:
                notice_jobs.stop()
                send.close()
        out["send_s"] = round(time.perf_counter() - t1, 2)
        with sessions() as s:
            done = s.get(Notice, nid)
            assert done is not None
            out.update(batches=done.batches, sent=done.sent, failed=done.failed)
            if done.started_at and done.finished_at:
                out["job_s"] = round((done.finished_at - done.started_at).total_seconds(), 2)
        out["api_multicast_calls"] = fake.fake.calls.get("multicast", 0)
        out["api_calls_total"] = sum(fake.fake.calls.values())
        out["api_recipients"] = fake.fake.recipients
        out["recipients_per_s"] = round(n / max(1e-9, float(out["send_s"])))
    finally:
        engine.dispose()
        if redis_url:
            import redis
            client = redis.Redis.from_url(redis_url)
            keys = list(client.scan_iter(match=settings.redis_prefix + "*"))
            if keys:
                client.delete(*keys)
            client.close()
    return out


def main() -> None:
    """Run and print."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--recipients", type=int, default=100_000)
    ap.add_argument("--mode", choices=("both", "direct", "huey"), default="both")
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file per mode")
    ap.add_argument("--redis-url", default=None, help="huey on Redis (default: SqliteHuey)")
    args = ap.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="khetbot-bench-notice-"))
    fake = FakeThread()
    try:
        modes = ("direct", "huey") if args.mode == "both" else (args.mode,)
        for mode in modes:
            r = run_once(mode, args.recipients, workdir, fake, args.database_url, args.redis_url)
            print(f"notice to {r['recipients']:,} followers [{r['backend']}, {r['mode']}]: "
                  f"send {r['send_s']} s (job {r.get('job_s', '-')} s, {r['recipients_per_s']:,}/s), "
                  f"{r['batches']} batches, API calls {r['api_calls_total']} "
                  f"(multicast {r['api_multicast_calls']}, recipients {r['api_recipients']:,}), "
                  f"sent {r['sent']:,} failed {r['failed']}, status {r['status']}; "
                  f"inserting users {r['insert_users_s']} s", flush=True)
    finally:
        fake.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
