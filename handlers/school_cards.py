"""Flex messages for schools: one school's card and school lists (carousel), with text alternatives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from handlers import data_texts as T
from handlers.messages import Choice, Flex
from models.school import School

MAX_BUBBLES = 12
PER_BUBBLE = 10
ALT_MAX = 400
BLUE, GREY, DARK = "#0D47A1", "#757575", "#212121"


@dataclass(frozen=True)
class CardFacts:
    """Numbers shown on a school card (None when unknown)."""

    students: int | None = None
    teachers: int | None = None
    size: str | None = None
    period: str | None = None
    source: tuple[str, ...] = ()
    sample: bool = False


def _txt(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "text", "text": text or "-", "wrap": True, **style}


def _row(label: str, value: str) -> dict[str, Any]:
    return {"type": "box", "layout": "baseline", "spacing": "sm", "contents": [
        _txt(label, size="xs", color=GREY, flex=3), _txt(value, size="sm", color=DARK, flex=7)]}


def address(s: School) -> str:
    """ต.… อ.… จ.… (or the address column when given)."""
    if s.address:
        return s.address
    parts = [f"ต.{s.subdistrict}" if s.subdistrict else "", f"อ.{s.district}" if s.district else "",
             f"จ.{s.province}" if s.province else ""]
    return " ".join(p for p in parts if p)


def school_alt(s: School, f: CardFacts) -> str:
    """The card's plain-text alternative: the key facts, ≤ 400 characters."""
    bits = [f"โรงเรียน{s.name}", f"{T.CARD['code']} {s.code}", address(s)]
    if s.principal:
        bits.append(f"ผอ. {s.principal}")
    if s.phone:
        bits.append(f"โทร {s.phone}")
    if s.email:
        bits.append(s.email)
    if f.students is not None:
        bits.append(f"นักเรียน {f.students:,} คน")
    if f.teachers is not None:
        bits.append(f"ครู {f.teachers:,} คน")
    if f.sample:
        bits.append("ข้อมูลตัวอย่าง")
    return " · ".join(b for b in bits if b)[:ALT_MAX]


def school_card(s: School, f: CardFacts, choices: tuple[Choice, ...] = ()) -> Flex:
    """One school as a Flex bubble: name, code, place, principal, contacts, students, teachers, size."""
    rows = [_row(T.CARD["code"], s.code), _row(T.CARD["address"], address(s)),
            _row(T.CARD["principal"], s.principal), _row(T.CARD["phone"], s.phone), _row(T.CARD["email"], s.email)]
    if f.students is not None:
        rows.append(_row(T.CARD["students"], f"{f.students:,} คน"))
    if f.teachers is not None:
        rows.append(_row(T.CARD["teachers"], f"{f.teachers:,} คน"))
    if f.size:
        rows.append(_row(T.CARD["size"], f.size))
    foot: list[dict[str, Any]] = [_txt(x, size="xxs", color=GREY) for x in (f.period or "", *f.source) if x]
    body: list[dict[str, Any]] = [*rows, {"type": "separator", "margin": "md"}, *foot]
    header: list[dict[str, Any]] = [_txt(f"โรงเรียน{s.name}", weight="bold", size="lg", color=BLUE)]
    if f.sample:
        header.append(_txt(T.SAMPLE, size="xxs", color="#E65100"))
    buttons: list[dict[str, Any]] = []
    phone = "".join(ch for ch in s.phone.split(",")[0] if ch.isdigit() or ch == "+")
    if len(phone) >= 9:
        buttons.append({"type": "button", "style": "primary", "height": "sm", "color": BLUE,
                        "action": {"type": "uri", "label": T.CARD["call"], "uri": f"tel:{phone}"}})
    buttons.append({"type": "button", "style": "secondary", "height": "sm",
                    "action": {"type": "message", "label": T.CARD["count"],
                               "text": T.Q_STUDENTS[1].format(name=s.name)}})
    bubble = {
        "type": "bubble", "size": "mega",
        "header": {"type": "box", "layout": "vertical", "backgroundColor": "#E3F2FD", "contents": header},
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": body},
        "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": buttons},
    }
    return Flex(alt_text=school_alt(s, f), contents=bubble, choices=choices)


def _list_bubble(title: str, items: Sequence[tuple[School, int | None]], page: str) -> dict[str, Any]:
    lines: list[dict[str, Any]] = []
    for s, n in items:
        lines.append({"type": "box", "layout": "horizontal", "spacing": "sm", "paddingAll": "xs",
                      "action": {"type": "message", "label": s.name[:20], "text": f"ข้อมูลโรงเรียน{s.name}"},
                      "contents": [_txt(s.name, size="sm", color=BLUE, flex=6),
                                   _txt(f"{n:,} คน" if n is not None else "", size="xs", color=GREY, flex=3,
                                        align="end")]})
    contents = [_txt(title, weight="bold", size="md", color=DARK), _txt(page, size="xxs", color=GREY),
                {"type": "separator", "margin": "sm"}, *lines]
    return {"type": "bubble", "size": "kilo",
            "body": {"type": "box", "layout": "vertical", "spacing": "xs", "contents": contents}}


def school_list(title: str, items: Sequence[tuple[School, int | None]], total: int, note: str = "",
                choices: tuple[Choice, ...] = ()) -> Flex:
    """Schools as a carousel of bubbles (≤ 12 × 10 names); tapping a name asks for its card."""
    shown = list(items)[: MAX_BUBBLES * PER_BUBBLE]
    pages = [shown[i:i + PER_BUBBLE] for i in range(0, len(shown), PER_BUBBLE)] or [[]]
    bubbles = [_list_bubble(title, page, f"{i * PER_BUBBLE + 1}–{i * PER_BUBBLE + len(page)} จาก {total:,}"
                            + (f" · {note}" if note else ""))
               for i, page in enumerate(pages)]
    contents: dict[str, Any] = bubbles[0] if len(bubbles) == 1 else {"type": "carousel", "contents": bubbles}
    alt = f"{title}: " + ", ".join(s.name for s, _ in shown)
    return Flex(alt_text=alt if len(alt) <= ALT_MAX else alt[: ALT_MAX - 1] + "…", contents=contents,
                choices=choices)
