"""Satisfaction ratings after answers, and the staff's fiscal-year summary in chat.

- After-hook: every Nth answered data/manual question of a user (settings.rating_every_n_answers,
  0 = never) gets a rating question appended, with quick replies มากที่สุด(5) … น้อยที่สุด(1) as
  signed postbacks `rate` (i = the rated answer's webhook event id, s = score).
- The `rate` postback stores one Rating per answer (a second tap changes nothing) and thanks.
- A typed score (intent `rating`: 1–5, stars, "พอใจมากที่สุด") counts only right after a rating was
  asked. A user may ask to rate ("ขอประเมินความพึงพอใจ"): the same question, its ref the request's event id.
- "สรุปผลปีงบ 2570" (intent `report_summary`, staff only): a Flex card of the key figures and
  signed, expiring links to the XLSX and PDF report.
"""

from __future__ import annotations

import logging
import re
import secrets
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from handlers import evaluation_texts as T
from handlers.context import Context
from handlers.messages import Choice, Flex, Message, Text
from handlers.report import texts as RT
from handlers.report.data import KeyFigure, ReportData, build_report
from handlers.report.fonts import ThaiFontMissing, find_thai_font
from handlers.router import Router
from handlers.turn import Turn
from knowledge.normalize import normalize
from models.evaluation import (
    RATING_ASKED,
    add_rating,
    count_answered,
    get_rating,
    interaction_for_event,
    last_interaction,
)
from models.report_queries import fiscal_year_of

log = logging.getLogger(__name__)

RATEABLE_INTENTS = frozenset({
    "student_count", "teacher_count", "school_count", "school_info", "school_list", "ranking", "compare_years",
    "manual",
})
"""Answered questions of these intents count for the rating sample (a handler may also set ask_rating)."""
RATING_WINDOW = timedelta(minutes=30)
"""A typed digit counts as a rating only this soon after the question that asked for one."""
MAX_MESSAGES = 5
REPORT_LINK_TTL = 24 * 3600
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CARD_FIGURES = (RT.K_INTERACTIONS, RT.K_USERS, RT.K_SCHOOLS, RT.K_ANSWERED_RATE, RT.K_INCIDENTS, RT.K_SLA_ACK,
                RT.K_SLA_RES, RT.K_AVAILABILITY, RT.K_NOTICES, RT.K_DELIVERED_RATE)


# --------------------------------------------------------------------------- asking

def rating_choices(ctx: Context, ref: str) -> tuple[Choice, ...]:
    """Five quick replies, highest first, each a signed `rate` postback."""
    return tuple(Choice(label=T.RATING_LABEL.format(name=name, score=score),
                        data=ctx.postback("rate", i=ref, s=score),
                        display_text=T.RATING_DISPLAY.format(name=name, score=score))
                 for score, name in T.RATING_CHOICES)


def _should_ask(turn: Turn, ctx: Context, messages: list[Message]) -> bool:
    every = ctx.settings.rating_every_n_answers
    it = ctx.interaction
    if every <= 0 or not messages or len(messages) >= MAX_MESSAGES or turn.in_group or not turn.user_id:
        return False
    if not it.answered or not (it.ask_rating or it.intent in RATEABLE_INTENTS):
        return False
    before = count_answered(turn.user_id, RATEABLE_INTENTS, db_session=ctx.db_session,
                            office_id=ctx.settings.office_id)
    return (before + 1) % every == 0


def ask_rating(turn: Turn, ctx: Context, messages: list[Message]) -> list[Message]:
    """After-hook: append the rating question to every Nth answered question of a user."""
    if not _should_ask(turn, ctx, messages):
        return messages
    ref = turn.event_id
    ctx.interaction.entities[RATING_ASKED] = ref
    return [*messages, Text(T.ASK_RATING, rating_choices(ctx, ref))]


# --------------------------------------------------------------------------- answering

def _store(turn: Turn, ctx: Context, ref: str, score: int) -> list[Message]:
    office = ctx.settings.office_id
    if get_rating(ref, db_session=ctx.db_session, office_id=office) is not None:
        ctx.note("rating", duplicate=True)
        return [Text(T.RATING_ALREADY)]
    rated = interaction_for_event(ref, db_session=ctx.db_session)
    if rated is not None and rated.line_user_id and turn.user_id and rated.line_user_id != turn.user_id:
        ctx.note("rating", answered=False, foreign=True)  # someone else's button (forwarded)
        return [Text(T.RATING_NOT_ASKED)]
    stored = add_rating(ref, score, db_session=ctx.db_session, office_id=office, at=ctx.now,
                        user_ref=rated.user_ref if rated else "", interaction_id=rated.id if rated else None)
    if stored is None:
        ctx.note("rating", duplicate=True)
        return [Text(T.RATING_ALREADY)]
    ctx.note("rating", score=score, rated=rated.intent if rated else None)
    name = dict(T.RATING_CHOICES)[score]
    return [Text((T.RATING_THANKS if score >= 3 else T.RATING_THANKS_LOW).format(name=name))]


