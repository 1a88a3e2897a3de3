"""Entity extraction: schools and places (exact, then fuzzy), grades, gender, years, metric...

Place mentions are found on the token sequence: every span that starts and ends on a token
boundary is looked up in the vocabulary's exact-form table; runs of non-keyword tokens that
are not an exact name are scored with rapidfuzz against a few trigram-index candidates.
The word before a mention decides what a shared name means (อำเภอหนองไผ่ = the district,
โรงเรียนหนองไผ่ or a bare หนองไผ่ = the school of that exact name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from knowledge.texts import (
    PLACE_PREFIX_DISTRICT,
    PLACE_PREFIX_PROVINCE,
    PLACE_PREFIX_SCHOOL,
    PLACE_PREFIX_SUBDISTRICT,
    STOP_WORDS,
)
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

_THAI = re.compile(r"[ก-ฮ]")
PlaceKind = Literal["school", "district", "subdistrict", "province"]


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


def find_places(tokens: tuple[str, ...], vocab: Vocabulary) -> list[Mention]:
    """Every school/district/subdistrict/province mention in a token sequence, in order."""
    if not vocab.forms or not tokens:
        return []
    exact = _exact_spans(tokens, vocab)
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
        spans: list[tuple[int, int, list[tuple[Ref, float]]]] = []
        uncovered = len(chunk) - sum(len(s[2]) for s in inside)
        pieces = ["".join(tokens[i:j]) for i in range(t, u) for j in range(i + 1, min(u, i + 8) + 1)]
        fuzzy = vocab.fuzzy_forms(chunk, pieces) if uncovered >= 2 else []
        longest = max((len(s[2]) for s in inside), default=0)
        need = FUZZY_OVER_EXACT if inside else FUZZY_MIN
        fuzzy = [f for f in fuzzy if f[1] >= need and f[2] > longest]
        if fuzzy:
            top = fuzzy[0][1]
            scored = [
                pair for form, sc, _ in fuzzy if sc >= top - 12 for pair in _scored_refs(vocab.forms[form], sc)
            ]
            spans.append((t, u, scored))
        else:
            spans.extend((i, j, _scored_refs(vocab.forms[key], 100.0)) for i, j, key in inside)
        for i, j, scored in spans:
            pre = tokens[i - 1] if i > 0 else prefix
            kind, schools, place = _interpret(scored, pre)
            mentions.append(Mention(i, j, kind, schools, place))
        t = u
    return mentions


# ---------------------------------------------------------------- regex entities
_TICKET = re.compile(r"inc\s*[-_ ]?\s*(\d{4})\s*[-_ ]?\s*(\d{1,4})(?!\d)", re.I)
_YEAR4 = re.compile(r"(?<![\d\-/.])(25[4-9]\d|20[0-4]\d)(?![\d\-/])")
_YEAR2 = re.compile(r"(?:ปีการศึกษา|ปีงบประมาณ|ปี|พ\.ศ\.?|พศ\.?)\s*(?:ที่\s*)?(\d{2})(?!\d)")
_FISCAL = re.compile(r"ปีงบประมาณ\s*(?:พ\.ศ\.?)?\s*(\d{2,4})(?!\d)")
_REL_YEAR = re.compile(r"(?:(\d)\s*)?(ปีนี้|ปีที่แล้ว|ปีหน้า)")
_TERM = re.compile(r"(?:ภาคเรียน|เทอม|ภาค)\s*(?:ที่)?\s*([12])(?!\d)|\bterm\s*([12])\b")
_GRADE = re.compile(r"(?<![ก-ฮ])([มปอ])\.([1-6])(?:\s*(?:-|–|ถึง)\s*(?:[มปอ]\.)?([1-6]))?(?!\d)")
_BANDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"ม\.ต้น"), ("ม.1", "ม.2", "ม.3")),
    (re.compile(r"ม\.ปลาย"), ("ม.4", "ม.5", "ม.6")),
    (re.compile(r"ประถม(?!\s*\d)"), tuple(f"ป.{i}" for i in range(1, 7))),
    (re.compile(r"อนุบาล(?!\s*\d)"), ("อ.1", "อ.2", "อ.3")),
)
_MALE = re.compile(r"ชาย|\bmale\b|\bboys?\b|ช\.(?=\s|$)")
_FEMALE = re.compile(r"หญิง|สตรี|\bfemale\b|\bgirls?\b|ญ\.(?=\s|$)")
_BY_GENDER = re.compile(r"แยก\s*(?:ตาม)?\s*เพศ|ชาย\s*(?:และ|กับ|/|,)?\s*หญิง|หญิง\s*(?:และ|กับ|/)?\s*ชาย|รายเพศ")
_BY_GRADE = re.compile(r"แยก\s*(?:ตาม|ราย)?\s*(?:ระดับ)?ชั้น|รายชั้น|ทุกชั้น|แต่ละชั้น|แยก\s*ม\.")
_METRICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("phone", re.compile(r"เบอร์|โทร|\btel\b|phone|ติดต่อ|หมายเลข")),
    ("email", re.compile(r"อีเมล|อีเมย|เมล์?|e-?mail|gmail")),
    ("principal", re.compile(r"ผู้อำนวยการ(?!\s*(?:กลุ่ม|สำนักงาน|เขต|สพม))|ใครเป็นผอ|principal|ผู้บริหาร")),
    ("address", re.compile(r"ที่อยู่(?!\s*ใน)|ที่ตั้ง|อยู่\s*(?:ที่|ตรง)\s*ไหน|ตั้งอยู่|อยู่\s*(?:ตำบล|อำเภอ)|(?:ตำบล|อำเภอ)\s*อะไร|"
                           r"แผนที่|พิกัด|location|address|ไป\s*(?:ยังไง|อย่างไร)|เส้นทาง")),
    ("code", re.compile(r"รหัส|\bcode\b|\bid\b")),
    ("teachers", re.compile(r"ครู|อาจารย์|บุคลากร|teacher")),
    ("schools", re.compile(r"(?:กี่|จำนวน)\s*(?:โรง|แห่ง)|how many schools|จำนวนโรงเรียน|โรงเรียน\s*(?:ทั้งหมด)?\s*กี่")),
    ("students", re.compile(r"นักเรียน|เด็ก|student|[มปอ]\.\d|ม\.ต้น|ม\.ปลาย|ชาย|หญิง")),
    ("info", re.compile(r"ข้อมูล|รายละเอียด|\binfo\b|ประวัติ|ขนาด")),
)
_LARGEST = re.compile(r"(?:ใหญ่|มาก|เยอะ|สูง)\s*(?:ที่)?สุด|อันดับ\s*(?:ที่\s*)?1|\btop\b|largest|biggest")
_SMALLEST = re.compile(r"(?:เล็ก|น้อย|ต่ำ)\s*(?:ที่)?สุด|smallest")
_MY_SCHOOL = re.compile(
    r"(?:โรงเรียน|ร\.ร\.)\s*(?:ของ)?\s*(?:เรา|ฉัน|ผม|หนู|ดิฉัน|พวกเรา|ตัวเอง|กู|ข้าพเจ้า)|my school|ของเรา"
)
_WHOLE_AREA = re.compile(
    r"ทั้ง\s*(?:เขต|จังหวัด|สพม|สังกัด|หมดใน\s*เขต|หมดของ\s*เขต)|ในเขต\s*พื้นที่|ภาพรวม|ทุกโรงเรียน|"
    r"ในสังกัด|ทุกอำเภอ|ทั้งหมดในเขต"
)
_RATING = re.compile(r"^(?:ให้\s*)?(?:คะแนน\s*)?([1-5])(?:\s*(?:ดาว|คะแนน|/\s*5|เต็ม\s*5))?$")
_STARS = re.compile(r"^[⭐★☆*\s]+$")


def current_academic_year(today: date) -> int:
    """Academic year (B.E.) in progress on ``today``: it starts on 16 May."""
    be = today.year + 543
    return be if (today.month, today.day) >= (5, 16) else be - 1


def _years(text: str, base: int) -> tuple[list[int], int | None]:
    """All academic years in order of appearance, and a fiscal year if one is named."""
    found: list[tuple[int, int]] = []
    for m in _YEAR4.finditer(text):
        y = int(m.group(1))
        found.append((m.start(), y + 543 if y < 2100 else y))
    for m in _YEAR2.finditer(text):
        found.append((m.start(1), 2500 + int(m.group(1))))
    for m in _REL_YEAR.finditer(text):
        n = int(m.group(1) or 1)
        delta = {"ปีนี้": 0, "ปีที่แล้ว": -n, "ปีหน้า": 1}[m.group(2)]
        found.append((m.start(), base + delta))
    fiscal = None
    fm = _FISCAL.search(text)
    if fm:
        raw = int(fm.group(1))
        fiscal = 2500 + raw if raw < 100 else (raw + 543 if raw < 2100 else raw)
    years: list[int] = []
    for _, y in sorted(found):
        if 2400 <= y <= 2700 and y not in years:
            years.append(y)
    return years, fiscal


def _grades(text: str) -> tuple[str, ...] | None:
    out: list[str] = []
    for m in _GRADE.finditer(text):
        level, a = m.group(1), int(m.group(2))
        b = int(m.group(3)) if m.group(3) else a
        top = 3 if level == "อ" else 6
        out.extend(f"{level}.{g}" for g in range(min(a, b), min(max(a, b), top) + 1))
    for pattern, band in _BANDS:
        if pattern.search(text):
            out.extend(band)
    uniq = tuple(dict.fromkeys(out))
    return uniq or None


def _metric(text: str) -> str | None:
    hits = [(name, m.start()) for name, p in _METRICS if (m := p.search(text))]
    if not hits:
        return None
    names = [h[0] for h in hits]
    if "teachers" in names and "students" in names:  # whichever is said first
        t = dict(hits)
        drop = "students" if t["teachers"] < t["students"] else "teachers"
        names.remove(drop)
    return names[0]


def regex_entities(masked: str, *, today: date | None = None, latest_year: int | None = None) -> Entities:
    """The non-place entities of a normalised text whose place names are already masked."""
    ticket = None
    tm = _TICKET.search(masked)
    if tm:
        ticket = f"INC-{tm.group(1)}-{int(tm.group(2)):04d}"
        masked = masked[: tm.start()] + " " + masked[tm.end() :]
    base = latest_year or current_academic_year(today or date.today())
    term_m = _TERM.search(masked)
    if term_m:
        masked = masked[: term_m.start()] + " " + masked[term_m.end() :]
    years, fiscal = _years(masked, base)
    male, female = bool(_MALE.search(masked)), bool(_FEMALE.search(masked))
    gender: Literal["male", "female"] | None = None
    if male != female:
        gender = "male" if male else "female"
    breakdown = tuple(
        name for name, ok in (("gender", bool(_BY_GENDER.search(masked))), ("grade", bool(_BY_GRADE.search(masked))))
        if ok
    )
    ranking: Literal["largest", "smallest"] | None = None
    lm, sm = _LARGEST.search(masked), _SMALLEST.search(masked)
    if lm or sm:
        ranking = "largest" if lm and (not sm or lm.start() < sm.start()) else "smallest"
    rm = _RATING.match(masked.strip())
    rating = int(rm.group(1)) if rm else None
    if rating is None and _STARS.match(masked) and 1 <= masked.count("⭐") + masked.count("★") <= 5:
        rating = masked.count("⭐") + masked.count("★")
    return Entities(
        grades=_grades(masked),
        gender=gender,
        academic_year=max(years) if years else None,
        compare_years=tuple(sorted(years)) if len(years) > 1 else (),
        metric=_metric(masked),
        ranking=ranking,
        my_school=bool(_MY_SCHOOL.search(masked)),
        ticket=ticket,
        whole_area=bool(_WHOLE_AREA.search(masked)),
        fiscal_year=fiscal,
        breakdown=breakdown,
        rating=rating,
        term=int(term_m.group(1) or term_m.group(2)) if term_m else None,
    )
