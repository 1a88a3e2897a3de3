"""ManualIndex: every field of the manual as a document, ranked, then the precise part answered."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import numpy as np

from knowledge.manual import answers as A
from knowledge.manual.about import about_answer, about_question, title_words
from knowledge.manual.answers import LawItem, ManualAnswer
from knowledge.manual.docs import STEP_FIELDS, build_docs, part_tokens, texts_of, tokens_of
from knowledge.manual.laws import LEGAL_KINDS, LawFinder, asked_years
from knowledge.manual.model import ManualContent, Process, Step, load_content
from knowledge.manual.parts import asked_parts, fact_keys, find_fact, named_step
from knowledge.manual.people import manual_people, person_answer, person_in_post, person_named
from knowledge.manual.query import CUE_TOKENS, ParsedQuery, parse_query
from knowledge.manual.rank import Corpus, Ranker, Scored, make_ranker
from knowledge.manual.textproc import (
    STOPWORDS,
    normalize_text,
    register_text,
    split_compound,
)
from knowledge.manual.typos import TypoMender

DEFAULT_RANKER = "bm25"  # measured better than "fuzzy" on the labelled set (see README)
MATCH_THRESHOLD = 0.5  # least coverage of the question's content words for any answer
STEP_MARGIN = 0.15  # a step wins over its process when it covers this much more of the question
PROCESS_FIELDS = ("objective", "scope", "definition", "indicator", "forms", "references",
                  "flowchart", "supervisor", "steps", "total_duration", "longest", "shortest")
_KIND_PRIORITY = {"name": 0.03, "definition": 0.02, "law": 0.01, "fact": 0.01}
_LAW_HINT_BONUS = 0.15
_NAME_BONUS = 0.3
NEAREST_LAW_COVERAGE = 0.25  # a law this close is offered when the one asked is not in the list
_LAW_KINDS = LEGAL_KINDS | {"กฎหมาย"}
_OVERVIEW_WORDS = ("คู่มือ", "กระบวนงาน")  # "ขอดูคู่มือ": the manual as a whole
COMBINED_FIELDS = frozenset({"objective", "scope", "definition", "indicator", "standard", "forms", "references"})
NAME_SHARE = 0.5  # a text alone names a process when it holds this share of one of its names


class ManualIndex:
    """Immutable search index over the manual's content; `answer` gives the precise part asked."""

    def __init__(self, content: ManualContent, ranker: str = DEFAULT_RANKER) -> None:
        self.content = content
        self.processes: tuple[Process, ...] = content.processes
        self._by_id = {p.id: p for p in content.processes}
        self._people = manual_people(content.processes)
        register_text(texts_of(content))  # the segmentation dictionary: the manual's own words
        self._typos = TypoMender(texts_of(content))
        self._docs = tuple(build_docs(content))
        self._corpus = Corpus([d.tokens for d in self._docs])
        self._ranker: Ranker = make_ranker(ranker, self._corpus)
        self.ranker_name = ranker
        self._name_doc = {d.process_id: i for i, d in enumerate(self._docs) if d.kind == "name"}
        self._fact_keys = fact_keys(content.facts, normalize_text)
        self._prior = np.array([_KIND_PRIORITY.get(d.kind, 0.0) for d in self._docs], dtype=np.float32)
        self._is_law = np.array([d.kind == "law" for d in self._docs])
        self._titles = {(p.id, st.no): frozenset(tokens_of(st.title)) for p in self.processes for st in p.steps}
        self._names = {p.id: tuple(frozenset(tokens_of(n)) for n in (p.name, p.short_name, p.table_name,
                                                                    *p.aliases)) for p in self.processes}
        self._known = frozenset(self._corpus.vocab) | STOPWORDS | CUE_TOKENS
        self._title_words = title_words(content)
        part_tokens.cache_clear()

    @cached_property
    def _law_finder(self) -> LawFinder:
        # built on the first question that may name a law (~0.1 s), not at start-up
        return LawFinder(self.content, self._idf)

    @classmethod
    def load(cls, content_dir: Path | None = None, ranker: str = DEFAULT_RANKER) -> ManualIndex:
        """Build the index from a content directory (default: the packaged content)."""
        return cls(load_content(content_dir), ranker=ranker)

    def process(self, process_id: str) -> Process | None:
        """The process with this id, or None."""
        return self._by_id.get(process_id)

    def answer(self, query: str, context: str | None = None) -> ManualAnswer:
        """Answer a question with the precise part of the manual; `context` is a process id. Words typed
        one letter off are mended only when the question as typed finds nothing (mending costs ~2 ms)."""
        pq = parse_query(query)
        ans = self._answer_query(pq, context)
        if ans.kind != "no_match":
            return ans
        mended = parse_query(query, repair=self._typos.mend)
        return ans if mended.normalized == pq.normalized else self._answer_query(mended, context)

    def _answer_query(self, pq: ParsedQuery, context: str | None) -> ManualAnswer:
        sure = self._sure(pq, least_words=1) if pq.step_no is None else None
        if sure is not None:
            return sure
        ans = self._answer(pq, context)
        if ans.kind == "no_match" and pq.law_hint:
            return self._law_not_found(pq, ans.score)
        p = self._by_id.get(ans.process_id or "")
        parts = asked_parts(pq) if p is not None else ()
        if p is not None and parts:  # "วัตถุประสงค์งาน X และขั้นตอน Y ใช้เวลาเท่าไหร่": every part
            return self._parts_answer(pq, p, ans, parts)
        if p is not None and ans.kind == "fact" and ans.field in pq.sections and len(pq.sections) > 1:
            # "วัตถุประสงค์งานเครือข่าย แล้วก็ขอบเขตด้วย": every part named, of the same process
            asked = [f for f in pq.sections if f in COMBINED_FIELDS]
            if len(asked) > 1:
                return A.process_fields_answer(p, asked, ans.score)
        if p is not None and pq.asks_count and ans.kind == "process":
            return A.with_step_count(ans, p)
        return ans

    def _parts_answer(self, pq: ParsedQuery, p: Process, ans: ManualAnswer,
                      parts: tuple[str, ...]) -> ManualAnswer:
        """Each part asked, short, in the question's order; a step's details under one heading."""
        step: Step | None
        if pq.step_no is not None:
            step = p.step(pq.step_no if pq.step_no > 0 else len(p.steps))
        elif ans.step_no is not None:
            step = p.step(ans.step_no)
        else:
            step = named_step(p, self.prepare(pq.tokens), self._titles, self._names[p.id], self._idf)
        of_step = [f for f in parts if step is not None and f in STEP_FIELDS]
        out: list[ManualAnswer] = []
        for f in parts:
            if step is None or f not in of_step:
                out.append(A.process_field_answer(p, f, ans.score))
            elif f == of_step[0]:
                out.append(A.step_fields_answer(p, step, of_step, ans.score))
        return A.parts_answer(p, out)

    def named(self, query: str) -> ManualAnswer | None:
        """Only a sure answer: the question is about the manual itself, names list items by their
        titles (at least two of its words), is a process's name ("งาน MIS", "แผนไอซีที") with at
        most a part asked, or asks a law's year (found in the list or not); else None (for texts
        no intent understood)."""
        typed = parse_query(query)
        found = self._named(typed, query)
        if found is not None:
            return found
        pq = parse_query(query, repair=self._typos.mend)
        return self._named(pq, query) if pq.normalized != typed.normalized else None

    def _named(self, pq: ParsedQuery, query: str) -> ManualAnswer | None:
        sure = self._sure(pq, least_words=2)
        fact = find_fact(pq.normalized, self._fact_keys) if sure is None else None
        if fact is not None:  # "สพม. มีกี่เขต": a preface fact by its keywords
            return A.fact_answer(self.content.facts[fact], 1.0)
        if sure is None and pq.step_no is None and self._names_one_process(pq):
            ans = self._answer(pq, None)
            return ans if ans.kind != "no_match" else None
        if sure is None and pq.law_hint and pq.field == "law_year":  # "PDPA act year?": a law's year asked
            return self.answer(query)
        return sure

    def _names_one_process(self, pq: ParsedQuery) -> bool:
        """Every content word of the question is in one name of one process: the whole name
        ("เครือข่าย", "นวัตกรรม") or two words or more making at least half of it, by weight ("งาน MIS",
        "แผนพัฒนา ICT"); one word of a longer name ("ได้ข้อมูลแล้ว") names nothing."""
        asked = set(self.prepare(pq.tokens))
        if not asked:
            return False
        weight = sum(self._idf(t) for t in asked)
        hits = {pid for pid, names in self._names.items() for n in names
                if n and (asked == n or (len(asked) >= 2 and asked <= n
                                         and weight >= NAME_SHARE * sum(self._idf(t) for t in n)))}
        return len(hits) == 1

    def _sure(self, pq: ParsedQuery, least_words: int) -> ManualAnswer | None:
        """A question about the manual itself, or one naming list items by title."""
        about = about_question(pq.normalized, pq.tokens, self._title_words)
        if about is not None:
            return about_answer(self.content, about)
        person = person_named(self._people, pq.normalized)
        person = person or person_in_post(self._people, pq.normalized)
        if person is not None:  # "นฤมล รักษาบุญ ตำแหน่งอะไร / รับผิดชอบงานอะไรบ้าง", "ผอ.กลุ่ม… ชื่ออะไร"
            return person_answer(person)
        named = self._law_finder.find(pq.normalized, pq.law_hint, least_words=least_words)
        if not named:
            return None
        return self._law_items_answer([m.index for m in named], min(1.0, named[0].score / 2), pq)

    def _answer(self, pq: ParsedQuery, context: str | None) -> ManualAnswer:
        ctx = self._by_id.get(context) if context else None
        fact = find_fact(pq.normalized, self._fact_keys)
        if fact is not None:
            return A.fact_answer(self.content.facts[fact], 1.0)
        if pq.field == "help":
            return A.no_match(self.processes, 0.0)
        if pq.field == "processes":
            return A.processes_answer(self.processes, 1.0)
        tokens = self.prepare(pq.tokens)
        if not tokens and pq.field is None and pq.step_no is None and any(
                w in pq.normalized for w in _OVERVIEW_WORDS):
            return A.processes_answer(self.processes, 1.0)  # "ขอดูคู่มือ": an overview, not a miss
        sc = self._ranker.score(tokens)
        if pq.field in ("laws", "law_year") or (pq.law_hint and pq.field in (None, "definition")):
            found = self._law(pq, tokens, sc)
            if found is not None:
                return found
        if pq.step_no is not None or pq.field in STEP_FIELDS:
            return self._step_part(pq, tokens, sc, ctx)
        if pq.field == "references" and set(tokens) & _LAW_KINDS:
            # "งานเครือข่ายอ้างอิงกฎหมายอะไร": the kind of reference asked, not the process's words
            tokens = [t for t in tokens if t not in _LAW_KINDS]
            sc = self._ranker.score(tokens)
        if pq.field in PROCESS_FIELDS:
            return self._process_part(pq, tokens, sc, ctx)
        return self._best_doc(pq, tokens, sc)

    def prepare(self, tokens: tuple[str, ...]) -> list[str]:
        """Split unknown compounds into known words, drop cue words, repair typos."""
        parts: list[str] = []
        run: list[str] = []
        for tok in (*tokens, ""):
            if tok and tok not in self._known:
                run.append(tok)
                continue
            if run:  # unknown fragments: rejoin, then split into known words if possible
                joined = split_compound("".join(run), self._known)
                parts += joined if len(joined) > 1 else [
                    x for t in run for x in split_compound(t, self._known)]
                run = []
            if tok:
                parts.append(tok)
        return self._corpus.repair([t for t in parts if t not in STOPWORDS and t not in CUE_TOKENS])

    # -- helpers ------------------------------------------------------------------------------

    def _idf(self, token: str) -> float:
        at = self._corpus.pos.get(token)
        return float(self._corpus.idf[at]) if at is not None else self._corpus.unknown_idf

    def _law_item(self, i: int) -> LawItem:
        cites = self._law_finder.citations[i]
        return LawItem(i + 1, self.content.laws[i],
                       tuple((c.process_name, c.text) for c in cites if c.process_id is not None),
                       next((c.text for c in cites if c.process_id is None), ""))

    def _law_items_answer(self, indexes: list[int], score: float, pq: ParsedQuery) -> ManualAnswer:
        return A.law_answer([self._law_item(i) for i in indexes], len(self.content.laws), score,
                            asked_years(pq.normalized))

    def _law_not_found(self, pq: ParsedQuery, score: float) -> ManualAnswer:
        tokens = [t for t in self.prepare(pq.tokens) if t not in self._law_finder.kind_words]
        near: list[int] = []
        if tokens:
            sc = self._ranker.score(tokens)
            order = np.argsort(-(sc.rank + self._prior))
            near = [self._docs[int(i)].ref for i in order
                    if self._is_law[int(i)] and sc.coverage[int(i)] >= NEAREST_LAW_COVERAGE][:2]
        return A.law_not_found([self._law_item(i) for i in near], len(self.content.laws), score)

    def _best(self, sc: Scored, mask: np.ndarray, bonus: np.ndarray | None = None) -> tuple[int, float]:
        if not mask.any():
            return -1, 0.0
        rank = sc.rank + self._prior + (bonus if bonus is not None else 0.0)
        i = int(np.argmax(np.where(mask, rank, -np.inf)))
        return i, float(sc.coverage[i])

    def _mask(self, kind: str | None = None, fld: str | None = None) -> np.ndarray:
        return np.array([(kind is None or d.kind == kind) and (fld is None or d.field == fld)
                         for d in self._docs])

    def _title_fits(self, tokens: list[str], pid: str, no: int) -> bool:
        """The question names the step's short title more fully than the process name."""
        asked = set(tokens)
        title = self._titles[(pid, no)]
        named = max(len(n & asked) / len(n) for n in self._names[pid] if n)
        return bool(title) and len(title & asked) / len(title) > named

    def _best_process(self, sc: Scored) -> tuple[Process | None, float]:
        best: tuple[float, float, Process | None] = (-1.0, 0.0, None)
        for p in self.processes:
            idx = [i for i, d in enumerate(self._docs) if d.process_id == p.id]
            for i in idx:
                weight = 1.0 if self._docs[i].kind == "name" else 0.85
                value = float(sc.rank[i]) * weight
                if value > best[0]:
                    best = (value, float(sc.coverage[i]) * weight, p)
        return best[2], best[1]

    def _best_name_coverage(self, sc: Scored) -> float:
        return max(float(sc.coverage[i]) for i in self._name_doc.values())

    def _name_bonus(self, sc: Scored) -> np.ndarray:
        bonus = np.zeros(len(self._docs), dtype=np.float32)
        for i, d in enumerate(self._docs):
            if d.process_id is not None:
                bonus[i] = _NAME_BONUS * float(sc.coverage[self._name_doc[d.process_id]])
        return bonus

    def _law(self, pq: ParsedQuery, tokens: list[str], sc: Scored) -> ManualAnswer | None:
        i, conf = self._best(sc, self._is_law)
        if tokens and conf >= MATCH_THRESHOLD and pq.field != "laws":
            if not self._law_finder.kind_fits(tokens, self._docs[i].ref):
                return None  # "ระเบียบพัสดุ" is no plan or document of the list, however alike
            return self._law_items_answer([self._docs[i].ref], conf, pq)
        if pq.field == "laws":
            p, pconf = self._best_process(sc)
            if p is not None and tokens and pconf >= MATCH_THRESHOLD:
                return A.process_field_answer(p, "references", pconf)
            return A.laws_answer(self.content.laws, 1.0)
        return None

    def _step_part(self, pq: ParsedQuery, tokens: list[str], sc: Scored, ctx: Process | None) -> ManualAnswer:
        fld = pq.field if pq.field in STEP_FIELDS else None
        p, pconf = self._best_process(sc)
        if pq.step_no is not None:
            if tokens and pconf < MATCH_THRESHOLD:
                return A.no_match(self.processes, pconf)
            target = p if tokens else ctx
            if target is None:
                return A.across_answer(self.processes, fld or "detail", pq.step_no, 1.0)
            no = pq.step_no if pq.step_no > 0 else len(target.steps)
            step = target.step(no)
            return A.step_answer(target, step, fld, pconf or 1.0) if step else A.no_such_step(target, no)
        assert fld is not None
        if not tokens:
            if ctx is not None:
                return A.process_field_answer(ctx, fld, 1.0)
            return A.across_answer(self.processes, fld, None, 1.0)
        i, conf = self._best(sc, self._mask("step", fld), self._name_bonus(sc))
        d = self._docs[i]
        sp = self._by_id[d.process_id or ""]
        # the process the question names best (a step of another process must clearly beat it)
        name_cov = max(float(sc.coverage[self._name_doc[sp.id]]), self._best_name_coverage(sc))
        if conf >= MATCH_THRESHOLD and d.step_no is not None and (
                conf >= name_cov + STEP_MARGIN or self._title_fits(tokens, sp.id, d.step_no)):
            step = sp.step(d.step_no)
            if step is not None:
                return A.step_answer(sp, step, fld, conf)
        if p is not None and pconf >= MATCH_THRESHOLD:
            return A.process_field_answer(p, fld, pconf)
        return A.no_match(self.processes, max(conf, pconf))

    def _process_part(self, pq: ParsedQuery, tokens: list[str], sc: Scored,
                      ctx: Process | None) -> ManualAnswer:
        fld = pq.field or "steps"
        if not tokens:
            if ctx is not None:
                return A.process_field_answer(ctx, fld, 1.0)
            if fld == "steps":
                return A.processes_answer(self.processes, 1.0)
            return A.across_answer(self.processes, fld, None, 1.0)
        if fld == "definition":
            i, conf = self._best(sc, self._mask("definition"))
            if conf >= MATCH_THRESHOLD:
                owner = self._by_id[self._docs[i].process_id or ""]
                return A.process_field_answer(owner, "definition", conf)
            return self._best_doc(pq, tokens, sc)
        p, pconf = self._best_process(sc)
        if p is not None and pconf >= MATCH_THRESHOLD:
            return A.process_field_answer(p, fld, pconf)
        return A.no_match(self.processes, pconf)

    def _best_doc(self, pq: ParsedQuery, tokens: list[str], sc: Scored) -> ManualAnswer:
        if not tokens:
            return A.no_match(self.processes, 0.0)
        bonus = self._name_bonus(sc) + np.where(self._is_law, _LAW_HINT_BONUS if pq.law_hint else 0.0, 0.0)
        i, conf = self._best(sc, np.ones(len(self._docs), dtype=bool), bonus.astype(np.float32))
        if conf < MATCH_THRESHOLD:
            return A.no_match(self.processes, conf)
        d = self._docs[i]
        if d.kind == "law":
            if not self._law_finder.kind_fits(tokens, d.ref):
                return A.no_match(self.processes, conf)
            return self._law_items_answer([d.ref], conf, pq)
        if d.kind == "fact":
            return A.fact_answer(self.content.facts[d.ref], conf)
        p = self._by_id[d.process_id or ""]
        if d.kind == "name":
            return A.process_answer(p, conf)
        if d.kind == "step" and d.step_no is not None:
            step = p.step(d.step_no)
            if step is not None:
                return A.step_answer(p, step, None, conf)
        return A.process_field_answer(p, d.field or d.kind, conf)
