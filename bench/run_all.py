"""One command for every khetbot benchmark, on this machine, in one run.

    python bench/run_all.py                  # everything (about 5-10 minutes on 2 cores)
    python bench/run_all.py --quick          # fewer events, for a smoke test
    python bench/run_all.py --only echo,sqlite --count 2000

Phases (each starts and stops its own processes; loopback only):
  echo      the plain SDK echo bot (bench/echo_bot.py) under uvicorn, 1 worker
  sqlite    `khetbot serve --workers 1`, SQLite, no Redis, with the sample data imported
  pg        `khetbot serve --workers 2`, PostgreSQL + Redis (database `khetbot_bench`,
            Redis keys under a `khetbot-bench:<run>:` prefix, deleted afterwards)
  understand  bench/bench_understand.py (24 schools and a synthetic 30,000-school country)
  manual / notice / report   bench/bench_manual.py, bench_notice.py, bench_report.py when present

The load is bench/load.py (closed loop at --concurrency, one text event per request) against a
fast fake LINE API in this process (bench/fake_line_server.py, no SDK validation, the same for
every bot). Latency is POST /callback -> the reply arriving at the fake API. The query mix is
the same for every bot: counts, school info, manual questions and greetings in Thai.

Writes bench/results/latest.json (and a dated copy) and prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fake_line_server import FakeLine  # noqa: E402
from bench.load import run_at_rate, run_load  # noqa: E402

DATA = Path(os.environ.get("KHETBOT_BENCH_DATA", ROOT.parent / "shared" / "eval" / "data"))
MANUAL_LABELLED = ROOT / "tests" / "knowledge" / "manual" / "labelled.tsv"
RESULTS = ROOT / "bench" / "results"
SECRET = "bench-channel-secret"
TOKEN = "bench-access-token"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "khetbot_bench"
REDIS_URL = "redis://127.0.0.1:6379/0"
GREETINGS = ("สวัสดีครับ", "สวัสดีค่ะ", "ขอบคุณครับ", "หวัดดีค่ะ")


# ---------------------------------------------------------------- helpers
def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mixed_queries() -> tuple[list[str], dict[str, int]]:
    """The Thai query mix: a quarter each of counts, school info, manual questions, greetings."""
    names: list[str] = []
    if (DATA / "schools.csv").exists():
        with (DATA / "schools.csv").open(encoding="utf-8-sig") as fh:
            names = [r["ชื่อโรงเรียน"] for r in csv.DictReader(fh)]
    names = names or ["เพชรพิทยาคม", "เพชรบูรณ์วิทยา", "วิทยานุกูลนารี"]
    counts = [f"โรงเรียน{n}มีนักเรียนกี่คน" for n in names] + [f"นักเรียน ม.{g} {n} กี่คน" for g, n in
                                                               zip((1, 3, 5), names, strict=False)]
    info = [f"เบอร์โทรโรงเรียน{n}" for n in names] + [f"ผอ.โรงเรียน{n}ชื่ออะไร" for n in names[:8]]
    manual = []
    if MANUAL_LABELLED.exists():
        manual = [ln.split("\t")[0] for ln in MANUAL_LABELLED.read_text("utf-8").splitlines()
                  if ln and not ln.startswith("#") and "\t" in ln][:20]
    manual = manual or ["พ.ร.บ.การศึกษาแห่งชาติ ปีอะไร"]
    groups = {"count": counts, "info": info, "manual": manual, "greeting": list(GREETINGS)}
    mix: list[str] = []
    for i in range(240):
        g = list(groups.values())[i % 4]
        mix.append(g[(i // 4) % len(g)])
    return mix, {k: len(v) for k, v in groups.items()}


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 90.0) -> float:
    """Seconds until GET url answers 200 (raises if the process dies or it never does)."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - t0
        except OSError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


