"""The report as an XLSX workbook: one sheet per topic, numbers as numbers (with separators), charts."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from handlers.report import texts as T
from handlers.report.charts import Chart, render_charts
from handlers.report.data import ReportData
from handlers.report.fonts import ThaiFont, find_thai_font

FONT = "Tahoma"
Cell = int | float | str | None


class _Book:
    """Formats shared by every sheet."""

    def __init__(self, wb: Workbook) -> None:
        base = {"font_name": FONT, "font_size": 10, "valign": "top"}
        self.wb = wb
        self.title = wb.add_format({**base, "bold": True, "font_size": 14})
        self.subtitle = wb.add_format({**base, "bold": True, "font_size": 11})
        self.note = wb.add_format({**base, "italic": True, "font_color": "#616161", "text_wrap": False})
        self.head = wb.add_format({**base, "bold": True, "bg_color": "#E3F2FD", "border": 1, "text_wrap": True})
        self.text = wb.add_format({**base, "border": 1})
        self.fmt = {
            "int": wb.add_format({**base, "border": 1, "num_format": "#,##0"}),
            "float": wb.add_format({**base, "border": 1, "num_format": "#,##0.0"}),
            "dec2": wb.add_format({**base, "border": 1, "num_format": "0.00"}),
            "pct": wb.add_format({**base, "border": 1, "num_format": "0.0%"}),
            "text": self.text,
        }
        self.bold_fmt = {k: wb.add_format({**base, "border": 1, "bold": True,
                                           **({"num_format": v.num_format} if k != "text" else {})})
                         for k, v in self.fmt.items()}


def _sheet(book: _Book, name: str, title: str, note: str = "", widths: Sequence[int] = ()) -> Worksheet:
    ws = book.wb.add_worksheet(name)
    ws.write_string(0, 0, title, book.title)
    if note:
        ws.write_string(1, 0, note, book.note)
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    return ws


def _table(book: _Book, ws: Worksheet, row: int, headers: Sequence[str], rows: Sequence[Sequence[Cell]],
           kinds: Sequence[str], *, caption: str = "", total: Sequence[Cell] | None = None,
           row_kinds: Sequence[Sequence[str]] | None = None) -> int:
    """Write a captioned table at `row`; returns the next free row (one blank row after).

    `kinds` are the column formats (int, float, dec2, pct, text); `row_kinds` overrides them per row.
    """
    if caption:
        ws.write_string(row, 0, caption, book.subtitle)
        row += 1
    for c, h in enumerate(headers):
        ws.write_string(row, c, h, book.head)
    row += 1
    for n, values in enumerate([*rows, *([total] if total is not None else [])]):
        fmts = book.bold_fmt if values is total else book.fmt
        ks = row_kinds[n] if row_kinds is not None and n < len(row_kinds) else kinds
        for c, (v, kind) in enumerate(zip(values, ks, strict=True)):
            if v is None:
                ws.write_string(row, c, T.NO_DATA, fmts["text"])
            elif kind == "text" or isinstance(v, str):
                ws.write_string(row, c, str(v), fmts["text"])
            else:
                ws.write_number(row, c, float(v) if kind != "int" else int(v), fmts[kind])
        row += 1
    return row + 1


def _image(ws: Worksheet, row: int, col: int, chart: Chart, scale: float = 0.62) -> None:
    ws.insert_image(row, col, f"{chart.key}.png", {"image_data": io.BytesIO(chart.png), "x_scale": scale,
                                                  "y_scale": scale, "object_position": 3})


def _rate(a: int, b: int) -> float | None:
    return a / b if b else None


def write_xlsx(data: ReportData, path: str | Path, *, font: ThaiFont | None = None,
               charts: list[Chart] | None = None) -> Path:
    """Write the workbook to `path` (charts rendered with the Thai font unless given)."""
    out = Path(path)
    if charts is None:
        charts = render_charts(data, font or find_thai_font())
    by_key = {c.key: c for c in charts}
    wb = xlsxwriter.Workbook(str(out), {"in_memory": True})
    wb.set_properties({"title": T.TITLE.format(office=data.office_name), "author": data.office_name,
                       "comments": T.SUBTITLE.format(fy=data.fiscal_year, start=T.thai_date(data.start),
                                                     end=T.thai_date(data.last_day))})
    book = _Book(wb)
    _summary(book, data)
    _months(book, data, by_key.get("months"))
    _intents(book, data, by_key.get("intents"))
    _schools(book, data)
    _districts(book, data, by_key.get("districts"))
    _gaps(book, data)
    _satisfaction(book, data, by_key.get("satisfaction"))
    _incidents(book, data, by_key.get("incidents"))
    _availability(book, data)
    _notices(book, data)
    wb.close()
    return out


def _summary(book: _Book, d: ReportData) -> None:
    ws = _sheet(book, T.SHEET_SUMMARY, T.TITLE.format(office=d.office_name), widths=(42, 18, 4))
    ws.write_string(1, 0, T.SUBTITLE.format(fy=d.fiscal_year, start=T.thai_date(d.start),
                                            end=T.thai_date(d.last_day)), book.subtitle)
    ws.write_string(2, 0, T.GENERATED.format(at=T.thai_datetime(d.generated_at)), book.note)
    figs = d.key_figures()
    row = _table(book, ws, 4, (T.H_MEASURE, T.H_VALUE), [(k.label, k.value) for k in figs],
                 ("text", "int"), row_kinds=[("text", k.kind) for k in figs])
    for note in (T.ANSWERED_NOTE, T.PSEUDONYM_NOTE, T.RETENTION_NOTE.format(days=d.retention_days)):
        ws.write_string(row, 0, note, book.note)
        row += 1


def _months(book: _Book, d: ReportData, chart: Chart | None) -> None:
    ws = _sheet(book, T.SHEET_MONTHS, T.SECTION_MONTHS, T.ANSWERED_NOTE, (12, 16, 12, 12, 14, 12))
    rows: list[Sequence[Cell]] = [(T.month_label(m.year, m.month), m.interactions, m.questions, m.answered,
                                   _rate(m.answered, m.questions), m.users) for m in d.months]
    t = d.totals
    _table(book, ws, 2, (T.H_MONTH, T.H_INTERACTIONS, T.H_QUESTIONS, T.H_ANSWERED, T.H_RATE, T.H_USERS), rows,
           ("text", "int", "int", "int", "pct", "int"),
           total=("รวม", t.interactions, t.questions, t.answered, t.answered_rate, t.users))
    if chart:
        _image(ws, 2, 7, chart)


def _intents(book: _Book, d: ReportData, chart: Chart | None) -> None:
    ws = _sheet(book, T.SHEET_INTENTS, T.SECTION_INTENTS, widths=(26, 30, 16, 12, 14))
    rows = [(i.intent or T.NO_DATA, T.intent_label(i.intent), i.interactions, i.answered,
             _rate(i.answered, i.interactions)) for i in d.intents]
    _table(book, ws, 2, (T.H_INTENT, T.H_INTENT_NAME, T.H_INTERACTIONS, T.H_ANSWERED, T.H_RATE), rows,
           ("text", "text", "int", "int", "pct"),
           total=("รวม", "", d.totals.interactions, sum(i.answered for i in d.intents),
                  _rate(sum(i.answered for i in d.intents), d.totals.interactions)))
    if chart:
        _image(ws, 2, 6, chart)


def _schools(book: _Book, d: ReportData) -> None:
    ws = _sheet(book, T.SHEET_SCHOOLS, T.SECTION_SCHOOLS, T.PSEUDONYM_NOTE, (8, 14, 40, 18, 16, 12))
    rows = [(n, s.code or T.NO_DATA, s.name or T.UNKNOWN_SCHOOL, s.district or T.NO_DATA, s.interactions, s.users)
            for n, s in enumerate(d.schools, 1)]
    _table(book, ws, 2, (T.H_RANK, T.H_CODE, T.H_SCHOOL, T.H_DISTRICT, T.H_INTERACTIONS, T.H_USERS), rows,
           ("int", "text", "text", "text", "int", "int"))


def _districts(book: _Book, d: ReportData, chart: Chart | None) -> None:
    ws = _sheet(book, T.SHEET_DISTRICTS, T.SECTION_DISTRICTS, widths=(22, 16, 12, 14))
    rows = [(x.district or T.UNKNOWN_DISTRICT, x.interactions, x.users, x.schools) for x in d.districts]
    _table(book, ws, 2, (T.H_DISTRICT, T.H_INTERACTIONS, T.H_USERS, T.H_SCHOOLS), rows, ("text", "int", "int", "int"))
    if chart:
        _image(ws, 2, 5, chart)


def _gaps(book: _Book, d: ReportData) -> None:
    ws = _sheet(book, T.SHEET_GAPS, T.SECTION_GAPS, T.RETENTION_NOTE.format(days=d.retention_days), (8, 70, 14))
    rows = [(n, g.text, g.count) for n, g in enumerate(d.gaps, 1)]
    _table(book, ws, 2, (T.H_RANK, T.H_TEXT, T.H_TIMES), rows, ("int", "text", "int"))


def _satisfaction(book: _Book, d: ReportData, chart: Chart | None) -> None:
    s = d.satisfaction
    groups = ((T.G_ALL, s.overall), (T.G_ANSWERS, s.answers), (T.G_INCIDENTS, s.incidents))
    ws = _sheet(book, T.SHEET_SATISFACTION, T.SECTION_SATISFACTION, widths=(22, 10, 14, 14, 22, 12))
    levels = [(T.LEVEL_NAMES[lv], lv, s.overall.counts[lv], _rate(s.overall.counts[lv], s.overall.n),
               s.answers.counts[lv], s.incidents.counts[lv]) for lv in (5, 4, 3, 2, 1)]
    row = _table(book, ws, 2, (T.H_LEVEL, T.H_SCORE, T.G_ALL, T.H_PERCENT, T.G_ANSWERS, T.G_INCIDENTS), levels,
                 ("text", "int", "int", "pct", "int", "int"),
                 total=("รวม", None, s.overall.n, 1.0 if s.overall.n else None, s.answers.n, s.incidents.n))
    stats = [(name, g.n, float(g.mean) if g.mean is not None else None, float(g.sd) if g.sd is not None else None,
              T.level_label(g.band) if g.band else None) for name, g in groups]
    row = _table(book, ws, row, (T.H_GROUP, T.H_COUNT, T.H_MEAN, T.H_SD, T.H_BAND), stats,
                 ("text", "int", "dec2", "dec2", "text"))
    row = _table(book, ws, row, (T.H_RANGE, T.H_BAND), [(rng, T.LEVEL_NAMES[lv]) for lv, rng in T.BANDS],
                 ("text", "text"))
    if chart:
        _image(ws, row, 0, chart)


def _incidents(book: _Book, d: ReportData, chart: Chart | None) -> None:
    i = d.incidents
    ws = _sheet(book, T.SHEET_INCIDENTS, T.SECTION_INCIDENTS,
                T.SLA_NOTE.format(ack="/".join(map(str, d.sla_ack_minutes)),
                                  res="/".join(map(str, d.sla_resolve_hours))), (34, 40, 14, 14, 16, 12))
    row = _table(book, ws, 3, (T.H_CATEGORY, T.H_COUNT), [(T.category_label(c), n) for c, n in i.by_category],
                 ("text", "int"), caption="จำแนกตาม" + T.H_CATEGORY, total=("รวม", i.total))
    row = _table(book, ws, row, (T.H_PRIORITY, T.H_COUNT), [(T.priority_label(p), n) for p, n in i.by_priority],
                 ("text", "int"), caption="จำแนกตาม" + T.H_PRIORITY)
    row = _table(book, ws, row, (T.H_STATUS, T.H_COUNT), [(T.status_label(s), n) for s, n in i.by_status],
                 ("text", "int"), caption="จำแนกตาม" + T.H_STATUS)
    row = _table(book, ws, row, (T.H_CODE, T.H_SCHOOL, T.H_COUNT),
                 [(code or T.NO_DATA, name or T.UNKNOWN_SCHOOL, n) for _sid, code, name, n in i.by_school],
                 ("text", "text", "int"), caption="จำแนกตาม" + T.H_SCHOOL)
    row = _table(book, ws, row, (T.H_MEASURE, T.H_N, T.H_MEDIAN, T.H_P90),
                 [(T.M_ACK, i.ack.n, i.ack.median_min, i.ack.p90_min),
                  (T.M_RESOLVE, i.resolve.n, i.resolve.median_min, i.resolve.p90_min)],
                 ("text", "int", "float", "float"), caption=T.P90_NOTE)
    row = _table(book, ws, row, (T.H_MEASURE, T.H_MET, T.H_MISSED, T.H_PENDING, T.H_PERCENT),
                 [(T.K_SLA_ACK, i.sla_ack.met, i.sla_ack.missed, i.sla_ack.pending, i.sla_ack.rate),
                  (T.K_SLA_RES, i.sla_resolve.met, i.sla_resolve.missed, i.sla_resolve.pending, i.sla_resolve.rate)],
                 ("text", "int", "int", "int", "pct"), caption="SLA")
    if chart:
        _image(ws, 3, 4, chart)


def _availability(book: _Book, d: ReportData) -> None:
    i = d.incidents
    ws = _sheet(book, T.SHEET_AVAILABILITY, T.SECTION_AVAILABILITY, T.AVAILABILITY_NOTE, (14, 40, 18, 16, 18, 14))
    rows = [(a.code, a.name, a.district, a.outages, a.downtime_min / 60.0, a.availability) for a in i.availability]
    _table(book, ws, 2, (T.H_CODE, T.H_SCHOOL, T.H_DISTRICT, T.H_OUTAGES, T.H_DOWNTIME, T.H_AVAILABILITY), rows,
           ("text", "text", "text", "int", "float", "pct"),
           total=("เฉลี่ย", "", "", sum(a.outages for a in i.availability),
                  sum(a.downtime_min for a in i.availability) / 60.0, i.mean_availability))


def _notices(book: _Book, d: ReportData) -> None:
    n = d.notices
    ws = _sheet(book, T.SHEET_NOTICES, T.SECTION_NOTICES, widths=(30, 14))
    items: list[tuple[str, Any, str]] = [
        (T.K_NOTICES, n.notices, "int"), (T.K_RECIPIENTS, n.recipients, "int"), (T.K_DELIVERED, n.delivered, "int"),
        ("ส่งไม่สำเร็จ (ราย)", n.failed, "int"), ("เลิกติดตาม/บล็อก (ราย)", n.blocked, "int"),
        (T.K_DELIVERED_RATE, n.delivered_rate, "pct"),
        ("ชุดการส่ง (multicast)", n.batches, "int"), ("ชุดที่ส่งสำเร็จ", n.batches_sent, "int"),
    ]
    row = _table(book, ws, 2, (T.H_ITEM, T.H_VALUE), [(label, v) for label, v, _ in items], ("text", "int"),
                 row_kinds=[("text", kind) for _, _, kind in items])
    _table(book, ws, row, (T.H_MONTH, T.H_NOTICES),
           [(T.month_label(m.year, m.month), c) for m, c in zip(d.months, n.by_month, strict=True)],
           ("text", "int"), total=("รวม", n.notices))
