"""The report conversation: ask only what the first message did not say, summary, confirm → ticket.

The draft lives in the conversation state; when its summary is shown it is also saved in the
database (IncidentDraft), so the confirm button works after a restart, a Redis outage or a
second tap: the ticket is keyed by the draft (Incident.draft_key unique) and made once.
"""

from __future__ import annotations

import logging
import re
import uuid
from datetime import timedelta
from typing import Any

from rapidfuzz.distance import Levenshtein

from handlers import incident_cards as cards
from handlers import incident_texts as T
from handlers.context import Context
from handlers.flow import Data, Done, Flow, Next, Retry, Step, StepResult
from handlers.incident_draft import GUESSED, absorb, asks_data, next_step, set_school
from handlers.incident_edit import accept_description, accept_edit, ask_description, ask_edit
from handlers.messages import Choice, Message, Text
from handlers.topic import Topic, remember
from handlers.turn import Turn
from knowledge.lookups import PHONE
from knowledge.normalize import normalize, strip_particles
from knowledge.understand import understand
from models.incidents_queries import (
    create_incident,
    drop_draft,
    drop_drafts_of,
    priority_for,
    save_draft,
)
from models.user import staff_line_ids

log = logging.getLogger(__name__)
FLOW = "incident_report"
MAX_PHOTOS = 4
PHOTO_TTL = int(timedelta(days=90).total_seconds())
_CODE = re.compile(r"^\d{8,10}$")


# --------------------------------------------------------------------------- starting


def new_draft(turn: Turn, ctx: Context, text: str | None) -> Data:
    """A fresh draft filled with what the first message says and what we know of the user."""
    user = ctx.user
    ctx.need_name()  # staff cards name the reporter
    data: Data = {"draft": uuid.uuid4().hex, "reporter": turn.user_id or turn.chat_id,
                  "reporter_name": (user.display_name if user else None) or "", "description": "", "photos": [],
                  "chat": turn.chat_id}
    if user is not None and user.role == "school" and user.school_id is not None and user.school is not None:
        data.update(school_id=user.school_id, school_code=user.school.code, school_name=user.school.name)
    if text:
        absorb(data, text)
        if "school_id" not in data and ctx.understanding is not None:
            ents = ctx.understanding.entities
            if ents.schools and not ents.school_ambiguous:
                set_school(data, ctx, ents.schools[0].code)
    return data


def start(turn: Turn, ctx: Context, text: str | None) -> list[Message]:
    """Begin a report (dropping the user's older unconfirmed drafts) at the first missing step."""
    data = new_draft(turn, ctx, text)
    drop_drafts_of(data["reporter"], db_session=ctx.db_session)
    step = next_step(data)
    return ctx.conversations.start(FLOW, data=data, step=step)


# --------------------------------------------------------------------------- steps


def _ask(text: str, choices: tuple[Choice, ...] = ()) -> list[Message]:
    return [Text(text, choices)]


def ask_school(ctx: Context, data: Data) -> list[Message]:
    """Which school?"""
    return _ask(T.ASK_SCHOOL, (Choice(T.BUTTON_CANCEL, text=T.BUTTON_CANCEL),))


