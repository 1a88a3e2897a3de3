"""Intent evaluation like ``rasa test nlu``: per-intent precision/recall/F1 and a confusion table."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from knowledge.intents import INTENTS
from knowledge.understand import understand
from knowledge.vocabulary import Vocabulary


@dataclass(frozen=True)
class IntentStats:
    """Precision, recall, F1 and support (gold count) of one intent."""

    intent: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class NluReport:
    """The outcome of an evaluation run."""

    total: int
    correct: int
    per_intent: dict[str, IntentStats]
    confusion: dict[tuple[str, str], int]  # (gold, predicted) -> count
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (text, gold, predicted)

    @property
    def accuracy(self) -> float:
        """Share of texts whose predicted intent equals the gold one."""
        return self.correct / self.total if self.total else 0.0

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the intents that occur in the gold labels."""
        vals = [s.f1 for s in self.per_intent.values() if s.support]
        return sum(vals) / len(vals) if vals else 0.0


def load_labelled(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """Read a TSV of ``text<TAB>intent`` lines; blank lines and ``#`` comments are skipped."""
    rows: list[tuple[str, str]] = []
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if "\t" not in line:
                raise ValueError(f"{path}:{n}: expected text<TAB>intent")
            text, intent = line.rsplit("\t", 1)
            rows.append((text, intent.strip()))
    return rows


def evaluate(rows: Iterable[tuple[str, str]], vocab: Vocabulary, *, today: date | None = None) -> NluReport:
    """Run ``understand`` on every (text, gold intent) row and score the predictions."""
    pairs: list[tuple[str, str, str]] = []
    for text, gold in rows:
        pred = understand(text, vocab, today=today).intent
        pairs.append((text, gold, pred))
    confusion: Counter[tuple[str, str]] = Counter((g, p) for _, g, p in pairs)
    labels = [i for i in INTENTS if any(i in k for k in confusion)]
    labels += sorted({x for k in confusion for x in k} - set(labels))
    per: dict[str, IntentStats] = {}
    for label in labels:
        tp = confusion[(label, label)]
        predicted = sum(v for (_, p), v in confusion.items() if p == label)
        support = sum(v for (g, _), v in confusion.items() if g == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[label] = IntentStats(label, precision, recall, f1, support)
    correct = sum(1 for _, g, p in pairs if g == p)
    errors = [x for x in pairs if x[1] != x[2]]
    return NluReport(len(pairs), correct, per, dict(confusion), errors)


def format_report(report: NluReport) -> str:
    """A plain-text report: per-intent table, averages, confusion table and the errors."""
    width = max([len(k) for k in report.per_intent] + [12])
    lines = [f"{'intent':<{width}}  precision  recall  f1-score  support"]
    for s in report.per_intent.values():
        lines.append(f"{s.intent:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:8.3f}  {s.support:7d}")
    lines.append("")
    lines.append(f"{'accuracy':<{width}}  {report.accuracy:.3f} ({report.correct}/{report.total})")
    lines.append(f"{'macro avg f1':<{width}}  {report.macro_f1:.3f}")
    labels = list(report.per_intent)
    abbrev = {lab: lab[:6] for lab in labels}
    lines += ["", "confusion (rows = gold, columns = predicted):"]
    lines.append(" " * width + " " + " ".join(f"{abbrev[c]:>6}" for c in labels))
    for g in labels:
        row = " ".join(f"{report.confusion.get((g, p), 0) or '.':>6}" for p in labels)
        lines.append(f"{g:<{width}} {row}")
    if report.errors:
        lines += ["", f"errors ({len(report.errors)}):"]
        lines += [f"  [{g} -> {p}] {t}" for t, g, p in report.errors]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m knowledge.nlu_eval LABELLED.tsv SCHOOLS.csv``: print the report."""
    import csv
    import sys

    from knowledge.vocabulary import SchoolEntry

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m knowledge.nlu_eval LABELLED.tsv SCHOOLS.csv", file=sys.stderr)
        return 2
    with open(args[1], encoding="utf-8-sig") as fh:
        schools = [
            SchoolEntry(r["รหัสโรงเรียน"], r["ชื่อโรงเรียน"], r.get("อำเภอ", ""), r.get("ตำบล", ""), r.get("จังหวัด", ""))
            for r in csv.DictReader(fh)
        ]
    report = evaluate(load_labelled(args[0]), Vocabulary.build(schools))
    print(format_report(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
