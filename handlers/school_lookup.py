"""Finding a school by a key typed in the question: its code, phone number, e-mail or principal's name.

The contacts are indexed once per vocabulary (rebuilt after every import that changes the schools), so a
look-up is a few dictionary reads, never a scan of the office's schools.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from handlers import data_texts as T
from handlers.context import Context
from handlers.messages import Choice, Message, Text
from knowledge.lookups import phone_digits
from knowledge.manual.people import manual_people, person_answer, person_named
from knowledge.name_index import name_index
from knowledge.normalize import clean
from knowledge.vocabulary import PerVocabulary
from models.school import School

if TYPE_CHECKING:
    from knowledge.understand import Understanding

MAX_PEOPLE = 10
"""At most this many principals are offered when a first name matches several."""
_TITLE = re.compile(r"^(?:นางสาว|น\.ส\.|นาง|นาย|ดร\.|ว่าที่\s*(?:ร\.?\s*ต\.?|ร้อยตรี)\s*(?:หญิง)?)\s*")
_PHONE_SPLIT = re.compile(r"[,;/]|ต่อ|หรือ|\bext\b")
_CONTACTS = select(School.code, School.principal, School.phone, School.email)


@dataclass(frozen=True)
class ContactIndex:
    """Codes by phone digits, by lower-case e-mail and by principal's name (full, first and last)."""

    by_phone: dict[str, tuple[str, ...]]
    by_email: dict[str, tuple[str, ...]]
    by_person: dict[str, tuple[str, ...]]
    principal: dict[str, str]


def person_parts(name: str) -> tuple[str, str]:
    """(first, last) of a name without its title ("นางวรรณา ทองคำ" -> ("วรรณา", "ทองคำ"))."""
    words = _TITLE.sub("", clean(name)).split(" ")
    return words[0], "".join(words[1:])


def build_contacts(rows: Iterable[tuple[str, str, str, str]]) -> ContactIndex:
    """The index over (code, principal, phone, email) rows."""
    phone: dict[str, list[str]] = {}
    email: dict[str, list[str]] = {}
    person: dict[str, list[str]] = {}
    principal: dict[str, str] = {}

    def add(table: dict[str, list[str]], key: str, code: str) -> None:
        if key and code not in table.setdefault(key, []):
            table[key].append(code)

    for code, who, tel, mail in rows:
        for part in _PHONE_SPLIT.split(tel or ""):
            add(phone, phone_digits(part), code)
        add(email, (mail or "").strip().lower(), code)
        if who:
            principal[code] = who
            first, last = person_parts(who)
            for key in (first + last, first, last):
                if len(key) >= 2:
                    add(person, key, code)
    return ContactIndex({k: tuple(v) for k, v in phone.items()}, {k: tuple(v) for k, v in email.items()},
                        {k: tuple(v) for k, v in person.items()}, principal)


_contacts: PerVocabulary[ContactIndex] = PerVocabulary()


def contacts(ctx: Context) -> ContactIndex:
    """The office's contact index, loaded once per vocabulary."""
    office = ctx.settings.office_id

    def load() -> ContactIndex:
        rows = ctx.db_session.execute(_CONTACTS.where(School.office_id == office))
        return build_contacts((r[0], r[1], r[2], r[3]) for r in rows)
    return _contacts.get(ctx.knowledge.vocabulary, office, load)


def warm_lookups(ctx: Context) -> None:
    """Build the contact and name indexes of the current vocabulary (a warm-up after an import)."""
    contacts(ctx)
    name_index(ctx.knowledge.vocabulary)


def find_codes(kind: str, value: str, ctx: Context) -> tuple[str, ...]:
    """Codes of the schools this key names (a code is checked by the caller)."""
    index = contacts(ctx)
    if kind == "phone":
        return index.by_phone.get(value, ())
    if kind == "email":
        return index.by_email.get(value.lower(), ())
    first, _, last = value.partition(" ")
    found = index.by_person.get(first + last, ())
    if not found and last:  # "สมชาย ใจดี" typed, the stored name spelt apart differently
        found = tuple(c for c in index.by_person.get(first, ()) if c in index.by_person.get(last, ()))
    return found


def shown(kind: str, value: str) -> str:
    """The key as the answer repeats it (a phone number with its usual dash)."""
    if kind == "phone" and len(value) == 9:
        return f"{value[:3]}-{value[3:]}"
    if kind == "phone" and len(value) == 10:
        return f"{value[:3]}-{value[3:6]}-{value[6:]}"
    return value


def manual_person(value: str, ctx: Context) -> list[Message] | None:
    """A name no principal has but a person of the operations manual does ("นางสาวนฤมล รักษาบุญ เป็นใคร"):
    who they are and their processes (None when the manual names nobody so)."""
    from handlers.manual import answer_messages  # the manual's handler, only for this rare case

    person = person_named(manual_people(ctx.knowledge.manual.content.processes), clean(value))
    if person is None:
        return None
    ctx.note("manual", answered=True, field="person", lookup="person")
    return answer_messages(person_answer(person), ctx)


def not_found(kind: str, value: str) -> list[Message]:
    """A polite "nothing has this key", saying what was searched."""
    return [Text(T.LOOKUP_NOT_FOUND.format(what=T.LOOKUP_WHAT[kind], value=shown(kind, value)) + "\n"
                 + T.LOOKUP_HINT, (Choice(*T.Q_LIST_ALL),))]


def ask_which_person(value: str, codes: tuple[str, ...], u: Understanding, intent: str, ctx: Context,
                     choices: tuple[Choice, ...]) -> list[Message]:
    """Several principals have this name: list them with their schools and ask which one."""
    index, vocab = contacts(ctx), ctx.knowledge.vocabulary
    lines = [T.LOOKUP_ASK_PERSON.format(value=value, n=len(codes))]
    for code in codes[:MAX_PEOPLE]:
        entry = vocab.school(code)
        if entry is not None:
            lines.append(T.LOOKUP_PERSON_LINE.format(principal=index.principal.get(code, ""), name=entry.name))
    return [Text("\n".join(lines), choices)]


def without_key_field(u: Understanding) -> Understanding:
    """The understanding without the field the key was (the "เบอร์" of "เบอร์ 056… ของที่ไหน")."""
    e = u.entities
    kind = e.lookup[0] if e.lookup else ""
    key_field = {"person": "principal", "phone": "phone", "email": "email", "code": "code"}.get(kind, "")
    fields = tuple(f for f in e.fields if f not in (key_field, "address"))
    metric = e.metric if e.metric not in (key_field, "address") else (fields[0] if fields else None)
    return replace(u, entities=replace(e, fields=fields, metric=metric))
