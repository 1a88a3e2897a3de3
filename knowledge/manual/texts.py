"""Every Thai text the manual answers and the manual handler show (one place to edit wording)."""

from __future__ import annotations

FIELD_LABELS: dict[str, str] = {
    "objective": "วัตถุประสงค์",
    "scope": "ขอบเขตของงาน",
    "definition": "คำจำกัดความ",
    "steps": "ขั้นตอนการปฏิบัติงาน",
    "detail": "รายละเอียดงาน",
    "duration": "เวลาดำเนินการ",
    "standard": "มาตรฐานคุณภาพงาน",
    "responsible": "ผู้รับผิดชอบ",
    "owner": "ผู้รับผิดชอบ",
    "supervisor": "ผู้ควบคุมดูแล",
    "indicator": "ตัวชี้วัดที่สำคัญของกระบวนการ",
    "forms": "แบบฟอร์มที่ใช้",
    "references": "เอกสาร/หลักฐานอ้างอิง",
    "flowchart": "ผังงาน (Flow Chart)",
    "total_duration": "ระยะเวลารวม",
    "longest": "ขั้นตอนที่ใช้เวลานานที่สุด",
    "shortest": "ขั้นตอนที่ใช้เวลาน้อยที่สุด",
}

# Quick-reply labels (LINE: at most 20 characters) and the question each one sends.
QR_ALL_STEPS = "ดูขั้นตอนทั้งหมด"
QR_RESPONSIBLE = "ผู้รับผิดชอบ"
QR_REFERENCES = "เอกสารอ้างอิง"
QR_FLOWCHART = "ผังงาน"
QR_OBJECTIVE = "วัตถุประสงค์"
QR_INDICATOR = "ตัวชี้วัด"
QR_DURATION = "ระยะเวลา"
QR_ALL_LAWS = "กฎหมายทั้งหมด"
QR_NEXT_STEP = "ขั้นตอนที่ {no}"
Q_ALL_STEPS = "ขั้นตอนการปฏิบัติงาน {name}"
Q_RESPONSIBLE = "ผู้รับผิดชอบ {name}"
Q_REFERENCES = "เอกสารอ้างอิง {name}"
Q_FLOWCHART = "ผังงาน {name}"
Q_OBJECTIVE = "วัตถุประสงค์ {name}"
Q_INDICATOR = "ตัวชี้วัด {name}"
Q_DURATION = "ระยะเวลาแต่ละขั้นตอน {name}"
Q_STEP = "ขั้นตอนที่ {no} {name}"
Q_LAST_STEP = "ขั้นตอนสุดท้าย {name}"
Q_ALL_LAWS = "ระเบียบ กฎหมาย ที่เกี่ยวข้องทั้งหมด"

