"""Two lexical rankers over tokenised documents: Okapi BM25 and token-level fuzzy matching.

Both return, per document, a ranking score and a coverage in [0, 1] (the IDF-weighted share
of the query's tokens the document holds), which the search uses as its confidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import numpy as np
from pythainlp.soundex import soundex
from rapidfuzz import fuzz, process

FUZZY_TOKEN_CUTOFF = 75.0  # a query token "matches" a vocabulary word at this ratio or more
TYPO_CUTOFF = 80.0  # an unknown run of tokens is repaired to a vocabulary word at this ratio
SOUND_CUTOFF = 55.0  # ... or to a word that sounds the same (สารบัญ ~ สารบรรณ) at this ratio
SOUND_LEAST_LETTERS = 4
_THAI_WORD = re.compile(r"^[\u0e01-\u0e4e]+$")


def sound_key(word: str) -> tuple[str, str]:
    """How a Thai word sounds, by two soundex codes (LK82 and MetaSound): the finals of สารบัญ,
    สารบัน and สารบรรณ all read "n", so a word typed the way it is said still meets the manual's
    spelling. Both codes must agree, which keeps words that merely share consonants apart."""
    return soundex(word, engine="lk82"), soundex(word, engine="metasound")


@dataclass(frozen=True)
class Scored:
    """Per-document scores for one query."""

    rank: np.ndarray  # higher is better; comparable within one query
    coverage: np.ndarray  # IDF-weighted share of the query's tokens found, 0..1


class Ranker(Protocol):
    """What the search needs from a ranker."""

    name: str

    def score(self, query: Sequence[str]) -> Scored:
        """Score every document for the query tokens."""
        ...


class Corpus:
    """Vocabulary, IDF and a document-term matrix shared by the rankers."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        self.vocab: list[str] = sorted({t for d in docs for t in d})
        self.pos = {t: i for i, t in enumerate(self.vocab)}
        n = len(docs)
        self.tf = np.zeros((n, len(self.vocab)), dtype=np.float32)
        for i, doc in enumerate(docs):
            for tok, cnt in Counter(doc).items():
                self.tf[i, self.pos[tok]] = cnt
        df = (self.tf > 0).sum(axis=0)
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.lengths = self.tf.sum(axis=1)
        self.avgdl = float(self.lengths.mean()) if n else 1.0
        self.present = (self.tf > 0).astype(np.float32)
        self.unknown_idf = float(math.log(1.0 + (n + 0.5) / 0.5))

    @cached_property
    def sounds(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """Thai vocabulary words (4+ letters) by how they sound (`sound_key`); built on first use."""
        out: dict[tuple[str, str], list[str]] = {}
        for w in self.vocab:
            if len(w) >= SOUND_LEAST_LETTERS and _THAI_WORD.match(w):
                out.setdefault(sound_key(w), []).append(w)
        return {k: tuple(v) for k, v in out.items()}

    def sounds_like(self, word: str) -> str | None:
        """The vocabulary word that sounds like `word` and is spelt most alike, if any."""
        if len(word) < SOUND_LEAST_LETTERS or not _THAI_WORD.match(word):
            return None
        found = [(fuzz.ratio(word, w), w) for w in self.sounds.get(sound_key(word), ())]
        best = max(found, default=None)
        return best[1] if best is not None and best[0] >= SOUND_CUTOFF else None

    def repair(self, tokens: Sequence[str]) -> list[str]:
        """Replace runs of unknown tokens (typos split by the tokeniser) by the nearest word, or by
        a word that sounds the same (a spelling typed by ear)."""
        out: list[str] = []
        run: list[str] = []

        def flush() -> None:
            if not run:
                return
            joined = "".join(run)
            hit = process.extractOne(joined, self.vocab, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            heard = self.sounds_like(joined) if hit is None else None
            if hit is not None and len(joined) >= 3:
                out.append(hit[0])
            elif heard is not None:
                out.append(heard)
            else:
                out.extend(run)
            run.clear()

        for tok in tokens:
            if tok in self.pos or tok.isdigit():
                flush()
                out.append(tok)
            else:
                run.append(tok)
        flush()
        return out

    def weights(self, query: Sequence[str]) -> np.ndarray:
        """IDF of each query token (unknown tokens get the highest IDF)."""
        return np.array([self.idf[self.pos[t]] if t in self.pos else self.unknown_idf for t in query],
                        dtype=np.float32)


class BM25Ranker:
    """Okapi BM25 (k1=1.5, b=0.75), normalised by the score of the query against itself."""

    name = "bm25"

    def __init__(self, corpus: Corpus, k1: float = 1.5, b: float = 0.75) -> None:
        self.c, self.k1, self.b = corpus, k1, b
        self.norm = k1 * (1 - b + b * corpus.lengths / corpus.avgdl)

    def score(self, query: Sequence[str]) -> Scored:
        """BM25 of each document; coverage counts exact token matches."""
        c = self.c
        n_docs = c.tf.shape[0]
        q = list(query)
        if not q:
            zero = np.zeros(n_docs, dtype=np.float32)
            return Scored(zero, zero)
        w = c.weights(q)
        raw = np.zeros(n_docs, dtype=np.float32)
        cov = np.zeros(n_docs, dtype=np.float32)
        for tok, wt in zip(q, w, strict=True):
            j = c.pos.get(tok)
            if j is None:
                continue
            tf = c.tf[:, j]
            raw += wt * tf * (self.k1 + 1) / (tf + self.norm)
            cov += wt * c.present[:, j]
        ideal = float((w * (self.k1 + 1) / (1 + self.k1 * (1 - self.b + self.b * len(q) / c.avgdl))).sum())
        total = float(w.sum())
        return Scored(np.minimum(raw / ideal, 1.0), cov / total)


class FuzzyRanker:
    """Each query token takes its best fuzzy ratio against the document's words, IDF-weighted."""

    name = "fuzzy"

    def __init__(self, corpus: Corpus, length_penalty: float = 0.02) -> None:
        self.c, self.length_penalty = corpus, length_penalty
        self.log_len = np.log1p(corpus.lengths)

    def score(self, query: Sequence[str]) -> Scored:
        """Fuzzy coverage; ties lean towards shorter documents."""
        c = self.c
        n_docs = c.tf.shape[0]
        q = list(query)
        if not q or not c.vocab:
            zero = np.zeros(n_docs, dtype=np.float32)
            return Scored(zero, zero)
        sims = process.cdist(q, c.vocab, scorer=fuzz.ratio, dtype=np.uint8).astype(np.float32)
        sims[sims < FUZZY_TOKEN_CUTOFF] = 0.0
        sims /= 100.0
        w = c.weights(q)
        cov = np.zeros(n_docs, dtype=np.float32)
        for i, wt in enumerate(w):
            cov += wt * (c.present * sims[i]).max(axis=1)
        cov /= float(w.sum())
        return Scored(cov - self.length_penalty * self.log_len, cov)


def make_ranker(kind: str, corpus: Corpus) -> Ranker:
    """Build the ranker called `kind` ("bm25" or "fuzzy")."""
    if kind == "bm25":
        return BM25Ranker(corpus)
    if kind == "fuzzy":
        return FuzzyRanker(corpus)
    raise ValueError(f"unknown ranker {kind!r}")