def accept_school(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """Match the school by code or (fuzzy) name; ask back when several fit; a data question is answered aside."""
    text = (turn.text or "").strip()
    if _CODE.match(text) and set_school(data, ctx, text):
        return Next(next_step(data))
    understood = understand(text, ctx.knowledge.vocabulary)
    if asks_data(text, understood):  # the dispatcher answers it, then asks for the school again
        return Retry(say=(Text(T.SCHOOL_NEEDED),), unread=True)
    ents = understood.entities
    if ents.schools and ents.school_ambiguous:
        picks = tuple(Choice(label=c.name[:20], text=c.code) for c in ents.schools[:5])
        return Retry(say=(Text(T.SCHOOL_AMBIGUOUS, picks),))
    if ents.schools and set_school(data, ctx, ents.schools[0].code):
        return Next(next_step(data))
    if text.lower() in T.CONFIRM_WORDS + T.EDIT_WORDS:  # an old button or a "yes": not a school's name
        return Retry(say=(Text(T.SCHOOL_NEEDED),))
    if text and data.get("school_tried") == text:  # said twice: keep it as typed
        data["school_name"] = text[:200]
        return Next(next_step(data))
    data["school_tried"] = text
    return Retry(say=(Text(T.SCHOOL_NOT_FOUND.format(text=text[:60])),), unread=True)


def ask_category(ctx: Context, data: Data) -> list[Message]:
    """What kind of problem?"""
    head = T.ASK_CATEGORY if data.get("description") else T.ASK_CATEGORY_FIRST
    return _ask(head, tuple(Choice(label, text=label) for label in T.CATEGORY_BUTTON.values()))


def accept_category(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """A category button, or a description the category is read from (else "other")."""
    text = (turn.text or "").strip()
    picked = next((k for k, label in T.CATEGORY_BUTTON.items() if text == label), None)
    if picked:
        data["category"] = picked
    absorb(data, text)
    if not data.get("category"):
        if len(text) < 4:
            return Retry(say=(Text(T.PICK_FROM_BUTTONS),), unread=True)
        data["category"], data[GUESSED] = "other", True
    return Next(next_step(data))


def ask_impact(ctx: Context, data: Data) -> list[Message]:
    """How much of the school is hit?"""
    return _ask(T.ASK_IMPACT, tuple(Choice(label, text=label) for label in T.IMPACT_BUTTON.values()))


def accept_impact(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """Whole school / part / one place, by button or words."""
    text = (turn.text or "").strip()
    picked = next((k for k, label in T.IMPACT_BUTTON.items() if text == label), None)
    if picked:
        data["impact"] = picked
    absorb(data, text)
    return Next(next_step(data)) if data.get("impact") else Retry(say=(Text(T.PICK_FROM_BUTTONS),), unread=True)


def ask_urgency(ctx: Context, data: Data) -> list[Message]:
    """Has work stopped?"""
    return _ask(T.ASK_URGENCY, tuple(Choice(label, text=label) for label in T.URGENCY_BUTTON.values()))


def accept_urgency(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """Stopped / degraded, by button or words."""
    text = (turn.text or "").strip()
    picked = next((k for k, label in T.URGENCY_BUTTON.items() if text == label), None)
    if picked:
        data["urgency"] = picked
    absorb(data, text)
    return Next(next_step(data)) if data.get("urgency") else Retry(say=(Text(T.PICK_FROM_BUTTONS),), unread=True)


def ask_location(ctx: Context, data: Data) -> list[Message]:
    """Which room or building?"""
    return _ask(T.ASK_LOCATION, (Choice(T.SKIP, text=T.SKIP),))


def accept_location(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """Any short text names the place."""
    text = (turn.text or "").strip()
    if not text:
        return Retry()
    data["location"] = text[:200]
    absorb(data, text, as_description=False)
    return Next(next_step(data))


def ask_since(ctx: Context, data: Data) -> list[Message]:
    """Since when?"""
    return _ask(T.ASK_SINCE, tuple(Choice(label, text=label) for label in T.SINCE_BUTTONS))


def accept_since(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """Any short text says when it began."""
    text = (turn.text or "").strip()
    if not text:
        return Retry()
    if PHONE.fullmatch(text):  # a contact number typed here is kept as such, and the question asked again
        absorb(data, T.CONTACT_NOTE.format(phone=text))
        return Retry(say=(Text(T.CONTACT_KEPT),))
    data["since"] = (strip_particles(text).strip() or text)[:100]  # "เมื่อวานครับ" → "เมื่อวาน"
    absorb(data, text, as_description=False)
    return Next(next_step(data))


def summary_text(data: Data) -> str:
    """The draft as the reporter confirms it."""
    impact, urgency = int(data.get("impact") or 2), int(data.get("urgency") or 2)
    p = priority_for(impact, urgency)
    photos = data.get("photos") or []
    return T.SUMMARY.format(
        school=data.get("school_name") or T.NONE, category=T.CATEGORY.get(data.get("category") or "other", T.NONE),
        impact=T.IMPACT.get(impact, T.NONE), urgency=T.URGENCY.get(urgency, T.NONE),
        location=data.get("location") or T.NONE, since=data.get("since") or T.NONE,
        description=(data.get("description") or T.NONE)[:300],
        photos=f"{len(photos)} รูป" if photos else T.NONE, priority=f"P{p} {T.PRIORITY[p]}")


def ask_confirm(ctx: Context, data: Data) -> list[Message]:
    """Save the draft where a restart cannot lose it, then show it with confirm/edit/cancel."""
    save_draft(data["draft"], data["reporter"], data, db_session=ctx.db_session, now=ctx.now,
               office_id=ctx.settings.office_id)
    choices = (Choice(T.BUTTON_CONFIRM, data=ctx.postback("incident.confirm", d=data["draft"]),
                      display_text=T.BUTTON_CONFIRM),
               Choice(T.BUTTON_EDIT, text=T.BUTTON_EDIT), Choice(T.BUTTON_CANCEL, text=T.BUTTON_CANCEL))
    return [Text(summary_text(data), choices)]


def accept_confirm(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """Typed yes → ticket; "แก้ไข" → ask which part to change; other words are added to the description."""
    text = (turn.text or "").strip()
    if text.lower() in T.CONFIRM_WORDS:
        return Done(say=tuple(finalize(ctx, data["draft"], data)))
    if text in T.EDIT_WORDS:
        return Next("edit")
    if _says_nothing(text):  # "ครับ", or "ยืนยนั" typed one letter off: no detail, ask for the button
        return Retry(say=(Text(T.CONFIRM_HINT),))
    absorb(data, text)
    return Retry(say=(Text(T.DETAIL_ADDED),))


def _says_nothing(text: str) -> bool:
    """A particle alone, or a confirm or edit word mistyped (one or two letters off): no detail to keep."""
    if not normalize(text).strip(" .!?~"):
        return True
    return len(text) <= 12 and any(Levenshtein.distance(text.lower(), w) <= 2 for w in (*T.CONFIRM_WORDS, *T.EDIT_WORDS)
                                   if len(w) >= 4)


def with_media(accept: Any) -> Any:
    """Let every step take a photo (stored, then the same question again) and refuse stray buttons."""
    def run(turn: Turn, ctx: Context, data: Data) -> StepResult:
        if turn.kind == "image":
            return Retry(say=(Text(add_photo(turn, ctx, data)),))
        if turn.kind == "postback":
            return Retry(say=(Text(T.PICK_FROM_BUTTONS),))
        if (turn.text or "").strip() in T.START_WORDS:  # the menu word again: carry on where we are
            return Retry()
        return accept(turn, ctx, data)  # type: ignore[no-any-return]
    run.__doc__ = accept.__doc__
    return run


def add_photo(turn: Turn, ctx: Context, data: Data) -> str:
    """Download the user's image and keep it privately; a failure only says so."""
    photos: list[Any] = data.setdefault("photos", [])
    if len(photos) >= MAX_PHOTOS:
        return T.PHOTO_LIMIT.format(n=MAX_PHOTOS)
    got = None
    try:
        got = ctx.files.fetch_content(turn.message_id) if turn.message_id else None
    except Exception:  # the content API is down or slow: the report goes on without the photo
        log.warning("could not download image %s", turn.message_id, exc_info=True)
    if not got:
        return T.PHOTO_FAILED
    content, content_type = got
    ext = {"image/png": "png", "image/gif": "gif", "image/webp": "webp"}.get(content_type, "jpg")
    name = f"private-inc-{data['draft'][:16]}-{len(photos) + 1}.{ext}"
    try:
        url = ctx.files.publish(name, content, content_type=content_type or "image/jpeg", ttl_seconds=PHOTO_TTL)
    except (OSError, ValueError):
        log.warning("could not store image %s", name, exc_info=True)
        return T.PHOTO_FAILED
    photos.append({"name": name, "url": url, "message_id": turn.message_id})
    return T.PHOTO_ADDED.format(n=len(photos))


def on_cancel(ctx: Context, data: Data) -> list[Message]:
    """Cancelled: forget the saved draft too."""
    if data.get("draft"):
        drop_draft(data["draft"], db_session=ctx.db_session)
    return [Text(T.CANCELLED)]


def on_timeout(ctx: Context, data: Data) -> list[Message]:
    """Abandoned: say so kindly and forget the draft."""
    if data.get("draft"):
        drop_draft(data["draft"], db_session=ctx.db_session)
    return [Text(T.TIMED_OUT)]


REPORT_FLOW = Flow(
    name=FLOW,
    steps={
        "school": Step(ask_school, with_media(accept_school)),
        "category": Step(ask_category, with_media(accept_category), hears_asides=True),
        "impact": Step(ask_impact, with_media(accept_impact)),
        "urgency": Step(ask_urgency, with_media(accept_urgency)),
        "location": Step(ask_location, with_media(accept_location), hears_asides=True),
        "since": Step(ask_since, with_media(accept_since), hears_asides=True),
        "confirm": Step(ask_confirm, with_media(accept_confirm)),
        "edit": Step(ask_edit, with_media(accept_edit)),
        "description": Step(ask_description, with_media(accept_description), hears_asides=True),
    },
    on_cancel=on_cancel,
    on_timeout=on_timeout,
    accepts_media=frozenset({"image"}),
    own_intents=frozenset({"incident_report"}),  # more words about the problem are details, not a new report
)


# --------------------------------------------------------------------------- the ticket


def staff_recipients(ctx: Context) -> list[str]:
    """Staff who follow the account, and the staff group when configured."""
    ids = staff_line_ids(db_session=ctx.db_session, office_id=ctx.settings.office_id)
    if ctx.settings.line_staff_group_id:
        ids.append(ctx.settings.line_staff_group_id)
    return ids


def _reporter_name(ctx: Context, data: Data) -> str | None:
    """The name the draft began with, or the one LINE gave us since (bot.runtime learns it after the first answer)."""
    user = ctx.user if ctx.user is not None and ctx.user.line_user_id == data.get("reporter") else None
    name = str(data.get("reporter_name") or "") or (user.display_name if user else None) or ""
    return name[:200] or None


def finalize(ctx: Context, draft_key: str, data: Data) -> list[Message]:
    """Make the ticket (once per draft), tell staff, and answer the reporter with its number."""
    impact, urgency = int(data.get("impact") or 2), int(data.get("urgency") or 2)
    inc, created = create_incident(
        draft_key, db_session=ctx.db_session, now=ctx.now, office_id=ctx.settings.office_id,
        school_id=data.get("school_id"), school_name=str(data.get("school_name") or "")[:200],
        reporter_line_user_id=data.get("reporter"), reporter_name=_reporter_name(ctx, data),
        category=str(data.get("category") or "other"), description=str(data.get("description") or ""),
        location=str(data.get("location") or "")[:200], since_text=str(data.get("since") or "")[:100],
        affected=T.IMPACT.get(impact, "")[:100], impact=impact, urgency=urgency,
        photos=list(data.get("photos") or []))
    drop_draft(draft_key, db_session=ctx.db_session)
    if not created:
        ctx.note("incident_report", answered=True, ticket=inc.number, duplicate=True)
        return [Text(T.ALREADY_CREATED.format(number=inc.number, status=T.STATUS.get(inc.status, inc.status)))]
    staff = staff_recipients(ctx)
    ctx.push(staff, [cards.staff_card(inc, ctx)], purpose="incident", key=f"inc:{inc.id}:new")
    ctx.interaction.school_id = inc.school_id
    remember(ctx, Topic("incident"))  # the chat moved on: "แล้วครูล่ะ" next is not about the earlier answer
    ctx.note("incident_report", answered=True, ticket=inc.number, category=inc.category, priority=inc.priority,
             impact=inc.impact, urgency=inc.urgency, school=data.get("school_code"))
    text = T.CREATED.format(number=inc.number, priority=f"P{inc.priority} {T.PRIORITY[inc.priority]}")
    return [Text(text + ("" if staff else T.NO_STAFF_YET))]
