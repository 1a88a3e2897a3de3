"""Which schools a data question is about: a school, my school, a district, a subdistrict or the area."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz
from sqlalchemy import bindparam, select

from handlers import data_texts as T
from handlers.context import Context
from handlers.data_choices import candidate_choices, canonical_query, follow_ups, unknown_school
from handlers.data_grades import grades_not_held
from handlers.messages import Choice, Message, Text
from handlers.school_lookup import ask_which_person, find_codes, manual_person, not_found, without_key_field
from handlers.topic import Topic, remember
from handlers.turn import Turn
from knowledge.name_index import Holders, name_index
from knowledge.names import abbreviated_names, leading_name, trailing_name
from knowledge.texts import SCHOOL_SUFFIXES
from knowledge.vocabulary import school_core
from models.school import School
from models.stats import Scope

if TYPE_CHECKING:
    from knowledge.understand import Understanding

CONTACT_FIELDS = frozenset({"phone", "email", "principal", "address", "code"})
YEAR_INTENTS = frozenset({"student_count", "teacher_count", "ranking"})
GRADE_INTENTS = frozenset({"student_count", "ranking", "compare_years"})
METRIC_INTENTS = frozenset({"ranking", "compare_years"})
Kind = Literal["school", "schools", "district", "subdistrict", "area"]
_CODE = re.compile(r"(?<!\d)(\d{6,10})(?!\d)")
_TERM = re.compile(r"(?:ภาคเรียน|ภาค|เทอม|term)\s*(?:ที่)?\s*([12๑๒])(?!\d)", re.I)
_SIZE = re.compile(r"ขนาด\s*(ใหญ่\s*พิเศษ|ใหญ่|กลาง|เล็ก)")
_TOP_N = re.compile(r"(\d{1,2})\s*อันดับ|(?:top|อันดับ\s*1\s*(?:-|ถึง)\s*)\s*(\d{1,2})", re.I)
_WHICH_DISTRICT = re.compile(r"อำเภอ\s*(?:ไหน|ใด|อะไร)")
MAX_CHOICES = 13
MAX_ASK = 10
"""A partial name many schools share offers at most this many of them."""
CLOSE = 85.0
"""A fuzzy school match is taken when the typed name is this similar (else: "did you mean")."""


@dataclass(frozen=True)
class Target:
    """The resolved subject of a question."""

    kind: Kind
    scope: Scope
    label: str  # "โรงเรียนหนองไผ่", "อำเภอหนองไผ่", "ทั้งเขตพื้นที่"
    school: School | None = None
    codes: tuple[str, ...] = ()  # kind "schools": the codes of the schools, in the order named


def understanding(turn: Turn, ctx: Context) -> Understanding:
    """The turn's understanding (computed here when the route was a keyword or postback)."""
    if ctx.understanding is not None:
        return ctx.understanding
    from knowledge.understand import understand
    return understand(turn.text or "", ctx.knowledge.vocabulary)


def term_of(text: str) -> int | None:
    """The term the question names (ภาคเรียนที่ 2, เทอม 1), if any."""
    m = _TERM.search(text)
    return None if m is None else int(m.group(1).translate(str.maketrans("๑๒", "12")))


def top_n(text: str, default: int = 5) -> int:
    """How many ranks were asked ("10 อันดับ"), at most 15."""
    m = _TOP_N.search(text)
    return min(int(m.group(1) or m.group(2)), 15) if m else default


def size_of(text: str) -> str | None:
    """The size class the question filters by (โรงเรียนขนาดเล็ก…), if any."""
    m = _SIZE.search(text)
    return None if m is None else m.group(1).replace(" ", "")


def asks_which_district(text: str) -> bool:
    """True for "อำเภอไหน…" questions (rank districts, not schools)."""
    return _WHICH_DISTRICT.search(text) is not None


_BY_CODE = select(School).where(School.office_id == bindparam("office"), School.code == bindparam("code"))


def school_by_code(code: str, ctx: Context) -> School | None:
    """The office's school with this code."""
    return ctx.db_session.scalar(_BY_CODE, {"office": ctx.settings.office_id, "code": code})


def school_target(s: School) -> Target:
    """A target for one school."""
    return Target("school", Scope(s.office_id, school_ids=(s.id,)), f"โรงเรียน{s.name}", s)


SEVERAL_INTENTS = frozenset({"student_count", "teacher_count", "ranking", "school_info"})
"""Questions that can be answered about several named schools at once (each, and their sum or order;
a contact field of each)."""


def schools_target(codes: tuple[str, ...], ctx: Context) -> Target | None:
    """A target for the schools named one after another (None when fewer than two are found)."""
    found = [s for s in (school_by_code(c, ctx) for c in codes) if s is not None]
    if len(found) < 2:
        return None
    label = T.SEVERAL_JOIN.join(f"โรงเรียน{s.name}" for s in found)
    return Target("schools", Scope(ctx.settings.office_id, school_ids=tuple(s.id for s in found)), label,
                  codes=tuple(s.code for s in found))


