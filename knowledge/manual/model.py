"""The manual's content as immutable dataclasses, loaded and validated from YAML files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent / "content"


class ContentError(ValueError):
    """A content file is missing a required field or has a wrong type."""


@dataclass(frozen=True)
class Step:
    """One row of a process's step table."""

    no: int
    title: str
    summary: str
    detail: str
    duration: str
    standard: str
    responsible: str


@dataclass(frozen=True)
class Definition:
    """A term of section 4 (คำจำกัดความ) and its meaning."""

    term: str
    meaning: str


@dataclass(frozen=True)
class Process:
    """One process (กระบวนงาน) of the manual."""

    id: str
    order: int
    name: str
    short_name: str
    aliases: tuple[str, ...]
    heading: str
    table_name: str
    owner: str
    supervisor: str
    unit: str
    objective: str
    scope: tuple[str, ...]
    definitions: tuple[Definition, ...]
    steps: tuple[Step, ...]
    indicator: str
    flowchart_source: str
    flowchart_mermaid: str
    forms: tuple[str, ...]
    references: tuple[str, ...]
    table_references: tuple[str, ...]

    def step(self, no: int) -> Step | None:
        """The step with this number, or None."""
        return next((s for s in self.steps if s.no == no), None)

    def all_references(self) -> tuple[str, ...]:
        """Section 8 references followed by the table's, without repeats."""
        seen: dict[str, str] = {}
        for ref in self.references + self.table_references:
            seen.setdefault(ref.translate(_THAI_DIGITS), ref)
        return tuple(seen.values())

    def mermaid(self) -> str:
        """The manual's mermaid graph, or one derived from the step chain when it has none."""
        if self.flowchart_mermaid:
            return self.flowchart_mermaid
        nodes = []
        for i, step in enumerate(self.steps):
            label = step.title.replace("[", "(").replace("]", ")")
            edge = f"{chr(65 + i - 1)} --> " if i else ""
            shape = f"([{label}])" if i in (0, len(self.steps) - 1) else f"[{label}]"
            nodes.append(f"{edge}{chr(65 + i)}{shape};")
        return "graph TD; " + " ".join(nodes)


@dataclass(frozen=True)
class Law:
    """One entry of the list of laws, regulations and plans the manual refers to."""

    text: str
    name: str
    year: int | None
    year_text: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    """A short fact from the cover or the preface."""

    id: str
    title: str
    text: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ManualContent:
    """Everything the content directory holds."""

    title: str
    author: str
    preface: str
    facts: tuple[Fact, ...]
    processes: tuple[Process, ...]
    laws: tuple[Law, ...]
    publisher: tuple[str, ...] = ()  # the organisations under the author's name on the cover
    signed_by: str = ""  # who signed the preface
    year: str = ""  # the year the manual gives for itself ("" when it gives none)


def _str(data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None:
        if default is not None:
            return default
        raise ContentError(f"{where}: missing '{key}'")
    if not isinstance(value, (str, int)):
        raise ContentError(f"{where}: '{key}' must be text")
    return str(value).strip()


def _strs(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ContentError(f"{where}: '{key}' must be a list of texts")
    return tuple(str(v).strip() for v in value if str(v).strip() and str(v).strip() != "-")


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader: ~10x faster at start-up


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ContentError(f"{path.name}: expected a mapping at the top")
    return data


def _process(data: dict[str, Any], where: str) -> Process:
    steps = []
    for i, raw in enumerate(data.get("steps") or [], start=1):
        if not isinstance(raw, dict):
            raise ContentError(f"{where}: step {i} must be a mapping")
        sw = f"{where} step {i}"
        detail = _str(raw, "detail", sw)
        steps.append(Step(
            no=int(raw.get("no", i)), title=_str(raw, "title", sw, detail),
            summary=_str(raw, "summary", sw, detail), detail=detail,
            duration=_str(raw, "duration", sw, ""), standard=_str(raw, "standard", sw, ""),
            responsible=_str(raw, "responsible", sw, ""),
        ))
    if not steps:
        raise ContentError(f"{where}: a process needs at least one step")
    defs = []
    for raw in data.get("definitions") or []:
        if not isinstance(raw, dict):
            raise ContentError(f"{where}: each definition needs 'term' and 'meaning'")
        defs.append(Definition(_str(raw, "term", where), _str(raw, "meaning", where)))
    chart = data.get("flowchart") or {}
    if not isinstance(chart, dict):
        raise ContentError(f"{where}: 'flowchart' must be a mapping (source, mermaid)")
    name = _str(data, "name", where)
    return Process(
        id=_str(data, "id", where), order=int(data.get("order", 0)), name=name,
        short_name=_str(data, "short_name", where, name[:20]), aliases=_strs(data, "aliases", where),
        heading=_str(data, "heading", where, ""), table_name=_str(data, "table_name", where, ""),
        owner=_str(data, "owner", where, ""), supervisor=_str(data, "supervisor", where, ""),
        unit=_str(data, "unit", where, ""), objective=_str(data, "objective", where),
        scope=_strs(data, "scope", where), definitions=tuple(defs), steps=tuple(steps),
        indicator=_str(data, "indicator", where, ""),
        flowchart_source=_str(chart, "source", where, "derived"),
        flowchart_mermaid=_str(chart, "mermaid", where, ""),
        forms=_strs(data, "forms", where), references=_strs(data, "references", where),
        table_references=_strs(data, "table_references", where),
    )


def _laws(data: dict[str, Any], where: str) -> tuple[Law, ...]:
    laws = []
    for raw in data.get("laws") or []:
        if not isinstance(raw, dict):
            raise ContentError(f"{where}: each law must be a mapping")
        year = raw.get("year")
        if year is not None and not isinstance(year, int):
            raise ContentError(f"{where}: year of '{raw.get('text')}' must be a number or null")
        text = _str(raw, "text", where)
        laws.append(Law(text=text, name=_str(raw, "name", where, text), year=year,
                        year_text=_str(raw, "year_text", where, ""),
                        aliases=_strs(raw, "aliases", where)))
    return tuple(laws)


def load_content(content_dir: Path | None = None) -> ManualContent:
    """Read every *.yaml in the directory: processes (with `id`), laws (`laws`), preface (`facts`)."""
    folder = content_dir or DEFAULT_CONTENT_DIR
    processes: list[Process] = []
    laws: tuple[Law, ...] = ()
    preface: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = _read(path)
        if "laws" in data:
            laws += _laws(data, path.name)
        elif "facts" in data or "preface" in data:
            preface = data
        elif "id" in data:
            processes.append(_process(data, path.name))
        else:
            raise ContentError(f"{path.name}: not a process (id), laws (laws) or preface (facts)")
    if not processes:
        raise ContentError(f"{folder}: no process files found")
    ids = [p.id for p in processes]
    if len(set(ids)) != len(ids):
        raise ContentError(f"{folder}: duplicate process ids {ids}")
    facts = tuple(
        Fact(_str(f, "id", "facts"), _str(f, "title", "facts"), " ".join(_str(f, "text", "facts").split()),
             _strs(f, "keywords", "facts"))
        for f in preface.get("facts") or [] if isinstance(f, dict)
    )
    return ManualContent(
        title=_str(preface, "title", "preface", ""), author=_str(preface, "author", "preface", ""),
        preface=" ".join(_str(preface, "preface", "preface", "").split()), facts=facts,
        processes=tuple(sorted(processes, key=lambda p: (p.order, p.id))), laws=laws,
        publisher=_strs(preface, "publisher", "preface"), signed_by=_str(preface, "signed_by", "preface", ""),
        year=_str(preface, "year", "preface", ""),
    )
