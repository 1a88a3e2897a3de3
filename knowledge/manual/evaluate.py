"""Score a ManualIndex against a labelled TSV of questions (top-1 accuracy)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from knowledge.manual.answers import ManualAnswer
from knowledge.manual.search import ManualIndex


@dataclass(frozen=True)
class Case:
    """One labelled question; blank expectations are not checked."""

    query: str
    kind: str
    process_id: str
    step_no: str
    field: str
    expect: str


def read_cases(path: Path) -> list[Case]:
    """Read the labelled TSV (lines starting with # are comments)."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            row += [""] * (6 - len(row))
            rows.append(Case(*[c.strip() for c in row[:6]]))
    return rows


def check(case: Case, ans: ManualAnswer) -> list[str]:
    """What differs between the answer and the label (empty when it passes)."""
    bad = []
    if case.kind and ans.kind != case.kind:
        bad.append(f"kind {ans.kind}!={case.kind}")
    if case.process_id and ans.process_id != case.process_id:
        bad.append(f"process {ans.process_id}!={case.process_id}")
    if case.step_no and str(ans.step_no) != case.step_no:
        bad.append(f"step {ans.step_no}!={case.step_no}")
    if case.field and ans.field != case.field:
        bad.append(f"field {ans.field}!={case.field}")
    if case.expect and case.expect not in ans.text:
        bad.append(f"text lacks {case.expect!r}")
    return bad


def evaluate(index: ManualIndex, cases: list[Case]) -> tuple[float, list[tuple[Case, list[str]]]]:
    """Top-1 accuracy and the failures with their reasons."""
    fails = []
    for case in cases:
        bad = check(case, index.answer(case.query))
        if bad:
            fails.append((case, bad))
    return (1 - len(fails) / len(cases)) if cases else 0.0, fails