def area_target(ctx: Context) -> Target:
    """The whole area office."""
    return Target("area", Scope(ctx.settings.office_id), T.AREA)


def topic_of(ctx: Context, intent: str, *, school: str | None = None, district: str | None = None,
             subdistrict: str | None = None, schools: tuple[str, ...] = (), asked: bool = False) -> Topic:
    """The data topic of this turn's question (what was asked of which scope) for follow-ups."""
    u = ctx.understanding
    e = u.entities if u is not None else None
    year = e.academic_year if e is not None and intent in YEAR_INTENTS and not e.compare_years else None
    return Topic(
        "data", intent, school=school, schools=schools, district=district, subdistrict=subdistrict, year=year,
        grades=e.grades if e is not None and intent in GRADE_INTENTS else None,
        gender=e.gender if e is not None and intent == "student_count" else None,
        fields=tuple(f for f in e.fields if f in CONTACT_FIELDS) if e is not None and intent == "school_info" else (),
        metric=e.metric if e is not None and intent in METRIC_INTENTS and e.metric == "teachers" else None,
        asked=asked)


def resolve(turn: Turn, ctx: Context, u: Understanding, intent: str, *, need_school: bool = False,
            ) -> Target | list[Message]:
    """The question's target, or the messages to send instead (ask back, unknown name, register).
    An ask-back is remembered as the chat's topic: the name typed next answers the same question."""
    wrong = grades_not_held(u, intent, ctx) if intent in GRADE_INTENTS else None
    if wrong is not None:
        return wrong
    got = _resolve(turn, ctx, u, intent, need_school=need_school)
    if isinstance(got, list) and not u.entities.my_school:
        remember(ctx, topic_of(ctx, intent, asked=True))
    return got


def _resolve(turn: Turn, ctx: Context, u: Understanding, intent: str, *, need_school: bool = False,
             ) -> Target | list[Message]:
    e = u.entities
    if e.leaves_out_school:
        # a total without one school is not computed: saying so beats counting exactly the school left out
        ctx.note(intent, answered=False, leaves_out_school=True)
        return [Text(T.CANNOT_LEAVE_OUT_SCHOOL)]
    if e.lookup is not None:
        by_key = _by_key(u, intent, ctx)
        if by_key is not None:
            return by_key
    for m in _CODE.finditer(u.text or turn.text or ""):
        found = school_by_code(m.group(1), ctx)
        if found is not None:
            return school_target(found)
    if e.my_school:
        user = ctx.user
        if user is not None and user.school is not None:
            return school_target(user.school)
        ctx.note(intent, answered=False, my_school=True)
        return [Text(T.REGISTER_FIRST, (Choice("ลงทะเบียน", text="ลงทะเบียน"),))]
    several = schools_target(e.named_schools, ctx) if intent in SEVERAL_INTENTS else None
    if several is not None:  # "หนองไผ่กับวิเชียรบุรี": each school named, answered together
        return several
    if e.schools:
        shared = _shared_name(u, intent, ctx)
        if shared is not None:
            return shared
        if e.school_ambiguous and len({c.code for c in e.schools}) > 1:
            ctx.note(intent, answered=False, ambiguous=[c.code for c in e.schools])
            return [Text(T.ASK_WHICH, candidate_choices([c.code for c in e.schools], u, intent, ctx))]
        typed = unknown_name(u, marked_only=True)
        if e.schools[0].score < 100 and typed and not _close(typed, e.schools[0].code, ctx):
            ctx.note(intent, answered=False, unknown_school=typed)
            return unknown_school(typed, u, intent, ctx, first=e.schools[0].code)
        found = school_by_code(e.schools[0].code, ctx)
        if found is not None:
            return school_target(found)
    named = unknown_name(u, marked_only=True)
    if not e.schools and school_core(named):  # "ร.ร.ทุ่งสมอวิทยาคม": a school's name, though a place's is in it
        return _typed_school(named, _containing(named, ctx), u, intent, ctx)
    if e.district:
        return Target("district", Scope(ctx.settings.office_id, district=e.district), f"อำเภอ{e.district}")
    if e.subdistrict:
        return Target("subdistrict", Scope(ctx.settings.office_id, subdistrict=e.subdistrict),
                      f"ตำบล{e.subdistrict}")
    district = _typed_district(u, ctx, intent)
    if district is not None:
        return district
    # after a named province only a name typed after โรงเรียน counts (else the province meant the area)
    unknown = unknown_name(u, marked_only=bool(e.province)) if not e.whole_area else ""
    holders = _containing(unknown, ctx) if unknown else Holders((), 0)
    if not (unknown or e.whole_area or e.province):
        lead = leading_name(u.tokens)  # a bare name first ("พ่อขุน นักเรียนกี่คน"), taken only if a school has it
        holders = _containing(lead, ctx) if len(lead) >= 2 else Holders((), 0)
        if not holders.total:  # or last ("ครู วิเชียร")
            lead = trailing_name(u.tokens)
            holders = _containing(lead, ctx) if len(lead) >= 2 else Holders((), 0)
        unknown = lead if holders.total else ""
    if unknown:
        return _typed_school(unknown, holders, u, intent, ctx)
    followed = followed_target(ctx, need_school=need_school)
    if followed is not None:  # a follow-up ("แล้วครูล่ะ"): the school or district of the answer before
        return followed
    if ctx.follow_up is not None and ctx.follow_up.asked:  # "แล้วครูล่ะ" while "which school?" waits
        ctx.note(intent, answered=False)
        if intent == "school_info":
            return [Text(T.ASK_SCHOOL_FIELD.format(what=_question_of(u, intent)))]
        area = Choice(T.AREA_CHOICE, text=f"{(turn.text or '').strip()} {T.AREA_CHOICE}")  # or the area, one tap
        return [Text(T.ASK_SCHOOL_AGAIN.format(what=_question_of(u, intent)), (area,))]
    if need_school:
        ctx.note(intent, answered=False)
        vocab = ctx.knowledge.vocabulary
        example = vocab.schools[0].name if vocab.schools else "…"
        return [Text(T.ASK_SCHOOL.format(example=example))]
    return area_target(ctx)


