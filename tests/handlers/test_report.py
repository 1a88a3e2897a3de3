"""The fiscal-year report: every figure of the workbook read back, the PDF, and the CLI command."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from bot.settings import Settings
from handlers.report import ReportData, build_report, find_thai_font, write_pdf, write_xlsx
from handlers.report import texts as T
from handlers.report.data import merge_gaps
from models.report_queries import TextCount
from tests.models.report_year import AS_OF, EXPECTED, FY, YEAR_MINUTES, open_session, seed

E = EXPECTED


@pytest.fixture
def data(settings: Settings) -> Iterator[ReportData]:
    with open_session(settings) as s:
        seed(s)
        s.commit()
        yield build_report(FY, db_session=s, settings=settings, now=AS_OF)


def test_workbook_every_figure(data: ReportData, tmp_path: Path) -> None:
    """One workbook per backend, every sheet checked against the hand-computed year."""
    book = openpyxl.load_workbook(write_xlsx(data, tmp_path / "r.xlsx"))
    for check in (check_sheets, check_summary_sheet, check_months_sheet, check_intents_sheet,
                  check_schools_and_districts_sheets, check_gaps_sheet, check_satisfaction_sheet,
                  check_incidents_sheet, check_availability_sheet, check_notices_sheet):
        check(book)


def table(ws: Worksheet, first_header: str, nth: int = 0) -> list[list[Any]]:
    """The rows under the nth header row starting with `first_header`, up to a blank row."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    starts = [i for i, r in enumerate(rows) if r and r[0] == first_header]
    assert len(starts) > nth, f"no table {first_header!r} in {ws.title}"
    out = []
    for r in rows[starts[nth] + 1:]:
        if r[0] is None:
            break
        out.append(r)
    return out


def cells(row: list[Any], n: int) -> list[Any]:
    return row[:n]