def on_rate(turn: Turn, ctx: Context) -> list[Message]:
    """The `rate` postback: store the score once for the rated answer."""
    ref = str(turn.postback_params.get("i", ""))
    try:
        score = int(turn.postback_params.get("s", 0))
    except (TypeError, ValueError):
        score = 0
    if not ref or not 1 <= score <= 5:
        ctx.note("rating", answered=False)
        return [Text(T.RATING_NOT_ASKED)]
    return _store(turn, ctx, ref, score)


_SPACES = re.compile(r"\s+")
_GIVE = re.compile(r"^(?:ให้)?(?:คะแนน)?")
_WORD_SCORES = {prefix + name: score for score, name in T.RATING_CHOICES for prefix in T.RATING_WORD_PREFIXES} | \
    T.RATING_WORDS


def score_in_words(text: str) -> int | None:
    """The score a whole message of satisfaction words gives ("พอใจมากที่สุด" 5, "ไม่พอใจ" 1), if any."""
    words = _SPACES.sub("", normalize(text))
    return _WORD_SCORES.get(_GIVE.sub("", words))


def _asked_ref(turn: Turn, ctx: Context) -> str | None:
    """The ref of the rating the user's previous turn asked for, if it was asked not long ago."""
    last = last_interaction(turn.user_id, db_session=ctx.db_session, office_id=ctx.settings.office_id) \
        if turn.user_id else None
    ref = (last.entities or {}).get(RATING_ASKED) if last is not None else None
    if ref is None or last is None or ctx.now - last.at > RATING_WINDOW:
        return None
    return str(ref)


def ask_service_rating(turn: Turn, ctx: Context, ref: str | None = None) -> list[Message]:
    """The rating question asked on the user's own request; its ref is the request's event id."""
    ref = ref or turn.event_id or f"ask:{secrets.token_hex(8)}"
    ctx.interaction.entities[RATING_ASKED] = ref
    return [Text(T.ASK_RATING_SERVICE, rating_choices(ctx, ref))]


def on_typed_rating(turn: Turn, ctx: Context) -> list[Message]:
    """A typed score (1–5, stars, "พอใจมาก") counts right after a rating question; a request to rate
    ("ขอประเมินความพึงพอใจ", or satisfaction words with no question before them) asks one."""
    digit = getattr(getattr(ctx.understanding, "entities", None), "rating", None)
    score = int(digit) if digit is not None else score_in_words(turn.text or "")
    ref = _asked_ref(turn, ctx)
    if ref is not None and score is not None:
        return _store(turn, ctx, ref, score)
    if digit is not None:  # a bare number: it may mean anything
        ctx.note("rating", answered=False, counted=False)
        return [Text(T.RATING_NOT_ASKED)]
    ctx.note("rating", requested=True)
    return ask_service_rating(turn, ctx, ref)


# --------------------------------------------------------------------------- staff summary

def _fiscal_year(turn: Turn, ctx: Context) -> int:
    u = ctx.understanding
    if u is None and turn.text:
        from knowledge.understand import understand
        u = understand(turn.text, ctx.knowledge.vocabulary)
    fy = getattr(getattr(u, "entities", None), "fiscal_year", None)
    return int(fy) if fy else fiscal_year_of(ctx.now)


def _publish(data: ReportData, ctx: Context) -> tuple[str, str | None]:
    """Write the files, publish them under private, signed, expiring names; (xlsx url, pdf url)."""
    from handlers.report.pdf import write_pdf
    from handlers.report.xlsx import write_xlsx
    token = secrets.token_urlsafe(12).replace("_", "x").replace("-", "y")
    base = f"private-report-{data.fiscal_year}-{token}"
    with tempfile.TemporaryDirectory() as tmp:
        try:
            font = find_thai_font(ctx.settings.font_path)
        except ThaiFontMissing:
            log.warning("no Thai font: the report is published as XLSX without charts or PDF")
            xlsx = write_xlsx(data, Path(tmp) / "r.xlsx", charts=[])
            url = ctx.files.publish(f"{base}.xlsx", xlsx.read_bytes(), content_type=XLSX_TYPE,
                                    ttl_seconds=REPORT_LINK_TTL)
            return url, None
        from handlers.report.charts import render_charts
        charts = render_charts(data, font)
        xlsx = write_xlsx(data, Path(tmp) / "r.xlsx", charts=charts)
        pdf = write_pdf(data, Path(tmp) / "r.pdf", font=font, charts=charts)
        x_url = ctx.files.publish(f"{base}.xlsx", xlsx.read_bytes(), content_type=XLSX_TYPE,
                                  ttl_seconds=REPORT_LINK_TTL)
        p_url = ctx.files.publish(f"{base}.pdf", pdf.read_bytes(), content_type="application/pdf",
                                  ttl_seconds=REPORT_LINK_TTL)
        return x_url, p_url


