"""The law list: which items a question names (by title, fragment, alias or B.E. year), and where
the manual cites each item (a process's references, the preface)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.manual.model import Law, ManualContent
from knowledge.manual.textproc import content_tokens, normalize_text

TITLE_COVERAGE = 0.8  # least IDF-weighted share of an item's title the question must hold
QUESTION_COVERAGE = 0.6  # least share of the question's words the title must hold
CITE_COVERAGE = 0.9  # a process reference cites an item when one holds this much of the other
CITE_LEAST = 0.6  # ... and the other at least this much
TIE_MARGIN = 0.25  # items this close to the best are shown together (ฉบับที่ 2 of the same title)
MAX_ITEMS = 3
EXACT = 0.999  # one shared word counts only when it is the whole title and the whole question
LEGAL_KINDS = frozenset({"พระราชบัญญัติ", "ระเบียบ", "ประกาศ"})
_YEAR = re.compile(r"(?<!\d)(2[45]\d\d)(?!\d)")
_EDITION = re.compile(r"\(\s*ฉบับที่\s*\d+\s*\)")
_SUBJECT = re.compile(r"(?:ว่าด้วย|เรื่อง)\s*(.+)$")  # ระเบียบ… ว่าด้วย <subject>: people name the subject
_ASK_PHRASE = re.compile(r"(?:ขอ|อยากได้|อยากทราบ)\s*(?:ดู)?\s*ข้อมูล")  # "ขอข้อมูล X": X is named
# Words that only ask; they name no item.
_ASKING = frozenset({"ไหม", "มั้ย", "คู่มือ", "มี", "ปี", "พ.ศ.", "ฉบับไหน", "ปีไหน", "ออก", "ลงวันที่", "วันที่",
                     "year", "date", "when", "which", "issued", "enacted", "ไหร่"})


@dataclass(frozen=True)
class Citation:
    """Where the manual mentions a list item besides the list itself."""

    process_id: str | None  # None: the preface
    process_name: str
    text: str  # the citing text (the reference line, or the preface's sentence)


@dataclass(frozen=True)
class LawMatch:
    """One list item a question names, with how well."""

    index: int  # position in the list (0-based)
    score: float


def _year_of(token: str) -> bool:
    return bool(_YEAR.fullmatch(token))


def title_tokens(text: str) -> frozenset[str]:
    """Content tokens of a title, without B.E. years (the year is matched on its own)."""
    return frozenset(t for t in content_tokens(normalize_text(text)) if not _year_of(t) and t not in _ASKING)


def title_variants(law: Law) -> tuple[frozenset[str], ...]:
    """The ways an item is named: its title, its aliases, and for "<kind> <issuer> ว่าด้วย <subject>"
    the subject alone and "<kind> <subject>" (ระเบียบว่าด้วยงานสารบรรณ, งานสารบรรณ)."""
    names = [law.name, *law.aliases]
    m = _SUBJECT.search(law.name)
    if m:
        kind = " ".join(content_tokens(normalize_text(law.name))[:1])
        subject = _EDITION.sub(" ", m.group(1))  # (ฉบับที่ 2) of the same title: named alike
        names += [m.group(1), subject, f"{kind} {subject}"]
    return tuple(dict.fromkeys(t for t in map(title_tokens, names) if t))


def asked_years(normalized: str) -> tuple[int, ...]:
    """B.E. years written in the question (2400-2599)."""
    return tuple(int(y) for y in _YEAR.findall(normalized))


def year_fits(law: Law, year: int) -> bool:
    """The item's year, or its range ("2552 - 2554", "2548 – ปัจจุบัน"), holds this year."""
    if law.year == year:
        return True
    years = [int(y) for y in _YEAR.findall(law.year_text)]
    if len(years) == 2:
        return years[0] <= year <= years[1]
    return bool(years) and "ปัจจุบัน" in law.year_text and year >= years[0]


