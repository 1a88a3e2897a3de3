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
newmm if its dictionary cannot be loaded (e.g. no writable temp directory).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
import threading
from collections.abc import Iterable
from functools import lru_cache
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


COMMON_MIN_FREQ = 50
"""A word seen this often in the Thai National Corpus is "common" (เมื่อ, เมืองไทย, ทองคำ ...)."""


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent Thai words (TNC word frequencies bundled with PyThaiNLP): text that is one of
    them is an ordinary word, not a misspelt place name (cached; empty if the corpus is missing)."""
    try:
        from pythainlp.corpus import tnc

        return frozenset(w for w, n in tnc.word_freqs() if n >= COMMON_MIN_FREQ and _has_thai(w))
    except Exception:  # pragma: no cover - the corpus ships with PyThaiNLP
        return frozenset()


def _has_thai(word: str) -> bool:
    return any("\u0e01" <= ch <= "\u0e4e" for ch in word)


class Tokenizer:
    """A word segmenter bound to one dictionary; immutable and thread-safe after creation."""

    def __init__(self, extra_words: Iterable[str] = (), engine: Engine = DEFAULT_ENGINE) -> None:
        extra = {w.strip() for w in extra_words if w and w.strip() and " " not in w.strip()}
        words = base_words() | extra
        self.engine: Engine = engine
        self._trie: Trie | None = None
        self._nlpo3_name: str | None = None
        if engine == "nlpo3":
            self._nlpo3_name = _load_nlpo3(words)
            if self._nlpo3_name is None:
                self.engine = "newmm"
        if self.engine == "newmm":
            self._trie = Trie(words)

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
