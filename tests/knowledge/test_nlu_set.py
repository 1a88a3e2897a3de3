"""The hand-written labelled set (tests/knowledge/nlu_labelled.tsv) must keep passing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from knowledge.intents import INTENTS
from knowledge.nlu_eval import NluReport, evaluate, format_report, load_labelled
from knowledge.vocabulary import Vocabulary

LABELLED = Path(__file__).resolve().parent / "nlu_labelled.tsv"


@pytest.fixture(scope="module")
def report(vocab: Vocabulary) -> NluReport:
    return evaluate(load_labelled(LABELLED), vocab)


def test_the_set_is_large_and_covers_every_intent() -> None:
    rows = load_labelled(LABELLED)
    assert len(rows) >= 300
    counts = Counter(intent for _, intent in rows)
    assert set(counts) == set(INTENTS)
    assert min(counts.values()) >= 10
    assert len({text for text, _ in rows}) == len(rows), "duplicate queries"


def test_accuracy(report: NluReport) -> None:
    assert report.accuracy >= 0.95, format_report(report)


def test_per_intent_f1(report: NluReport) -> None:
    low = {k: round(s.f1, 3) for k, s in report.per_intent.items() if s.f1 < 0.85}
    assert not low, format_report(report)


def test_format_report_shape(report: NluReport) -> None:
    text = format_report(report)
    assert "precision" in text and "recall" in text and "f1-score" in text and "support" in text
    assert "confusion" in text
    for intent in INTENTS:
        assert intent in text


def test_evaluate_counts_errors(vocab: Vocabulary) -> None:
    r = evaluate([("ขอบคุณครับ", "thanks"), ("ขอบคุณครับ", "greeting")], vocab)
    assert r.total == 2 and r.correct == 1 and r.accuracy == 0.5
    assert r.per_intent["greeting"].recall == 0.0
    assert r.per_intent["thanks"].precision == 0.5
    assert r.confusion[("greeting", "thanks")] == 1
    assert r.errors == [("ขอบคุณครับ", "greeting", "thanks")]


def test_load_labelled_rejects_bad_lines(tmp_path: Path) -> None:
    f = tmp_path / "x.tsv"
    f.write_text("# comment\n\nสวัสดี\tgreeting\nno tab here\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.tsv:4"):
        load_labelled(f)
