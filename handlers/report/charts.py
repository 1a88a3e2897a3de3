"""The report's charts as PNG bytes (matplotlib, object API: no pyplot state, safe in worker threads)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter, MaxNLocator

from handlers.report import texts as T
from handlers.report.data import ReportData
from handlers.report.fonts import ThaiFont

WIDTH_IN, HEIGHT_IN, DPI = 7.2, 3.4, 150
BLUE, GREEN, ORANGE = "#1565C0", "#2E7D32", "#EF6C00"
TOP_N = 10


@dataclass(frozen=True)
class Chart:
    """One rendered chart."""

    key: str
    title: str
    png: bytes


class _Fonts:
    def __init__(self, font: ThaiFont) -> None:
        self.text = FontProperties(fname=str(font.regular), size=9)
        self.small = FontProperties(fname=str(font.regular), size=8)
        self.title = FontProperties(fname=str(font.bold), size=12)


def _figure() -> tuple[Figure, Axes]:
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white")
    return buf.getvalue()


def _style(ax: Axes, f: _Fonts, title: str, ylabel: str = "", xlabel: str = "") -> None:
    ax.set_title(title, fontproperties=f.title, loc="left")
    if ylabel:
        ax.set_ylabel(ylabel, fontproperties=f.text)
    if xlabel:
        ax.set_xlabel(xlabel, fontproperties=f.text)
    for lbl in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        lbl.set_fontproperties(f.small)
    ax.grid(axis="y" if not ax.yaxis_inverted() else "x", color="#E0E0E0", linewidth=0.6)
    ax.set_axisbelow(True)


def _empty(f: _Fonts, title: str) -> bytes:
    fig, ax = _figure()
    ax.axis("off")
    ax.set_title(title, fontproperties=f.title, loc="left")
    ax.text(0.5, 0.5, T.CHART_EMPTY, ha="center", va="center", fontproperties=f.title, color="#9E9E9E")
    return _png(fig)


def _vbars(f: _Fonts, title: str, labels: Sequence[str], values: Sequence[int], ylabel: str,
           color: str = BLUE) -> bytes:
    if not any(values):
        return _empty(f, title)
    fig, ax = _figure()
    bars = ax.bar(range(len(values)), values, color=color, width=0.65)
    ax.set_xticks(range(len(values)), labels)
    ax.bar_label(bars, labels=[T.num(v) for v in values], padding=2, fontproperties=f.small)
    ax.set_ylim(0, max(values) * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: T.num(int(v))))
    _style(ax, f, title, ylabel)
    return _png(fig)


def _hbars(f: _Fonts, title: str, labels: Sequence[str], values: Sequence[int], xlabel: str,
           color: str = BLUE) -> bytes:
    if not any(values):
        return _empty(f, title)
    fig, ax = _figure()
    pos = range(len(values))
    bars = ax.barh(pos, values, color=color, height=0.6)
    ax.set_yticks(pos, labels)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[T.num(v) for v in values], padding=3, fontproperties=f.small)
    ax.set_xlim(0, max(values) * 1.18)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: T.num(int(v))))
    _style(ax, f, title, xlabel=xlabel)
    return _png(fig)


def render_charts(data: ReportData, font: ThaiFont) -> list[Chart]:
    """Usage per month, by intent, by district, satisfaction levels, incidents by category."""
    f = _Fonts(font)
    months = [T.month_label(m.year, m.month, short=True) for m in data.months]
    intents = data.intents[:TOP_N]
    districts = data.districts[:TOP_N]
    sat = data.satisfaction.overall
    cats = data.incidents.by_category[:TOP_N]
    return [
        Chart("months", T.CHART_MONTHS, _vbars(f, T.CHART_MONTHS, months, [m.interactions for m in data.months],
                                               T.Y_TIMES)),
        Chart("intents", T.CHART_INTENTS, _hbars(f, T.CHART_INTENTS, [T.intent_label(i.intent) for i in intents],
                                                 [i.interactions for i in intents], T.Y_TIMES)),
        Chart("districts", T.CHART_DISTRICTS, _hbars(
            f, T.CHART_DISTRICTS, [d.district or T.UNKNOWN_DISTRICT for d in districts],
            [d.interactions for d in districts], T.Y_TIMES, GREEN)),
        Chart("satisfaction", T.CHART_SATISFACTION, _vbars(
            f, T.CHART_SATISFACTION, [f"{T.LEVEL_NAMES[lv]} ({lv})" for lv in (5, 4, 3, 2, 1)],
            [sat.counts[lv] for lv in (5, 4, 3, 2, 1)], T.Y_PEOPLE, ORANGE)),
        Chart("incidents", T.CHART_INCIDENTS, _hbars(f, T.CHART_INCIDENTS, [T.category_label(c) for c, _ in cats],
                                                     [n for _, n in cats], T.Y_CASES, "#6A1B9A")),
    ]
