"""Word segmentation with PyThaiNLP's bundled dictionary plus the school and district names.

Engines measured with bench/bench_understand.py on this machine, same dictionary (PyThaiNLP
words + every school/district/subdistrict/province name), 3,000 realistic queries:

    schools  engine  dictionary build  tokenise median  p95       identical to newmm
    24       newmm   0.53 s            0.049 ms         0.086 ms  -
    24       nlpo3   0.19 s            0.009 ms         0.017 ms  99.8 %
    30,000   newmm   2.59 s            0.054 ms         0.086 ms  -
    30,000   nlpo3   0.46 s            0.011 ms         0.020 ms  99.7 %

The few differences are inside misspelt names (e.g. "สรรรค์" cut differently), where the
fuzzy matcher works on the joined characters anyway; the labelled set scores the same with
both. nlpo3 is equally good and faster to build (this matters: the vocabulary is rebuilt after
every import), so it is the default; ``engine="newmm"`` is available, and nlpo3 falls back to
newmm if its dictionary cannot be loaded (e.g. no writable temp directory). nlpo3 is an optional
package (not a dependency): without it every tokenizer is newmm.

newmm's dictionary is a ``WordList`` (a sorted tuple of the words, searched with bisect), not
PyThaiNLP's ``Trie`` of one Python object per prefix: the same words and the same cuts (tested), at
~0.5 MB per tokenizer instead of ~55 MB, built in ~0.05 s instead of ~0.5 s (2.6 s at 30,000 schools).
Every tokenizer shares the base words' strings and sorted order; the TNC frequencies are read once,
streaming, without keeping PyThaiNLP's cached copy of the whole 106k-line corpus file (~30 MB).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
import threading
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

Engine = Literal["newmm", "nlpo3"]
DEFAULT_ENGINE: Engine = "nlpo3"

DOMAIN_WORDS: frozenset[str] = frozenset(
    {
        "โรงเรียน", "นักเรียน", "ผู้อำนวยการ", "อำเภอ", "ตำบล", "จังหวัด", "ปีการศึกษา", "ปีงบประมาณ",
        "ปีนี้", "ปีที่แล้ว", "ม.ต้น", "ม.ปลาย", "กี่คน", "กี่โรง", "ทั้งหมด", "ทั้งเขต", "ภาคเรียน",
        "เบอร์โทร", "โทรศัพท์", "อีเมล", "อีเมล์", "ที่อยู่", "รหัสโรงเรียน", "ใหญ่ที่สุด", "เล็กที่สุด",
        "มากที่สุด", "น้อยที่สุด", "เปรียบเทียบ", "ลงทะเบียน", "แจ้งปัญหา", "แจ้งเวียน", "ไวไฟ",
        "อินเทอร์เน็ต", "อินเตอร์เน็ต", "เน็ต", "สพม", "สพฐ", "สารสนเทศ", "ขอบคุณ", "สวัสดี", "หวัดดี",
    }
)

_nlpo3_ids = itertools.count()
_nlpo3_lock = threading.Lock()


@lru_cache(maxsize=1)
def base_words() -> frozenset[str]:
    """PyThaiNLP's bundled word list plus the bot's domain words (cached)."""
    return frozenset(thai_words()) | DOMAIN_WORDS


@lru_cache(maxsize=1)
def _base_sorted() -> tuple[str, ...]:
    """The base words, stripped and sorted: shared by every tokenizer's WordList (no second set of
    them is kept: ``thai_words()`` is PyThaiNLP's own cached set)."""
    return tuple(sorted({w.strip() for w in itertools.chain(thai_words(), DOMAIN_WORDS)} - {""}))


def _is_base(word: str) -> bool:
    base = _base_sorted()
    i = bisect_left(base, word)
    return i < len(base) and base[i] == word


