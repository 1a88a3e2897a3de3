"""How a ticket looks: the staff Flex card with its action buttons, lists and the reporter's view."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy.orm import Session

from handlers import incident_texts as T
from handlers.context import Context
from handlers.messages import Choice, Flex, Message, Text
from models.incident import Incident, IncidentEvent
from models.school import School
from models.user import get_user

PRIORITY_COLOR = {1: "#C62828", 2: "#EF6C00", 3: "#1565C0", 4: "#546E7A"}
ACTIONS = (("incident.ack", T.BUTTON_ACK, "acknowledged"), ("incident.progress", T.BUTTON_PROGRESS, "in_progress"),
           ("incident.resolve", T.BUTTON_RESOLVE, "resolved"), ("incident.close", T.BUTTON_CLOSE, "closed"))
_ORDER = ("open", "acknowledged", "in_progress", "resolved", "closed")


def school_label(inc: Incident, db_session: Session) -> str:
    """The school as people know it."""
    if inc.school_id is not None:
        school = db_session.get(School, inc.school_id)
        if school is not None:
            return school.name
    return inc.school_name or T.NONE


def person(line_user_id: str | None, db_session: Session) -> str:
    """A staff member or reporter by display name."""
    if not line_user_id:
        return "เจ้าหน้าที่"
    user = get_user(line_user_id, db_session=db_session)
    return (user.display_name if user and user.display_name else None) or "เจ้าหน้าที่"


def fields(inc: Incident, db_session: Session) -> dict[str, str]:
    """Every readable value of a ticket, by the keys CARD_FIELDS and the texts use."""
    return {
        "number": inc.number, "school": school_label(inc, db_session),
        "category": T.CATEGORY.get(inc.category, inc.category), "impact": T.IMPACT.get(inc.impact, T.NONE),
        "urgency": T.URGENCY.get(inc.urgency, T.NONE), "location": inc.location or T.NONE,
        "since": inc.since_text or T.NONE, "description": (inc.description or T.NONE)[:400],
        "reporter": inc.reporter_name or T.NONE, "opened": T.thai_datetime(inc.opened_at),
        "status": T.STATUS.get(inc.status, inc.status),
        "priority": f"P{inc.priority} {T.PRIORITY.get(inc.priority, '')}",
    }


def _txt(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "text", "text": text or T.NONE, "wrap": True, **style}


def link_alive(url: str, now: float) -> bool:
    """False for a signed link whose expiry has passed (its file is purged after a while)."""
    exp = parse_qs(urlsplit(url).query).get("exp", [""])[0]
    return not exp.isdigit() or int(exp) > now


def staff_card(inc: Incident, ctx: Context, head: str = T.NEW_TICKET_HEAD, alt: str | None = None) -> Flex:
    """The ticket for staff, with a button for each status still ahead of it."""
    f = fields(inc, ctx.db_session)
    rows = [{"type": "box", "layout": "baseline", "spacing": "sm", "contents": [
        _txt(label, size="xs", color="#757575", flex=2), _txt(f[key], size="xs", color="#212121", flex=5)]}
        for label, key in T.CARD_FIELDS]
    rank = _ORDER.index(inc.status) if inc.status in _ORDER else 0
    buttons: list[dict[str, Any]] = [
        {"type": "button", "style": "primary" if i == 0 else "secondary", "height": "sm",
         "action": {"type": "postback", "label": label, "displayText": label,
                    "data": ctx.postback(action, id=inc.id)}}
        for i, (action, label, status) in enumerate(a for a in ACTIONS if _ORDER.index(a[2]) > rank)]
    for n, photo in enumerate(inc.photos or [], 1):
        url = photo.get("url") if isinstance(photo, dict) else None
        if url and len(buttons) < 6 and link_alive(str(url), ctx.now.timestamp()):
            buttons.append({"type": "button", "style": "link", "height": "sm",
                            "action": {"type": "uri", "label": T.BUTTON_PHOTO.format(n=n), "uri": url}})
    bubble: dict[str, Any] = {
        "type": "bubble", "size": "mega",
        "header": {"type": "box", "layout": "vertical", "backgroundColor": "#FFF3E0", "contents": [
            _txt(head, size="sm", color="#BF360C"),
            _txt(inc.number, weight="bold", size="lg", color="#212121"),
            _txt(f["priority"], size="sm", weight="bold", color=PRIORITY_COLOR.get(inc.priority, "#212121"))]},
        "body": {"type": "box", "layout": "vertical", "spacing": "xs", "contents": rows},
    }
    if buttons:
        bubble["footer"] = {"type": "box", "layout": "vertical", "spacing": "sm", "contents": buttons}
    alt_text = alt or T.NEW_TICKET_ALT.format(number=inc.number, priority=f["priority"], school=f["school"],
                                              category=f["category"])
    return Flex(alt_text=alt_text[:400], contents=bubble)


def timeline(events: list[IncidentEvent], db_session: Session) -> str:
    """The audit trail as short lines."""
    lines = []
    for e in events:
        what = T.EVENT.get(e.action, e.action)
        if e.action != "open" and e.action not in T.SYSTEM_EVENTS:
            what += f" ({person(e.actor_line_user_id, db_session)})"
        lines.append(T.TIMELINE_LINE.format(when=T.thai_datetime(e.at), what=what))
    return "\n".join(lines)


def detail_text(inc: Incident, events: list[IncidentEvent], db_session: Session) -> str:
    """A ticket and its history, for the reporter (or staff in text form)."""
    f = fields(inc, db_session)
    text = T.TICKET_DETAIL.format(**f)
    if inc.resolution_note:
        text += f"\nผลการแก้ไข: {inc.resolution_note}"
    return text + "\n\n" + timeline(events, db_session)


def ticket_list(head: str, incidents: list[Incident], db_session: Session, limit: int = 10) -> list[Message]:
    """A short list with one quick reply per ticket to open it."""
    lines = [head.format(n=len(incidents))]
    for inc in incidents[:limit]:
        f = fields(inc, db_session)
        lines.append(T.PENDING_LINE.format(number=inc.number, priority=f"P{inc.priority}", school=f["school"],
                                           category=f["category"], status=f["status"], opened=f["opened"]))
    if len(incidents) > limit:
        lines.append(T.MORE.format(n=len(incidents) - limit))
    choices = tuple(Choice(label=inc.number, text=inc.number) for inc in incidents[:min(limit, 13)])
    return [Text("\n".join(lines), choices)]


def rating_choices(inc: Incident, ctx: Context) -> tuple[Choice, ...]:
    """Quick replies 5 … 1 as signed postbacks."""
    return tuple(Choice(label=label, data=ctx.postback("incident.rate", id=inc.id, v=score), display_text=label)
                 for score, label in T.RATING_BUTTONS)


def reporter_update(inc: Incident, status: str, ctx: Context, ask_rating: bool) -> list[Message]:
    """What the reporter is told when their ticket changes."""
    who = person(inc.assignee_line_user_id, ctx.db_session)
    msgs: list[Message] = [Text(T.REPORTER_UPDATE[status].format(number=inc.number, who=who,
                                                                  note=inc.resolution_note or T.NONE))]
    if ask_rating:
        msgs.append(Text(T.ASK_RATING.format(number=inc.number), rating_choices(inc, ctx)))
    return msgs
