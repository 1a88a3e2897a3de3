"""Benchmark the fiscal-year report on a year of data (default 200,000 interactions).

    python bench/bench_report.py [--backend sqlite|postgres|both] [--interactions 200000] [--keep]

Fills a fresh database (a temp SQLite file; for PostgreSQL a new database on KHETBOT_BENCH_PG,
default postgresql://postgres@127.0.0.1:5432/test, dropped afterwards) with 300 schools, the
interactions spread over FY 2570 (Bangkok months), 8% ratings, 2,000 incidents and 150 notices,
then times: build_report (the SQL aggregations), charts, the XLSX and the PDF. The goal is the
whole report in < 30 s on both backends; it is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bot import migrate  # noqa: E402
from bot.settings import Settings  # noqa: E402
from handlers.report import build_report, find_thai_font, render_charts, write_pdf, write_xlsx  # noqa: E402
from models.db import make_engine, make_session_factory  # noqa: E402
from models.evaluation import Interaction, Rating  # noqa: E402
from models.incident import Incident  # noqa: E402
from models.notice import Delivery, Notice  # noqa: E402
from models.report_queries import fiscal_year_bounds  # noqa: E402
from models.school import School  # noqa: E402

FY = 2570
PG_ADMIN = os.environ.get("KHETBOT_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
DISTRICTS = ("เมืองเพชรบูรณ์", "หล่มสัก", "หล่มเก่า", "วิเชียรบุรี", "ศรีเทพ", "หนองไผ่", "บึงสามพัน", "ชนแดน",
             "วังโป่ง", "เขาค้อ", "น้ำหนาว")
INTENTS = (("student_count", 0.28), ("teacher_count", 0.12), ("school_info", 0.12), ("manual", 0.14),
           ("school_list", 0.05), ("school_count", 0.03), ("ranking", 0.03), ("compare_years", 0.02),
           ("incident_report", 0.04), ("greeting", 0.05), ("thanks", 0.03), ("out_of_scope", 0.09))
UNANSWERED = [f"คำถามที่ยังตอบไม่ได้ เรื่องที่ {i}" for i in range(400)] + ["ห้องน้ำอยู่ไหนคะ", "ราคาทองวันนี้"]


@contextmanager
def database(backend: str, keep: bool) -> Iterator[str]:
    """A fresh database URL for the backend."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    import psycopg
    name = f"khetbot_bench_{uuid.uuid4().hex[:8]}"
    base = PG_ADMIN.rsplit("/", 1)[0]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base.replace('postgresql://', 'postgresql+psycopg://')}/{name}"
    finally:
        if not keep:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill(s: Session, n: int, rnd: random.Random) -> None:
    """A year of synthetic activity."""
    start, end = fiscal_year_bounds(FY)
    span = (end - start).total_seconds()
    schools = [School(code=f"{67010000 + i}", name=f"โรงเรียนทดสอบที่ {i}", district=DISTRICTS[i % len(DISTRICTS)])
               for i in range(300)]
    s.add_all(schools)
    s.flush()
    ids = [sc.id for sc in schools]
    names, weights = zip(*INTENTS, strict=True)
    users = [f"U{uuid.UUID(int=rnd.getrandbits(128)).hex}" for _ in range(6000)]
    rows: list[dict[str, Any]] = []
    for _ in range(n):
        intent = rnd.choices(names, weights)[0]
        answered = intent != "out_of_scope" and rnd.random() > 0.05
        user = users[int(rnd.paretovariate(1.2)) % len(users)]
        kind = "postback" if rnd.random() < 0.1 else "text"
        rows.append({
            "office_id": "default", "at": start + timedelta(seconds=rnd.random() * span), "user_ref": user[1:17],
            "line_user_id": user, "school_id": rnd.choice(ids) if rnd.random() < 0.7 else None,
            "district": None, "kind": kind, "text": rnd.choice(UNANSWERED) if not answered else "คำถาม",
            "intent": intent, "entities": None, "answered": answered, "latency_ms": int(rnd.gauss(900, 300)),
        })
    rows.sort(key=lambda r: r["at"])  # logged as they happen: row order follows time, as in production
    for i in range(0, len(rows), 10_000):
        s.execute(insert(Interaction), rows[i:i + 10_000])
    s.execute(insert(Rating), [{"office_id": "default", "at": start + timedelta(seconds=rnd.random() * span),
                                "score": rnd.choices((5, 4, 3, 2, 1), (45, 35, 12, 5, 3))[0], "ref": f"b{i}"}
                               for i in range(n * 8 // 100)])
    incs = []
    for i in range(2000):
        opened = start + timedelta(seconds=rnd.random() * span)
        ack = opened + timedelta(minutes=rnd.expovariate(1 / 25))
        res = ack + timedelta(hours=rnd.expovariate(1 / 8))
        incs.append({"office_id": "default", "number": f"INC-{FY}-{i + 1:04d}", "fiscal_year": FY, "seq": i + 1,
                     "school_id": rnd.choice(ids), "category": rnd.choice(("internet", "wifi", "lan", "computer")),
                     "priority": rnd.randint(1, 4), "impact": rnd.randint(1, 2), "status": "closed",
                     "opened_at": opened, "acknowledged_at": ack, "resolved_at": res, "closed_at": res,
                     "description": "", "photos": []})
    s.execute(insert(Incident), incs)
    for i in range(150):
        started = start + timedelta(seconds=rnd.random() * span)
        notice = Notice(text=f"ประกาศ {i}", audience={"all": True}, status="done", started_at=started,
                        recipients=1200, sent=1190, failed=10)
        s.add(notice)
        s.flush()
        s.execute(insert(Delivery), [{"notice_id": notice.id, "batch_no": b, "recipients": [],
                                      "retry_key": str(uuid.uuid4()), "status": "sent"} for b in range(3)])
    s.commit()


def run(backend: str, n: int, keep: bool) -> None:
    """Fill, then time the report."""
    rnd = random.Random(2570)
    with database(backend, keep) as url, tempfile.TemporaryDirectory() as out:
        engine = make_engine(url)
        migrate.upgrade(engine)
        settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
        sessions = make_session_factory(engine)
        t = time.perf_counter()
        with sessions() as s:
            fill(s, n, rnd)
        if backend == "postgres":
            with engine.connect() as c:
                c.exec_driver_sql("ANALYZE")
        fill_s = time.perf_counter() - t
        font = find_thai_font(settings.font_path)
        t0 = time.perf_counter()
        with sessions() as s:
            data = build_report(FY, db_session=s, settings=settings)
        t1 = time.perf_counter()
        charts = render_charts(data, font)
        t2 = time.perf_counter()
        write_xlsx(data, Path(out) / "r.xlsx", charts=charts)
        t3 = time.perf_counter()
        write_pdf(data, Path(out) / "r.pdf", font=font, charts=charts)
        t4 = time.perf_counter()
        engine.dispose()
        print(f"[{backend}] {data.totals.interactions:,} interactions (filled in {fill_s:.1f} s): "
              f"queries {t1 - t0:.2f} s, charts {t2 - t1:.2f} s, xlsx {t3 - t2:.2f} s, pdf {t4 - t3:.2f} s, "
              f"total {t4 - t0:.2f} s (goal < 30 s)")


def main() -> None:
    """Parse arguments and run."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--interactions", type=int, default=200_000)
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = ap.parse_args()
    for backend in (("sqlite", "postgres") if args.backend == "both" else (args.backend,)):
        run(backend, args.interactions, args.keep)


if __name__ == "__main__":
    main()
