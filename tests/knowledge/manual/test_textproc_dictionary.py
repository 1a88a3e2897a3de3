"""The manual's small segmentation dictionary cuts the manual exactly as the full one would."""

from __future__ import annotations

from pythainlp.corpus import thai_words
from pythainlp.tokenize import Trie, word_tokenize

from knowledge.manual import ManualIndex
from knowledge.manual import textproc as T
from knowledge.manual.docs import texts_of
from knowledge.manual.query import parse_query


def test_manual_text_segments_as_with_the_full_dictionary() -> None:
    index = ManualIndex.load()
    full = Trie((set(thai_words()) - T._SPLIT_COMPOUNDS) | T._EXTRA_WORDS)
    for text in set(texts_of(index.content)):
        norm = T.normalize_text(text)
        expected = word_tokenize(norm, custom_dict=full, engine="newmm", keep_whitespace=False)
        assert word_tokenize(norm, custom_dict=T._trie(), engine="newmm", keep_whitespace=False) == expected


def test_dictionary_is_small_and_keeps_common_question_words_whole() -> None:
    ManualIndex.load()
    assert len(T._trie()) < len(thai_words()) // 3
    assert "สวัสดี" in T.tokenize(T.normalize_text("สวัสดีครับ"))  # whole (a greeting is no content word)
    assert parse_query("สวัสดีครับ").tokens == ()
    assert "ไหน" not in parse_query("ปีไหนคะ").tokens  # not cut into ไห / นคะ
