"""Thai texts of the data answers (students, teachers, schools) and their small formatters."""

from __future__ import annotations

from datetime import date

from models.stats import Provenance

MONTHS = ("", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
ROUND_DAY = {1: (10, 6), 2: (10, 11)}  # collection round: term 1 = 10 June, term 2 = 10 November
GENDER = {"male": "ชาย", "female": "หญิง"}
BANDS = {("ม.1", "ม.2", "ม.3"): "ม.ต้น", ("ม.4", "ม.5", "ม.6"): "ม.ปลาย",
         ("ม.1", "ม.2", "ม.3", "ม.4", "ม.5", "ม.6"): "ม.1–ม.6"}

SAMPLE = "⚠️ ข้อมูลตัวอย่าง (ไม่ใช่ข้อมูลจริง)"
AREA = "ทั้งเขตพื้นที่"
AREA_CHOICE = "ทั้งเขต"  # the quick reply that asks an inherited follow-up for the whole area
PERIOD = "ปีการศึกษา {year} ภาคเรียนที่ {term} (ข้อมูลรอบ {round})"
SOURCE = "ที่มา: {source} · ข้อมูล ณ {as_of}"
SCHOOLS_WITH_DATA = "(มีข้อมูล {n:,} จาก {total:,} โรงเรียน)"
SIZE = "ขนาดโรงเรียน: {name} ({low:,}{high} คน)"
RATIO = "นักเรียน {students:,} คน · นักเรียนต่อครู {ratio:.1f} : 1"

CANNOT_LEAVE_OUT_SCHOOL = ("ขออภัยค่ะ น้องเขตบอทยังตอบแบบ \"ไม่รวมบางโรงเรียน\" ไม่ได้ 🙏 "
                           "ลองถามของอำเภอ (หรือทั้งเขต) และของโรงเรียนนั้นแยกกันได้เลยค่ะ")
ASK_WHICH = "ชื่อนี้ตรงกับหลายโรงเรียนค่ะ หมายถึงโรงเรียนไหนคะ 👇"
UNKNOWN_SCHOOL = "ขออภัยค่ะ ไม่พบโรงเรียน \"{name}\" ในข้อมูลของเขตพื้นที่"
UNKNOWN_SUGGEST = "ชื่อที่ใกล้เคียง: {names}\nแตะเลือกด้านล่าง หรือพิมพ์ชื่อโรงเรียนให้ครบอีกครั้งได้เลยค่ะ"
ASK_WHICH_PARTIAL = "ชื่อ \"{name}\" ตรงกับหลายโรงเรียนค่ะ หมายถึงโรงเรียนไหนคะ 👇"
ASK_WHICH_MANY = ("ชื่อ \"{name}\" ตรงกับ {n:,} โรงเรียนค่ะ แสดง {k} โรงเรียนแรก หมายถึงโรงเรียนไหนคะ "
                  "หรือพิมพ์ชื่อให้ครบขึ้นได้เลยค่ะ 👇")
CANDIDATE_LINE = "• {name}{district}"
LOOKUP_WHAT = {"code": "รหัส", "phone": "เบอร์โทรศัพท์", "email": "อีเมล", "person": "ผู้อำนวยการชื่อ"}
LOOKUP_NOT_FOUND = "ขออภัยค่ะ ไม่พบโรงเรียนที่มี{what} \"{value}\" ในข้อมูลของเขตพื้นที่"
LOOKUP_HINT = "ลองตรวจสอบอีกครั้ง หรือพิมพ์ชื่อโรงเรียนแทนได้เลยค่ะ"
LOOKUP_ASK_PERSON = "ผู้อำนวยการชื่อ \"{value}\" มี {n} ท่านค่ะ หมายถึงท่านไหนคะ 👇"
LOOKUP_PERSON_LINE = "• {principal} — โรงเรียน{name}"
ASK_WHICH_DISTRICT = "ชื่อนี้ตรงกับหลายอำเภอค่ะ หมายถึงอำเภอไหนคะ 👇"
UNKNOWN_DISTRICT = "ขออภัยค่ะ ไม่พบอำเภอ \"{name}\" ในเขตพื้นที่ อำเภอที่มีข้อมูล: {districts}"
UNKNOWN_NONE = "ลองพิมพ์ชื่อโรงเรียนให้ครบ หรือถาม \"รายชื่อโรงเรียน อำเภอ…\" เพื่อดูชื่อที่มีค่ะ"
ASK_SCHOOL = "ต้องการข้อมูลของโรงเรียนไหนคะ พิมพ์ชื่อโรงเรียนได้เลย เช่น \"ข้อมูลโรงเรียน{example}\""
ASK_SCHOOL_AGAIN = "ต้องการทราบว่าโรงเรียนไหน{what}คะ พิมพ์ชื่อโรงเรียนได้เลยค่ะ"
ASK_SCHOOL_FIELD = "ต้องการทราบ{what}ของโรงเรียนไหนคะ พิมพ์ชื่อโรงเรียนได้เลยค่ะ"
REGISTER_FIRST = ("ยังไม่ทราบว่าท่านเป็นบุคลากรของโรงเรียนไหนค่ะ 🙏\n"
                  "พิมพ์ \"ลงทะเบียน\" เพื่อผูกบัญชีกับโรงเรียน หรือพิมพ์ชื่อโรงเรียนในคำถามได้เลยค่ะ")
NO_DATA_AT_ALL = "ยังไม่มีข้อมูล{what}ของ{label}ในระบบค่ะ"
NO_DATA_YEAR = "ไม่มีข้อมูล{what}ของ{label} ปีการศึกษา {year}{term} ค่ะ\nมีข้อมูลปีการศึกษา: {years}"
NO_SCHOOLS = "ยังไม่มีข้อมูลโรงเรียนในระบบค่ะ ผู้ดูแลนำเข้าได้ด้วยคำสั่ง khetbot import schools"

STUDENTS_LINE = "นักเรียน{what}: {n:,} คน"
GENDER_SPLIT = "ชาย {male:,} คน · หญิง {female:,} คน"
GENDER_SPLIT_SHARE = "ชาย {male:,} คน ({pm:.1f}%) · หญิง {female:,} คน ({pf:.1f}%)"
OF_ALL = "(นักเรียนทั้งหมด{grades} {total:,} คน)"
OF_ALL_SHARE = "(คิดเป็นร้อยละ {pct:.1f} ของนักเรียนทั้งหมด{grades} {total:,} คน)"
GRADE_LINE = "• {grade}: {total:,} คน (ชาย {male:,} · หญิง {female:,})"
TEACHERS_LINE = "ครู: {n:,} คน"
SCHOOL_COUNT = "{label}มีโรงเรียน {n:,} โรง"
DISTRICT_LINE = "• อ.{district} {n:,} โรง"
LIST_TITLE = "โรงเรียนใน{label} {n:,} โรง"
LIST_MORE = "…และอีก {n:,} โรง (ถามแยกรายอำเภอหรือตำบลเพื่อดูทั้งหมดค่ะ)"
RANK_TITLE = "โรงเรียนที่มี{metric}{how}ที่สุดใน{label}"
RANK_DISTRICT = "อำเภอที่มี{metric}{how}ที่สุดคือ อ.{district} {value:,} คน"
SIZED_COUNT = "โรงเรียนขนาด{size} ({low:,}{high} คน) ใน{where} มี {n:,} โรง"
SIZE_ANSWER = "โรงเรียน{name} เป็นโรงเรียนขนาด{size} (นักเรียน {n:,} คน)"
RANK_LINE = "{i}. {name} (อ.{district}) {value:,} คน"
RANK_TOP = "คือ {name} {value:,} คน"
SEVERAL_JOIN = " และ"
SEVERAL_TOTAL = "รวม {n} โรงเรียน"
SEVERAL_STUDENTS = "• {name}: {total:,} คน (ชาย {male:,} · หญิง {female:,})"
SEVERAL_ONE = "• {name}: {n:,} คน"
SEVERAL_FIELD = "• โรงเรียน{name}: {value}"
FIELD_SEVERAL_TITLE = "{field}ของ {n} โรงเรียน"
NO_VALUE = "(ยังไม่มีในระบบ)"
CONTACTS = "ข้อมูลติดต่อ"
RANK_BETWEEN = "ระหว่าง{label} โรงเรียนที่มี{metric}{how}กว่า"  # RANK_TOP follows: "คือ …"
SIDES_TITLE = "{what}ของ{labels}"
SIDES_LINE = "• {label}: {value}"
SIDES_MORE = "{a}{has}{what}{word}กว่า{b} {diff}"
SIDES_SAME = "{a}และ{b}{has}{what}เท่ากัน ({value})"
SIDES_TOTAL = "รวม {n} {unit_name}: {value}"
SIDES_RANGE = "{what}มากที่สุด: {top} · น้อยที่สุด: {low} (ต่างกัน {diff})"
SIDES_NO_DATA = "ยังไม่มีข้อมูล{what}ของ{label}ในระบบค่ะ"
MORE, LESS = "มาก", "น้อย"
HIGHER, LOWER = "สูง", "ต่ำ"
RATIO_VALUE = "{ratio:.1f} : 1 (นักเรียน {students:,} คน · ครู {teachers:,} คน)"
RANK_DISTRICT_SCHOOLS = "อำเภอที่มีโรงเรียน{how}ที่สุดคือ {districts} ({n:,} โรง)"
DISTRICT_SCHOOLS_LINE = "{i}. อ.{district} {n:,} โรง"
NOT_IN_DATA = ("ขออภัยค่ะ เรื่องนี้ไม่มีในข้อมูลของน้องเขตบอท 🙏 ถามได้เรื่องจำนวนนักเรียน จำนวนครู ข้อมูลติดต่อโรงเรียน "
               "และคู่มือการปฏิบัติงานของเขตค่ะ")
NO_SUCH_GRADE = "ขออภัยค่ะ ข้อมูลของเขตพื้นที่ไม่มีนักเรียนชั้น {grades} ค่ะ ข้อมูลที่มีคือชั้น {have}"
NO_SUCH_GRADE_HINT = "ลองถามใหม่โดยระบุชั้นที่มีข้อมูล หรือถามนักเรียนทั้งหมดได้เลยค่ะ"
COMPARE_TITLE = "{metric}{label} แต่ละปีการศึกษา"
COMPARE_LINE = "• ปีการศึกษา {year} (ภาคเรียนที่ {term}): {value:,} คน"
COMPARE_DIFF = "{a} → {b}: {word} {diff:,} คน ({pct:+.1f}%)"
COMPARE_ONE = "มีข้อมูลเพียงปีการศึกษาเดียว ({years}) จึงยังเปรียบเทียบไม่ได้ค่ะ"
UP, DOWN, SAME = "เพิ่มขึ้น", "ลดลง", "เท่าเดิม"

FIELD_ANSWER = {
    "phone": "เบอร์โทรศัพท์โรงเรียน{name}: {value}",
    "email": "อีเมลโรงเรียน{name}: {value}",
    "principal": "ผู้อำนวยการโรงเรียน{name}: {value}",
    "address": "โรงเรียน{name} ตั้งอยู่ {value}",
    "code": "รหัสโรงเรียน{name}: {value}",
}
FIELD_LINE = {"phone": "เบอร์โทรศัพท์: {value}", "email": "อีเมล: {value}", "principal": "ผู้อำนวยการ: {value}",
              "address": "ที่ตั้ง: {value}", "code": "รหัสโรงเรียน: {value}"}
FIELD_WORDS = {"phone": "เบอร์โทร", "email": "อีเมล", "principal": "ผู้อำนวยการ", "address": "ที่อยู่", "code": "รหัส"}
FIELD_MISSING = "ยังไม่มี{field}ของโรงเรียน{name}ในระบบค่ะ"
FIELD_NAMES = {"phone": "เบอร์โทรศัพท์", "email": "อีเมล", "principal": "ชื่อผู้อำนวยการ", "address": "ที่อยู่",
               "code": "รหัสโรงเรียน"}
CARD = {"code": "รหัส", "principal": "ผู้อำนวยการ", "phone": "โทรศัพท์", "email": "อีเมล", "address": "ที่ตั้ง",
        "students": "นักเรียน", "teachers": "ครู", "size": "ขนาด", "call": "โทร", "count": "จำนวนนักเรียน",
        "more": "ดูรายละเอียด"}

# quick replies: (label, query with {name} = the school's name)
Q_GRADES = ("แยกรายชั้น", "นักเรียนโรงเรียน{name} แยกรายชั้น")
Q_TEACHERS = ("จำนวนครู", "ครูโรงเรียน{name} มีกี่คน")
Q_STUDENTS = ("จำนวนนักเรียน", "นักเรียนโรงเรียน{name} มีกี่คน")
Q_INFO = ("ข้อมูลโรงเรียน", "ข้อมูลโรงเรียน{name}")
Q_COMPARE = ("เทียบปีก่อน", "นักเรียนโรงเรียน{name} เปรียบเทียบย้อนหลัง")
Q_LIST_DISTRICT = ("รายชื่อโรงเรียน", "รายชื่อโรงเรียนอำเภอ{district}")
Q_LIST_ALL = ("รายชื่อโรงเรียน", "รายชื่อโรงเรียน")
Q_LARGEST = ("ใหญ่ที่สุดในเขต", "โรงเรียนที่มีนักเรียนมากที่สุด")


def thai_date(d: date) -> str:
    """24 พ.ย. 2569."""
    return f"{d.day} {MONTHS[d.month]} {d.year + 543}"


def round_date(year: int, term: int) -> str:
    """The collection round of a term: 10 มิ.ย. (term 1) or 10 พ.ย. (term 2) of that academic year."""
    day, month = ROUND_DAY.get(term, ROUND_DAY[1])
    return f"{day} {MONTHS[month]} {year}"


def period_line(year: int, term: int) -> str:
    """ปีการศึกษา 2568 ภาคเรียนที่ 1 (ข้อมูลรอบ 10 มิ.ย. 2568)."""
    return PERIOD.format(year=year, term=term, round=round_date(year, term))


def source_lines(p: Provenance) -> list[str]:
    """The source/as-of line, and the sample-data warning when it is sample data."""
    out = []
    if p.source or p.as_of:
        out.append(SOURCE.format(source=p.source or "-", as_of=thai_date(p.as_of) if p.as_of else "-"))
    if p.sample:
        out.append(SAMPLE)
    return out


def grades_label(grades: tuple[str, ...] | None) -> str:
    """" ม.ต้น", " ม.2", " ม.1, ม.3" or ""."""
    if not grades:
        return ""
    return " " + BANDS.get(tuple(grades), ", ".join(grades))


def what_label(grades: tuple[str, ...] | None, gender: str | None) -> str:
    """"ชาย ม.1", " ม.ปลาย" … for "นักเรียน{what}"."""
    return (GENDER.get(gender or "", "")) + grades_label(grades)
