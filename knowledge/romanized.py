"""Place names typed in Latin letters ("Nong Phai", "Lom Sak Wittayakhom"): which Thai name they spell.

Romanisations of one Thai name differ mostly in their vowels (Wittayakhom, Witthayakom, Withayakhom), so
both sides are reduced to a consonant key: Thai by the sound of each consonant where it stands (initial or
final, the silent ones dropped), Latin by folding the usual spellings (ph/th/kh -> p/t/k, ch/j -> c, ng,
b=p, d=t, r=l) and dropping vowels, h, w and y. Keys are compared with rapidfuzz; a name counts only when
it is clearly the best (`RomanIndex.match`). Pure Python, no model: built once per vocabulary on the first
Latin name asked about (a few microseconds a name).
"""

from __future__ import annotations

import csv
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

_LEADING = frozenset("เแโใไ")
_KARAN = "\u0e4c"  # ์ : the consonant before it is silent
_TONES = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e47")
_SONORANTS = frozenset("งญนมยรลว")
_SILENT_R_AFTER = frozenset("สศษซจ")  # สร, ศร, จร: the ร is not read (ศรี = si)
_INITIAL = {
    **dict.fromkeys("กขฃคฅฆ", "k"), "ง": "N", **dict.fromkeys("จฉชฌ", "c"), **dict.fromkeys("ซศษส", "s"),
    "ญ": "", **dict.fromkeys("ดฎตฏถฐฑฒทธ", "t"), **dict.fromkeys("นณ", "n"), **dict.fromkeys("บปผพภ", "p"),
    **dict.fromkeys("ฝฟ", "f"), "ม": "m", "ย": "", **dict.fromkeys("รลฬฤฦ", "l"), "ว": "", "ห": "", "ฮ": "",
    "อ": "",
}
_FINAL = {
    **dict.fromkeys("กขคฆ", "k"), "ง": "N", **dict.fromkeys("จชซศษสฎฏฐฑฒดตถทธ", "t"),
    **dict.fromkeys("นณญรลฬ", "n"), **dict.fromkeys("บปพฟภ", "p"), "ม": "m", "ย": "", "ว": "", "อ": "",
}
_GLIDES = frozenset("ยวอ")


