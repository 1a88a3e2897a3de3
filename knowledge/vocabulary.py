"""The place vocabulary: school, district, subdistrict and province names with their indexes.

Built once per data import (``Vocabulary.build``) and never mutated, so the bot can swap the
whole object atomically. It holds:

* a tokenizer whose dictionary knows every name (so newmm cuts names as single words);
* ``forms``: compact spelling (no spaces) -> what it names (a school by full name, alias or
  distinctive core, a district, subdistrict or province), for exact look-ups;
* a character-trigram inverted index over those forms for typo-tolerant candidates, so a
  fuzzy match never scans all names (rapidfuzz only scores a few dozen candidates).
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Generic, Literal, TypeVar

from pythainlp.corpus import provinces as _provinces
from rapidfuzz import fuzz

from knowledge.normalize import clean as _clean
from knowledge.romanized import LazyRomanIndex, RomanIndex
from knowledge.texts import SCHOOL_SUFFIXES
from knowledge.tokenize import DEFAULT_ENGINE, Engine, Tokenizer, common_words

Kind = Literal["school", "alias", "core", "district", "subdistrict", "province"]
KIND_RANK: dict[str, int] = {"school": 0, "alias": 1, "core": 2, "district": 3, "subdistrict": 4, "province": 5}

MAX_DF = 400
"""Trigrams shared by more forms than this are too common to pick candidates (วิท, ยาค...)."""

_SCHOOL_PREFIX = re.compile(r"^(?:โรงเรียน|ร\.ร\.|รร\.?)\s*")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SchoolEntry:
    """One school as the understanding layer sees it (no numbers, only names and places)."""

    code: str
    name: str
    district: str
    subdistrict: str = ""
    province: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ref:
    """What a compact form refers to: a school index, or a place name."""

    kind: Kind
    school: int = -1
    place: str = ""


def compact(text: str) -> str:
    """Cleaned text without spaces: the key every form is stored under."""
    return _SPACE.sub("", _clean(text))


def school_core(name: str, provinces: frozenset[str] = frozenset()) -> str:
    """The distinctive part of a school name: ชนแดนวิทยาคม -> ชนแดน; "" when nothing remains."""
    return _core(_SCHOOL_PREFIX.sub("", _clean(name)), provinces)


def _core(text: str, provinces: frozenset[str]) -> str:
    parts = text.split(" ")
    while len(parts) > 1 and (parts[-1].isdigit() or parts[-1] in provinces):
        parts.pop()
    text = "".join(parts).rstrip("0123456789")
    for suffix in SCHOOL_SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 3:
            return text[: -len(suffix)]
    return ""


@lru_cache(maxsize=1)
def thai_provinces() -> frozenset[str]:
    """The 77 province names from PyThaiNLP's bundled corpus."""
    try:
        return frozenset(p for p in _provinces() if isinstance(p, str))
    except Exception:  # pragma: no cover
        return frozenset()


_NON_SKELETON = re.compile("[\u0e30-\u0e4e\u0e2d\u0e27\u0e22\u0e2f\u0e46]|ห(?=[งญนมยรลว])")
_DOUBLE = re.compile(r"(.)\1+")


def skeleton(text: str) -> str:
    """Consonant skeleton (no vowels, tone marks, อ/ว/ย, doubles): most Thai typos keep it."""
    return _DOUBLE.sub(r"\1", _NON_SKELETON.sub("", text))


def _skeleton_keys(sk: str) -> set[str]:
    """The skeleton and, when long enough, its one-letter deletions (SymSpell-style keys)."""
    if len(sk) < 2:
        return set()
    keys = {sk}
    if len(sk) >= 4:
        keys.update(sk[:i] + sk[i + 1 :] for i in range(len(sk)))
    return keys


def trigrams(text: str) -> set[str]:
    """Character trigrams of a compact string (the whole string if shorter)."""
    if len(text) <= 3:
        return {text} if text else set()
    return {text[i : i + 3] for i in range(len(text) - 2)}


