"""Network incident reports: start, confirm, staff actions, reporter updates, rating, look-ups, SLA.

Routes: intent incident_report / keyword "แจ้งปัญหา" / postback incident.start → the report flow
(handlers/incident_flow.py); postback incident.confirm → the ticket; incident.ack|progress|resolve|
close → staff actions (checked server-side); incident.rate → the reporter's 1–5 score;
"งานค้าง", "INC-2570-0003" and intent incident_status → look-ups; periodic SLA reminders (an
unacknowledged ticket, once per acknowledge period; an unresolved one past its resolve SLA, once).
"""

from __future__ import annotations

from datetime import timedelta

from handlers import incident_cards as cards
from handlers import incident_texts as T
from handlers.context import Context
from handlers.flow import Data, Done, Flow, Retry, Step, StepResult
from handlers.incident_extract import asks_where_to_report
from handlers.incident_flow import REPORT_FLOW, finalize, staff_recipients, start
from handlers.messages import Choice, Message, Text
from handlers.router import Handler, Router
from handlers.turn import Turn
from knowledge.understand import understand
from models.evaluation import add_rating
from models.incident import Incident
from models.incidents_queries import (
    OPEN_STATUSES,
    by_draft_key,
    by_number,
    change_status,
    claim_reminder,
    claim_resolve_reminder,
    drop_stale_drafts,
    due_for_reminder,
    events_of,
    get_draft,
    list_incidents,
    overdue_for_resolution,
)

ACTION_STATUS = {"incident.ack": "acknowledged", "incident.progress": "in_progress",
                 "incident.resolve": "resolved", "incident.close": "closed"}
RESOLVE_FLOW = "incident_resolve"
DRAFT_KEEP = timedelta(days=2)
OVERDUE_CARDS = 3  # more tickets overdue at once (e.g. a backlog after an upgrade) come as one list


# --------------------------------------------------------------------------- reporting


def start_from_text(turn: Turn, ctx: Context) -> list[Message]:
    """A message that describes a problem: keep what it says, ask the rest (first saying that the
    report is made right here when the message asks whom or where to tell)."""
    asked = start(turn, ctx, turn.text)
    if asks_where_to_report(turn.text or ""):
        return [Text(T.REPORT_HERE.format(office=ctx.settings.office_name)), *asked]
    return asked


def start_bare(turn: Turn, ctx: Context) -> list[Message]:
    """The menu word or button: ask what happened."""
    ctx.note("incident_report")
    return start(turn, ctx, None)


def confirm(turn: Turn, ctx: Context) -> list[Message]:
    """The confirm button: the saved draft becomes a ticket once, however often it is tapped."""
    draft_key = str(turn.postback_params.get("d", ""))
    existing = by_draft_key(draft_key, db_session=ctx.db_session)
    if existing is not None:
        ctx.note("incident_report", answered=True, ticket=existing.number, duplicate=True)
        return [Text(T.ALREADY_CREATED.format(number=existing.number,
                                              status=T.STATUS.get(existing.status, existing.status)))]
    draft = get_draft(draft_key, db_session=ctx.db_session)
    if draft is None:
        ctx.note("incident_report", answered=False, draft_gone=True)
        return [Text(T.DRAFT_GONE)]
    if turn.user_id != draft.line_user_id:
        return [Text(T.NOT_YOUR_DRAFT)]
    ctx.conversations.end()
    return finalize(ctx, draft_key, dict(draft.data))


# --------------------------------------------------------------------------- staff actions


def _incident_of(turn: Turn, ctx: Context) -> Incident | None:
    raw = str(turn.postback_params.get("id", ""))
    inc = ctx.db_session.get(Incident, int(raw)) if raw.isdigit() else None
    return inc if inc is not None and inc.office_id == ctx.settings.office_id else None


def staff_action(to_status: str) -> Handler:
    """The handler of one staff button."""
    def handle(turn: Turn, ctx: Context) -> list[Message]:
        return act(turn, ctx, to_status)
    handle.__doc__ = f"Staff button: move a ticket to {to_status}."
    return handle


def act(turn: Turn, ctx: Context, to_status: str) -> list[Message]:
    """รับเรื่อง / กำลังดำเนินการ / ปิดงาน (แก้ไขแล้ว asks for a note first); staff only."""
    if not ctx.is_staff:
        ctx.note(f"incident.{to_status}", answered=False, refused=True)
        return [Text(T.STAFF_ONLY)]
    inc = _incident_of(turn, ctx)
    if inc is None:
        return [Text(T.NOT_FOUND.format(number=""))]
    if to_status == "resolved":
        if inc.status in ("resolved", "closed"):
            return apply_change(ctx, inc.id, to_status)  # says "already", changes nothing
        return ctx.conversations.start(RESOLVE_FLOW, data={"id": inc.id, "number": inc.number})
    return apply_change(ctx, inc.id, to_status)


