"""Questions about the manual itself (who made it, whose it is, which year, its title), answered
from the cover and the preface (`preface.yaml`), never from a process."""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.manual import texts as T
from knowledge.manual.answers import ManualAnswer
from knowledge.manual.model import ManualContent
from knowledge.manual.textproc import content_tokens, normalize_text

# "คู่มือ" naming this manual; not the user guides the steps produce (คู่มือการใช้งาน).
_THE_MANUAL = re.compile(r"คู่มือ(?!\s*(?:การ)?\s*ใช้)|เล่มนี้")
# What is asked about it, first match wins.
_ASKED: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p)) for k, p in (
    ("author", r"ใคร|ผู้\s*(?:จัด\s*ทำ|เขียน|แต่ง|เรียบเรียง|รวบรวม)|จัด\s*ทำ\s*โดย|เขียน\s*โดย|\bauthor\b"),
    ("year", r"ปี|พ\.ศ\.|ฉบับ|เมื่อ\s*(?:ไร|ไหร่)|เวอร์ชั[นน่]|\bversion\b|ล่าสุด"),
    ("publisher", r"หน่วยงาน|หน่วยไหน|สังกัด|ของ\s*(?:ใคร|ที่ไหน|ไหน)|ของ.{1,40}ไหน|ออก\s*โดย|จัดพิมพ์|เจ้าของ"),
    ("title", r"ชื่อ"),
))
# Words such a question may hold besides the manual's own title words; anything else (a process,
# a step) makes it a question about the content, not about the manual.
_ABOUT_WORDS = frozenset({
    "จัดทำ", "ทำ", "เขียน", "แต่ง", "เรียบเรียง", "รวบรวม", "author", "หน่วยงาน", "หน่วย", "สังกัด",
    "เจ้าของ", "จัดพิมพ์", "พิมพ์", "ออก", "ฉบับ", "เล่ม", "ชื่อ", "เต็ม", "ปี", "ล่าสุด", "เวอร์ชัน",
    "version", "ปรับปรุง", "เมื่อไร", "เมื่อไหร่", "สำนักงานเขตพื้นที่การศึกษา", "เขต", "ปฏิบัติงาน",
    "ผู้จัดทำ", "ผู้เขียน", "ผู้แต่ง", "คน", "เล่มนี้", "ใช้",
})


def about_question(normalized: str, tokens: Iterable[str], title_words: frozenset[str]) -> str | None:
    """Which fact about the manual is asked (author, year, publisher, title), or None."""
    if not _THE_MANUAL.search(normalized):
        return None
    rest = [t for t in tokens if t not in _ABOUT_WORDS and t not in title_words and not t.isdigit()]
    if rest:
        return None
    return next((key for key, rx in _ASKED if rx.search(normalized)), None)


def title_words(content: ManualContent) -> frozenset[str]:
    """Content words of the manual's title and cover (they name the manual, not a process)."""
    return frozenset(content_tokens(normalize_text(" ".join((content.title, *content.publisher)))))


def about_answer(content: ManualContent, asked: str) -> ManualAnswer:
    """The cover's and preface's answer to one question about the manual."""
    name = T.ABOUT_NAME.format(title=content.title)
    author = T.ABOUT_AUTHOR.format(author=content.author)
    publisher = T.ABOUT_PUBLISHER.format(publisher=" ".join(content.publisher))
    if asked == "author":
        lines = [author, publisher, name]
    elif asked == "publisher":
        lead = publisher
        if content.publisher:
            lead = T.ABOUT_PUBLISHER_LEAD.format(unit=content.publisher[0])
            if content.publisher[1:]:
                lead += T.ABOUT_UNDER.format(parents=" ".join(content.publisher[1:]))
        lines = [lead, author, name]
    elif asked == "year":
        lines = [T.ABOUT_YEAR.format(year=content.year) if content.year else T.ABOUT_NO_YEAR, name, author]
    else:
        asked = "title"
        lines = [name, author]
    if content.signed_by and asked in ("author", "publisher"):
        lines.append(T.ABOUT_SIGNED.format(signed_by=content.signed_by))
    follow = [(T.QR_ABOUT_AUTHOR, T.Q_ABOUT_AUTHOR), (T.QR_ABOUT_PROCESSES, T.Q_ABOUT_PROCESSES),
              (T.QR_ALL_LAWS, T.Q_ALL_LAWS)]
    if asked == "author":
        follow = follow[1:]
    return ManualAnswer("fact", T.ABOUT_TITLES[asked], "\n".join(lines), None, None, asked, 1.0,
                        tuple(f[0] for f in follow), tuple(f[1] for f in follow))
