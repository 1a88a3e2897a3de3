"""The operations manual in chat: a fact as short text, a process as a Flex card, the flowchart image."""

from __future__ import annotations

import logging
from typing import Any

from handlers.context import Context
from handlers.messages import Choice, Flex, Image, Message, Text
from handlers.router import Router
from handlers.topic import Topic, recall, remember
from handlers.turn import Turn
from knowledge.follow_up import has_marker, names_every_process, reads_as_follow_up
from knowledge.manual import ManualAnswer, Process
from knowledge.manual import texts as T
from knowledge.manual.flowchart import FontNotFound, render_flowchart
from knowledge.manual.follow_up import follow_up_answer, same_part
from knowledge.smalltalk import strip_smalltalk

log = logging.getLogger(__name__)
MAX_CHOICES = 13


def choices(ans: ManualAnswer) -> tuple[Choice, ...]:
    """Quick replies for the neighbouring questions (label ≤ 20 chars, sends the full question)."""
    pairs = zip(ans.related, ans.related_queries, strict=False)
    return tuple(Choice(label=label[:20], text=query) for label, query in pairs)[:MAX_CHOICES]


def _txt(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "text", "text": text, "wrap": True, **style}


def process_bubble(p: Process) -> dict[str, Any]:
    """A Flex bubble: name, objective, and the steps numbered with duration and responsible."""
    steps: list[dict[str, Any]] = []
    for s in p.steps:
        steps.append({"type": "box", "layout": "vertical", "spacing": "xs", "margin": "md", "contents": [
            _txt(f"{s.no}. {s.title}", weight="bold", size="sm", color="#0D47A1"),
            _txt(s.detail, size="xs", color="#424242"),
            _txt(T.H_FLEX_DURATION.format(duration=s.duration or "-"), size="xs", color="#2E7D32"),
            _txt(T.H_FLEX_RESPONSIBLE.format(responsible=s.responsible or "-"), size="xs", color="#6D4C41"),
        ]})
    return {
        "type": "bubble", "size": "mega",
        "header": {"type": "box", "layout": "vertical", "backgroundColor": "#E3F2FD", "contents": [
            _txt(p.name, weight="bold", size="md", color="#0D47A1")]},
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": [
            _txt(T.H_FLEX_OBJECTIVE, weight="bold", size="sm"),
            _txt(p.objective, size="xs", color="#424242"),
            {"type": "separator", "margin": "md"},
            _txt(T.H_FLEX_STEPS, weight="bold", size="sm", margin="md"),
            *steps,
            {"type": "separator", "margin": "md"},
            _txt(T.H_FLEX_OWNER.format(owner=p.owner), size="xxs", color="#757575", margin="md"),
        ]},
    }


def _flowchart(p: Process, ans: ManualAnswer, ctx: Context) -> list[Message]:
    try:
        png = render_flowchart(p, str(ctx.settings.font_path) if ctx.settings.font_path else None)
    except (FontNotFound, OSError) as exc:
        log.warning("flowchart of %s not rendered: %s", p.id, exc)
        return [Text(T.H_FLOWCHART_NO_IMAGE + "\n\n" + ans.text, choices(ans))]
    url = ctx.files.publish(f"manual-flow-{p.id}.png", png, content_type="image/png")
    return [Image(url=url), Text(ans.text, choices(ans))]


def answer_messages(ans: ManualAnswer, ctx: Context) -> list[Message]:
    """The messages for one manual answer."""
    p = ctx.knowledge.manual.process(ans.process_id) if ans.process_id else None
    if p is not None and ans.kind == "process" and ans.field in ("steps", "detail", None):
        alt = f"{p.name}: " + " → ".join(s.title for s in p.steps)
        card = Flex(alt_text=alt[:400], contents=process_bubble(p), choices=choices(ans))
        return [Text(ans.lead), card] if ans.lead else [card]  # "มี 5 ขั้นตอน…" before the card
    if p is not None and ans.field == "flowchart":
        return _flowchart(p, ans, ctx)
    return [Text(ans.text, choices(ans))]


def handle_manual(turn: Turn, ctx: Context) -> list[Message]:
    """Answer a manual question with the precise part asked (of the process just discussed if it names none)."""
    text = strip_smalltalk(turn.text or "")
    ans = ctx.knowledge.manual.answer(text)
    followed = _follow_up(text, ans, ctx)
    ans = followed or ans
    ctx.note("manual", answered=ans.kind != "no_match", process=ans.process_id, step=ans.step_no,
             field=ans.field, score=ans.score, follow_up=True if followed else None)
    return _answer(ans, ctx, followed=followed is not None)


def _answer(ans: ManualAnswer, ctx: Context, *, followed: bool) -> list[Message]:
    """The answer's messages; one that followed up on a process says which process first."""
    _remember(ans, ctx)
    out = answer_messages(ans, ctx)
    p = ctx.knowledge.manual.process(ans.process_id) if followed and ans.process_id else None
    last = out[-1] if out else None
    if p is not None and isinstance(last, Text) and p.name not in last.text.split("\n", 1)[0]:
        out[-1] = Text(T.H_FOLLOW_UP.format(name=p.name) + "\n" + last.text, last.choices)
    return out


def _follow_up(text: str, ans: ManualAnswer, ctx: Context) -> ManualAnswer | None:
    """The answer for the process discussed before ("ใช้เวลารวมเท่าไหร่") or its part for another one."""
    u = ctx.understanding
    if u is None or ans.kind in ("law", "laws"):
        return None
    if ans.process_id is not None:  # a process named: the same part of it, if that is all it says
        if not has_marker(u.text) or ans.field not in (None, "steps", "detail") or ans.step_no is not None:
            return None
        topic = recall(ctx, "manual")
        if topic is None or topic.process == ans.process_id:
            return None
        return same_part(ctx.knowledge.manual, ans, topic.field)
    if not reads_as_follow_up(u.text, u.tokens) or names_every_process(u.text):
        return None
    topic = recall(ctx, "manual")
    if topic is None or topic.process is None:
        return None
    return follow_up_answer(ctx.knowledge.manual, text, topic.process, topic.step)


def _remember(ans: ManualAnswer, ctx: Context) -> None:
    """A process answered: it is what the chat talks about now."""
    if ans.process_id is not None and ans.kind != "no_match":
        fld = ans.field if ans.field not in ("steps", "detail") else None
        remember(ctx, Topic("manual", process=ans.process_id, step=ans.step_no, field=fld))


def rescue_manual(turn: Turn, ctx: Context) -> list[Message] | None:
    """A text no intent understood that names a law-list item by its title ("แผนการบริหารราชการ
    แผ่นดิน") or asks about the manual itself: answer it; anything less sure passes (None)."""
    text = strip_smalltalk(turn.text or "")
    ans = ctx.knowledge.manual.named(text)
    if ans is None:
        return None
    followed = _follow_up(text, ans, ctx)
    ans = followed or ans
    ctx.note("manual", answered=True, field=ans.field, score=ans.score, rescued=True,
             follow_up=True if followed else None)
    return _answer(ans, ctx, followed=followed is not None)


def register(router: Router) -> None:
    """Route the manual intent and the manual's menu keywords."""
    router.intent("manual", threshold=0.3)(handle_manual)  # its own no-match guard stops unrelated answers
    router.keyword(*T.H_MANUAL_KEYWORDS)(handle_manual)
    router.rescues.append(rescue_manual)