def _typed_school(typed: str, holders: Holders, u: Understanding, intent: str, ctx: Context,
                  ) -> Target | list[Message]:
    """The school a name typed (in part) stands for, an ask-back when several hold it, else "not found"."""
    if holders.total == 1 and len(typed) > 2:  # a partial name only one school has ("พ่อขุน", "ศรีเทพฯ");
        # two letters ("นา") are too few to answer for a school unasked
        found = school_by_code(holders.codes[0], ctx)
        if found is not None:
            return school_target(found)
    if holders.total > 1:
        return _ask_partial(typed, holders, u, intent, ctx)
    ctx.note(intent, answered=False, unknown_school=typed)
    return unknown_school(typed, u, intent, ctx, first=holders.codes[0] if holders.codes else None)


def followed_target(ctx: Context, *, need_school: bool = False) -> Target | None:
    """The scope of the answer this text follows up on (`ctx.follow_up`), if a school or a district."""
    topic = ctx.follow_up
    if topic is None:
        return None
    if topic.school is not None:
        found = school_by_code(topic.school, ctx)
        return school_target(found) if found is not None else None
    if topic.schools:
        return schools_target(topic.schools, ctx)
    if need_school:
        return None
    if topic.district:
        return Target("district", Scope(ctx.settings.office_id, district=topic.district), f"อำเภอ{topic.district}")
    if topic.subdistrict:
        return Target("subdistrict", Scope(ctx.settings.office_id, subdistrict=topic.subdistrict),
                      f"ตำบล{topic.subdistrict}")
    return None


def unknown_name(u: Understanding, *, marked_only: bool = False) -> str:
    """The name typed after โรงเรียน/รร. (or, unless marked_only, cut short with ฯ anywhere) when it
    named no known school ("" when none)."""
    for n in u.names:
        if n.kind == "school" and len(n.name) >= 2:
            return n.name
    if marked_only:
        return ""
    return next(iter(abbreviated_names(u.tokens)), "")


def _typed_district(u: Understanding, ctx: Context, intent: str) -> Target | list[Message] | None:
    """A district typed in part ("อ.วิเชียร") or unknown ("อำเภอบางกะปิ"): its target, a polite "not
    found", or None when no district name was typed."""
    typed = next((n.name for n in u.names if n.kind == "district" and len(n.name) >= 2), "")
    if not typed:
        return None
    districts = ctx.knowledge.vocabulary.districts
    holders = [d for d in districts if d.startswith(typed) or (len(typed) >= 3 and typed in d)]
    if len(holders) == 1:
        d = holders[0]
        return Target("district", Scope(ctx.settings.office_id, district=d), f"อำเภอ{d}")
    if holders:
        return [Text(T.ASK_WHICH_DISTRICT, tuple(Choice(f"อำเภอ{d}", text=f"อำเภอ{d} {_question_of(u)}".strip())
                                                 for d in holders[:MAX_CHOICES]))]
    ctx.note(intent, answered=False, unknown_district=typed)
    return [Text(T.UNKNOWN_DISTRICT.format(name=typed, districts=", ".join(districts)))]


