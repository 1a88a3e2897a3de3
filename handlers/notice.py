"""Staff notices in chat: compose (text, image), choose the audience, preview, confirm or cancel.

Only staff may send (checked here on every path: the first message, each step, each button).
Confirming turns the draft into a queued notice in the turn's transaction; the bot's notice job
(bot/notices) picks it up, sends it in batches and reports the tally back to the author.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from handlers import notice_texts as T
from handlers.context import Context
from handlers.flow import Data, Done, Flow, Next, Retry, Step, StepResult
from handlers.messages import Choice, Message, Text
from handlers.notice_target import (
    SPLIT,
    asks_to_send,
    audience_text,
    is_notice_command,
    names_audience,
    parse_target,
    split_first_message,
)
from handlers.router import Router
from handlers.turn import Turn
from models.notice import (
    Notice,
    cancel_notice,
    confirm_draft,
    count_recipients,
    create_notice,
    districts,
    drop_drafts,
    find_district,
    find_schools,
    latest_draft,
    normalize_audience,
)

log = logging.getLogger(__name__)
FLOW = "notice"
MAX_TEXT = 4500  # leaves room for the header within LINE's 5,000


def _refuse(ctx: Context) -> list[Message]:
    ctx.note("notice.refused", answered=True)
    return [Text(T.REFUSED)]


# --- the flow


def start_notice(turn: Turn, ctx: Context) -> list[Message]:
    """ "ประกาศ …": start composing a notice (staff only)."""
    if not ctx.is_staff:
        return _refuse(ctx)
    target, body = split_first_message(turn.text or "")
    audience = parse_target(target, ctx) if target else None
    if target and audience is None:  # "ประกาศถึง…" naming nobody we know: it is all text
        body = (target + (": " + body if body else "")).strip()
    return _compose(ctx, target, body, audience)


def start_from_request(turn: Turn, ctx: Context) -> list[Message]:
    """A request in words ("ขอส่งประกาศหน่อยครับ", "อยากส่งประกาศถึงโรงเรียนในอำเภอหล่มสัก"):
    start composing, with the target it names (staff only)."""
    if not ctx.is_staff:
        return _refuse(ctx)
    text = (turn.text or "").strip()
    at = text.find("ประกาศ")
    target, body = split_first_message(text[at:]) if at >= 0 else ("", "")
    if not target and not re.search(r"[:：]", text):
        body = ""  # the request itself ("…หน่อยครับ") is not the notice's text
    return _compose(ctx, target, body, parse_target(target, ctx) if target else None)


def _compose(ctx: Context, target: str, body: str, audience: dict[str, Any] | None) -> list[Message]:
    if ctx.user is not None:
        drop_drafts(ctx.user.line_user_id, db_session=ctx.db_session)  # a new notice: old previews are void
    data: Data = {}
    if body:
        data["text"] = body[:MAX_TEXT]
    if audience is not None:
        data["audience"] = audience
    ctx.note("notice.start", target=target or None)
    empty = _empty_audience(ctx, data)
    said: list[Message] = [empty] if empty else []
    if "text" not in data:
        if "audience" in data:  # named in the request: say whom it will reach before asking the text
            said.append(Text(T.AUDIENCE_SET.format(audience=audience_text(data["audience"], ctx))))
        return said + ctx.conversations.start(FLOW, data=data, step="text")
    if "audience" not in data:
        return said + ctx.conversations.start(FLOW, data=data, step="audience")
    return ctx.conversations.start(FLOW, data=data, step="confirm")


def _attach_image(turn: Turn, ctx: Context, data: Data) -> Text:
    if not ctx.settings.public_base_url:
        return Text(T.IMAGE_UNAVAILABLE)
    got = ctx.files.fetch_content(turn.message_id or "") if turn.message_id else None
    if not got:
        return Text(T.IMAGE_FAILED)
    content, ctype = got
    ext = {"image/png": "png", "image/gif": "gif"}.get(ctype.split(";")[0].strip(), "jpg")
    data["image_url"] = ctx.files.publish(f"notice-{uuid.uuid4().hex}.{ext}", content, content_type=ctype)
    return Text(T.IMAGE_ATTACHED)


def _empty_audience(ctx: Context, data: Data) -> Text | None:
    """A note (and the audience forgotten) when the chosen audience has no followers now."""
    audience = data.get("audience")
    if audience is None or count_recipients(audience, db_session=ctx.db_session, office_id=ctx.settings.office_id):
        return None
    del data["audience"]
    return Text(T.PREVIEW_EMPTY.format(audience=audience_text(audience, ctx)))


def _to_confirm(ctx: Context, data: Data) -> StepResult:
    """On to the preview, or back to the audience when nobody would receive it."""
    empty = _empty_audience(ctx, data)
    return Next("audience", say=(empty,)) if empty else Next("confirm")


def ask_text(ctx: Context, data: Data) -> list[Message]:
    """Ask for the notice's text."""
    return [Text(T.ASK_TEXT)]


