"""knowledge.tokenize.WordList: the compact newmm dictionary cuts exactly as pythainlp's Trie."""

from __future__ import annotations

import random

import pytest
from pythainlp.corpus import thai_words, tnc
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from knowledge.manual import ManualIndex
from knowledge.manual.docs import texts_of
from knowledge.normalize import normalize
from knowledge.tokenize import COMMON_MIN_FREQ, WordList, _has_thai, base_words, common_words
from knowledge.vocabulary import SchoolEntry, Vocabulary
from tests.knowledge.conftest import HERE, fixture_schools

EXTRA = ["หล่มสักวิทยาคม", "ชนแดน", "ซับสมอทอดอุปถัมภ์", "ก", "กข", " เว้น วรรค ", ""]


def _texts_to_cut() -> list[str]:
    rows = (HERE / "nlu_labelled.tsv").read_text(encoding="utf-8").splitlines()
    rows += (HERE / "manual" / "labelled.tsv").read_text(encoding="utf-8").splitlines()
    texts = [normalize(r.split("\t")[0]) for r in rows if r.strip()]
    texts += [normalize(t) for t in sorted(set(texts_of(ManualIndex.load().content)))[:400]]
    rnd = random.Random(5)
    words = sorted(thai_words())
    texts += ["".join(rnd.sample(words, 4)) + rnd.choice(["กี่คน", "ครับ", " 123 ", "abc"]) for _ in range(200)]
    return [*texts, "", " ", "a", "ก", "😀ก", "x" * 300]


@pytest.fixture(scope="module")
def pair() -> tuple[Trie, WordList]:
    words = (base_words() | set(EXTRA)) - {""}  # a Trie counts "" as a word (never cut as one)
    return Trie(words), WordList.with_base(EXTRA)


def test_same_words_as_a_trie(pair: tuple[Trie, WordList]) -> None:
    trie, wl = pair
    assert len(wl) == len(trie)
    assert sorted(trie) == list(wl)
    assert all(w in wl for w in ("หล่มสักวิทยาคม", "ก", "กข", "เว้น วรรค", "โรงเรียน"))
    assert "" not in wl and "ไม่มีคำนี้แน่นอน" not in wl and 5 not in wl
    assert bool(WordList()) is False and len(WordList([" ", ""])) == 0


def test_prefixes_and_cuts_equal_the_tries(pair: tuple[Trie, WordList]) -> None:
    trie, wl = pair
    for text in _texts_to_cut():
        for i in range(len(text) + 1):
            assert wl.prefixes(text, i) == trie.prefixes(text, i), (text, i)
        assert word_tokenize(text, custom_dict=wl, engine="newmm", keep_whitespace=False) == word_tokenize(
            text, custom_dict=trie, engine="newmm", keep_whitespace=False), text


def test_tokenizers_share_the_base_words() -> None:
    a, b = WordList.with_base(), WordList.with_base(["หล่มสักวิทยาคม"])
    assert WordList.with_base()._words is a._words  # no new copy without extra words
    assert len(b) == len(a) + 1
    assert all(x is y for x, y in zip((w for w in b if w != "หล่มสักวิทยาคม"), a, strict=True))


def test_is_immutable() -> None:
    wl = WordList(["ก"])
    with pytest.raises(TypeError):
        wl.add("ข")
    with pytest.raises(TypeError):
        wl.remove("ก")


def test_vocabulary_tokenizer_uses_the_compact_dictionary() -> None:
    vocab = Vocabulary.build([*fixture_schools(), SchoolEntry("1", "โรงเรียนทดสอบพิเศษวิทยา", "เมือง")])
    assert isinstance(vocab.tokenizer._trie, WordList) or vocab.tokenizer.engine == "nlpo3"
    assert "ทดสอบพิเศษวิทยา" in vocab.tokenizer("นักเรียนทดสอบพิเศษวิทยากี่คน")


def test_common_words_read_streaming_equal_pythainlps() -> None:
    expected = frozenset(w for w, n in tnc.word_freqs() if n >= COMMON_MIN_FREQ and _has_thai(w))
    assert common_words() == expected
