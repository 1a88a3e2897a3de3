"""Thai texts, labels and number/date formats of the annual evaluation report."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from models.report_queries import BANGKOK

MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTHS_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
               "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")

LEVEL_NAMES = {5: "มากที่สุด", 4: "มาก", 3: "ปานกลาง", 2: "น้อย", 1: "น้อยที่สุด"}
BANDS = ((5, "4.51–5.00"), (4, "3.51–4.50"), (3, "2.51–3.50"), (2, "1.51–2.50"), (1, "1.00–1.50"))

INTENTS = {
    None: "ไม่ระบุ",
    "student_count": "จำนวนนักเรียน",
    "teacher_count": "จำนวนครู",
    "school_count": "จำนวนโรงเรียน",
    "school_info": "ข้อมูลโรงเรียน",
    "school_list": "รายชื่อโรงเรียน",
    "ranking": "จัดอันดับโรงเรียน",
    "compare_years": "เปรียบเทียบรายปี",
    "manual": "คู่มือปฏิบัติงาน",
    "incident_report": "แจ้งปัญหาเครือข่าย",
    "incident_status": "ติดตามเรื่องแจ้ง",
    "incident": "เรื่องแจ้งปัญหา",
    "notice": "ประกาศ/แจ้งเวียน",
    "registration": "ลงทะเบียน",
    "forget_me": "ขอลบข้อมูล",
    "report_summary": "สรุปผลการประเมิน",
    "rating": "ให้คะแนนความพึงพอใจ",
    "rate": "ให้คะแนนความพึงพอใจ",
    "help": "วิธีใช้งาน",
    "greeting": "ทักทาย",
    "thanks": "ขอบคุณ",
    "smalltalk": "คุยเล่น/ตอบรับ",
    "out_of_scope": "นอกขอบเขต",
    "cancel": "ยกเลิก",
    "rate_limited": "ส่งถี่เกินกำหนด",
    "postback": "กดปุ่ม",
    "keyword": "เมนู/คำสั่ง",
    "event": "เหตุการณ์อื่น",
}
CATEGORIES = {
    "internet": "อินเทอร์เน็ต", "wifi": "Wi-Fi", "lan": "LAN/สายสัญญาณ", "cabling": "LAN/สายสัญญาณ",
    "server": "เซิร์ฟเวอร์/ระบบงาน", "system": "ระบบงาน (DMC, e-mail)", "email": "อีเมล",
    "computer": "คอมพิวเตอร์/อุปกรณ์", "printer": "เครื่องพิมพ์", "other": "อื่น ๆ",
}
PRIORITIES = {1: "P1 วิกฤต", 2: "P2 สูง", 3: "P3 ปานกลาง", 4: "P4 ต่ำ"}
STATUSES = {"open": "รอรับเรื่อง", "acknowledged": "รับเรื่องแล้ว", "in_progress": "กำลังดำเนินการ",
            "resolved": "แก้ไขแล้ว", "closed": "ปิดงาน", "cancelled": "ยกเลิก"}

UNKNOWN_SCHOOL = "ไม่ระบุโรงเรียน"
UNKNOWN_DISTRICT = "ไม่ระบุอำเภอ"
NO_DATA = "-"

TITLE = "รายงานผลการดำเนินงานและการประเมินผล ระบบแชตบอท {office}"
SUBTITLE = "ประจำปีงบประมาณ พ.ศ. {fy} ({start} – {end})"
GENERATED = "จัดทำเมื่อ {at}"
RETENTION_NOTE = ("ข้อความที่ผู้ใช้พิมพ์เก็บไว้ {days:,} วันตามนโยบายคุ้มครองข้อมูลส่วนบุคคล "
                  "รายการคำถามที่ตอบไม่ได้จึงนับเฉพาะข้อความที่ยังอยู่ในระยะเวลาเก็บรักษา")
PSEUDONYM_NOTE = "ผู้ใช้นับจากรหัสแฝง (pseudonym) ไม่มีการแสดงตัวตนของผู้ใช้ในรายงาน"
ANSWERED_NOTE = "อัตราการตอบได้ = ข้อความคำถามที่ระบบตอบได้ ÷ ข้อความคำถามทั้งหมด (ไม่รวมการกดปุ่ม)"
AVAILABILITY_NOTE = ("ความพร้อมใช้งานเครือข่าย (ประมาณการ) = 1 − เวลาที่ใช้งานไม่ได้ทั้งโรงเรียน ÷ ระยะเวลาของปีงบประมาณ "
                     "(นับจากแจ้งปัญหาจนแก้ไขแล้ว เฉพาะเรื่องที่กระทบทั้งโรงเรียน)")
SLA_NOTE = "เกณฑ์ SLA ตามระดับความสำคัญ: รับเรื่องภายใน {ack} นาที, แก้ไขภายใน {res} ชั่วโมง (P1/P2/P3/P4)"
P90_NOTE = "ค่ามัธยฐานและเปอร์เซ็นไทล์ที่ 90 (nearest rank) ของระยะเวลา หน่วยเป็นนาที"

SECTION_USAGE = "1. การใช้งาน"
SECTION_MONTHS = "การใช้งานรายเดือน"
SECTION_INTENTS = "การใช้งานจำแนกตามประเภทคำถาม"
SECTION_SCHOOLS = "การใช้งานจำแนกตามโรงเรียน"
SECTION_DISTRICTS = "การใช้งานจำแนกตามอำเภอ"
SECTION_GAPS = "2. คำถามที่ระบบยังตอบไม่ได้ (สิ่งที่ควรเพิ่มในฐานความรู้)"
SECTION_SATISFACTION = "3. ความพึงพอใจของผู้ใช้บริการ"
SECTION_INCIDENTS = "4. การแจ้งปัญหาเครือข่ายและระบบ"
SECTION_AVAILABILITY = "ความพร้อมใช้งานเครือข่ายรายโรงเรียน (ประมาณการ)"
SECTION_NOTICES = "5. การส่งประกาศ/แจ้งเวียน"

# key figures (summary sheet, PDF first page, chat card): label, unit
K_INTERACTIONS = "การใช้งานทั้งหมด"
K_QUESTIONS = "คำถามที่พิมพ์ถาม"
K_ANSWERED = "คำถามที่ตอบได้"
K_UNANSWERED = "คำถามที่ตอบไม่ได้"
K_ANSWERED_RATE = "อัตราการตอบได้"
K_USERS = "ผู้ใช้งาน (คน)"
K_SCHOOLS = "โรงเรียนที่ใช้งาน"
K_LATENCY = "เวลาตอบเฉลี่ย (มิลลิวินาที)"
K_RATINGS = "จำนวนผู้ประเมินความพึงพอใจ"
K_MEAN = "ความพึงพอใจเฉลี่ย (x̄)"
K_SD = "ส่วนเบี่ยงเบนมาตรฐาน (S.D.)"
K_LEVEL = "ระดับความพึงพอใจ"
K_INCIDENTS = "เรื่องแจ้งปัญหา"
K_ACK_MEDIAN = "เวลารับเรื่อง มัธยฐาน (นาที)"
K_ACK_P90 = "เวลารับเรื่อง P90 (นาที)"
K_RES_MEDIAN = "เวลาแก้ไข มัธยฐาน (นาที)"
K_RES_P90 = "เวลาแก้ไข P90 (นาที)"
K_SLA_ACK = "รับเรื่องทันตาม SLA"
K_SLA_RES = "แก้ไขทันตาม SLA"
K_AVAILABILITY = "ความพร้อมใช้งานเครือข่ายเฉลี่ย"
K_NOTICES = "ประกาศที่ส่ง"
K_RECIPIENTS = "ผู้รับประกาศ (ราย)"
K_DELIVERED = "ส่งถึงผู้รับสำเร็จ (ราย)"
K_DELIVERED_RATE = "อัตราการส่งถึง"

# column headers
H_MONTH = "เดือน"
H_INTERACTIONS = "การใช้งาน (ครั้ง)"
H_QUESTIONS = "คำถาม"
H_ANSWERED = "ตอบได้"
H_RATE = "ร้อยละตอบได้"
H_USERS = "ผู้ใช้ (คน)"
H_INTENT = "รหัสประเภท"
H_INTENT_NAME = "ประเภทคำถาม"
H_CODE = "รหัสโรงเรียน"
H_SCHOOL = "โรงเรียน"
H_DISTRICT = "อำเภอ"
H_SCHOOLS = "โรงเรียน (แห่ง)"
H_RANK = "ลำดับ"
H_TEXT = "ข้อความ (ปรับรูปแบบแล้ว)"
H_TIMES = "จำนวนครั้ง"
H_LEVEL = "ระดับความพึงพอใจ"
H_SCORE = "คะแนน"
H_COUNT = "จำนวน"
H_PERCENT = "ร้อยละ"
H_GROUP = "กลุ่ม"
H_MEAN = "x̄"
H_SD = "S.D."
H_BAND = "แปลผล"
H_RANGE = "ช่วงคะแนนเฉลี่ย"
H_CATEGORY = "ประเภทปัญหา"
H_PRIORITY = "ระดับความสำคัญ"
H_STATUS = "สถานะ"
H_OUTAGES = "ครั้งที่ล่ม (ทั้งโรงเรียน)"
H_DOWNTIME = "เวลาใช้งานไม่ได้ (ชั่วโมง)"
H_AVAILABILITY = "ความพร้อมใช้งาน"
H_ITEM = "รายการ"
H_VALUE = "ค่า"
H_MEASURE = "ตัวชี้วัด"
H_MEDIAN = "มัธยฐาน (นาที)"
H_P90 = "P90 (นาที)"
H_N = "จำนวนเรื่อง"
H_MET = "ทันเวลา"
H_MISSED = "ไม่ทันเวลา"
H_PENDING = "ยังไม่ครบกำหนด"
H_NOTICES = "ประกาศ (ฉบับ)"

G_ALL = "ภาพรวม"
G_ANSWERS = "การตอบคำถาม"
G_INCIDENTS = "การแก้ไขปัญหาที่แจ้ง"
M_ACK = "รับเรื่อง"
M_RESOLVE = "แก้ไขแล้ว"

CHART_MONTHS = "จำนวนการใช้งานรายเดือน"
CHART_INTENTS = "ประเภทคำถามที่ใช้มากที่สุด"
CHART_DISTRICTS = "การใช้งานจำแนกตามอำเภอ"
CHART_SATISFACTION = "จำนวนผู้ประเมินจำแนกตามระดับความพึงพอใจ"
CHART_INCIDENTS = "เรื่องแจ้งปัญหาจำแนกตามประเภท"
CHART_EMPTY = "ไม่มีข้อมูล"
Y_TIMES = "ครั้ง"
Y_PEOPLE = "คน"
Y_CASES = "เรื่อง"

SHEET_SUMMARY = "สรุป"
SHEET_MONTHS = "รายเดือน"
SHEET_INTENTS = "ประเภทคำถาม"
SHEET_SCHOOLS = "โรงเรียน"
SHEET_DISTRICTS = "อำเภอ"
SHEET_GAPS = "คำถามที่ตอบไม่ได้"
SHEET_SATISFACTION = "ความพึงพอใจ"
SHEET_INCIDENTS = "แจ้งปัญหา"
SHEET_AVAILABILITY = "ความพร้อมใช้เครือข่าย"
SHEET_NOTICES = "ประกาศ"
SHEET_CHARTS = "แผนภูมิ"
PAGE = "หน้า {page}/{pages}"


def thai_date(at: datetime) -> str:
    """24 พ.ย. 2569 (Bangkok date, Buddhist era)."""
    d = at.astimezone(BANGKOK)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year + 543}"


def thai_datetime(at: datetime) -> str:
    """24 พ.ย. 2569 14:05 น."""
    d = at.astimezone(BANGKOK)
    return f"{thai_date(at)} {d:%H:%M} น."


def month_label(year: int, month: int, *, short: bool = False) -> str:
    """ต.ค. 2569 (or ต.ค. 69 when short); year is A.D."""
    be = year + 543
    return f"{MONTHS[month - 1]} {be % 100:02d}" if short else f"{MONTHS[month - 1]} {be}"


def num(n: int | float | None) -> str:
    """1,234 (or - for nothing)."""
    if n is None:
        return NO_DATA
    return f"{n:,.0f}" if isinstance(n, int) or float(n).is_integer() else f"{n:,.1f}"


def dec2(x: Decimal | float | None) -> str:
    """4.25 (or -)."""
    return NO_DATA if x is None else f"{float(x):,.2f}"


def pct(x: float | None, digits: int = 1) -> str:
    """85.3% (or -)."""
    return NO_DATA if x is None else f"{x * 100:,.{digits}f}%"


def intent_label(intent: str | None) -> str:
    """Thai name of a logged intent ("incident_report.school" → แจ้งปัญหาเครือข่าย (school))."""
    if intent in INTENTS:
        return INTENTS[intent]
    assert intent is not None
    base, _, rest = intent.partition(".")
    if base in INTENTS:
        if base == "postback" and rest in INTENTS:
            return INTENTS[rest]
        return f"{INTENTS[base]} ({rest})" if rest else INTENTS[base]
    return intent


def category_label(category: str) -> str:
    """Thai name of an incident category."""
    return CATEGORIES.get(category, category)


def priority_label(priority: int) -> str:
    """P1 วิกฤต …"""
    return PRIORITIES.get(priority, f"P{priority}")


def status_label(status: str) -> str:
    """Thai name of an incident status."""
    return STATUSES.get(status, status)


def level_label(level: int | None) -> str:
    """มากที่สุด … น้อยที่สุด (or -)."""
    return NO_DATA if level is None else LEVEL_NAMES[level]
