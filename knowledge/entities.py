"""Entity extraction: schools and places (exact, then fuzzy); the pattern entities are in `knowledge.regex_entities`.

Place mentions are found on the token sequence: every span that starts and ends on a token
boundary is looked up in the vocabulary's exact-form table; runs of non-keyword tokens that
are not an exact name are scored with rapidfuzz against a few trigram-index candidates.
The word before a mention decides what a shared name means (อำเภอหนองไผ่ = the district,
โรงเรียนหนองไผ่ or a bare หนองไผ่ = the school of that exact name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz

from knowledge.texts import (
    PLACE_PREFIX_DISTRICT,
    PLACE_PREFIX_PROVINCE,
    PLACE_PREFIX_SCHOOL,
    PLACE_PREFIX_SUBDISTRICT,
    SCHOOL_SUFFIXES,
    STOP_WORDS,
    WORD_PROVINCES,
)
from knowledge.tokenize import common_words
from knowledge.vocabulary import KIND_RANK, Ref, Vocabulary

FUZZY_MIN = 78.0
"""A fuzzy school/place match below this score is ignored."""
FUZZY_OVER_EXACT = 85.0
"""A longer fuzzy full-name match replaces a short exact core/district match above this score."""
AMBIGUITY_MARGIN = 3.0
"""Two school candidates closer than this are "too close to pick": the bot asks back."""
FUZZY_AMBIGUITY_MARGIN = 5.0
"""The same for a fuzzy (typo or partial) best match, which is less certain."""
CORE_SCORE = 92.0
NUMBER_MISMATCH = 10.0
"""A fuzzy match loses this much when the number ending a school's name (หล่มสักวิทยาคม 2) is not the one
typed after the name: a dropped letter is a typo, a dropped or different number is another school."""
_NAME_NUMBER = re.compile(r"(\d{1,2})$")
_LEADING_NUMBER = re.compile(r"(\d+)")
"""A year range ("2563-2568") is read as every year in it when it spans at most this many years."""

_THAI = re.compile(r"[ก-ฮ]")
_ALL_PREFIXES = PLACE_PREFIX_SCHOOL | PLACE_PREFIX_DISTRICT | PLACE_PREFIX_SUBDISTRICT | PLACE_PREFIX_PROVINCE
_SPACE = re.compile(r"\s+")
PlaceKind = Literal["school", "district", "subdistrict", "province"]
SizeClass = Literal["small", "medium", "large", "xlarge"]


@dataclass(frozen=True)
class SchoolCandidate:
    """A school the user may mean, scored 0..100."""

    code: str
    name: str
    score: float


@dataclass(frozen=True)
class Entities:
    """Everything the bot needs to answer besides the intent."""

    schools: tuple[SchoolCandidate, ...] = ()
    school_ambiguous: bool = False
    district: str | None = None
    grades: tuple[str, ...] | None = None
    gender: Literal["male", "female"] | None = None
    academic_year: int | None = None
    compare_years: tuple[int, ...] = ()
    metric: str | None = None
    ranking: Literal["largest", "smallest"] | None = None
    my_school: bool = False
    ticket: str | None = None
    whole_area: bool = False
    subdistrict: str | None = None
    province: str | None = None
    fiscal_year: int | None = None
    breakdown: tuple[str, ...] = ()
    rating: int | None = None
    term: int | None = None  # ภาคเรียน 1 or 2 when said
    size_class: SizeClass | None = None  # โรงเรียนขนาดเล็ก/กลาง/ใหญ่/ใหญ่พิเศษ when said
    fields: tuple[str, ...] = ()  # every contact field asked, in order (phone, email, principal, address, code)
    lookup: tuple[str, str] | None = None  # a key the school is to be found by: (code|phone|email|person, value)
    school_typed: str = ""  # the words the first school mention was read from ("เพชร" in "รร.เพชร")
    named_schools: tuple[str, ...] = ()  # codes of two or more schools each named plainly ("X กับ Y")
    named_districts: tuple[str, ...] = ()  # two or more districts named ("อำเภอ X กับอำเภอ Y")
    asks: tuple[str, ...] = ()  # the data intents of a message that asks two kinds ("ผอ.ชื่ออะไร ครูกี่คน")
    leaves_out_school: bool = False  # a school named only to be left out ("อำเภอ X ไม่รวมโรงเรียน Y")
    no_such_grades: tuple[str, ...] = ()  # grades no school has ("ม.7", "ป.9"): asked, never dropped silently


@dataclass
class Mention:
    """One place mention: token span [first, last) and its chosen interpretation."""

    first: int
    last: int
    kind: PlaceKind
    schools: list[tuple[int, float]] = field(default_factory=list)
    place: str = ""


def _token_starts(tokens: tuple[str, ...]) -> list[int]:
    pos, out = 0, []
    for t in tokens:
        out.append(pos)
        pos += len(t)
    out.append(pos)
    return out


def _exact_spans(tokens: tuple[str, ...], vocab: Vocabulary) -> list[tuple[int, int, str]]:
    """Non-overlapping exact name spans (token indexes), longest first."""
    bounds = _token_starts(tokens)
    q = "".join(tokens)
    found: list[tuple[int, int, str]] = []
    for i in range(len(tokens)):
        if not _THAI.search(tokens[i]):
            continue
        for j in range(i + 1, len(tokens) + 1):
            a, b = bounds[i], bounds[j]
            if b - a > vocab.max_form_len:
                break
            key = q[a:b]
            if key in vocab.forms and not (
                key[-1].isdigit() and j < len(tokens) and tokens[j][:1].isdigit()
            ):  # "หล่มสักวิทยาคม 2" is not inside "หล่มสักวิทยาคม 2567"
                found.append((i, j, key))
    found.sort(key=lambda s: (-(len(s[2])), s[0]))
    taken: set[int] = set()
    chosen = []
    for i, j, key in found:
        if taken.isdisjoint(range(i, j)):
            chosen.append((i, j, key))
            taken.update(range(i, j))
    return sorted(chosen)


def _is_content(tok: str) -> bool:
    return tok not in STOP_WORDS and bool(_THAI.search(tok))


def _scored_refs(refs: tuple[Ref, ...], score: float) -> list[tuple[Ref, float]]:
    return [(r, CORE_SCORE * score / 100 if r.kind == "core" else score) for r in refs]


def _interpret(scored: list[tuple[Ref, float]], prefix: str) -> tuple[PlaceKind, list[tuple[int, float]], str]:
    """Pick what a mention names, given the word before it."""
    schools: dict[int, tuple[float, int]] = {}
    places: dict[PlaceKind, tuple[float, str]] = {}
    for ref, score in scored:
        if ref.kind in ("school", "alias", "core"):
            old = schools.get(ref.school)
            if old is None or score > old[0]:
                schools[ref.school] = (score, KIND_RANK[ref.kind])
        else:
            kind: PlaceKind = ref.kind  # type: ignore[assignment]
            if kind not in places or score > places[kind][0]:
                places[kind] = (score, ref.place)
    ranked = sorted(schools.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
    school_list = [(i, s) for i, (s, _) in ranked]
    best_full = max((s for s, rank in schools.values() if rank <= 1), default=0.0)
    best_any = max((s for s, _ in schools.values()), default=0.0)
    wanted: PlaceKind | None = None
    if prefix in PLACE_PREFIX_DISTRICT:
        wanted = "district"
    elif prefix in PLACE_PREFIX_SUBDISTRICT:
        wanted = "subdistrict"
    elif prefix in PLACE_PREFIX_PROVINCE:
        wanted = "province"
    if wanted is not None and wanted in places:
        return wanted, [], places[wanted][1]
    if school_list and (
        prefix in PLACE_PREFIX_SCHOOL or not places or best_full >= places.get("district", (0.0, ""))[0] > 0
        or (best_full > 0 and "district" not in places)
    ):
        return "school", school_list, ""
    for kind in ("district", "province"):
        if kind in places and places[kind][0] >= best_any - 5:
            return kind, [], places[kind][1]
    if school_list:
        return "school", school_list, ""
    first: PlaceKind = "subdistrict" if "subdistrict" in places else next(iter(places))
    return first, [], places[first][1]


def _suffix_end(tokens: tuple[str, ...], j: int, u: int) -> tuple[int, str] | None:
    """If tokens[j:k] (k <= u, at most 3 tokens) end with a generic school ending (…ทองวิทยา),
    return k and the letters before that ending: the rest of a school name the user typed."""
    text = ""
    for k in range(j, min(u, j + 3)):
        text += tokens[k]
        for suffix in SCHOOL_SUFFIXES:
            if text.endswith(suffix):
                return k + 1, text[: -len(suffix)]
    return None


def _longer_name_penalty(typed: str, matched: str) -> float:
    """0..1: how well the matched name explains the longer name typed around it ("ดอกบัวทอง"
    typed where "ดอกบัว" is known, "บ้านหนองไผ่" where "หนองไผ่" is): 1 when it adds < 2 letters."""
    if len(typed) - len(matched) < 2:
        return 1.0
    return fuzz.ratio(typed, matched) / 100


def _place_prefixed(prefix: str) -> bool:
    return prefix in _ALL_PREFIXES


def find_places(tokens: tuple[str, ...], vocab: Vocabulary) -> list[Mention]:
    """Every school/district/subdistrict/province mention in a token sequence, in order."""
    if not vocab.forms or not tokens:
        return []
    common = common_words()
    exact = [
        s for s in _exact_spans(tokens, vocab)
        # a name glued to the next token into an ordinary word is that word (เมือง+ไทย)
        if not (s[1] < len(tokens) and s[2] + tokens[s[1]] in common
                and not _place_prefixed(tokens[s[0] - 1] if s[0] else ""))
    ]
    in_exact = {k for i, j, _ in exact for k in range(i, j)}
    mentions: list[Mention] = []
    t = 0
    while t < len(tokens):
        if not (t in in_exact or _is_content(tokens[t])):
            t += 1
            continue
        u = t
        while u < len(tokens) and (u in in_exact or _is_content(tokens[u])):
            u += 1
        chunk = "".join(tokens[t:u])
        inside = [s for s in exact if s[0] >= t and s[1] <= u]
        prefix = tokens[t - 1] if t > 0 else ""
        named = _place_prefixed(prefix)
        if not inside and not named and chunk in common:
            t = u  # an ordinary word (เมื่อ, ทองคำ) is not a misspelt name
            continue
        spans: list[tuple[int, int, list[tuple[Ref, float]], bool]] = []
        uncovered = len(chunk) - sum(len(s[2]) for s in inside)
        pieces = ["".join(tokens[i:j]) for i in range(t, u) for j in range(i + 1, min(u, i + 8) + 1)]
        fuzzy = (
            vocab.fuzzy_forms(chunk, pieces, partial_prefix=prefix in PLACE_PREFIX_SCHOOL) if uncovered >= 2 else []
        )
        longest = max((len(s[2]) for s in inside), default=0)
        need = FUZZY_OVER_EXACT if inside else FUZZY_MIN
        fuzzy = [f for f in fuzzy if f[1] >= need and f[2] > longest]
        if fuzzy:
            fuzzy = _number_checked(fuzzy, chunk, "".join(tokens[u:u + 3]) if not tokens[u - 1].endswith(".") else "")
        if fuzzy and u - t > 2:  # a whole word inside the typed name that the form lacks (เขาค้อ|ใหม่|วิทยาคม)
            fuzzy = [(f, _inserted_word_penalty(tokens[t:u], f, sc), n) for f, sc, n in fuzzy]
            fuzzy = sorted((f for f in fuzzy if f[1] >= need), key=lambda x: (-x[1], -x[2]))
        if fuzzy:
            top = fuzzy[0][1]
            scored = [
                pair for form, sc, _ in fuzzy if sc >= top - 12 for pair in _scored_refs(vocab.forms[form], sc)
            ]
            spans.append((t, u, scored, False))
        else:
            for i, j, key in inside:
                scored = _scored_refs(vocab.forms[key], 100.0)
                more = _suffix_end(tokens, j, u) if j < u else None
                if more is not None and any(s[0] < more[0] and s[1] > j for s in inside):
                    more = None
                # after โรงเรียน, or before a school ending, words glued in front are part of the name
                lead = "".join(tokens[t:i]) if i == inside[0][0] and (named or more is not None) else ""
                if more is not None and len(more[1]) < 2 and not lead:
                    more = None
                if more is not None or len(lead) >= 2:
                    # "ดอกบัว|ทอง|วิทยา", "บ้าน|หนองไผ่|วิทยาคม": the name typed is longer than the one matched
                    typed = lead + key + (more[1] if more else "")
                    penalty = _longer_name_penalty(typed, key)
                    scored = [(r, sc * penalty) for r, sc in scored if r.kind in ("school", "alias", "core")]
                    spans.append((t if lead else i, more[0] if more else j, scored, True))
                else:
                    spans.append((i, j, scored, False))
        for i, j, scored, school_named in spans:
            if not scored:
                continue
            pre = "โรงเรียน" if school_named else (tokens[i - 1] if i > 0 else prefix)
            kind, schools, place = _interpret(scored, pre)
            if kind == "province" and place in WORD_PROVINCES and pre not in PLACE_PREFIX_PROVINCE:
                continue  # "ใช้ไม่ได้เลย" is not the province of Loei
            mentions.append(Mention(i, j, kind, schools, place))
        t = u
    return mentions


def _number_checked(fuzzy: list[tuple[str, float, int]], chunk: str, after: str) -> list[tuple[str, float, int]]:
    """Fuzzy matches re-scored by the number typed right after the name (1-2 digits; a year is none):
    a form without that number loses NUMBER_MISMATCH, and so does a numbered form when no number was
    typed after a name typed to its end (a typo: "หล่มสักวิทยคม"; a name cut short, "หล่มสักวิทยา", may
    mean either)."""
    m = _LEADING_NUMBER.match(after)
    typed = m.group(1) if m and len(m.group(1)) <= 2 else ""
    out = []
    for form, score, n in fuzzy:
        num = _NAME_NUMBER.search(form)
        if typed:
            wrong = num is None or num.group(1) != typed
        else:
            wrong = num is not None and form[:num.start()].rstrip()[-2:] == chunk[-2:]
        if wrong:
            score -= NUMBER_MISMATCH
        out.append((form, score, n))
    return sorted(out, key=lambda x: (-x[1], -x[2]))


def _inserted_word_penalty(chunk_tokens: tuple[str, ...], form: str, score: float) -> float:
    """A fuzzy score lowered by the share of a word of 3+ letters inside the typed name (not its
    first or last token) that the form does not have and without which the rest is the form."""
    for k in range(1, len(chunk_tokens) - 1):
        word = chunk_tokens[k]
        if len(word) < 3 or word in form:
            continue
        rest = "".join(chunk_tokens[:k] + chunk_tokens[k + 1 :])
        if fuzz.ratio(rest, form) >= max(score + 5, 95.0):
            return score * (1 - len(word) / (len(rest) + len(word)))
    return score
