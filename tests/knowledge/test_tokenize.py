"""knowledge.tokenize: newmm/nlpo3 with the school and district names in the dictionary."""

from __future__ import annotations

import pytest

from knowledge.normalize import normalize
from knowledge.tokenize import Tokenizer, tokenize
from knowledge.vocabulary import Vocabulary

QUERIES = [
    "โรงเรียนหล่มสักวิทยาคมมีนักเรียนกี่คน",
    "นักเรียน โรงเรียนชนแดน ทั้งหมด",
    "อำเภอเมืองเพชรบูรณ์มีนักเรียนกี่คน",
    "ผู้อำนวยการเขาค้อวิทยาคม",
    "เน็ตใช้ไม่ได้ wifi ล่ม",
]


def test_names_in_the_vocabulary_are_single_tokens(vocab: Vocabulary) -> None:
    tokens = vocab.tokenizer(normalize("ครูโรงเรียนนาเฉลียงพัฒนศึกษามีกี่คน"))
    assert "นาเฉลียงพัฒนศึกษา" in tokens
    assert "นาเฉลียงพัฒนศึกษา" not in tokenize("ครูโรงเรียนนาเฉลียงพัฒนศึกษามีกี่คน")


def test_district_and_core_names_are_words(vocab: Vocabulary) -> None:
    assert "ชนแดน" in vocab.tokenizer("โรงเรียนชนแดนทั้งหมด")
    assert "วิเชียรบุรี" in vocab.tokenizer("อำเภอวิเชียรบุรีมีกี่โรง")


@pytest.mark.parametrize("engine", ["newmm", "nlpo3"])
def test_engines_segment_with_the_custom_words(engine: str) -> None:
    tok = Tokenizer(["หล่มสักวิทยาคม", "ซับสมอทอดอุปถัมภ์"], engine=engine)  # type: ignore[arg-type]
    assert tok("นักเรียนซับสมอทอดอุปถัมภ์ กับ หล่มสักวิทยาคม") == (
        "นักเรียน", "ซับสมอทอดอุปถัมภ์", "กับ", "หล่มสักวิทยาคม",
    )


def test_engines_agree_on_realistic_queries() -> None:
    names = ["หล่มสักวิทยาคม", "ชนแดน", "เขาค้อวิทยาคม", "เมืองเพชรบูรณ์"]
    newmm, nlpo3 = Tokenizer(names, engine="newmm"), Tokenizer(names, engine="nlpo3")
    for q in QUERIES:
        assert newmm(normalize(q)) == nlpo3(normalize(q)), q


@pytest.mark.parametrize("text", ["", "   ", "😀", "a" * 5000])
def test_whitespace_dropped_and_odd_input_safe(text: str) -> None:
    tokens = tokenize(text)
    assert all(t.strip() == t and t for t in tokens)
    assert "".join(tokens) == "".join(text.split())


def test_words_with_spaces_are_ignored_not_fatal() -> None:
    tok = Tokenizer(["สวนกุหลาบวิทยาลัย เพชรบูรณ์", ""])
    assert tok("สวนกุหลาบ") != ()
