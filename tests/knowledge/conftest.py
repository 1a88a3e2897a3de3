"""Fixtures for the understanding layer: the 24 real schools of the Phetchabun area office."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from knowledge.vocabulary import SchoolEntry, Vocabulary

HERE = Path(__file__).resolve().parent
SCHOOLS_CSV = HERE / "schools_fixture.csv"


def fixture_schools() -> list[SchoolEntry]:
    """The schools of tests/knowledge/schools_fixture.csv (names copied from the eval data)."""
    with SCHOOLS_CSV.open(encoding="utf-8-sig") as fh:
        return [
            SchoolEntry(r["รหัสโรงเรียน"], r["ชื่อโรงเรียน"], r["อำเภอ"], r["ตำบล"], r["จังหวัด"])
            for r in csv.DictReader(fh)
        ]


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    """A vocabulary built from the fixture schools (default tokenizer engine)."""
    return Vocabulary.build(fixture_schools())