def apply_change(ctx: Context, incident_id: int, to_status: str, note: str | None = None) -> list[Message]:
    """Change the status, record who and when, tell the reporter and the other staff."""
    assert ctx.user is not None
    actor = ctx.user.line_user_id
    change = change_status(incident_id, to_status, actor=actor, db_session=ctx.db_session, now=ctx.now, note=note)
    if change is None:
        return [Text(T.NOT_FOUND.format(number=""))]
    inc = change.incident
    status_text = T.STATUS.get(inc.status, inc.status)
    if not change.changed:
        ctx.note(f"incident.{to_status}", answered=True, ticket=inc.number, repeated=True)
        if change.by:
            return [Text(T.ALREADY.format(number=inc.number, status=status_text,
                                          who=cards.person(change.by, ctx.db_session),
                                          when=T.thai_datetime(change.at)))]
        return [Text(T.ALREADY_NO_WHO.format(number=inc.number, status=status_text))]
    ctx.note(f"incident.{to_status}", answered=True, ticket=inc.number, priority=inc.priority)
    ask_rating = to_status == "resolved" or (to_status == "closed" and change.previous != "resolved")
    if inc.reporter_line_user_id:
        ctx.push(inc.reporter_line_user_id, cards.reporter_update(inc, to_status, ctx, ask_rating),
                 purpose="incident", key=f"inc:{inc.id}:{to_status}")
    others = [i for i in staff_recipients(ctx) if i != actor]
    who = cards.person(actor, ctx.db_session)
    ctx.push(others, [Text(T.STAFF_UPDATE.format(number=inc.number, status=status_text, who=who))],
             purpose="incident", key=f"inc:{inc.id}:{to_status}:staff")
    done = T.ACTION_DONE.format(number=inc.number, status=status_text)
    return [Text(done), cards.staff_card(inc, ctx, head=f"สถานะ: {status_text}", alt=done)]


def ask_note(ctx: Context, data: Data) -> list[Message]:
    """What was done to fix it?"""
    return [Text(T.ASK_RESOLUTION.format(number=data["number"]),
                 (Choice(T.NO_NOTE, text=T.NO_NOTE), Choice(T.BUTTON_CANCEL, text=T.BUTTON_CANCEL)))]