def accept_text(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """The text (or an image to attach first)."""
    if not ctx.is_staff:
        return Done(say=tuple(_refuse(ctx)))
    if turn.kind == "image":
        return Retry(say=(_attach_image(turn, ctx, data),))
    text = (turn.text or "").strip()
    if len(text) < 2:
        return Retry(say=(Text(T.TEXT_TOO_SHORT),))
    if len(text) > MAX_TEXT:
        return Retry(say=(Text(T.TEXT_TOO_LONG.format(limit=MAX_TEXT)),))
    data["text"] = text
    return _to_confirm(ctx, data) if "audience" in data else Next("audience")


def ask_audience(ctx: Context, data: Data) -> list[Message]:
    """Who should receive it."""
    return [Text(T.ASK_AUDIENCE, choices=(
        Choice(T.BTN_EVERYONE, text=T.BTN_EVERYONE), Choice(T.BTN_DISTRICT, text=T.BTN_DISTRICT),
        Choice(T.BTN_SCHOOLS, text=T.BTN_SCHOOLS), Choice(T.BTN_ROLE, text=T.BTN_ROLE),
        Choice(T.BTN_CANCEL, text=T.BTN_CANCEL)))]


def accept_audience(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """Everyone, or go on to choose a district, schools or a role."""
    if not ctx.is_staff:
        return Done(say=tuple(_refuse(ctx)))
    if turn.kind == "image":
        return Retry(say=(_attach_image(turn, ctx, data),))
    text = (turn.text or "").strip()
    if text == T.BTN_EVERYONE:
        data["audience"] = {"all": True}
        return _to_confirm(ctx, data)
    nxt = {T.BTN_DISTRICT: "district", T.BTN_SCHOOLS: "schools", T.BTN_ROLE: "role"}.get(text)
    if nxt:
        return Next(nxt)
    if not names_audience(text):  # the notice's own words typed here: not read for an audience, not asides
        return Retry(say=(Text(T.AUDIENCE_NOT_TEXT),))
    audience = parse_target(text, ctx)
    if audience is None:
        return Retry(say=(Text(T.UNKNOWN_CHOICE),), unread=True)
    data["audience"] = audience
    return _to_confirm(ctx, data)


def ask_district(ctx: Context, data: Data) -> list[Message]:
    """Quick replies of the districts that have schools."""
    names = districts(db_session=ctx.db_session, office_id=ctx.settings.office_id)
    if not names:
        return [Text(T.NO_DISTRICTS, choices=(Choice(T.BTN_CANCEL, text=T.BTN_CANCEL),))]
    choices = (*(Choice(n[:20], text=n) for n in names[:12]), Choice(T.BTN_CANCEL, text=T.BTN_CANCEL))
    return [Text(T.ASK_DISTRICT, choices=choices)]


def accept_district(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """A district name."""
    if not ctx.is_staff:
        return Done(say=tuple(_refuse(ctx)))
    text = (turn.text or "").strip()
    name = find_district(text, db_session=ctx.db_session, office_id=ctx.settings.office_id) if text else None
    if name is None:
        audience = parse_target(text, ctx) if text else None
        if audience is None:
            return Retry(say=(Text(T.UNKNOWN_DISTRICT.format(text=text[:40])),))
        data["audience"] = audience
        return _to_confirm(ctx, data)
    data["audience"] = {"districts": [name]}
    return _to_confirm(ctx, data)


def ask_schools(ctx: Context, data: Data) -> list[Message]:
    """Ask for school names or codes."""
    return [Text(T.ASK_SCHOOLS)]


def accept_schools(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """One or more schools, all of them known."""
    if not ctx.is_staff:
        return Done(say=tuple(_refuse(ctx)))
    found, missing = find_schools(SPLIT.split(turn.text or ""), db_session=ctx.db_session,
                                  office_id=ctx.settings.office_id)
    if missing or not found:
        return Retry(say=(Text(T.UNKNOWN_SCHOOLS.format(names=", ".join(missing) or (turn.text or "")[:40])),))
    data["audience"] = {"schools": [s.code for s in found]}
    return _to_confirm(ctx, data)


def ask_role(ctx: Context, data: Data) -> list[Message]:
    """Quick replies of the roles."""
    roles = (Choice(label, text=label) for label in T.ROLE_LABELS.values())
    return [Text(T.ASK_ROLE, choices=(*roles, Choice(T.BTN_CANCEL, text=T.BTN_CANCEL)))]


def accept_role(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """A role label."""
    if not ctx.is_staff:
        return Done(say=tuple(_refuse(ctx)))
    by_label = {label: role for role, label in T.ROLE_LABELS.items()}
    role = by_label.get((turn.text or "").strip())
    if role is None:
        return Retry(say=(Text(T.UNKNOWN_CHOICE),), unread=True)
    data["audience"] = {"roles": [role]}
    return _to_confirm(ctx, data)


def ask_confirm(ctx: Context, data: Data) -> list[Message]:
    """The preview exactly as recipients will see it, the recipient count, and confirm/cancel buttons."""
    if not ctx.is_staff or ctx.user is None:
        return _refuse(ctx)
    audience = normalize_audience(data.get("audience") or {"all": True})
    count = count_recipients(audience, db_session=ctx.db_session, office_id=ctx.settings.office_id)
    described = audience_text(audience, ctx)
    notice = _draft(ctx, data, audience)
    preview = T.notice_messages(notice.text, office=ctx.settings.office_name, image_url=notice.image_url,
                                link_url=notice.link_url)
    confirm = Text(T.PREVIEW_CONFIRM.format(audience=described, count=count), choices=(
        Choice(T.BTN_CONFIRM, data=ctx.postback("notice.send", id=notice.id), display_text=T.BTN_CONFIRM),
        Choice(T.BTN_CANCEL, data=ctx.postback("notice.cancel", id=notice.id), display_text=T.BTN_CANCEL)))
    ctx.note("notice.preview", recipients=count, audience=audience)
    return [Text(T.PREVIEW_HEAD), *preview, confirm]


def _draft(ctx: Context, data: Data, audience: dict[str, Any]) -> Notice:
    """A new draft row behind this preview; older previews' buttons stop working.

    (Each preview is its own immutable draft, so a button always sends what its preview showed.)
    """
    assert ctx.user is not None
    drop_drafts(ctx.user.line_user_id, db_session=ctx.db_session)
    return create_notice(db_session=ctx.db_session, text=data["text"], audience=audience, draft=True,
                         office_id=ctx.settings.office_id, author_line_user_id=ctx.user.line_user_id,
                         author_name=ctx.user.display_name, source="chat", image_url=data.get("image_url"),
                         now=ctx.now)


def accept_confirm(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """Typed "ยืนยันส่ง" (the buttons are signed postbacks routed to `send`), or an image to add."""
    if not ctx.is_staff:
        return Done(say=tuple(_refuse(ctx)))
    if turn.kind == "image":
        return Next("confirm", say=(_attach_image(turn, ctx, data),))
    draft = latest_draft(ctx.user.line_user_id, db_session=ctx.db_session) if ctx.user else None
    if (turn.text or "").strip() == T.BTN_CONFIRM and draft is not None:
        return Done(say=tuple(_queue(draft.id, ctx)))
    return Retry(say=(Text(T.UNKNOWN_CHOICE),), unread=True)


def _queue(notice_id: int, ctx: Context) -> list[Message]:
    assert ctx.user is not None
    notice = confirm_draft(notice_id, ctx.user.line_user_id, db_session=ctx.db_session, now=ctx.now)
    if notice is None:
        ctx.note("notice.duplicate_confirm", notice=notice_id)
        return [Text(T.ALREADY)]
    count = count_recipients(notice.audience, db_session=ctx.db_session, office_id=notice.office_id)
    ctx.note("notice.queued", notice=notice.id, recipients=count)
    return [Text(T.QUEUED.format(audience=audience_text(notice.audience, ctx), count=count))]


def send(turn: Turn, ctx: Context) -> list[Message]:
    """The signed "ยืนยันส่ง" button: queue the draft once (a second tap is told it was sent)."""
    if not ctx.is_staff or ctx.user is None:
        return _refuse(ctx)
    try:
        notice_id = int(turn.postback_params.get("id", ""))
    except ValueError:
        return [Text(T.ALREADY)]
    answer = _queue(notice_id, ctx)
    ctx.conversations.end()
    return answer


def cancel(turn: Turn, ctx: Context) -> list[Message]:
    """The signed "ยกเลิก" button: drop the draft."""
    if not ctx.is_staff or ctx.user is None:
        return _refuse(ctx)
    try:
        notice_id = int(turn.postback_params.get("id", ""))
    except ValueError:
        return [Text(T.ALREADY)]
    ctx.conversations.end()
    if cancel_notice(notice_id, db_session=ctx.db_session, author_line_user_id=ctx.user.line_user_id):
        ctx.note("notice.cancelled", notice=notice_id)
        return [Text(T.CANCELLED)]
    return [Text(T.ALREADY)]


def _drop_draft(ctx: Context, data: Data, say: str) -> list[Message]:
    if ctx.user is not None:
        drop_drafts(ctx.user.line_user_id, db_session=ctx.db_session)
    return [Text(say)]


NOTICE_FLOW = Flow(
    name=FLOW,
    steps={
        "text": Step(ask_text, accept_text),
        "audience": Step(ask_audience, accept_audience),
        "district": Step(ask_district, accept_district),
        "schools": Step(ask_schools, accept_schools),
        "role": Step(ask_role, accept_role),
        "confirm": Step(ask_confirm, accept_confirm),
    },
    on_cancel=lambda ctx, data: _drop_draft(ctx, data, T.CANCELLED),
    on_timeout=lambda ctx, data: _drop_draft(ctx, data, T.TIMED_OUT),
    accepts_media=frozenset({"image"}),
)


def register(router: Router) -> None:
    """Add the notice routes."""
    router.keyword("ประกาศ", "ส่งประกาศ")(start_notice)
    router.prefix("ประกาศ", when=is_notice_command)(start_notice)
    router.intent("notice", when=asks_to_send)(start_from_request)
    router.postback("notice.send")(send)
    router.postback("notice.cancel")(cancel)
    router.add_flow(NOTICE_FLOW)