def _is_consonant(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e"


def thai_key(text: str) -> str:
    """The consonant key of a Thai name: หล่มสักวิทยาคม -> lmsktkm, หนองไผ่ -> nNp."""
    text = re.sub("รร(?=[\u0e01-\u0e2e]|$)", "ัน", text)  # สรรค์, กรรม: ร หัน reads "an"
    chars = [c for c in text if c not in _TONES and ("\u0e01" <= c <= "\u0e4e")]
    silent = {i - 1 for i, c in enumerate(chars) if c == _KARAN} | {i for i, c in enumerate(chars) if c == _KARAN}
    out: list[str] = []
    last = "start"  # what the character before was read as: start, leading, leader, initial, final, vowel
    prev_final = ""
    for i, c in enumerate(chars):
        if i in silent:
            last = "final" if last in ("initial", "vowel") else last
            continue
        if not _is_consonant(c):
            if c == "ำ":
                out.append("m")
            last = "leading" if c in _LEADING else "vowel"
            prev_final = ""
            continue
        j = i + 1
        while j < len(chars) and j in silent:
            j += 1
        after = chars[j] if j < len(chars) else ""
        if c == "ห" and after in _SONORANTS:
            last = "leader"
            continue  # a silent leading ห (หนอง, หล่ม, กุหลาบ)
        if c == "ร" and i and chars[i - 1] in _SILENT_R_AFTER and after and not _is_consonant(after):
            continue  # ศรี, จริง: the ร is not read
        carries_vowel = bool(after) and not _is_consonant(after) and after not in _LEADING
        if not carries_vowel and last == "final" and prev_final:
            if prev_final in _GLIDES:  # เชียร, เมือง: the glide was part of the vowel, this is the final
                last = "vowel"
            elif c == "ร":
                continue  # a second final (เพชร, บุตร): not read
        final = not carries_vowel and last in ("initial", "vowel")
        out.append((_FINAL if final else _INITIAL).get(c, ""))
        prev_final = c if final else ""
        last = "final" if final else "initial"
    return _squeeze("".join(out))


_LATIN_FOLD = (("tch", "t"), ("ch", "c"), ("ng", "N"), ("j", "c"), ("ph", "p"), ("th", "t"), ("kh", "k"),
               ("b", "p"), ("d", "t"), ("g", "k"), ("q", "k"), ("x", "s"), ("z", "s"), ("r", "l"),
               ("v", "w"))
_NOT_KEY = re.compile(r"[aeiouhwy\W\d_]+")


def latin_key(text: str) -> str:
    """The consonant key of a romanised name: "Lom Sak Wittayakhom" -> lmsktkm, "Nong Phai" -> nNp."""
    s = re.sub(r"[^a-z]", "", text.lower())
    for a, b in _LATIN_FOLD:
        s = s.replace(a, b)
    return _squeeze(_NOT_KEY.sub("", s))


def _squeeze(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=1)
def province_english() -> dict[str, str]:
    """Official English names of the provinces (PyThaiNLP's bundled corpus): "phetchabun" -> เพชรบูรณ์."""
    try:
        import pythainlp.corpus

        path = Path(pythainlp.corpus.__file__).parent / "thailand_provinces_th.csv"
        with path.open(encoding="utf-8") as fh:
            return {row[2].strip().lower(): row[0].strip() for row in csv.reader(fh) if len(row) >= 3}
    except Exception:  # pragma: no cover - the corpus is optional here
        return {}


@dataclass(frozen=True)
class Match:
    """What a Latin name spells: a school (its full Thai name or the distinctive part), a district or a
    province, and how sure (0..100)."""

    kind: str  # "school" | "district" | "province"
    name: str
    score: float


MIN_SCORE = 80.0
"""A key this similar may be the name…"""
MARGIN = 8.0
"""…when no other name's key is nearly as similar."""
MIN_KEY = 3
SHORT_KEY = 4


class RomanIndex:
    """Consonant keys of the school names (and their distinctive parts), districts and provinces."""

    def __init__(self, schools: list[tuple[str, str]], districts: list[str], provinces: list[str]) -> None:
        """`schools`: (full name, distinctive part or "") of each school."""
        entries: dict[str, list[tuple[str, str]]] = {}

        def add(key: str, kind: str, name: str) -> None:
            if len(key) >= 2 and (kind, name) not in entries.setdefault(key, []):
                entries[key].append((kind, name))

        for p in provinces:
            add(thai_key(p), "province", p)
        for english, thai in province_english().items():
            if thai in provinces:
                add(latin_key(english), "province", thai)
        for d in districts:
            add(thai_key(d), "district", d)
        for name, core in schools:
            add(thai_key(name.replace(" ", "")), "school", name)
            if core:
                add(thai_key(core), "school", core)
        self._keys = list(entries)
        self._entries = entries
        self._english = {k: v for k, v in province_english().items() if v in provinces}

    def match(self, latin: str, prefer: str = "school") -> Match | None:
        """The one place this Latin name clearly spells (of kind `prefer` when a school and a district share
        the name), or None (unknown, or two names about as close)."""
        words = latin.lower().strip()
        if words in self._english:
            return Match("province", self._english[words], 100.0)
        key = latin_key(latin)
        if len(key) < MIN_KEY:
            return None
        hits = process.extract(key, self._keys, scorer=fuzz.ratio, limit=3, score_cutoff=MIN_SCORE - MARGIN)
        if not hits or hits[0][1] < MIN_SCORE:
            return None
        best_key, best, _ = hits[0]
        if min(len(key), len(best_key)) <= SHORT_KEY and best < 100:
            return None  # a short key is one consonant away from many others: only the same key counts
        names = self._entries[best_key]
        schools = sorted({n for k, n in names if k == "school"}, key=len)
        if len(schools) > 1:  # one key, several schools: the name they all start with ("…วิทยาคม", "…วิทยาคม 2")
            if not all(n.startswith(schools[0]) for n in schools):
                return None
            names = [(k, n) for k, n in names if k != "school" or n == schools[0]]
        if len(hits) > 1 and hits[1][1] > best - MARGIN:
            return None
        kind, name = next(((k, n) for k, n in names if k == prefer), names[0])
        return Match(kind, name, float(best))

    def names(self, key: str) -> list[tuple[str, str]]:
        """The (kind, Thai name) pairs stored under one key."""
        return list(self._entries.get(key, ()))


class LazyRomanIndex:
    """A RomanIndex built on first use (the first Latin name asked about), then kept; thread-safe."""

    def __init__(self, build: Callable[[], RomanIndex]) -> None:
        self._build = build
        self._index: RomanIndex | None = None
        self._lock = threading.Lock()

    def __call__(self) -> RomanIndex:
        index = self._index
        if index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._build()
                index = self._index
        return index
