"""One call from raw chat text to intent + entities: normalise, tokenise, find places, score."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from knowledge.difference import named_districts
from knowledge.entities import (
    AMBIGUITY_MARGIN,
    FUZZY_AMBIGUITY_MARGIN,
    Entities,
    Mention,
    SchoolCandidate,
    find_places,
)
from knowledge.intents import INTENTS, classify
from knowledge.lookups import LookupKey, read_keys
from knowledge.manual.query import repair_section_words
from knowledge.names import TypedName, typed_names
from knowledge.normalize import normalize
from knowledge.regex_entities import regex_entities
from knowledge.vocabulary import SchoolEntry, Vocabulary

__all__ = [
    "INTENTS",
    "Entities",
    "SchoolCandidate",
    "SchoolEntry",
    "Understanding",
    "Vocabulary",
    "understand",
]

MAX_TOKENS = 120
"""Only the first tokens are searched for places: a question never needs more."""
MAX_CANDIDATES = 5
NAMED_MIN = 90.0
"""A school read with less certainty than this is no plain name in a list of schools."""
_MASK = {"school": " §s ", "district": " §d ", "subdistrict": " §t ", "province": " §p "}
_UNKNOWN_NAME = " § "
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Understanding:
    """What the bot understood from one message."""

    text: str
    tokens: tuple[str, ...]
    intent: str
    confidence: float  # 0..1, calibrated: >= 0.5 means "understood" (knowledge.intents)
    scores: Mapping[str, float]
    entities: Entities
    names: tuple[TypedName, ...] = ()  # names typed after โรงเรียน/อำเภอ, known or not (knowledge.names)


def _token_offsets(text: str, tokens: tuple[str, ...]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for tok in tokens:
        at = text.find(tok, pos)
        if at < 0:  # tokenizer changed the characters: fall back to the running position
            at = pos
        spans.append((at, at + len(tok)))
        pos = at + len(tok)
    return spans


def _mask(text: str, offsets: list[tuple[int, int]], mentions: list[Mention], names: tuple[TypedName, ...],
          *, unknown_as_place: bool = False, keys: list[LookupKey] | tuple[LookupKey, ...] = ()) -> str:
    """Replace every place mention, and every unknown name typed after โรงเรียน/อำเภอ, with a marker
    so that keywords inside names are not read as filters (สตรี|วิทยา is a name, not "girls"). An
    unknown name gets a neutral marker unless unknown_as_place: alone it is no evidence of a data
    question ("โรงเรียนเปิดเทอมวันไหน" stays out of scope). A look-up key (a code, phone, e-mail or
    person) stands for the school it names."""
    spans = [(offsets[m.first][0], offsets[m.last - 1][1], _MASK[m.kind]) for m in mentions]
    spans += [(k.start, k.end, _MASK["school"]) for k in keys]
    known = {k for m in mentions for k in range(m.first, m.last)}
    for n in names:
        if n.last > len(offsets) or any(k in known for k in range(n.first, n.last)):
            continue
        marker = _MASK[n.kind] if unknown_as_place else _UNKNOWN_NAME
        spans.append((offsets[n.first][0] + n.skip, offsets[n.last - 1][1], marker))
    if not spans:
        return text
    out, pos = [], 0
    for a, b, marker in sorted(spans):
        if a < pos:
            continue
        out.append(text[pos:a])
        out.append(marker)
        pos = b
    out.append(text[pos:])
    return _SPACES.sub(" ", "".join(out)).strip()


def _outside_keys(mentions: list[Mention], names: tuple[TypedName, ...], keys: list[LookupKey],
                  offsets: list[tuple[int, int]]) -> tuple[list[Mention], tuple[TypedName, ...]]:
    """Mentions and typed names that do not overlap a look-up key ("นาย|สม" is no school in นายสมชาย)."""
    if not keys:
        return mentions, names

    def free(first: int, last: int) -> bool:
        if last > len(offsets) or first >= last:
            return True
        a, b = offsets[first][0], offsets[last - 1][1]
        return all(b <= k.start or a >= k.end for k in keys)

    return ([m for m in mentions if free(m.first, m.last)], tuple(n for n in names if free(n.first, n.last)))


def _names_not_provinces(mentions: list[Mention], names: tuple[TypedName, ...]) -> list[Mention]:
    """Drop a province read inside a school's name (โรงเรียน|ลำปาง|กัลยาณี is a school, not Lampang)."""
    schools = [n for n in names if n.kind == "school"]
    return [m for m in mentions
            if not (m.kind == "province" and any(n.first <= m.first < n.last for n in schools))]


MUEANG = "เมือง"
_PROVINCE_WORDS = frozenset({"", "จังหวัด", "จ.", "จ"})


def _other_mueang(tokens: tuple[str, ...], mentions: list[Mention], names: tuple[TypedName, ...],
                  vocab: Vocabulary) -> tuple[list[Mention], tuple[TypedName, ...]]:
    """A bare เมือง followed by a province outside the area ("อำเภอเมืองพิษณุโลก", "อ.เมือง จ.เลย") is
    that province's district, not the area's: the mention is dropped and "เมือง<province>" becomes a
    typed district name (an unknown district, answered as such)."""
    bare = [m for m in mentions if m.kind == "district" and "".join(tokens[m.first:m.last]).strip() == MUEANG]
    if not bare:  # most messages: nothing to look at
        return mentions, names
    ours = {d[len(MUEANG):] for d in vocab.districts if d.startswith(MUEANG)}
    for m in bare:
        k = m.last
        while k < len(tokens) - 1 and tokens[k].strip() in _PROVINCE_WORDS:
            k += 1
        province = tokens[k].strip() if k < len(tokens) else ""
        if province in ours or province not in vocab.provinces:
            continue
        mentions = [x for x in mentions if x is not m and not (x.kind == "province" and x.first == k)]
        names = tuple(sorted((*(n for n in names if not (n.kind == "district" and n.first <= m.first < n.last)),
                              TypedName("district", m.first, 0, k + 1, MUEANG + province, False)),
                             key=lambda n: n.first))
    return mentions, names


