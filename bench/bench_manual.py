"""Benchmark the manual knowledge base: load time, query latency, BM25 vs fuzzy accuracy.

    python bench/bench_manual.py [--repeat 5]

Prints, for each ranker: ManualIndex.load() time, parse_query() and answer() median / p95 per
question (ms) over the labelled set, top-1 accuracy on the labelled set, and the flowchart
render time. The speed goal is "query understanding < 5 ms median"; it is measured here,
never asserted in tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.manual import ManualIndex  # noqa: E402
from knowledge.manual.evaluate import evaluate, read_cases  # noqa: E402
from knowledge.manual.flowchart import FontNotFound, render_mermaid  # noqa: E402
from knowledge.manual.query import parse_query  # noqa: E402

LABELLED = ROOT / "tests" / "knowledge" / "manual" / "labelled.tsv"


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


def main() -> None:
    """Run the benchmark and print the numbers."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cases = read_cases(LABELLED)
    queries = [c.query for c in cases]
    parse_query("อุ่นเครื่อง")  # load the tokeniser dictionary once
    for ranker in ("bm25", "fuzzy"):
        t0 = time.perf_counter()
        index = ManualIndex.load(ranker=ranker)
        load_s = time.perf_counter() - t0
        parse_t: list[float] = []
        answer_t: list[float] = []
        for _ in range(args.repeat):
            for q in queries:
                t = time.perf_counter()
                parse_query(q)
                parse_t.append(time.perf_counter() - t)
                t = time.perf_counter()
                index.answer(q)
                answer_t.append(time.perf_counter() - t)
        acc, fails = evaluate(index, cases)
        print(f"[{ranker}] load {load_s * 1000:.0f} ms; parse_query {_ms(parse_t)}; answer {_ms(answer_t)}")
        print(f"[{ranker}] labelled top-1 {acc:.1%} ({len(cases) - len(fails)}/{len(cases)})")
        for case, why in fails:
            print(f"    miss: {case.query} -> {'; '.join(why)}")
    try:
        p = ManualIndex.load().processes[0]
        t = time.perf_counter()
        png = render_mermaid(p.name, p.mermaid())
        print(f"flowchart render {1000 * (time.perf_counter() - t):.0f} ms, {len(png) // 1024} KB")
    except FontNotFound as exc:
        print(f"flowchart: {exc}")


if __name__ == "__main__":
    main()