def accept_note(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """The note resolves the ticket (staff checked again: roles can change mid-way)."""
    if turn.kind != "text":
        return Retry()
    if not ctx.is_staff:
        return Done(say=(Text(T.STAFF_ONLY),))
    text = (turn.text or "").strip()
    if len(text) > 1000:
        return Retry(say=(Text(T.NOTE_TOO_LONG),))
    note = None if text in (T.NO_NOTE, "") else text
    return Done(say=tuple(apply_change(ctx, int(data["id"]), "resolved", note)))


RESOLVE_NOTE_FLOW = Flow(
    name=RESOLVE_FLOW,
    steps={"note": Step(ask_note, accept_note)},
    on_cancel=lambda ctx, data: [Text(T.RESOLVE_CANCELLED)],
    on_timeout=lambda ctx, data: [Text(T.RESOLVE_TIMED_OUT)],
)


# --------------------------------------------------------------------------- rating


def rate(turn: Turn, ctx: Context) -> list[Message]:
    """The reporter's 1–5 score of how their problem was handled (once per ticket)."""
    inc = _incident_of(turn, ctx)
    raw = str(turn.postback_params.get("v", ""))
    if inc is None or not raw.isdigit() or not 1 <= int(raw) <= 5:
        return [Text(T.NOT_FOUND.format(number=""))]
    if turn.user_id != inc.reporter_line_user_id:
        return [Text(T.RATING_NOT_YOURS)]
    score = int(raw)
    stored = add_rating(f"inc:{inc.id}", score, db_session=ctx.db_session, user_ref=ctx.user_ref(turn.user_id or ""),
                        at=ctx.now, incident_id=inc.id, office_id=inc.office_id)
    if stored is None:
        return [Text(T.RATING_ALREADY)]
    ctx.note("incident.rating", answered=True, ticket=inc.number, rating=score)
    return [Text(T.RATING_THANKS.format(score=score))]


# --------------------------------------------------------------------------- look-ups


def pending(turn: Turn, ctx: Context) -> list[Message]:
    """Staff: every open ticket; others: their own (and their school's) tickets."""
    ctx.note("incident_status", answered=True)
    office = ctx.settings.office_id
    if ctx.is_staff:
        rows = list_incidents(db_session=ctx.db_session, office_id=office, statuses=OPEN_STATUSES)
        return cards.ticket_list(T.PENDING_HEAD, rows, ctx.db_session) if rows else [Text(T.PENDING_NONE)]
    user = ctx.user
    if user is None:
        return [Text(T.MINE_NONE)]
    school = user.school_id if user.role == "school" else None
    rows = list_incidents(db_session=ctx.db_session, office_id=office, reporter=user.line_user_id,
                          school_id=school, limit=10)
    return cards.ticket_list(T.MINE_HEAD, rows, ctx.db_session) if rows else [Text(T.MINE_NONE)]


def may_see(inc: Incident, ctx: Context) -> bool:
    """Staff see every ticket; a reporter sees theirs; a school user sees their school's."""
    user = ctx.user
    if user is None:
        return False
    if ctx.is_staff or inc.reporter_line_user_id == user.line_user_id:
        return True
    return user.role == "school" and user.school_id is not None and user.school_id == inc.school_id


def show(turn: Turn, ctx: Context) -> list[Message]:
    """One ticket by number (or the list when no number was given)."""
    ticket = None
    if ctx.understanding is not None:
        ticket = ctx.understanding.entities.ticket
    if ticket is None:
        ticket = understand(turn.text or "", ctx.knowledge.vocabulary).entities.ticket
    if ticket is None:
        return pending(turn, ctx)
    inc = by_number(ticket, db_session=ctx.db_session, office_id=ctx.settings.office_id)
    ctx.note("incident_status", answered=inc is not None, ticket=ticket)
    if inc is None or not may_see(inc, ctx):
        return [Text(T.NOT_FOUND.format(number=ticket))]
    events = events_of(inc.id, db_session=ctx.db_session)
    if ctx.is_staff:
        return [cards.staff_card(inc, ctx, head=T.STATUS.get(inc.status, inc.status),
                                 alt=f"{inc.number} {T.STATUS.get(inc.status, inc.status)}"),
                Text(cards.timeline(events, ctx.db_session))]
    return [Text(cards.detail_text(inc, events, ctx.db_session))]


# --------------------------------------------------------------------------- SLA


def remind_unacknowledged(ctx: Context) -> None:
    """Periodic: a ticket nobody acknowledged within its SLA reminds staff again (once per period)."""
    minutes = {p: ctx.settings.sla_ack_for(p) for p in (1, 2, 3, 4)}
    staff = staff_recipients(ctx)
    for inc in due_for_reminder(db_session=ctx.db_session, now=ctx.now, ack_minutes=minutes,
                                office_id=ctx.settings.office_id):
        wait = minutes.get(inc.priority, 60)
        period = int((ctx.now - inc.opened_at).total_seconds() // max(60, wait * 60))
        if not staff or not claim_reminder(inc, db_session=ctx.db_session, now=ctx.now):
            continue
        head = T.REMIND_HEAD.format(minutes=int((ctx.now - inc.opened_at).total_seconds() // 60))
        school = cards.school_label(inc, ctx.db_session)
        alt = T.REMIND_ALT.format(number=inc.number, priority=f"P{inc.priority}", school=school)
        ctx.push(staff, [cards.staff_card(inc, ctx, head=head, alt=alt)], purpose="incident",
                 key=f"inc:{inc.id}:remind:{period}")
    drop_stale_drafts(ctx.now - DRAFT_KEEP, db_session=ctx.db_session)


def remind_overdue(ctx: Context) -> None:
    """Periodic: a ticket still unresolved past its resolve SLA reminds staff, once per ticket."""
    staff = staff_recipients(ctx)
    if not staff:
        return  # nobody to tell: not recorded, so staff registered later still hear of it
    hours = {p: ctx.settings.sla_resolve_for(p) for p in (1, 2, 3, 4)}
    due = [inc for inc in overdue_for_resolution(db_session=ctx.db_session, now=ctx.now, resolve_hours=hours,
                                                 office_id=ctx.settings.office_id)
           if claim_resolve_reminder(inc, db_session=ctx.db_session, now=ctx.now,
                                     note=f"SLA {hours.get(inc.priority)} h")]
    if not due:
        return
    if len(due) > OVERDUE_CARDS:
        ctx.push(staff, cards.ticket_list(T.OVERDUE_LIST_HEAD, due, ctx.db_session), purpose="incident",
                 key="inc:overdue:" + ",".join(str(inc.id) for inc in due))
        return
    for inc in due:
        school = cards.school_label(inc, ctx.db_session)
        alt = T.OVERDUE_ALT.format(number=inc.number, priority=f"P{inc.priority}", school=school)
        ctx.push(staff, [cards.staff_card(inc, ctx, head=T.OVERDUE_HEAD.format(hours=hours.get(inc.priority)),
                                          alt=alt)], purpose="incident", key=f"inc:{inc.id}:overdue")


def register(router: Router) -> None:
    """Add the incident routes, flows and the SLA duties."""
    router.add_flow(REPORT_FLOW)
    router.add_flow(RESOLVE_NOTE_FLOW)
    router.intent("incident_report")(start_from_text)
    router.keyword(*T.START_WORDS)(start_bare)
    router.postback("incident.start")(start_bare)
    router.postback("incident.confirm")(confirm)
    for action, status in ACTION_STATUS.items():
        router.postback(action)(staff_action(status))
    router.postback("incident.rate")(rate)
    router.keyword(*T.PENDING_WORDS)(pending)
    router.prefix("inc-", "inc ")(show)
    router.intent("incident_status")(show)
    router.periodic.append(remind_unacknowledged)
    router.periodic.append(remind_overdue)