STEP_LINE = "{no}. {title}"
STEP_DURATION = "เวลาดำเนินการ: {duration}"
STEP_RESPONSIBLE = "ผู้รับผิดชอบ: {responsible}"
STEP_STANDARD = "มาตรฐานคุณภาพงาน: {standard}"
STEP_TITLE = "ขั้นตอนที่ {no} {title}"
STEP_OF = "ขั้นตอนที่ {no} ของ{name}"
NOT_STATED = "คู่มือไม่ได้ระบุ{what}ไว้"
NOT_STATED_STEP = "คู่มือไม่ได้ระบุ{what}ของขั้นตอนที่ {no} ไว้"
NO_SUCH_STEP = "ขออภัยค่ะ {name} มี {count} ขั้นตอน ไม่มีขั้นตอนที่ {no} ขั้นตอนทั้งหมดมีดังนี้ค่ะ"
STEP_COUNT = "{name} มี {count} ขั้นตอนค่ะ"
AND = " และ"
PART_OF = "{label} {name}:\n{text}"
"""One process-level part of a question that asks several parts (each part under its own label)."""
PROCESS_HEADER = "{name}"
OBJECTIVE_LINE = "วัตถุประสงค์: {objective}"
STEPS_HEADER = "ขั้นตอนการปฏิบัติงาน ({count} ขั้นตอน):"
DURATIONS_HEADER = "เวลาดำเนินการแต่ละขั้นตอนของ{name}:"
RESPONSIBLES_HEADER = "ผู้รับผิดชอบแต่ละขั้นตอน:"
TOTAL_ALL = "รวมประมาณ {total} (ทุกขั้นตอน)"
TOTAL_SOME = "รวมประมาณ {total} (ขั้นตอนที่ {steps})"
TOTAL_REST = "ขั้นตอนที่ {steps} คู่มือระบุเป็น {values} ซึ่งไม่ใช่จำนวนวันหรือเดือน จึงไม่ได้นับรวมค่ะ"
EXTREME_STEP = "ขั้นตอนที่ใช้เวลา{how}ที่สุด: ขั้นตอนที่ {no}. {title} ({duration})"
EXTREME_HOW = {"longest": "นาน", "shortest": "น้อย"}
EXTREME_REST = "(ขั้นตอนที่ {steps} คู่มือระบุเป็น {values} ซึ่งไม่ใช่จำนวนวันหรือเดือน จึงเทียบไม่ได้ค่ะ)"
EXTREME_OVERALL = "ขั้นตอนที่ใช้เวลา{how}ที่สุดในคู่มือ: {name} ขั้นตอนที่ {no}. {title} ({duration})"
EXTREME_OVERALL_OF_EACH = "ขั้นตอนที่ใช้เวลา{how}ที่สุดของแต่ละกระบวนงาน:"
EXTREME_NONE = "คู่มือไม่ได้ระบุเวลาของขั้นตอนเป็นจำนวนวันหรือเดือนที่เทียบกันได้ค่ะ"
TOTAL_NONE = "คู่มือไม่ได้ระบุเวลาของขั้นตอนเป็นจำนวนวันหรือเดือนที่รวมกันได้ค่ะ"
STANDARDS_HEADER = "มาตรฐานคุณภาพงานของ{name}:"
OWNER_TEXT = "ผู้รับผิดชอบ{name}: {owner}\nผู้ควบคุมดูแล: {supervisor}"
SUPERVISOR_TEXT = "ผู้ควบคุมดูแล{name}: {supervisor}"
FIELD_OF = "{label}ของ{name}"
DEFINITION_TEXT = "{term} หมายถึง {meaning}"
FLOWCHART_TEXT = "ผังงานของ{name} ({count} ขั้นตอน):\n{chain}"
FLOWCHART_DERIVED = "(ผังนี้เรียงจากขั้นตอนการปฏิบัติงานในคู่มือ)"
LAW_YEAR = "{text}\nปี พ.ศ. {year}"
LAW_NO_YEAR = "{text}\nคู่มือไม่ได้ระบุปี พ.ศ. ของรายการนี้"
LAW_IN_LIST = "อยู่ในรายการ \"ระเบียบ กฎหมาย แนวปฏิบัติ อ้างอิง\" ของคู่มือ ลำดับที่ {no} จาก {count} รายการ"
LAW_CITED_IN = "อ้างอิงใน: เอกสาร/หลักฐานอ้างอิงของ{name}"
LAW_IN_PREFACE = "คำนำของคู่มือกล่าวถึง: {text}"
LAW_OTHER_YEAR = "หมายเหตุ: คู่มืออ้างถึงฉบับ พ.ศ. {year} ไม่ได้กล่าวถึงฉบับ พ.ศ. {asked} ค่ะ"
LAWS_FOUND_TITLE = "พบ {count} รายการที่ตรงกับคำถาม"
LAW_NOT_FOUND_TITLE = "ไม่พบในรายการกฎหมายของคู่มือ"
LAW_NOT_FOUND = ("ขออภัยค่ะ รายการระเบียบ กฎหมาย แนวปฏิบัติ อ้างอิงของคู่มือ ({count} รายการ) "
                 "ไม่มีรายการที่ตรงกับคำถามนี้")