def tree(pid: int) -> list[int]:
    """pid and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def rss_mb(pid: int) -> float:
    """Resident set size of one process, MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def cpu_seconds(pids: list[int]) -> float:
    """user+system CPU seconds of these processes so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in pids:
        try:
            f = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(f[11]) + int(f[12])
        except OSError:
            continue
    return total / tick


def cmdline(pid: int) -> str:
    """The process's command line."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server we started (uvicorn shuts its workers down), SIGKILL if it hangs."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def khetbot_env(tmp: Path, fake_port: int, database_url: str, redis_url: str | None = None,
                prefix: str | None = None) -> dict[str, str]:
    """The documented environment for `khetbot` against the fake LINE API."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "DATABASE_URL", "REDIS_URL", "KHETBOT_"))}
    env.update({
        "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LINE_API_BASE_URL": f"http://127.0.0.1:{fake_port}", "LINE_DATA_API_BASE_URL": f"http://127.0.0.1:{fake_port}",
        "DATABASE_URL": database_url, "KHETBOT_DATA_DIR": str(tmp / "var"),
        "PUBLIC_BASE_URL": "https://khetbot.example.org", "TZ": "Asia/Bangkok",
    })
    if redis_url:
        env["REDIS_URL"] = redis_url
    if prefix:
        env["KHETBOT_REDIS_PREFIX"] = prefix
    return env


KHETBOT_SRC: list[str] = []  # run khetbot from this source tree instead of the installed one (A/B runs)


def khetbot_cli() -> list[str]:
    """The `khetbot` command (the installed one, or `bot.cli` from KHETBOT_SRC)."""
    if KHETBOT_SRC:
        return [sys.executable, "-c", f"import sys; sys.path.insert(0, {KHETBOT_SRC[0]!r}); "
                                      "from bot.cli import main; main()"]
    return [shutil.which("khetbot") or "khetbot"]


def import_data(env: dict[str, str], cwd: Path) -> list[str]:
    """`khetbot import schools|students` the evaluation CSVs; returns notes on what was (not) imported."""
    notes = []
    for kind in ("schools", "students"):
        f = DATA / f"{kind}.csv"
        if not f.exists():
            notes.append(f"no {f}")
            continue
        r = subprocess.run([*khetbot_cli(), "import", kind, str(f)], env=env, cwd=cwd, capture_output=True,
                           text=True, timeout=300)
        if r.returncode != 0:
            notes.append(f"import {kind} failed ({r.returncode}): {(r.stderr or r.stdout)[-300:]}")
        else:
            notes.append(f"import {kind}: {r.stdout.strip().splitlines()[0] if r.stdout.strip() else 'ok'}")
    return notes


# ---------------------------------------------------------------- load phases
def _start_pyspy(pid: int, out: Path, gil: bool = False) -> subprocess.Popen[bytes]:
    """Sample the server (all its threads; with `gil`, only the one holding the GIL: where the CPU
    goes, not where threads wait) with py-spy while the measured load runs."""
    exe = shutil.which("py-spy") or "py-spy"
    print(f"[bench]   py-spy -> {out}", file=sys.stderr)
    return subprocess.Popen([exe, "record", "-p", str(pid), "-f", "raw", "-o", str(out), "-r", "200",
                             "--threads", "--subprocesses", "--nonblocking", *(["--gil"] if gil else [])],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop_pyspy(spy: subprocess.Popen[bytes]) -> None:
    """py-spy writes its profile when interrupted."""
    spy.send_signal(signal.SIGINT)
    try:
        spy.wait(timeout=30)
    except subprocess.TimeoutExpired:
        spy.kill()


async def measure_server(name: str, argv: list[str], env: dict[str, str], cwd: Path, port: int, fake: FakeLine,
                         texts: list[str], args: argparse.Namespace, workers: int) -> dict[str, Any]:
    """Start a server, time its start-up, warm it up, load it, read its RSS and CPU, stop it."""
    log = (cwd / f"{name}.log").open("wb")
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    try:
        startup = await asyncio.to_thread(wait_healthy, f"http://127.0.0.1:{port}/healthz", proc)
        url = f"http://127.0.0.1:{port}/callback"
        await run_load(url, SECRET, fake, texts=texts, count=args.warmup, concurrency=args.concurrency,
                       users=args.users)
        await asyncio.sleep(0.5)
        pids = tree(proc.pid)
        cpu0 = cpu_seconds(pids)
        spy = _start_pyspy(proc.pid, cwd / f"{name}.pyspy.txt", args.pyspy_gil) if args.pyspy else None
        res = await run_load(url, SECRET, fake, texts=texts, count=args.count, concurrency=args.concurrency,
                             users=args.users, duration_cap=args.duration)
        cpu = cpu_seconds(pids) - cpu0
        if spy is not None:
            _stop_pyspy(spy)
        at_rate = None
        if args.rate > 0:  # the same server at a fixed offered load (open loop), after the saturation run
            await asyncio.sleep(0.5)
            r = await run_at_rate(url, SECRET, fake, texts=texts, rate=args.rate,
                                  count=int(args.rate * args.rate_seconds), users=args.users)
            at_rate = {k: getattr(r, k) for k in ("offered_rate", "sent", "answered", "failed", "timeouts",
                                                   "events_per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms")}
        pids = tree(proc.pid)
        procs = [{"pid": p, "rss_mb": rss_mb(p), "cmd": cmdline(p)[:120]} for p in pids]
        # uvicorn --workers N: the first process supervises, its (python) children serve
        served = ([p for p in procs if p["pid"] != proc.pid and "spawn_main" in p["cmd"]] if workers > 1
                  else procs[:1])
        out = {"name": name, "workers": workers, "startup_s": round(startup, 2), **res.as_dict(),
               "server_cpu_s": round(cpu, 2),
               "server_cpu_ms_per_event": round(1000 * cpu / res.answered, 2) if res.answered else None,
               "rss_mb_per_worker": [p["rss_mb"] for p in served],
               "rss_mb_supervisor": rss_mb(proc.pid) if workers > 1 else None, "at_rate": at_rate}
        return out
    finally:
        stop(proc)
        log.close()


def interactions_summary_sqlite(db: Path, since_id: int = 0) -> dict[str, Any]:
    """What khetbot understood and answered (from its evaluation log)."""
    with contextlib.closing(sqlite3.connect(db)) as c:
        rows = c.execute("SELECT intent, answered, count(*) FROM interactions WHERE id > ? GROUP BY 1, 2",
                         (since_id,)).fetchall()
    return _summary(rows)


def _summary(rows: list[tuple[Any, Any, int]]) -> dict[str, Any]:
    total = sum(r[2] for r in rows)
    answered = sum(r[2] for r in rows if r[1])
    by_intent: dict[str, int] = {}
    for intent, _ans, n in rows:
        by_intent[str(intent)] = by_intent.get(str(intent), 0) + n
    return {"logged": total, "answered": answered, "answered_share": round(answered / total, 3) if total else None,
            "by_intent": dict(sorted(by_intent.items(), key=lambda kv: -kv[1]))}


async def phase_echo(fake: FakeLine, texts: list[str], args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """The SDK echo bot, 1 uvicorn worker."""
    port = free_port()
    env = khetbot_env(tmp, args.fake_port, "sqlite://")
    argv = [sys.executable, "-m", "uvicorn", "bench.echo_bot:app", "--host", "127.0.0.1", "--port", str(port),
            "--workers", "1", "--no-access-log", "--log-level", "warning"]
    env["PYTHONPATH"] = str(ROOT)
    cwd = tmp / "echo"  # its log (and profile) beside the others, not in the source tree
    cwd.mkdir(parents=True, exist_ok=True)
    return await measure_server("echo", argv, env, cwd, port, fake, texts, args, 1)


async def _from_baseline(phase: Any, name: str, sub: str, fake: FakeLine, texts: list[str],
                         args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """A phase with khetbot run from --baseline-src (e.g. a checkout before an optimisation)."""
    KHETBOT_SRC[:] = [args.baseline_src]
    try:
        out: dict[str, Any] = await phase(fake, texts, args, tmp, sub=sub)
    finally:
        KHETBOT_SRC.clear()
    out["name"] = name
    out["src"] = args.baseline_src
    return out


async def phase_baseline(fake: FakeLine, texts: list[str], args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """The sqlite phase with khetbot run from --baseline-src."""
    return await _from_baseline(phase_sqlite, "khetbot-sqlite-w1-baseline", "sqlite-baseline", fake, texts, args, tmp)


async def phase_sqlite(fake: FakeLine, texts: list[str], args: argparse.Namespace, tmp: Path,
                       sub: str = "sqlite") -> dict[str, Any]:
    """khetbot serve --workers 1 on SQLite, no Redis."""
    d = tmp / sub
    d.mkdir()
    db = d / "khetbot.db"
    env = khetbot_env(d, args.fake_port, f"sqlite:///{db}")
    notes = import_data(env, d)
    port = free_port()
    argv = [*khetbot_cli(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    out = await measure_server("khetbot-sqlite-w1", argv, env, d, port, fake, texts, args, 1)
    out["notes"] = notes
    with contextlib.suppress(Exception):
        out["understood"] = interactions_summary_sqlite(db)
    return out


def _pg_reset() -> None:
    import psycopg
    with psycopg.connect(PG_ADMIN, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        c.execute(f"CREATE DATABASE {PG_DB}")


def _pg_summary() -> dict[str, Any]:
    import psycopg
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{PG_DB}") as c:
        rows = c.execute("SELECT intent, answered, count(*) FROM interactions GROUP BY 1, 2").fetchall()
    return _summary([(r[0], r[1], int(r[2])) for r in rows])


def _redis_cleanup(prefix: str) -> int:
    import redis
    r = redis.Redis.from_url(REDIS_URL)
    n = 0
    for key in r.scan_iter(match=prefix + "*", count=1000):
        n += int(r.delete(key))
    return n


async def phase_pg_baseline(fake: FakeLine, texts: list[str], args: argparse.Namespace,
                            tmp: Path) -> dict[str, Any]:
    """The pg phase with khetbot run from --baseline-src."""
    return await _from_baseline(phase_pg, "khetbot-pg-redis-w2-baseline", "pg-baseline", fake, texts, args, tmp)


async def phase_pg(fake: FakeLine, texts: list[str], args: argparse.Namespace, tmp: Path,
                   sub: str = "pg") -> dict[str, Any]:
    """khetbot serve --workers 2 on PostgreSQL + Redis."""
    d = tmp / sub
    d.mkdir()
    prefix = f"khetbot-bench:{uuid.uuid4().hex[:8]}:"
    _pg_reset()
    env = khetbot_env(d, args.fake_port, f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}", REDIS_URL, prefix)
    notes = import_data(env, d)
    port = free_port()
    argv = [*khetbot_cli(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    try:
        out = await measure_server("khetbot-pg-redis-w2", argv, env, d, port, fake, texts, args, 2)
        out["notes"] = notes
        with contextlib.suppress(Exception):
            out["understood"] = _pg_summary()
    finally:
        with contextlib.suppress(Exception):
            _redis_cleanup(prefix)
    return out


# ---------------------------------------------------------------- other benchmarks
def run_script(name: str, argv: list[str], timeout: float = 900) -> dict[str, Any]:
    """Run another bench script, keep its output."""
    path = ROOT / "bench" / name
    if not path.exists():
        return {"script": name, "present": False}
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, str(path), *argv], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    return {"script": name, "present": True, "argv": argv, "exit": r.returncode,
            "seconds": round(time.perf_counter() - t0, 1), "stdout": r.stdout[-6000:], "stderr": r.stderr[-1500:]}


def parse_understand(out: str) -> dict[str, Any]:
    """The medians bench_understand.py prints, per dataset."""
    res: dict[str, Any] = {}
    label = None
    for line in out.splitlines():
        m = re.match(r"(\S[^:]*): ([\d,]+) schools", line)
        if m:
            label = m.group(1)
            res[label] = {"schools": int(m.group(2).replace(",", ""))}
            b = re.search(r"build ([\d.]+) s", line)
            if b:
                res[label]["vocabulary_build_s"] = float(b.group(1))
        m = re.search(r"understand\(\): median ([\d.]+) ms, p95 ([\d.]+) ms", line)
        if m and label:
            res[label].update(median_ms=float(m.group(1)), p95_ms=float(m.group(2)))
    return res


# ---------------------------------------------------------------- report
def ratio(a: float | None, b: float | None) -> float | None:
    """a / b rounded, or None."""
    return round(a / b, 2) if a and b else None


def table(results: dict[str, Any]) -> str:
    """The results as a markdown table (what bench/README.md shows)."""
    lines = ["| run | events/s | p50 ms | p99 ms | ack p99 ms | server CPU ms/event | start-up s | RSS MB/worker |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results.get("load", []):
        lines.append(f"| {r['name']} ({r['workers']}w, c={r['concurrency']}) | {r['events_per_s']} | {r['p50_ms']} | "
                     f"{r['p99_ms']} | {r['ack_p99_ms']} | {r['server_cpu_ms_per_event']} | {r['startup_s']} | "
                     f"{', '.join(str(x) for x in r['rss_mb_per_worker'])} |")
    fixed = [r for r in results.get("load", []) if r.get("at_rate")]
    if fixed:
        lines += ["", "At a fixed offered load (open loop; latency from when each event was due):", "",
                  "| run | offered events/s | answered | p50 ms | p90 ms | p99 ms | max ms |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for r in fixed:
            a = r["at_rate"]
            lines.append(f"| {r['name']} ({r['workers']}w) | {a['offered_rate']} | {a['answered']}/{a['sent']} | "
                         f"{a['p50_ms']} | {a['p90_ms']} | {a['p99_ms']} | {a['max_ms']} |")
    g = results.get("goals", {})
    if g:
        lines += ["", "| goal | measured | met |", "|---|---|---|"]
        for k, v in g.items():
            lines.append(f"| {k} | {v['measured']} | {'yes' if v['met'] else 'NO'} |")
    return "\n".join(lines)


def goals(results: dict[str, Any]) -> dict[str, Any]:
    """The issue's goals against what was measured."""
    load = {r["name"]: r for r in results.get("load", [])}
    echo, kb = load.get("echo"), load.get("khetbot-sqlite-w1")
    out: dict[str, Any] = {}
    if echo and kb:
        r_eps = ratio(kb["events_per_s"], echo["events_per_s"])
        r_p99 = ratio(kb["p99_ms"], echo["p99_ms"])
        out["events/s khetbot(1w)/echo >= 0.9"] = {"measured": r_eps, "met": bool(r_eps and r_eps >= 0.9)}
        out["p99 khetbot(1w)/echo < 2, at saturation (closed loop)"] = {"measured": r_p99,
                                                                         "met": bool(r_p99 and r_p99 < 2)}
        if echo.get("at_rate") and kb.get("at_rate"):
            r_fixed = ratio(kb["at_rate"]["p99_ms"], echo["at_rate"]["p99_ms"])
            out[f"p99 khetbot(1w)/echo < 2, at {echo['at_rate']['offered_rate']:g} events/s (open loop)"] = {
                "measured": r_fixed, "met": bool(r_fixed and r_fixed < 2)}
    und = results.get("understand", {}).get("parsed", {})
    national = next((v for v in und.values() if v.get("schools", 0) >= 10_000), None)
    if national and "median_ms" in national:
        out["understand median at national scale < 5 ms"] = {"measured": national["median_ms"],
                                                              "met": national["median_ms"] < 5}
    rss = [x for r in load.values() if r["name"].startswith("khetbot") for x in r["rss_mb_per_worker"]]
    if rss:
        out["RSS per worker < 250 MB"] = {"measured": max(rss), "met": max(rss) < 250}
    starts = [r["startup_s"] for r in load.values() if r["name"].startswith("khetbot")]
    if starts:
        out["start-up < 3 s"] = {"measured": max(starts), "met": max(starts) < 3}
    return out


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    """Run the selected phases."""
    only = set(args.only.split(",")) if args.only else {"echo", "sqlite", "pg", "understand", "manual", "notice",
                                                       "report"}
    texts, mix = mixed_queries()
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "mem_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
        "settings": {"count": args.count, "warmup": args.warmup, "concurrency": args.concurrency,
                     "users": args.users, "query_mix": mix, "fake_validates": False},
        "load": [],
    }
    fake = FakeLine(TOKEN)
    await fake.start("127.0.0.1", args.fake_port)
    tmp = Path(tempfile.mkdtemp(prefix="khetbot-bench-"))
    try:
        phases = [("echo", phase_echo), ("sqlite", phase_sqlite), ("baseline", phase_baseline), ("pg", phase_pg),
                  ("pg-baseline", phase_pg_baseline)]
        for phase, fn in phases:
            if phase.endswith("baseline") and not args.baseline_src:
                continue
            if phase in only or (phase == "baseline" and "sqlite" in only) or (phase == "pg-baseline" and "pg" in only):
                print(f"[bench] {phase} …", flush=True)
                try:
                    r = await fn(fake, texts, args, tmp)
                    results["load"].append(r)
                    print(f"[bench]   {r['events_per_s']} events/s, p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, "
                          f"start-up {r['startup_s']} s, RSS {r['rss_mb_per_worker']} MB", flush=True)
                except Exception as exc:
                    results["load"].append({"name": phase, "error": f"{type(exc).__name__}: {exc}"})
                    print(f"[bench]   failed: {exc}", flush=True)
    finally:
        await fake.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    errors = [r for r in results["load"] if "error" in r]
    results["load"] = [r for r in results["load"] if "error" not in r]
    if errors:
        results["load_errors"] = errors
    if "understand" in only:
        print("[bench] understand …", flush=True)
        u = run_script("bench_understand.py", ["--schools", str(args.schools), "--queries", "2000",
                                               "--skip-tokenizers"])
        u["parsed"] = parse_understand(u.get("stdout", ""))
        results["understand"] = u
    for name, script, argv in (("manual", "bench_manual.py", []), ("notice", "bench_notice.py", []),
                               ("report", "bench_report.py", [])):
        if name in only:
            print(f"[bench] {name} …", flush=True)
            results[name] = run_script(script, argv)
    results["goals"] = goals(results)
    return results