def check_sheets(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [T.SHEET_SUMMARY, T.SHEET_MONTHS, T.SHEET_INTENTS, T.SHEET_SCHOOLS, T.SHEET_DISTRICTS,
                               T.SHEET_GAPS, T.SHEET_SATISFACTION, T.SHEET_INCIDENTS, T.SHEET_AVAILABILITY,
                               T.SHEET_NOTICES]
    ws = book[T.SHEET_SUMMARY]
    assert ws["A2"].value == "ประจำปีงบประมาณ พ.ศ. 2570 (1 ต.ค. 2569 – 30 ก.ย. 2570)"
    assert ws["A3"].value == "จัดทำเมื่อ 5 ต.ค. 2570 10:00 น."
    for name in (T.SHEET_MONTHS, T.SHEET_INTENTS, T.SHEET_DISTRICTS, T.SHEET_SATISFACTION, T.SHEET_INCIDENTS):
        assert len(book[name]._images) == 1, f"chart missing on {name}"


def check_summary_sheet(book: openpyxl.Workbook) -> None:
    ws = book[T.SHEET_SUMMARY]
    got = {r[0]: r[1] for r in table(ws, T.H_MEASURE)}
    avail = 1 - (E["availability"]["1001"][1] + E["availability"]["1002"][1]) / YEAR_MINUTES / 3
    want = {
        T.K_INTERACTIONS: 11, T.K_QUESTIONS: 9, T.K_ANSWERED: 3, T.K_UNANSWERED: 6, T.K_ANSWERED_RATE: 3 / 9,
        T.K_USERS: 4, T.K_SCHOOLS: 2, T.K_LATENCY: round(E["avg_latency"], 1), T.K_RATINGS: 9, T.K_MEAN: 4.11,
        T.K_SD: 1.05, T.K_LEVEL: "มาก", T.K_INCIDENTS: 6, T.K_ACK_MEDIAN: 17.5, T.K_ACK_P90: 40,
        T.K_RES_MEDIAN: 390, T.K_RES_P90: 2880, T.K_SLA_ACK: 0.6, T.K_SLA_RES: 0.4, T.K_AVAILABILITY: avail,
        T.K_NOTICES: 2, T.K_RECIPIENTS: 1250, T.K_DELIVERED: 1235, T.K_DELIVERED_RATE: 1235 / 1250,
    }
    assert set(got) == set(want)
    for k, v in want.items():
        assert got[k] == (pytest.approx(v) if isinstance(v, float) else v), k
    row = next(r for r in ws.iter_rows(min_row=6) if r[0].value == T.K_INTERACTIONS)
    assert row[1].number_format == "#,##0"
    row = next(r for r in ws.iter_rows(min_row=6) if r[0].value == T.K_ANSWERED_RATE)
    assert row[1].number_format == "0.0%"


def check_months_sheet(book: openpyxl.Workbook) -> None:
    rows = table(book[T.SHEET_MONTHS], T.H_MONTH)
    labels = ["ต.ค. 2569", "พ.ย. 2569", "ธ.ค. 2569", "ม.ค. 2570", "ก.พ. 2570", "มี.ค. 2570", "เม.ย. 2570",
              "พ.ค. 2570", "มิ.ย. 2570", "ก.ค. 2570", "ส.ค. 2570", "ก.ย. 2570"]
    assert [r[0] for r in rows] == [*labels, "รวม"]
    for r, (n, qs, a, u) in zip(rows, E["months"], strict=False):
        assert cells(r, 6) == [r[0], n, qs, a, pytest.approx(a / qs) if qs else "-", u]
    assert cells(rows[-1], 6) == ["รวม", 11, 9, 3, pytest.approx(3 / 9), 4]


def check_intents_sheet(book: openpyxl.Workbook) -> None:
    rows = table(book[T.SHEET_INTENTS], T.H_INTENT)
    want = [(i or "-", T.intent_label(i), n, a) for i, n, a in E["intents"]]
    assert [tuple(r[:4]) for r in rows[:-1]] == want
    assert [r[4] for r in rows[:-1]] == [pytest.approx(a / n) for _i, n, a in E["intents"]]
    assert rows[0][1] == "นอกขอบเขต" and rows[2][1] == "ให้คะแนนความพึงพอใจ"
    assert cells(rows[-1], 5) == ["รวม", "", 11, 5, pytest.approx(5 / 11)]


def check_schools_and_districts_sheets(book: openpyxl.Workbook) -> None:
    rows = table(book[T.SHEET_SCHOOLS], T.H_RANK)
    want = [[n, code or "-", name or T.UNKNOWN_SCHOOL, district or "-", i, u]
            for n, (code, name, district, i, u) in enumerate(E["schools"], 1)]
    assert [cells(r, 6) for r in rows] == want
    rows = table(book[T.SHEET_DISTRICTS], T.H_DISTRICT)
    assert [cells(r, 4) for r in rows] == [[d or T.UNKNOWN_DISTRICT, i, u, s] for d, i, u, s in E["districts"]]


def check_gaps_sheet(book: openpyxl.Workbook) -> None:
    ws = book[T.SHEET_GAPS]
    assert "400" in ws["A2"].value  # the retention period is stated
    rows = table(ws, T.H_RANK)
    assert [cells(r, 3) for r in rows] == [[n, text, c] for n, (text, c) in enumerate(E["gaps"], 1)]


def check_satisfaction_sheet(book: openpyxl.Workbook) -> None:
    ws = book[T.SHEET_SATISFACTION]
    rows = table(ws, T.H_LEVEL)
    o, a, i = E["overall"], E["answers"], E["incident_ratings"]
    for r, lv, name, k in zip(rows, (5, 4, 3, 2, 1), ("มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"),
                              range(5), strict=False):
        assert cells(r, 6) == [name, lv, o[0][k], pytest.approx(o[0][k] / 9), a[0][k], i[0][k]]
    assert cells(rows[5], 6) == ["รวม", "-", 9, 1, 7, 2]
    stats = table(ws, T.H_GROUP)
    assert [cells(r, 5) for r in stats] == [
        [T.G_ALL, 9, 4.11, 1.05, "มาก"], [T.G_ANSWERS, 7, 4.29, 0.76, "มาก"], [T.G_INCIDENTS, 2, 3.5, 2.12, "ปานกลาง"]]
    bands = table(ws, T.H_RANGE)
    assert [cells(r, 2) for r in bands] == [["4.51–5.00", "มากที่สุด"], ["3.51–4.50", "มาก"],
                                            ["2.51–3.50", "ปานกลาง"], ["1.51–2.50", "น้อย"], ["1.00–1.50", "น้อยที่สุด"]]


def check_incidents_sheet(book: openpyxl.Workbook) -> None:
    ws = book[T.SHEET_INCIDENTS]
    assert "15/30/120/480" in ws["A2"].value and "4/8/24/72" in ws["A2"].value
    assert [cells(r, 2) for r in table(ws, T.H_CATEGORY)] == [
        ["อินเทอร์เน็ต", 3], ["คอมพิวเตอร์/อุปกรณ์", 1], ["อื่น ๆ", 1], ["Wi-Fi", 1], ["รวม", 6]]
    assert [cells(r, 2) for r in table(ws, T.H_PRIORITY)] == [
        ["P1 วิกฤต", 2], ["P2 สูง", 2], ["P3 ปานกลาง", 1], ["P4 ต่ำ", 1]]
    assert [cells(r, 2) for r in table(ws, T.H_STATUS)] == [["ปิดงาน", 2], ["รอรับเรื่อง", 2], ["แก้ไขแล้ว", 2]]
    assert [cells(r, 3) for r in table(ws, T.H_CODE)] == [
        ["1001", "โรงเรียนหนองไผ่", 3], ["1002", "โรงเรียนวิเชียรบุรี", 2], ["-", T.UNKNOWN_SCHOOL, 1]]
    durations = table(ws, T.H_MEASURE)
    assert [cells(r, 4) for r in durations] == [[T.M_ACK, *E["ack"]], [T.M_RESOLVE, *E["resolve"]]]
    sla = table(ws, T.H_MEASURE, nth=1)
    assert [cells(r, 5) for r in sla] == [[T.K_SLA_ACK, *E["sla_ack"], pytest.approx(0.6)],
                                          [T.K_SLA_RES, *E["sla_resolve"], pytest.approx(0.4)]]


def check_availability_sheet(book: openpyxl.Workbook) -> None:
    rows = table(book[T.SHEET_AVAILABILITY], T.H_CODE)
    got = {r[0]: r[1:6] for r in rows}
    for code, (outages, down) in E["availability"].items():
        _name, _district, n, hours, avail = got[code]
        assert (n, hours, avail) == (outages, pytest.approx(down / 60), pytest.approx(1 - down / YEAR_MINUTES))
    total = got["เฉลี่ย"]
    assert list(total[2:]) == [4, pytest.approx((360 + 2880) / 60), pytest.approx(1 - 3240 / YEAR_MINUTES / 3)]


def check_notices_sheet(book: openpyxl.Workbook) -> None:
    ws = book[T.SHEET_NOTICES]
    got = {r[0]: r[1] for r in table(ws, T.H_ITEM)}
    assert got == {T.K_NOTICES: 2, T.K_RECIPIENTS: 1250, T.K_DELIVERED: 1235, "ส่งไม่สำเร็จ (ราย)": 10,
                   "เลิกติดตาม/บล็อก (ราย)": 5, T.K_DELIVERED_RATE: pytest.approx(0.988),
                   "ชุดการส่ง (multicast)": 4, "ชุดที่ส่งสำเร็จ": 3}
    months = table(ws, T.H_MONTH)
    assert [r[1] for r in months] == [*E["notices_by_month"], 2]


def test_gap_merging_groups_spellings() -> None:
    rows = [TextCount("ห้องน้ำ อยู่ไหน ครับ", 1), TextCount("ห้องน้ำอยู่ไหนคะ", 1), TextCount("ห้องน้ำอยู่ไหน??", 1),
            TextCount("?", 4), TextCount("ราคาทอง", 2)]
    assert [(g.text, g.count) for g in merge_gaps(rows)] == [("ห้องน้ำอยู่ไหน", 3), ("ราคาทอง", 2)]
    assert len(merge_gaps([TextCount(f"คำถาม {i}", 1) for i in range(50)], top=30)) == 30


def test_pdf_is_a4_with_thai_font_and_charts(data: ReportData, tmp_path: Path) -> None:
    path = write_pdf(data, tmp_path / "r.pdf")
    raw = path.read_bytes()
    assert raw.startswith(b"%PDF") and b"/MediaBox [0 0 595.28 841.89]" in raw  # A4 in points
    assert b"/FontFile2" in raw  # the TrueType font is embedded (subset)
    assert raw.count(b"/Subtype /Image") >= 5  # the charts
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        text = "".join(text.split())  # extraction of shaped Thai puts spaces between some clusters
        for s in ("ปีงบประมาณพ.ศ.2570", "1ต.ค.2569", "30ก.ย.2570", "ความพึงพอใจ", "มากที่สุด", "4.11", "1,250",
                  "ห้องน้ำอยู่ไหน"):
            assert s.replace(" ", "") in text, s


def test_cli_report_writes_both_files(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    find_thai_font()  # the machine has a Thai font (fonts-thai-tlwg)
    with open_session(settings) as s:
        seed(s)
        s.commit()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KHETBOT_DEMO_DATA", "false")
    from bot.cli import app
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "2570", "--out", str(out)])
    assert result.exit_code == 0, result.output
    paths = [Path(p) for p in result.stdout.split() if p.endswith((".xlsx", ".pdf"))]
    assert [p.suffix for p in paths] == [".xlsx", ".pdf"] and all(p.is_file() and p.parent == out for p in paths)
    wb = openpyxl.load_workbook(paths[0])
    got = {r[0]: r[1] for r in table(wb[T.SHEET_SUMMARY], T.H_MEASURE)}
    assert got[T.K_INTERACTIONS] == 11
    bad = CliRunner().invoke(app, ["report", "70"])
    assert bad.exit_code == 2
