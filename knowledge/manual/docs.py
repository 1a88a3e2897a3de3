"""The manual as documents to rank: every field of every process (a step's in four), every law and every
preface fact, each with its content tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from functools import lru_cache

from knowledge.manual.model import ManualContent, Process
from knowledge.manual.textproc import content_tokens, current_dictionary, normalize_text

STEP_FIELDS = ("duration", "standard", "detail", "responsible")


@dataclass(frozen=True)
class Doc:
    """One indexed field: its kind, owner process, step and field, and its tokens."""

    kind: str  # name objective scope definition step indicator forms references owner flowchart law fact
    process_id: str | None
    step_no: int | None
    field: str | None
    ref: int  # position in laws / facts / definitions
    tokens: tuple[str, ...]


def tokens_of(*parts: str) -> tuple[str, ...]:
    """Content tokens of the texts, in order (memoised per text while an index is built)."""
    dictionary = current_dictionary()
    return tuple(t for part in parts for t in part_tokens(part, dictionary))


@lru_cache(maxsize=8192)
def part_tokens(part: str, _dictionary: object) -> tuple[str, ...]:
    """Content tokens of one text, memoised while an index is built (a step's title, summary and
    detail are in four documents; the dictionary is part of the key); cleared after each build."""
    return tuple(content_tokens(normalize_text(part)))


def _process_docs(p: Process) -> list[Doc]:
    docs = [
        Doc("name", p.id, None, None, 0, tokens_of(p.name, p.short_name, p.table_name, *p.aliases)),
        Doc("objective", p.id, None, "objective", 0, tokens_of(p.objective)),
        Doc("scope", p.id, None, "scope", 0, tokens_of(*p.scope)),
        Doc("indicator", p.id, None, "indicator", 0, tokens_of(p.indicator)),
        Doc("forms", p.id, None, "forms", 0, tokens_of(*p.forms)),
        Doc("references", p.id, None, "references", 0, tokens_of(*p.all_references())),
        Doc("owner", p.id, None, "owner", 0, tokens_of(p.owner, p.supervisor, p.unit)),
        Doc("flowchart", p.id, None, "flowchart", 0, tokens_of(*(s.title for s in p.steps))),
    ]
    docs += [Doc("definition", p.id, None, "definition", i, tokens_of(d.term, d.term, d.meaning))
             for i, d in enumerate(p.definitions)]
    for s in p.steps:
        what = (s.title, s.summary, s.detail)
        for fld in STEP_FIELDS:
            value = "" if fld == "detail" else getattr(s, fld)
            docs.append(Doc("step", p.id, s.no, fld, 0, tokens_of(*what, value)))
    return docs


def texts_of(obj: object) -> Iterator[str]:
    """Every string held by the content (dataclasses, tuples, lists, dicts), recursively."""
    if isinstance(obj, str):
        yield obj
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            yield from texts_of(getattr(obj, f.name))
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from texts_of(v)
    elif isinstance(obj, (tuple, list)):
        for v in obj:
            yield from texts_of(v)


def build_docs(content: ManualContent) -> list[Doc]:
    """Every field of every process, every law and every preface fact as a document."""
    docs: list[Doc] = []
    for p in content.processes:
        docs += _process_docs(p)
    docs += [Doc("law", None, None, "year", i, tokens_of(law.text, *law.aliases))
             for i, law in enumerate(content.laws)]
    docs += [Doc("fact", None, None, f.id, i, tokens_of(f.title, f.text, *f.keywords))
             for i, f in enumerate(content.facts)]
    return docs
