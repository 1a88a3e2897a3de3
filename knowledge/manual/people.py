"""The manual's people by name ("นฤมล รักษาบุญ ตำแหน่งอะไร", "นางสาวนฤมล รับผิดชอบงานอะไรบ้าง"): who they are
and which processes each is responsible for or supervises, from the processes' owner and supervisor lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.manual import texts as T
from knowledge.manual.answers import ManualAnswer
from knowledge.manual.model import Process
from knowledge.manual.textproc import normalize_text

_TITLE = re.compile(r"^(?:นางสาว|นาง|นาย|ดร\.|ว่าที่\s*ร(?:้อย)?\.?\s*ต(?:รี)?\.?)\s*")
MIN_NAME = 3
"""A first or last name shorter than this is no evidence that a person is meant."""
MIN_POST = 8
"""A position shorter than this ("ครู") names no one person."""


@dataclass(frozen=True)
class Person:
    """One person of the manual: full name (with title), first and last name, position and processes."""

    full: str
    first: str
    last: str
    position: str
    owner_of: tuple[Process, ...]
    supervisor_of: tuple[Process, ...]


def _split(line: str) -> tuple[str, str, str, str] | None:
    """(full name, first, last, position) of "นางสาวนฤมล รักษาบุญ นักวิเคราะห์นโยบายและแผน"."""
    words = line.split()
    if len(words) < 2:
        return None
    first = _TITLE.sub("", words[0])
    return f"{words[0]} {words[1]}", first, words[1], " ".join(words[2:])


def manual_people(processes: tuple[Process, ...]) -> tuple[Person, ...]:
    """Everyone named as a process's owner or supervisor, once each, in the order first named."""
    names: dict[str, tuple[str, str, str, str]] = {}
    roles: dict[str, tuple[list[Process], list[Process]]] = {}
    for p in processes:
        for line, role in ((p.owner, 0), (p.supervisor, 1)):
            parts = _split(line or "")
            if parts is None:
                continue
            names.setdefault(parts[0], parts)
            roles.setdefault(parts[0], ([], []))[role].append(p)
    return tuple(Person(f, a, b, pos, tuple(roles[f][0]), tuple(roles[f][1])) for f, a, b, pos in names.values())


def person_named(people: tuple[Person, ...], normalized: str) -> Person | None:
    """The one person whose first or last name the text holds (None when none, or several)."""
    text = normalized.replace(" ", "")
    hits = [p for p in people if any(len(n) >= MIN_NAME and n in text for n in (p.first, p.last))]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=4)
def _posts(people: tuple[Person, ...]) -> tuple[tuple[str, Person], ...]:
    """Each long enough position, normalised without spaces, with its holder (once per index)."""
    posts = ((normalize_text(p.position).replace(" ", ""), p) for p in people if p.position)
    return tuple((post, p) for post, p in posts if len(post) >= MIN_POST)


def person_in_post(people: tuple[Person, ...], normalized: str) -> Person | None:
    """The one person whose whole position the text names ("ผอ.กลุ่มนโยบายและแผนชื่ออะไร")."""
    text = normalized.replace(" ", "")
    hits = {p.full: p for post, p in _posts(people) if post in text}
    return next(iter(hits.values())) if len(hits) == 1 else None


def person_answer(person: Person) -> ManualAnswer:
    """Who the person is, and the processes they are responsible for and supervise."""
    lines = [T.PERSON_HEAD.format(name=person.full, position=person.position or "-")]
    for label, procs in ((T.PERSON_OWNER, person.owner_of), (T.PERSON_SUPERVISOR, person.supervisor_of)):
        if procs:
            lines.append(label.format(n=len(procs)))
            lines += [f"{i}. {p.name}" for i, p in enumerate(procs, 1)]
    procs = (*person.owner_of, *person.supervisor_of)
    return ManualAnswer("fact", T.PERSON_TITLE, "\n".join(lines), None, None, "person", 1.0,
                        tuple(p.short_name[:20] for p in procs[:4]),
                        tuple(T.Q_RESPONSIBLE.format(name=p.name) for p in procs[:4]))