def _row(label: str, value: str) -> dict[str, Any]:
    return {"type": "box", "layout": "horizontal", "contents": [
        {"type": "text", "text": label, "size": "sm", "color": "#555555", "flex": 6, "wrap": True},
        {"type": "text", "text": value, "size": "sm", "align": "end", "weight": "bold", "flex": 4}]}


def summary_bubble(data: ReportData, xlsx_url: str, pdf_url: str | None) -> dict[str, Any]:
    """The key figures as a Flex bubble with download buttons."""
    figs: dict[str, KeyFigure] = {k.label: k for k in data.key_figures()}
    s = data.satisfaction.overall
    rows = [_row(label, figs[label].shown) for label in CARD_FIGURES[:4]]
    rows.append(_row(RT.K_MEAN, T.SATISFACTION_VALUE.format(mean=RT.dec2(s.mean), band=RT.level_label(s.band))
                     if s.mean is not None else RT.NO_DATA))
    rows.append(_row(RT.K_SD + f" · n={RT.num(s.n)}", RT.dec2(s.sd)))
    rows += [_row(label, figs[label].shown) for label in CARD_FIGURES[4:]]
    buttons: list[dict[str, Any]] = [{"type": "button", "style": "primary", "height": "sm", "color": "#1B5E20",
                                      "action": {"type": "uri", "label": T.BUTTON_XLSX, "uri": xlsx_url}}]
    if pdf_url:
        buttons.append({"type": "button", "style": "primary", "height": "sm", "color": "#B71C1C",
                        "action": {"type": "uri", "label": T.BUTTON_PDF, "uri": pdf_url}})
    note = T.SUMMARY_FILES.format(hours=REPORT_LINK_TTL // 3600) + ("" if pdf_url else "\n" + T.SUMMARY_NO_PDF)
    return {
        "type": "bubble", "size": "mega",
        "header": {"type": "box", "layout": "vertical", "backgroundColor": "#E3F2FD", "contents": [
            {"type": "text", "text": T.SUMMARY_TITLE.format(fy=data.fiscal_year), "weight": "bold", "size": "lg",
             "color": "#0D47A1"},
            {"type": "text", "text": T.SUMMARY_PERIOD.format(start=RT.thai_date(data.start),
                                                             end=RT.thai_date(data.last_day)),
             "size": "xs", "color": "#546E7A"}]},
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": rows},
        "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": [
            *buttons, {"type": "text", "text": note, "size": "xxs", "color": "#757575", "wrap": True}]},
    }


def on_report_summary(turn: Turn, ctx: Context) -> list[Message]:
    """Staff: the fiscal year's key figures and download links. Others: a polite refusal."""
    if not ctx.is_staff:
        ctx.note("report_summary", refused=True)
        if "พอใจ" in (turn.text or ""):  # a user who speaks of satisfaction may rate it
            return [Text(T.STAFF_ONLY), *ask_service_rating(turn, ctx)]
        return [Text(T.STAFF_ONLY)]
    fy = _fiscal_year(turn, ctx)
    started = time.perf_counter()
    data = build_report(fy, db_session=ctx.db_session, settings=ctx.settings, now=ctx.now)
    xlsx_url, pdf_url = _publish(data, ctx)
    log.info("report %s built and published in %.1f s", fy, time.perf_counter() - started)
    ctx.note("report_summary", fiscal_year=fy)
    t, s = data.totals, data.satisfaction.overall
    alt = T.SUMMARY_ALT.format(fy=fy, interactions=RT.num(t.interactions), users=RT.num(t.users),
                               mean=RT.dec2(s.mean))
    return [Flex(alt_text=alt, contents=summary_bubble(data, xlsx_url, pdf_url))]


def register(router: Router) -> None:
    """Rating postbacks and the typed rating, the staff summary and the rating hook (retention: handlers/privacy)."""
    router.postback("rate")(on_rate)
    router.intent("rating")(on_typed_rating)
    router.intent("report_summary")(on_report_summary)
    router.after.append(ask_rating)
