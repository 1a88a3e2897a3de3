"""Which schools' names hold a few typed letters ("เพชร" -> เพชรพิทยาคม, เพชรบูรณ์วิทยา, …) without scanning
every name: a character-trigram index over the names and aliases (no spaces), plus a sorted list for
two-letter starts. Built once per vocabulary (the vocabulary is immutable and replaced after an import).
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass

from knowledge.vocabulary import PerVocabulary, Vocabulary, trigrams


@dataclass(frozen=True)
class Holders:
    """Schools whose name holds the typed letters: the first `limit` codes (best first) and how many in all."""

    codes: tuple[str, ...]
    total: int


class NameIndex:
    """Substring search over the school names and aliases of one vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        forms: list[tuple[str, int]] = []
        for i, s in enumerate(vocab.schools):
            for f in dict.fromkeys(x.replace(" ", "") for x in (s.name, *s.aliases)):
                if f:
                    forms.append((f, i))
        self._vocab = vocab
        self._forms = forms
        self._sorted = sorted(forms)
        self._keys = [f for f, _ in self._sorted]
        postings: dict[str, list[int]] = {}
        for fid, (f, _) in enumerate(forms):
            for g in trigrams(f):
                postings.setdefault(g, []).append(fid)
        self._postings = postings

    def holders(self, typed: str, limit: int = 10) -> Holders:
        """Schools whose name or alias holds `typed` (two letters: starts with it); those starting with it first,
        then shorter names."""
        typed = typed.replace(" ", "")
        if len(typed) < 2:
            return Holders((), 0)
        if len(typed) == 2:
            lo = bisect.bisect_left(self._keys, typed)
            hi = bisect.bisect_left(self._keys, typed + "\U0010ffff")
            hits = {i: f for f, i in self._sorted[lo:hi]}
        else:
            grams = trigrams(typed)
            lists = [self._postings.get(g) for g in grams]
            if any(x is None for x in lists):
                return Holders((), 0)
            rarest = min((x for x in lists if x is not None), key=len)
            hits = {}
            for fid in rarest:
                f, i = self._forms[fid]
                if typed in f and (i not in hits or f.startswith(typed)):
                    hits[i] = f
        schools = self._vocab.schools
        best = heapq.nsmallest(limit, hits, key=lambda i: (not hits[i].startswith(typed), len(schools[i].name),
                                                            schools[i].code))
        return Holders(tuple(schools[i].code for i in best), len(hits))


_indexes: PerVocabulary[NameIndex] = PerVocabulary()


def name_index(vocab: Vocabulary) -> NameIndex:
    """The name index of this vocabulary (built on first use, then kept until the vocabulary is replaced)."""
    return _indexes.get(vocab, None, lambda: NameIndex(vocab))