class LawFinder:
    """Finds the list items a question names; `idf` weighs words (rare words count more)."""

    def __init__(self, content: ManualContent, idf: Callable[[str], float]) -> None:
        self.laws = content.laws
        self._idf = idf
        self._titles = tuple(title_variants(law) for law in content.laws)
        # every word of an item's full title: a question's word found there is explained by the item
        self._full = tuple(title_tokens(law.text) | title_tokens(law.name) for law in content.laws)
        self._kinds = tuple(frozenset(content_tokens(normalize_text(law.name))[:1]) for law in content.laws)
        self._all_kinds = frozenset(t for k in self._kinds for t in k)
        self.kind_words = self._all_kinds | {"กฎหมาย"}  # say what kind of item, not which one
        refs = [(p.id, p.name, ref, title_tokens(ref)) for p in content.processes for ref in p.all_references()]
        facts = [(normalize_text(f.text), f.text) for f in content.facts]
        self.citations = tuple(self._cite(law, refs, facts) for law in content.laws)

    def _weight(self, tokens: frozenset[str] | set[str]) -> float:
        return sum(self._idf(t) for t in tokens)

    def find(self, normalized: str, law_hint: bool = False, least_words: int = 1) -> list[LawMatch]:
        """The items the question names, best first (several when the title fits them alike);
        `least_words`: how many of a title's words the question must hold (unless it is the title)."""
        asked = {t for t in content_tokens(_ASK_PHRASE.sub(" ", normalized))
                 if t not in _ASKING and not _year_of(t)}
        years = asked_years(normalized)
        found: list[LawMatch] = []
        if asked:
            q_weight = self._weight(asked)
            for i, titles in enumerate(self._titles):
                best = 0.0
                for title in titles:
                    common = title & asked
                    if not common:
                        continue
                    t_cov = self._weight(common) / self._weight(title)
                    q_cov = self._weight(asked & (title | self._full[i])) / q_weight
                    if len(common) < least_words and min(t_cov, q_cov) < EXACT:  # one word: the whole title
                        continue
                    if t_cov >= TITLE_COVERAGE and q_cov >= QUESTION_COVERAGE:
                        best = max(best, t_cov + q_cov)
                if best:
                    bonus = 0.3 if years and any(year_fits(self.laws[i], y) for y in years) else 0.0
                    found.append(LawMatch(i, best + bonus))
        if not found and years and law_hint and least_words <= 1:
            # "ระเบียบ พ.ศ. 2526", "กฎหมายปี 2550": the year names the item
            kinds = asked & self._all_kinds
            found = [LawMatch(i, 1.0) for i, law in enumerate(self.laws)
                     if law.year in years and (not kinds or kinds & self._kinds[i])]
        if not found:
            return []
        found.sort(key=lambda m: (-m.score, m.index))
        top = found[0].score
        return [m for m in found if m.score >= top - TIE_MARGIN][:MAX_ITEMS]

    def kind_fits(self, tokens: list[str], index: int) -> bool:
        """A question naming a legal kind (พระราชบัญญัติ, ระเบียบ, ประกาศ) fits only items of that kind."""
        named = set(tokens) & LEGAL_KINDS
        return not named or bool(named & self._kinds[index])

    def _cite(self, law: Law, refs: list[tuple[str, str, str, frozenset[str]]],
              facts: list[tuple[str, str]]) -> tuple[Citation, ...]:
        """Process references that name the item (one per process), and the preface sentence that does."""
        name = title_tokens(law.name)
        out: list[Citation] = []
        for pid, pname, ref, ref_toks in refs:
            common = name & ref_toks
            if not common or any(c.process_id == pid for c in out):
                continue
            covs = sorted((self._weight(common) / self._weight(name), self._weight(common) / self._weight(ref_toks)))
            if covs[0] >= CITE_LEAST and covs[1] >= CITE_COVERAGE:
                out.append(Citation(pid, pname, ref))
        plain_name = normalize_text(law.name)
        out += [Citation(None, "", text) for norm, text in facts if plain_name in norm][:1]
        return tuple(out)
