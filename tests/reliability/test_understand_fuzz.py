"""Property tests of the understanding: any Thai/Latin/emoji/control string is understood without raising.

`understand` has a last-resort `except Exception`; the inner `_understand` is fuzzed too, so
a crash that the safety net would hide (and turn into "not understood") is still found.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from knowledge import understand as u
from knowledge.vocabulary import SchoolEntry, Vocabulary

FIXTURE = Path(__file__).parent.parent / "knowledge" / "schools_fixture.csv"
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    with FIXTURE.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return Vocabulary.build([SchoolEntry(code=r["รหัสโรงเรียน"], name=r["ชื่อโรงเรียน"], district=r["อำเภอ"],
                                         subdistrict=r["ตำบล"], province=r["จังหวัด"]) for r in rows])


def school_words() -> list[str]:
    with FIXTURE.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return sorted({w for r in rows for w in (r["ชื่อโรงเรียน"], r["อำเภอ"], r["ตำบล"])})


thai_chars = st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F)
emoji = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
odd = st.sampled_from(["\u200b", "\u200c", "\u200d", "\ufeff", "\u00a0", "\t", "\n", "\r", "\x00", "\u0e4d\u0e32",
                       "\u0e31\u0e31", "\u0e48\u0e48\u0e48", "๑", "๒๕๖๘", "ร.ร.", "รร.", "นร.", "ผอ.", "ม.๑", "ป.๖",
                       "อ.", "%", "\\", "'", '"', "(", "[", ")", "*", "+", "?", "{2}", "|", "$", "^", "\u202e"])
pieces = st.one_of(st.text(thai_chars, max_size=12), st.text(max_size=12), st.text(emoji, max_size=3), odd,
                   st.sampled_from(school_words()),
                   st.sampled_from(["นักเรียน", "กี่คน", "ครู", "โรงเรียน", "อำเภอ", "ปีนี้", "ปีที่แล้ว", "ชาย", "หญิง",
                                    "เบอร์โทร", "ผู้อำนวยการ", "เทียบ", "มากที่สุด", "2567", "พ.ศ.", "ภาคเรียนที่"]))
messages = st.lists(pieces, max_size=25).map(" ".join) | st.lists(pieces, max_size=25).map("".join)


@FUZZ
@given(text=messages | st.text(max_size=300))
@example(text="")
@example(text=" " * 5000)
@example(text="นักเรียน" * 700)
@example(text="\x00" * 50)
@example(text="ร.ร." * 200)
def test_understanding_never_raises(vocab: Vocabulary, text: str) -> None:
    result = u._understand(text, vocab, today=None, latest_year=2568)  # the inner function: no safety net
    assert result.intent in u.INTENTS
    assert result.confidence >= 0.0
    safe = u.understand(text, vocab)
    assert safe.intent in u.INTENTS


@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=300))
def test_understanding_with_an_empty_vocabulary(text: str) -> None:
    empty = Vocabulary.build([])
    assert u._understand(text, empty, today=None, latest_year=None).intent in u.INTENTS