def _question_of(u: Understanding, intent: str = "") -> str:
    """What was asked, without the place: "นักเรียน ม.1 มีกี่คน" (for a district choice's text)."""
    e = u.entities
    if intent == "school_info":
        fields = [T.FIELD_WORDS[f] for f in (e.fields or (e.metric or "",)) if f in T.FIELD_WORDS]
        return "และ".join(fields) or "ข้อมูล"
    what = T.what_label(e.grades, e.gender)
    if e.metric == "teachers" or intent == "teacher_count":
        return "มีครูกี่คน"
    return f"มีนักเรียน{what} กี่คน" if what else "มีนักเรียนกี่คน"


def _containing(typed: str, ctx: Context) -> Holders:
    """Schools whose name or alias contains the typed words (two letters, "นา": only the start of a name)."""
    return name_index(ctx.knowledge.vocabulary).holders(typed, limit=MAX_ASK)


def _shared_name(u: Understanding, intent: str, ctx: Context) -> list[Message] | None:
    """Ask back when the school was read from a part of its name that other schools' names hold too
    ("รร.เพชร": เพชรพิทยาคม, เพชรบูรณ์วิทยา, …); None when the name typed was whole or only one has it."""
    e = u.entities
    if not e.schools or e.schools[0].score >= 100:
        return None
    typed = e.school_typed.replace(" ", "") or unknown_name(u, marked_only=True)
    holders = _containing(typed, ctx) if len(typed) >= 2 else Holders((), 0)
    if holders.total <= 1:
        return None
    return _ask_partial(typed, holders, u, intent, ctx)


def _ask_partial(typed: str, holders: Holders, u: Understanding, intent: str, ctx: Context) -> list[Message]:
    """Which of the schools that hold this partial name: their names listed, one quick reply each."""
    ctx.note(intent, answered=False, ambiguous=list(holders.codes), partial=typed)
    vocab = ctx.knowledge.vocabulary
    head = (T.ASK_WHICH_PARTIAL.format(name=typed) if holders.total <= len(holders.codes)
            else T.ASK_WHICH_MANY.format(name=typed, n=holders.total, k=len(holders.codes)))
    lines = [T.CANDIDATE_LINE.format(name=s.name, district=f" (อ.{s.district})" if s.district else "")
             for s in (vocab.school(c) for c in holders.codes) if s is not None]
    return [Text("\n".join([head, *lines]), candidate_choices(list(holders.codes), u, intent, ctx))]


def _by_key(u: Understanding, intent: str, ctx: Context) -> Target | list[Message] | None:
    """The school a code, phone number, e-mail or principal's name belongs to; an ask-back when several
    have it; a polite "not found" (None: an unknown code beside a named school, which then counts)."""
    assert u.entities.lookup is not None
    kind, value = u.entities.lookup
    if kind == "code":
        found = school_by_code(value, ctx)
        codes: tuple[str, ...] = (found.code,) if found is not None else ()
    else:
        codes = find_codes(kind, value, ctx)
    if len(codes) == 1:
        found = school_by_code(codes[0], ctx)
        if found is not None:
            return school_target(found)
    if not codes and kind == "code" and u.entities.schools:
        return None
    ctx.note(intent, answered=False, lookup=kind, ambiguous=list(codes[:MAX_ASK]))
    if not codes:
        return (manual_person(value, ctx) if kind == "person" else None) or not_found(kind, value)
    choices = candidate_choices(list(codes[:MAX_ASK]), without_key_field(u), intent, ctx)
    if kind == "person":
        return ask_which_person(value, codes, u, intent, ctx, choices)
    return [Text(T.ASK_WHICH, choices)]


def _close(typed: str, code: str, ctx: Context) -> bool:
    """True when what was typed after โรงเรียน is (part of) the school's name or alias, or a small typo of it."""
    entry = ctx.knowledge.vocabulary.school(code)
    if entry is None:
        return False
    forms = [x.replace(" ", "") for x in (entry.name, *entry.aliases)]
    return (any(typed in f or f in typed or _without_middle_word(typed, f) for f in forms)
            or max(fuzz.ratio(typed, f) for f in forms) >= CLOSE)


def _without_middle_word(typed: str, form: str) -> bool:
    """The name typed without a generic word from its middle ("สวนกุหลาบเพชรบูรณ์" for
    "สวนกุหลาบวิทยาลัย เพชรบูรณ์"): both ends typed whole, so it names that school."""
    extra = len(form) - len(typed)
    if extra <= 0 or not form.startswith(typed[:1]):
        return False
    return any(len(w) == extra and form[i:i + extra] == w and typed == form[:i] + form[i + extra:]
               for w in SCHOOL_SUFFIXES for i in range(2, len(typed) - 1) if form.startswith(typed[:i]))


__all__ = ["canonical_query", "follow_ups", "unknown_school"]