LAW_NEAREST = "รายการที่ใกล้เคียงในคู่มือ:"
LAWS_TITLE = "ระเบียบ กฎหมาย แนวปฏิบัติ อ้างอิง"
LAWS_HEADER = "ระเบียบ กฎหมาย แนวปฏิบัติ ที่คู่มืออ้างอิง ({count} รายการ):"
PROCESSES_TITLE = "กระบวนงานในคู่มือ"
PROCESSES_TEXT = "คู่มือการปฏิบัติงาน งานข้อมูลสารสนเทศ มี {count} กระบวนงาน:\n{items}"
ACROSS_TITLE = "{label} (ทุกกระบวนงาน)"
ACROSS_STEP_TITLE = "ขั้นตอนที่ {no}: {label} (ทุกกระบวนงาน)"
ACROSS_LAST_STEP_TITLE = "ขั้นตอนสุดท้าย: {label} (ทุกกระบวนงาน)"
ACROSS_HINT = "ระบุชื่องานเพื่อดูเฉพาะงานนั้นได้ค่ะ"
# Questions about the manual itself (cover, preface, structure).
ABOUT_TITLES = {
    "author": "ผู้จัดทำคู่มือ",
    "publisher": "หน่วยงานเจ้าของคู่มือ",
    "year": "ปีของคู่มือ",
    "title": "ชื่อคู่มือ",
}
ABOUT_NAME = "ชื่อคู่มือ: {title}"
ABOUT_AUTHOR = "จัดทำโดย: {author}"
ABOUT_PUBLISHER = "หน่วยงาน: {publisher}"
ABOUT_SIGNED = "คำนำลงนามโดย: {signed_by}"
ABOUT_PUBLISHER_LEAD = "คู่มือนี้เป็นของ{unit}"
ABOUT_UNDER = " สังกัด{parents}"
ABOUT_YEAR = "คู่มือนี้เป็นฉบับปี {year}"
ABOUT_NO_YEAR = "คู่มือไม่ได้ระบุปีที่จัดทำหรือปีของฉบับไว้ค่ะ"
QR_ABOUT_AUTHOR = "ผู้จัดทำคู่มือ"
Q_ABOUT_AUTHOR = "ใครจัดทำคู่มือนี้"
QR_ABOUT_PROCESSES = "กระบวนงานในคู่มือ"
Q_ABOUT_PROCESSES = "คู่มือมีกี่กระบวนงาน"

NO_MATCH_TITLE = "ไม่พบในคู่มือ"
NO_MATCH_TEXT = (
    "ขออภัยค่ะ ไม่พบหัวข้อที่ตรงกับคำถามนี้ในคู่มือการปฏิบัติงาน งานข้อมูลสารสนเทศ\n"
    "คู่มือมี {count} กระบวนงาน:\n{items}\n"
    "ลองถาม เช่น \"ขั้นตอนงานจัดทำข้อมูลสารสนเทศเพื่อการบริหาร\" หรือ \"ขั้นตอนที่ 3 ใช้เวลากี่เดือน\""
)

# --- Manual handler (handlers/manual.py) -------------------------------------------------------
H_FLEX_OBJECTIVE = "วัตถุประสงค์"
H_FLEX_STEPS = "ขั้นตอนการปฏิบัติงาน"
H_FLEX_DURATION = "⏱ {duration}"
H_FLEX_RESPONSIBLE = "👤 {responsible}"
H_FLEX_OWNER = "ผู้รับผิดชอบ: {owner}"
H_FLOWCHART_CAPTION = "ผังงาน: {name}"
H_FLOWCHART_NO_IMAGE = "ขออภัยค่ะ ตอนนี้สร้างภาพผังงานไม่ได้ ขอแสดงเป็นข้อความแทนนะคะ"
H_MANUAL_KEYWORDS = ("คู่มือ", "คู่มือการปฏิบัติงาน", "คู่มือปฏิบัติงาน", "คู่มือการปฏิบัติงาน งานข้อมูลสารสนเทศ")
H_FOLLOW_UP = "เรื่อง{name}"
"""First line of an answer that followed up on the process discussed before (so a wrong guess shows)."""
PERSON_TITLE = "บุคลากรในคู่มือ"
PERSON_HEAD = "{name} ตำแหน่ง {position}"
PERSON_OWNER = "ผู้รับผิดชอบกระบวนงาน ({n} งาน):"
PERSON_SUPERVISOR = "ผู้ควบคุมดูแลกระบวนงาน ({n} งาน):"