@dataclass(frozen=True)
class Vocabulary:
    """Immutable name vocabulary + indexes; build with ``Vocabulary.build(schools)``."""

    schools: tuple[SchoolEntry, ...]
    districts: tuple[str, ...]
    subdistricts: tuple[str, ...]
    provinces: tuple[str, ...]
    forms: dict[str, tuple[Ref, ...]] = field(repr=False)
    form_list: tuple[str, ...] = field(repr=False)
    gram_index: dict[str, tuple[int, ...]] = field(repr=False)
    skeleton_index: dict[str, tuple[int, ...]] = field(repr=False)
    max_form_len: int = 0
    tokenizer: Tokenizer = field(default_factory=Tokenizer, repr=False)
    roman: LazyRomanIndex | None = field(default=None, repr=False)  # romanised names (knowledge.romanized)
    _by_code: dict[str, int] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, schools: Sequence[SchoolEntry], *, engine: Engine = DEFAULT_ENGINE) -> Vocabulary:
        """Build the tokenizer dictionary, the exact-form table and the fuzzy index."""
        entries = tuple(schools)
        common_words()  # load the word frequencies now, not on the first message
        clean = lru_cache(maxsize=None)(_clean)

        def compact(text: str) -> str:
            return _SPACE.sub("", clean(text))

        province_names = thai_provinces() | {clean(s.province) for s in entries if s.province}
        forms: dict[str, list[Ref]] = {}
        words: set[str] = set()

        def add(form: str, ref: Ref) -> None:
            key = compact(form)
            if len(key) < 2:
                return
            refs = forms.setdefault(key, [])
            if ref not in refs:
                refs.append(ref)
            words.update(clean(form).split(" "))

        for p in province_names:
            add(p, Ref("province", place=p))
        districts = sorted({clean(s.district) for s in entries if s.district})
        for d in districts:
            add(d, Ref("district", place=d))
        mueang = [d for d in districts if d.startswith("เมือง") and len(d) > 5]
        if len(mueang) == 1:  # "อำเภอเมือง" is unambiguous inside one province
            add("เมือง", Ref("district", place=mueang[0]))
        subdistricts = sorted({clean(s.subdistrict) for s in entries if s.subdistrict})
        for sd in subdistricts:
            add(sd, Ref("subdistrict", place=sd))
        province_set = frozenset(province_names)
        for i, s in enumerate(entries):
            name = _SCHOOL_PREFIX.sub("", clean(s.name))
            add(name, Ref("school", school=i))
            for alias in s.aliases:
                add(_SCHOOL_PREFIX.sub("", clean(alias)), Ref("alias", school=i))
            parts = name.split(" ")
            if len(parts) > 1 and parts[-1] in province_names:  # "สวนกุหลาบวิทยาลัย เพชรบูรณ์"
                add(" ".join(parts[:-1]), Ref("alias", school=i))
            core = _core(name, province_set)
            if len(core) >= 3 and core not in province_names:
                add(core, Ref("core", school=i))

        form_list = tuple(forms)
        postings: dict[str, list[int]] = {}
        for fid, form in enumerate(form_list):
            for g in trigrams(form):
                postings.setdefault(g, []).append(fid)
        gram_index = {g: tuple(ids) for g, ids in postings.items() if len(ids) <= MAX_DF}
        skeletons: dict[str, list[int]] = {}
        for fid, form in enumerate(form_list):
            for key in _skeleton_keys(skeleton(form)):
                skeletons.setdefault(key, []).append(fid)
        return cls(
            schools=entries,
            districts=tuple(districts),
            subdistricts=tuple(subdistricts),
            provinces=tuple(sorted(province_names)),
            forms={k: tuple(sorted(v, key=lambda r: KIND_RANK[r.kind])) for k, v in forms.items()},
            form_list=form_list,
            gram_index=gram_index,
            skeleton_index={k: tuple(v) for k, v in skeletons.items()},
            max_form_len=max((len(f) for f in form_list), default=0),
            tokenizer=Tokenizer(words, engine=engine),
            roman=LazyRomanIndex(  # built on the first place name typed in Latin letters
                lambda: RomanIndex([(s.name, _core(_SCHOOL_PREFIX.sub("", clean(s.name)), province_set))
                                    for s in entries], districts, sorted(province_names))),
            _by_code={s.code: i for i, s in enumerate(entries)},
        )

    def school(self, code: str) -> SchoolEntry | None:
        """The school with this code, or None."""
        i = self._by_code.get(str(code).strip())
        return None if i is None else self.schools[i]

    def fuzzy_forms(
        self, chunk: str, pieces: Sequence[str] = (), *, limit: int = 40, partial_prefix: bool = False
    ) -> list[tuple[str, float, int]]:
        """Forms that look like ``chunk`` or one of its ``pieces``: (form, score 0..100, length
        of the text it matched), best score first.

        Candidates come from the consonant-skeleton table (vowel/tone typos) and the trigram
        index; only those few are scored with rapidfuzz. A form found inside a longer chunk
        scores by how much of the chunk it explains (เมือง in เมืองไทย is not a good match).
        With ``partial_prefix`` (the chunk follows โรงเรียน) a chunk of 5+ letters that is the
        start (or a part) of a longer form matches it at 78-84, never as sure as a typo-free
        name (โรงเรียนพ่อขุน -> พ่อขุนผาเมืองวิทยาคม)."""
        if len(chunk) < 3:
            return []
        best: dict[int, tuple[float, int]] = {}

        def keep(fid: int, score: float, covered: int) -> None:
            old = best.get(fid)
            if old is None or (score, covered) > old:
                best[fid] = (score, covered)

        for piece in dict.fromkeys((chunk, *pieces)):
            if len(piece) >= 3:
                for key in _skeleton_keys(skeleton(piece)):
                    for fid in self.skeleton_index.get(key, ()):
                        keep(fid, fuzz.ratio(piece, self.form_list[fid]), len(piece))
        grams = trigrams(chunk)
        hits = Counter(chain.from_iterable(self.gram_index.get(g, ()) for g in grams))
        need = max(1, len(grams) // 4)
        for fid, n in hits.most_common(limit):
            if n < need:
                break
            form = self.form_list[fid]
            score = fuzz.ratio(chunk, form)
            if len(form) >= 5 and len(chunk) > len(form) + 2:
                coverage = len(form) / len(chunk)
                score = max(score, min(0.9, 0.6 + 0.4 * coverage) * fuzz.partial_ratio(form, chunk))
            elif partial_prefix and len(chunk) >= 5 and len(form) > len(chunk) + 1 and chunk in form:
                # a part of a name: found, but never "sure" (80-84, the more of it typed the higher)
                score = max(score, (80.0 if form.startswith(chunk) else 78.0) + 4.0 * len(chunk) / len(form))
            keep(fid, score, min(len(chunk), len(form)))
        out = [(self.form_list[f], sc, cov) for f, (sc, cov) in best.items()]
        return sorted(out, key=lambda x: (-x[1], -x[2]))


T = TypeVar("T")


class PerVocabulary(Generic[T]):
    """One value derived from a vocabulary (and a key), built on first use and kept until the vocabulary
    is replaced (vocabularies are immutable and replaced after an import)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: tuple[weakref.ref[Vocabulary], Hashable, T] | None = None

    def get(self, vocab: Vocabulary, key: Hashable, build: Callable[[], T]) -> T:
        """The value for this vocabulary and key, built by `build` when not held yet."""
        held = self._held
        if held is None or held[0]() is not vocab or held[1] != key:
            with self._lock:
                held = self._held
                if held is None or held[0]() is not vocab or held[1] != key:
                    held = (weakref.ref(vocab), key, build())
                    self._held = held
        return held[2]

    def holds(self, vocab: Vocabulary, key: Hashable) -> bool:
        """True when the value for this vocabulary and key is built already."""
        held = self._held
        return held is not None and held[0]() is vocab and held[1] == key
