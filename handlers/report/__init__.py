"""The fiscal-year evaluation report: figures (`build_report`), workbook (`write_xlsx`), PDF (`write_pdf`).

The names below are imported on first use (PEP 562): the charts and the PDF pull in matplotlib,
numpy, fpdf2 and fontTools (~0.8 s and ~65 MB per process), which only a report needs — the
server imports this package at start-up (handlers.evaluation) and must not pay for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from handlers.report.charts import Chart, render_charts
    from handlers.report.data import KeyFigure, ReportData, build_report
    from handlers.report.fonts import ThaiFont, ThaiFontMissing, find_thai_font
    from handlers.report.pdf import write_pdf
    from handlers.report.xlsx import write_xlsx

__all__ = [
    "Chart", "KeyFigure", "ReportData", "ThaiFont", "ThaiFontMissing", "build_report", "find_thai_font",
    "render_charts", "write_pdf", "write_xlsx",
]

_WHERE = {
    "Chart": "charts", "render_charts": "charts",
    "KeyFigure": "data", "ReportData": "data", "build_report": "data",
    "ThaiFont": "fonts", "ThaiFontMissing": "fonts", "find_thai_font": "fonts",
    "write_pdf": "pdf", "write_xlsx": "xlsx",
}


def __getattr__(name: str) -> Any:
    """Import the module that defines `name` when it is first asked for."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