def main() -> None:
    """Command line."""
    ap = argparse.ArgumentParser(description="run every khetbot benchmark")
    ap.add_argument("--count", type=int, default=4000, help="measured events per load phase")
    ap.add_argument("--warmup", type=int, default=1000, help="events before measuring (also creates the users)")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--rate", type=float, default=100.0,
                    help="after each saturation run, the open-loop run's offered events/s (0: skip)")
    ap.add_argument("--rate-seconds", type=float, default=20.0, help="length of the open-loop run")
    ap.add_argument("--users", type=int, default=1000, help="distinct LINE users cycled through")
    ap.add_argument("--duration", type=float, default=120.0, help="hard cap per load phase, seconds")
    ap.add_argument("--schools", type=int, default=30_000, help="synthetic national dataset size")
    ap.add_argument("--fake-port", type=int, default=0)
    ap.add_argument("--only", default="", help="comma list: echo,sqlite,pg,understand,manual,notice,report")
    ap.add_argument("--quick", action="store_true", help="small counts (smoke test)")
    ap.add_argument("--baseline-src", default="", help="also run the sqlite (and pg) phase with khetbot from this "
                                                       "source tree (A/B against an older version)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, SQLite file)")
    ap.add_argument("--pyspy", action="store_true",
                    help="sample each server with py-spy during its measured load (beside its log; implies --keep)")
    ap.add_argument("--pyspy-gil", action="store_true", help="--pyspy, sampling only the thread holding the GIL")
    ap.add_argument("--out", default=str(RESULTS / "latest.json"))
    args = ap.parse_args()
    args.pyspy = args.pyspy or args.pyspy_gil
    args.keep = args.keep or args.pyspy
    if args.quick:
        args.count, args.warmup, args.schools, args.rate_seconds = 600, 200, 3000, 5.0
    args.fake_port = args.fake_port or free_port()
    results = asyncio.run(main_async(args))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    out.write_text(text, encoding="utf-8")
    if out.name == "latest.json":
        (out.parent / f"{results['date'][:10]}.json").write_text(text, encoding="utf-8")
    print()
    print(table(results))
    for name in ("understand", "manual", "notice", "report"):
        r = results.get(name)
        if r and r.get("present"):
            print(f"\n## {r['script']} (exit {r['exit']}, {r['seconds']} s)\n{r['stdout'].strip()}")
        elif r:
            print(f"\n## {name}: bench/{r['script']} not present")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