def _named_schools(mentions: list[Mention], vocab: Vocabulary) -> tuple[str, ...]:
    """The codes of the schools named one after another ("หนองไผ่กับวิเชียรบุรี", "รวม X และ Y"), when
    there are two or more and each mention reads as one school without doubt ("" otherwise)."""
    codes: list[str] = []
    for m in mentions:
        if m.kind != "school" or not m.schools:
            continue
        best = m.schools[0]
        margin = AMBIGUITY_MARGIN if best[1] >= 100 else FUZZY_AMBIGUITY_MARGIN
        if best[1] < NAMED_MIN or (len(m.schools) > 1 and m.schools[1][1] > best[1] - margin):
            return ()
        code = vocab.schools[best[0]].code
        if code not in codes:
            codes.append(code)
    return tuple(codes) if len(codes) > 1 else ()


def _school_entities(mentions: list[Mention], vocab: Vocabulary) -> tuple[tuple[SchoolCandidate, ...], bool]:
    """Candidates of the first school mention (then the best of later ones) and ambiguity."""
    school_mentions = [m for m in mentions if m.kind == "school" and m.schools]
    if not school_mentions:
        return (), False
    first = school_mentions[0].schools
    margin = AMBIGUITY_MARGIN if first[0][1] >= 100 else FUZZY_AMBIGUITY_MARGIN
    ambiguous = len(first) > 1 and first[1][1] > first[0][1] - margin
    picked: list[tuple[int, float]] = list(first[:MAX_CANDIDATES]) if ambiguous else [first[0]]
    for m in school_mentions[1:]:
        if all(m.schools[0][0] != i for i, _ in picked):
            picked.append(m.schools[0])
    if not ambiguous:
        picked.extend(c for c in first[1:MAX_CANDIDATES] if c[1] >= 60 and c[1] < first[0][1])
    out = tuple(
        SchoolCandidate(vocab.schools[i].code, vocab.schools[i].name, round(float(score), 1)) for i, score in picked
    )
    return out, ambiguous


def understand(
    text: str, vocab: Vocabulary, *, today: date | None = None, latest_year: int | None = None
) -> Understanding:
    """Normalise, tokenise and interpret one chat message; never raises."""
    try:
        return _understand(text, vocab, today=today, latest_year=latest_year)
    except Exception:  # pragma: no cover - last line of defence, a reply must always go out
        norm = str(text)[:200] if text else ""
        return Understanding(norm, (), "out_of_scope", 0.0, {"out_of_scope": 1.0}, Entities())


def _understand(text: str, vocab: Vocabulary, *, today: date | None, latest_year: int | None) -> Understanding:
    # a manual section word typed one letter off ("แบบฟอม", "วัตถุประสง") reads as that word
    norm = repair_section_words(normalize(text if isinstance(text, str) else str(text or "")), strict=True)
    tokens = vocab.tokenizer(norm)
    names = typed_names(tokens, vocab.roman)
    mentions = _names_not_provinces(find_places(tokens[:MAX_TOKENS], vocab), names)
    mentions, names = _other_mueang(tokens, mentions, names, vocab)
    offsets = _token_offsets(norm, tokens)
    keys, unasked = read_keys(norm, tokens, offsets, vocab.forms, vocab.max_form_len,
                              lambda code: vocab.school(code) is not None)
    mentions, names = _outside_keys(mentions, names, keys + ([unasked] if unasked else []), offsets)
    masked = _mask(norm, offsets, mentions, names, keys=keys)
    ents = regex_entities(masked, today=today, latest_year=latest_year)
    schools, ambiguous = _school_entities(mentions, vocab)
    first_school = next((m for m in mentions if m.kind == "school" and m.schools), None)
    kinds = ("district", "subdistrict", "province")
    first_place = {k: next((m.place for m in mentions if m.kind == k), None) for k in kinds}
    only_province = first_place["province"] is not None and not schools and first_place["district"] is None
    ents = replace(
        ents,
        schools=schools,
        school_ambiguous=ambiguous,
        district=first_place["district"],
        subdistrict=first_place["subdistrict"],
        province=first_place["province"],
        whole_area=ents.whole_area or (only_province and first_place["subdistrict"] is None),
        lookup=(keys[0].kind, keys[0].value) if keys else None,
        school_typed="".join(tokens[first_school.first:first_school.last]).strip() if first_school else "",
        named_schools=_named_schools(mentions, vocab) if not ambiguous else (),
        named_districts=named_districts(mentions),
    )
    if names:  # for the intent, an unknown name is the place it names only when a data word asks about
        # it; otherwise its words stay readable ("เน็ตโรงเรียนล่ม" reports an incident)
        masked = _mask(norm, offsets, mentions, names if ents.metric else (), unknown_as_place=True, keys=keys)
    result = classify(masked, ents)
    return Understanding(norm, tokens, result.intent, result.confidence, result.scores, ents, names)