class WordList(Trie):
    """An immutable newmm dictionary: the words in one sorted tuple, searched with bisect.

    Answers ``prefixes`` (all that newmm asks of a dictionary), ``in``, ``len`` and iteration
    exactly as ``pythainlp.util.Trie`` holding the same words (words are stripped, as Trie.add
    does), with one pointer per word instead of one Python object per prefix. The range of words
    sharing each two-letter start is kept, so most positions are rejected by one dict look-up."""

    def __init__(self, words: Iterable[str] = (), *, _sorted: tuple[str, ...] | None = None) -> None:
        # Trie.__init__ is not called: there is no node tree.
        self._words: tuple[str, ...] = (
            _sorted if _sorted is not None else tuple(sorted({w.strip() for w in words} - {""}))
        )
        ranges: dict[str, tuple[int, int]] = {}
        singles: set[str] = set()
        for i, word in enumerate(self._words):
            if len(word) == 1:
                singles.add(word)
                continue
            key = word[:2]
            first = ranges.get(key)
            ranges[key] = (i if first is None else first[0], i + 1)
        self._ranges = ranges
        self._singles = frozenset(singles)

    @classmethod
    def with_base(cls, extra: Iterable[str] = ()) -> WordList:
        """The base words plus `extra`, sharing the base's strings (two sorted runs, merged)."""
        base = _base_sorted()
        new = sorted({w for w in (x.strip() for x in extra) if w and not _is_base(w)})
        return cls(_sorted=tuple(sorted([*base, *new])) if new else base)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Every word that `text` has at position `start`, shortest first (as Trie.prefixes)."""
        res: list[str] = []
        first = text[start : start + 1]
        if first in self._singles:
            res.append(first)
        span = self._ranges.get(text[start : start + 2])
        if span is None:
            return res
        lo, hi = span
        words = self._words
        for end in range(start + 2, len(text) + 1):
            piece = text[start:end]
            i = bisect_left(words, piece, lo, hi)
            if i == hi:
                break
            found = words[i]
            if found == piece:
                res.append(piece)
            elif not found.startswith(piece):  # no word begins with piece: nor with a longer one
                break
            lo = i
        return res

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        i = bisect_left(self._words, key)
        return i < len(self._words) and self._words[i] == key

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def add(self, word: str) -> None:
        """Not supported: a WordList is immutable (build a new one)."""
        raise TypeError("WordList is immutable")

    def remove(self, word: str) -> None:
        """Not supported: a WordList is immutable (build a new one)."""
        raise TypeError("WordList is immutable")


COMMON_MIN_FREQ = 50
"""A word seen this often in the Thai National Corpus is "common" (เมื่อ, เมืองไทย, ทองคำ ...)."""


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent Thai words (TNC word frequencies bundled with PyThaiNLP): text that is one of
    them is an ordinary word, not a misspelt place name (cached; empty if the corpus is missing)."""
    try:
        return frozenset(_tnc_common(COMMON_MIN_FREQ))
    except Exception:  # pragma: no cover - the corpus ships with PyThaiNLP
        return frozenset()


def _tnc_common(min_freq: int) -> Iterator[str]:
    """Thai words of the TNC unigram list seen at least `min_freq` times, read line by line
    (what ``pythainlp.corpus.tnc.word_freqs`` gives, without its cached copy of the whole file)."""
    with files("pythainlp.corpus").joinpath("tnc_freq.txt").open(encoding="utf-8-sig") as fh:
        for line in fh:
            parts = line.strip().split("\t")
            if len(parts) >= 2 and parts[0] and int(parts[1]) >= min_freq and _has_thai(parts[0]):
                yield parts[0]


def _has_thai(word: str) -> bool:
    return any("\u0e01" <= ch <= "\u0e4e" for ch in word)


class Tokenizer:
    """A word segmenter bound to one dictionary; immutable and thread-safe after creation."""

    def __init__(self, extra_words: Iterable[str] = (), engine: Engine = DEFAULT_ENGINE) -> None:
        extra = {w.strip() for w in extra_words if w and w.strip() and " " not in w.strip()}
        self.engine: Engine = engine
        self._trie: WordList | None = None
        self._nlpo3_name: str | None = None
        if engine == "nlpo3":
            self._nlpo3_name = _load_nlpo3(base_words() | extra)
            if self._nlpo3_name is None:
                self.engine = "newmm"
        if self.engine == "newmm":
            self._trie = WordList.with_base(extra)

    def __call__(self, text: str) -> tuple[str, ...]:
        """Split text into words; whitespace is dropped, never raises."""
        if not text:
            return ()
        try:
            if self._nlpo3_name is not None:
                import nlpo3

                raw = nlpo3.segment(text, self._nlpo3_name)
            else:
                raw = word_tokenize(text, custom_dict=self._trie, engine="newmm", keep_whitespace=False)
        except Exception:  # pragma: no cover - defensive: segmentation must not break a reply
            raw = text.split()
        return tuple(t for t in (s.strip() for s in raw) if t)


def _load_nlpo3(words: Iterable[str]) -> str | None:
    """Write the word list to a temporary file and register it with nlpo3; None on failure."""
    try:
        import nlpo3
    except ImportError:  # pragma: no cover
        return None
    name = f"khetbot-{os.getpid()}-{next(_nlpo3_ids)}"
    fd, path = tempfile.mkstemp(prefix="khetbot-dict-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(sorted(words)))
        with _nlpo3_lock:
            _, ok = nlpo3.load_dict(path, name)
        return name if ok else None
    except Exception:  # pragma: no cover
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


@lru_cache(maxsize=1)
def default_tokenizer() -> Tokenizer:
    """A tokenizer with only the base dictionary (used when no vocabulary is loaded yet)."""
    return Tokenizer()


def tokenize(text: str, tokenizer: Tokenizer | None = None) -> tuple[str, ...]:
    """Tokenise text with the given tokenizer, or the base-dictionary one."""
    return (tokenizer or default_tokenizer())(text)
