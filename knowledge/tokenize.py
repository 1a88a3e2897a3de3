"""Word segmentation with PyThaiNLP's bundled dictionary plus the school and district names.

Engines measured with bench/bench_understand.py (this machine, 24 and 30,000 schools, the
same dictionary for both engines, 1,000 realistic queries of 20-60 characters):

    engine   dict build (24 / 30k)   tokenise median   p95      same tokens as newmm
    newmm    0.40 s / 1.0 s          0.07 ms           0.13 ms  100 %
    nlpo3    0.05 s / 0.14 s         0.02 ms           0.04 ms  99.6 % (differs only on spaces
                                                                  next to Latin/digits)

Both are far below the per-query budget; newmm is the default because its output is the
reference (and it needs no temporary dictionary file). nlpo3 is selectable with
``engine="nlpo3"`` and falls back to newmm if it cannot load.
"""

from __future__ import annotations

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
        try:
            os.unlink(path)
        except OSError:
            pass


@lru_cache(maxsize=1)
def default_tokenizer() -> Tokenizer:
    """A tokenizer with only the base dictionary (used when no vocabulary is loaded yet)."""
    return Tokenizer()


def tokenize(text: str, tokenizer: Tokenizer | None = None) -> tuple[str, ...]:
    """Tokenise text with the given tokenizer, or the base-dictionary one."""
    return (tokenizer or default_tokenizer())(text)
