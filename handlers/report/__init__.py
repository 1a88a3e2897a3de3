"""The fiscal-year evaluation report: figures (`build_report`), workbook (`write_xlsx`), PDF (`write_pdf`)."""

from handlers.report.charts import Chart, render_charts
from handlers.report.data import KeyFigure, ReportData, build_report
from handlers.report.fonts import ThaiFont, ThaiFontMissing, find_thai_font
from handlers.report.pdf import write_pdf
from handlers.report.xlsx import write_xlsx

__all__ = [
    "Chart", "KeyFigure", "ReportData", "ThaiFont", "ThaiFontMissing", "build_report", "find_thai_font",
    "render_charts", "write_pdf", "write_xlsx",
]
