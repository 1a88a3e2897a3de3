"""The report as a printable A4 PDF: Thai font embedded, text shaped with HarfBuzz, charts included."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from handlers.report import texts as T
from handlers.report.charts import Chart, render_charts
from handlers.report.data import ReportData
from handlers.report.fonts import ThaiFont, find_thai_font

log = logging.getLogger(__name__)
FAMILY = "thai"
SYMBOLS = "symbols"  # DejaVu Sans (shipped with matplotlib): x̄, −, ≤ … that Thai fonts lack
SCHOOLS_TOP = 20
INTENTS_TOP = 15
AVAILABILITY_LOWEST = 15
HEAD = FontFace(emphasis="BOLD", fill_color=(227, 242, 253))


class _Pdf(FPDF):
    def __init__(self, font: ThaiFont, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font(FAMILY, "", str(font.regular))
        self.add_font(FAMILY, "B", str(font.bold))
        ttf = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
        if os.path.isfile(os.path.join(ttf, "DejaVuSans.ttf")):
            self.add_font(SYMBOLS, "", os.path.join(ttf, "DejaVuSans.ttf"))
            self.add_font(SYMBOLS, "B", os.path.join(ttf, "DejaVuSans-Bold.ttf"))
            self.set_fallback_fonts([SYMBOLS], exact_match=False)
        self.shaped = False
        try:
            self.set_text_shaping(True)  # needs uharfbuzz: marks above/below Thai consonants placed right
            self.shaped = True
        except (ImportError, Exception) as exc:  # fpdf raises FPDFException when uharfbuzz is missing
            log.warning("PDF text shaping unavailable (%s): pip install uharfbuzz", exc)
        self.set_auto_page_break(True, margin=16)
        self.set_margins(18, 16, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(117, 117, 117)
        self.cell(0, 5, f"{self.footer_text}   {T.PAGE.format(page=self.page_no(), pages='{nb}')}", align=Align.C)
        self.set_text_color(0, 0, 0)


def _h1(pdf: _Pdf, text: str) -> None:
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FAMILY, "B", 14)
    pdf.set_text_color(13, 71, 161)
    pdf.multi_cell(0, 8, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)


def _h2(pdf: _Pdf, text: str) -> None:
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(1)
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(0, 7, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _note(pdf: _Pdf, text: str) -> None:
    pdf.set_font(FAMILY, "", 8.5)
    pdf.set_text_color(97, 97, 97)
    pdf.multi_cell(0, 5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)


def _table(pdf: _Pdf, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
           align: str = "") -> None:
    """A table; `align` per column: L (text) or R (numbers); default first column L, others R."""
    aligns = align or ("L" + "R" * (len(headers) - 1))
    pdf.set_font(FAMILY, "", 9)
    with pdf.table(col_widths=tuple(widths), text_align=tuple(aligns), headings_style=HEAD, line_height=5.6,
                   first_row_as_headings=True, width=sum(widths)) as table:
        head = table.row()
        for h in headers:
            head.cell(h, align=Align.C)
        for r in rows:
            row = table.row()
            for c in r:
                row.cell(c)
    pdf.ln(2)


def _chart(pdf: _Pdf, chart: Chart | None, width: float = 164.0) -> None:
    if chart is None:
        return
    height = width * 3.4 / 7.2
    if pdf.get_y() + height > pdf.h - 18:
        pdf.add_page()
    pdf.image(io.BytesIO(chart.png), x=(pdf.w - width) / 2, w=width)
    pdf.ln(2)


def _rate(a: int, b: int) -> str:
    return T.pct(a / b) if b else T.NO_DATA


def write_pdf(data: ReportData, path: str | Path, *, font: ThaiFont | None = None,
              charts: list[Chart] | None = None) -> Path:
    """Write the A4 report to `path` (the Thai font is embedded; charts rendered unless given)."""
    font = font or find_thai_font()
    if charts is None:
        charts = render_charts(data, font)
    by_key = {c.key: c for c in charts}
    d = data
    title = T.TITLE.format(office=d.office_name)
    subtitle = T.SUBTITLE.format(fy=d.fiscal_year, start=T.thai_date(d.start), end=T.thai_date(d.last_day))
    pdf = _Pdf(font, f"{d.office_name} · ปีงบประมาณ {d.fiscal_year}")
    pdf.set_title(title)
    pdf.set_author(d.office_name)
    pdf.set_creator("khetbot")
    pdf.add_page()

    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 9, title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 12)
    pdf.multi_cell(0, 7, subtitle, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    pdf.multi_cell(0, 6, T.GENERATED.format(at=T.thai_datetime(d.generated_at)), align=Align.C,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    _h2(pdf, "สรุปตัวชี้วัดสำคัญ")
    _table(pdf, (T.H_MEASURE, T.H_VALUE), [(k.label, k.shown) for k in d.key_figures()], (110, 50))
    for note in (T.ANSWERED_NOTE, T.PSEUDONYM_NOTE, T.RETENTION_NOTE.format(days=d.retention_days)):
        _note(pdf, note)

    pdf.add_page()
    _h1(pdf, T.SECTION_USAGE)
    _h2(pdf, T.SECTION_MONTHS)
    t = d.totals
    _table(pdf, (T.H_MONTH, T.H_INTERACTIONS, T.H_QUESTIONS, T.H_ANSWERED, T.H_RATE, T.H_USERS),
           [(T.month_label(m.year, m.month), T.num(m.interactions), T.num(m.questions), T.num(m.answered),
             _rate(m.answered, m.questions), T.num(m.users)) for m in d.months]
           + [("รวม", T.num(t.interactions), T.num(t.questions), T.num(t.answered), T.pct(t.answered_rate),
               T.num(t.users))],
           (30, 28, 24, 24, 26, 22))
    _chart(pdf, by_key.get("months"))
    _h2(pdf, T.SECTION_INTENTS)
    _table(pdf, (T.H_INTENT_NAME, T.H_INTERACTIONS, T.H_ANSWERED, T.H_RATE),
           [(T.intent_label(i.intent), T.num(i.interactions), T.num(i.answered), _rate(i.answered, i.interactions))
            for i in d.intents[:INTENTS_TOP]], (74, 32, 28, 30))
    _chart(pdf, by_key.get("intents"))
    _h2(pdf, T.SECTION_DISTRICTS)
    _table(pdf, (T.H_DISTRICT, T.H_INTERACTIONS, T.H_USERS, T.H_SCHOOLS),
           [(x.district or T.UNKNOWN_DISTRICT, T.num(x.interactions), T.num(x.users), T.num(x.schools))
            for x in d.districts], (64, 34, 30, 32))
    _chart(pdf, by_key.get("districts"))
    _h2(pdf, f"{T.SECTION_SCHOOLS} ({SCHOOLS_TOP} อันดับแรก)")
    _table(pdf, (T.H_RANK, T.H_SCHOOL, T.H_DISTRICT, T.H_INTERACTIONS, T.H_USERS),
           [(str(n), s.name or T.UNKNOWN_SCHOOL, s.district or "-", T.num(s.interactions), T.num(s.users))
            for n, s in enumerate(d.schools[:SCHOOLS_TOP], 1)], (12, 70, 32, 26, 22), "CLLRR")

    _h1(pdf, T.SECTION_GAPS)
    _note(pdf, T.RETENTION_NOTE.format(days=d.retention_days))
    if d.gaps:
        _table(pdf, (T.H_RANK, T.H_TEXT, T.H_TIMES), [(str(n), g.text, T.num(g.count)) for n, g in
                                                       enumerate(d.gaps, 1)], (12, 124, 26), "CLR")
    else:
        _note(pdf, T.CHART_EMPTY)

    _h1(pdf, T.SECTION_SATISFACTION)
    s = d.satisfaction
    _table(pdf, (T.H_LEVEL, T.H_SCORE, T.G_ALL, T.H_PERCENT, T.G_ANSWERS, T.G_INCIDENTS),
           [(T.LEVEL_NAMES[lv], str(lv), T.num(s.overall.counts[lv]), _rate(s.overall.counts[lv], s.overall.n),
             T.num(s.answers.counts[lv]), T.num(s.incidents.counts[lv])) for lv in (5, 4, 3, 2, 1)]
           + [("รวม", "", T.num(s.overall.n), "100.0%" if s.overall.n else T.NO_DATA, T.num(s.answers.n),
               T.num(s.incidents.n))], (34, 16, 26, 24, 30, 36), "LCRRRR")
    _table(pdf, (T.H_GROUP, T.H_COUNT, T.H_MEAN, T.H_SD, T.H_BAND),
           [(name, T.num(g.n), T.dec2(g.mean), T.dec2(g.sd), T.level_label(g.band))
            for name, g in ((T.G_ALL, s.overall), (T.G_ANSWERS, s.answers), (T.G_INCIDENTS, s.incidents))],
           (52, 26, 24, 24, 40), "LRRRC")
    _note(pdf, "เกณฑ์แปลผลค่าเฉลี่ย: " + ", ".join(f"{rng} = {T.LEVEL_NAMES[lv]}" for lv, rng in T.BANDS))
    _chart(pdf, by_key.get("satisfaction"))

    _h1(pdf, T.SECTION_INCIDENTS)
    i = d.incidents
    _note(pdf, T.SLA_NOTE.format(ack="/".join(map(str, d.sla_ack_minutes)),
                                 res="/".join(map(str, d.sla_resolve_hours))))
    _table(pdf, (T.H_CATEGORY, T.H_COUNT), [(T.category_label(c), T.num(n)) for c, n in i.by_category]
           + [("รวม", T.num(i.total))], (80, 30))
    _table(pdf, (T.H_PRIORITY, T.H_COUNT), [(T.priority_label(p), T.num(n)) for p, n in i.by_priority], (80, 30))
    _table(pdf, (T.H_STATUS, T.H_COUNT), [(T.status_label(st), T.num(n)) for st, n in i.by_status], (80, 30))
    _table(pdf, (T.H_MEASURE, T.H_N, T.H_MEDIAN, T.H_P90),
           [(T.M_ACK, T.num(i.ack.n), T.num(i.ack.median_min), T.num(i.ack.p90_min)),
            (T.M_RESOLVE, T.num(i.resolve.n), T.num(i.resolve.median_min), T.num(i.resolve.p90_min))],
           (50, 30, 40, 40))
    _note(pdf, T.P90_NOTE)
    _table(pdf, (T.H_MEASURE, T.H_MET, T.H_MISSED, T.H_PENDING, T.H_PERCENT),
           [(T.K_SLA_ACK, T.num(i.sla_ack.met), T.num(i.sla_ack.missed), T.num(i.sla_ack.pending),
             T.pct(i.sla_ack.rate)),
            (T.K_SLA_RES, T.num(i.sla_resolve.met), T.num(i.sla_resolve.missed), T.num(i.sla_resolve.pending),
             T.pct(i.sla_resolve.rate))], (50, 26, 28, 34, 26))
    _chart(pdf, by_key.get("incidents"))
    _h2(pdf, f"{T.SECTION_AVAILABILITY} ({AVAILABILITY_LOWEST} โรงเรียนที่ต่ำสุด)")
    _note(pdf, T.AVAILABILITY_NOTE)
    lowest = sorted(i.availability, key=lambda a: (a.availability, a.code))[:AVAILABILITY_LOWEST]
    _table(pdf, (T.H_SCHOOL, T.H_OUTAGES, T.H_DOWNTIME, T.H_AVAILABILITY),
           [(a.name, T.num(a.outages), f"{a.downtime_min / 60:,.1f}", T.pct(a.availability, 2)) for a in lowest]
           + [(f"เฉลี่ยทุกโรงเรียน ({T.num(len(i.availability))} แห่ง)", "", "", T.pct(i.mean_availability, 2))],
           (76, 30, 30, 28))

    _h1(pdf, T.SECTION_NOTICES)
    n = d.notices
    _table(pdf, (T.H_ITEM, T.H_VALUE),
           [(T.K_NOTICES, T.num(n.notices)), (T.K_RECIPIENTS, T.num(n.recipients)),
            (T.K_DELIVERED, T.num(n.delivered)), ("ส่งไม่สำเร็จ (ราย)", T.num(n.failed)),
            ("เลิกติดตาม/บล็อก (ราย)", T.num(n.blocked)),
            (T.K_DELIVERED_RATE, T.pct(n.delivered_rate)), ("ชุดการส่ง (multicast)", T.num(n.batches)),
            ("ชุดที่ส่งสำเร็จ", T.num(n.batches_sent))], (90, 40))

    out = Path(path)
    pdf.output(str(out))
    return out
