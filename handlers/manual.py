"""The operations manual in chat: a fact as short text, a process as a Flex card, the flowchart image."""

from __future__ import annotations

import logging
from typing import Any

from handlers.context import Context
from handlers.messages import Choice, Flex, Image, Message, Text
from handlers.router import Router
from handlers.turn import Turn
from knowledge.manual import ManualAnswer, Process
from knowledge.manual import texts as T
from knowledge.manual.flowchart import FontNotFound, render_flowchart
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
        return [Flex(alt_text=alt[:400], contents=process_bubble(p), choices=choices(ans))]
    if p is not None and ans.field == "flowchart":
        return _flowchart(p, ans, ctx)
    return [Text(ans.text, choices(ans))]


def handle_manual(turn: Turn, ctx: Context) -> list[Message]:
    """Answer a question about the operations manual with the precise part asked."""
    ans = ctx.knowledge.manual.answer(strip_smalltalk(turn.text or ""))
    ctx.note("manual", answered=ans.kind != "no_match", process=ans.process_id, step=ans.step_no,
             field=ans.field, score=ans.score)
    return answer_messages(ans, ctx)


def rescue_manual(turn: Turn, ctx: Context) -> list[Message] | None:
    """A text no intent understood that names a law-list item by its title ("แผนการบริหารราชการ
    แผ่นดิน") or asks about the manual itself: answer it; anything less sure passes (None)."""
    ans = ctx.knowledge.manual.named(strip_smalltalk(turn.text or ""))
    if ans is None:
        return None
    ctx.note("manual", answered=True, field=ans.field, score=ans.score, rescued=True)
    return answer_messages(ans, ctx)


def register(router: Router) -> None:
    """Route the manual intent and the manual's menu keywords."""
    router.intent("manual", threshold=0.3)(handle_manual)  # its own no-match guard stops unrelated answers
    router.keyword(*T.H_MANUAL_KEYWORDS)(handle_manual)
    router.rescues.append(rescue_manual)
