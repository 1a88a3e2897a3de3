"""Questions that ask several parts at once (a process's objective and a step's time, two details of
one step), and preface facts found by their keywords."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from knowledge.manual.model import Fact, Process, Step
from knowledge.manual.query import ParsedQuery, section_places

# Cues that name a step's detail beyond doubt (the process-level ones are ParsedQuery.sections).
_STEP_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((f, re.compile(p)) for f, p in (
    ("duration", r"ใช้\s*เวลา|ระยะ\s*เวลา|เวลาดำเนินการ|กี่\s*(?:เดือน|วัน|สัปดาห์)|นาน\s*(?:เท่า|แค่|กี่)"
                 r"|เวลา\s*(?:เท่า|กี่)"),
    ("responsible", r"รับผิดชอบ|ใคร\s*(?:ทำ|เป็นคน|ดูแล)"),
))
STEP_PARTS = frozenset({"duration", "responsible"})
# Parts these words ask are answered whole elsewhere (a sum, an extreme, a chart, the law list).
_OWN_ANSWERS = frozenset({"flowchart", "laws", "law_year", "processes", "help", "supervisor"})
# Times of the whole process: asked with another part, the time part is this one ("ใช้เวลารวม").
_WHOLE_TIMES = ("total_duration", "longest", "shortest")
LEAST_TITLE_SHARE = 0.5  # a step is named when the question holds this share of its title, by weight
# Words of a data question (schools, students, teachers, districts): never a preface fact.
_DATA_WORDS = re.compile(r"นักเรียน|ครู|โรงเรียน|รร\.|อำเภอ|ตำบล|ห้องเรียน|บุคลากร|เบอร์|โทร")


def asked_parts(pq: ParsedQuery) -> tuple[str, ...]:
    """The distinct parts named beyond doubt, in the question's order, when there are two or more
    and one is a step's detail or a step is named; else () (a one-part question is left alone)."""
    if len(pq.fields) < 2 or not _OWN_ANSWERS.isdisjoint(pq.fields):
        return ()
    text = pq.normalized
    found = [(m.start(), f) for f, rx in _STEP_CUES for m in [rx.search(text)] if m]
    whole = next((f for f in _WHOLE_TIMES if f in pq.fields), None)
    if whole is not None:
        found = [(at, f) for at, f in found if f != "duration"] + [
            (next((at for at, f in found if f == "duration"), len(text)), whole)]
    if not found and pq.step_no is None:
        return ()
    found += section_places(text)
    parts = tuple(dict.fromkeys(f for _, f in sorted(found)))
    return parts if len(parts) > 1 else ()


def named_step(p: Process, tokens: Iterable[str], titles: dict[tuple[str, int], frozenset[str]],
               names: tuple[frozenset[str], ...], idf: Callable[[str], float]) -> Step | None:
    """The step of `p` whose title the question names (the words of the process's names set aside),
    when it holds at least LEAST_TITLE_SHARE of the title by weight; the best such step."""
    named = frozenset().union(*names)
    left = {t for t in tokens if t not in named}
    best: tuple[float, Step | None] = (LEAST_TITLE_SHARE, None)
    for s in p.steps:
        title = titles.get((p.id, s.no), frozenset())
        whole = sum(idf(t) for t in title)
        share = sum(idf(t) for t in title & left) / whole if whole else 0.0
        if share >= best[0] and (best[1] is None or share > best[0]):
            best = (share, s)
    return best[1]


def fact_keys(facts: tuple[Fact, ...], normalize: Callable[[str], str]) -> tuple[tuple[tuple[str, ...], int], ...]:
    """Each fact's keywords (≥ 4 characters) as the pieces that must all be in a question ("a+b")."""
    return tuple((tuple(normalize(piece) for piece in k.split("+")), i)
                 for i, f in enumerate(facts) for k in f.keywords if len(k) >= 4)


def find_fact(normalized: str, keys: tuple[tuple[tuple[str, ...], int], ...]) -> int | None:
    """The fact whose keyword the question holds; None for a data question ("อำเภอ…มีกี่โรงเรียน")."""
    for pieces, i in keys:
        if all(piece in normalized for piece in pieces):
            return None if _DATA_WORDS.search(normalized) else i
    return None
