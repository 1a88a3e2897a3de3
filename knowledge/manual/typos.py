"""Words of the manual typed one letter off ("บริหาน", "สารสนทศ", "สื่อสร"): the tokeniser cuts such a
word into bits (กา|รบ|ริ|หา|น) that the ranker cannot mend once the particles are dropped, so the bits
are mended into the manual's own word on the text, before the question is read."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from knowledge.manual.textproc import current_dictionary, normalize_text, words

LEAST_LETTERS = 5  # shorter words are too easily one letter off another
MAX_SPAN = 24
_THAI = re.compile(r"^[\u0e01-\u0e4e]+$")
_NO_START = re.compile(r"[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")  # marks and following vowels: part of the letter before
_NO_END = re.compile(r"[\u0e40-\u0e44]")  # leading vowels: part of the letter after


class TypoMender:
    """Mends runs of word bits into the nearest word of the manual (one letter off)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = tuple(texts)
        self._words: list[str] | None = None

    @property
    def _vocab(self) -> list[str]:
        """The manual's words, built on first use (~0.2 s: most questions never need mending)."""
        if self._words is None:
            self._words = sorted({w for t in self._texts for w in words(normalize_text(t))
                                  if len(w) >= LEAST_LETTERS and _THAI.match(w)})
        return self._words

    def _suspect(self, piece: str) -> bool:
        """A bit of a broken word: very short, or no word at all."""
        return bool(_THAI.match(piece)) and (len(piece) <= 2 or piece not in current_dictionary())

    def _runs(self, pieces: list[str]) -> list[tuple[int, int]]:
        """[start, end) of each run of bits: two bits or more, or one that is no word."""
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(pieces):
            if not self._suspect(pieces[i]):
                i += 1
                continue
            j = i
            while j < len(pieces) and self._suspect(pieces[j]):
                j += 1
            if j - i >= 2 or pieces[i] not in current_dictionary():
                runs.append((i, j))
            i = j
        return runs

    def mend(self, norm: str) -> str:
        """The text with each broken word replaced by the manual's word it is one letter off."""
        pieces = words(norm)
        for start, end in reversed(self._runs(pieces)):
            lo = start - 1 if start > 0 and _THAI.match(pieces[start - 1]) else start
            hi = end + 1 if end < len(pieces) and _THAI.match(pieces[end]) else end
            span = "".join(pieces[lo:hi])
            fixed = self._mend_span(span, sum(map(self._suspect, pieces[lo:hi])))
            if fixed is not None:
                pieces[lo:hi] = [fixed]
        return "".join(pieces)

    def _mend_span(self, span: str, bits: int) -> str | None:
        """The span with its nearest word mended in, when that leaves fewer bits; else None."""
        if len(span) > MAX_SPAN or len(span) < LEAST_LETTERS - 1:
            return None
        dictionary = current_dictionary()
        best: tuple[int, int, str] | None = None  # (distance, -length, mended span)
        for a in range(len(span)):
            if _NO_START.match(span[a]):
                continue
            for b in range(a + LEAST_LETTERS - 1, len(span) + 1):
                sub = span[a:b]
                if sub in dictionary or _NO_END.match(sub[-1]) or (b < len(span) and _NO_START.match(span[b])):
                    continue
                hit = process.extractOne(sub, self._vocab, scorer=Levenshtein.distance, score_cutoff=1)
                if hit is None or hit[0] in sub:  # a whole word with a letter of its neighbour is no typo
                    continue
                key = (int(hit[1]), -len(hit[0]), span[:a] + hit[0] + span[b:])
                if best is None or key < best:
                    best = key
        if best is None:
            return None
        mended = best[2]
        return mended if sum(map(self._suspect, words(mended))) < bits else None
