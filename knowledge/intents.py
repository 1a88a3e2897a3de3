"""Intent scoring: weighted keyword/pattern features plus entity features, no trained model.

Each intent sums the weights of the patterns found in the normalised text (place names are
already masked as §s school, §d district, §t subdistrict, §p province, so a school called
"...ประชาสรรค์" never reads as a keyword). Entity features (a school was named, a ticket
number, a bare 1-5) add to the data and ticket intents. The best intent must reach
``MIN_SCORE`` or the message is out of scope. ``scores`` are a softmax over the raw sums
(temperature ``TEMPERATURE``; out_of_scope competes at ``MIN_SCORE``).

``confidence`` is calibrated for routing (see ``calibrated_confidence``): >= 0.6 for the clear
questions of the labelled set, about 0.5 for a bare keyword, below 0.5 when two intents read
equally well, and always below 0.5 for an out_of_scope result (there it says how close the
best in-scope reading came). So a router threshold of 0.5 needs no per-intent lowering.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.entities import Entities
from knowledge.smalltalk import SMALLTALK

INTENTS: tuple[str, ...] = (
    "student_count", "teacher_count", "school_count", "school_info", "school_list", "ranking",
    "compare_years", "manual", "incident_report", "incident_status", "notice", "registration",
    "forget_me", "report_summary", "rating", "help", "greeting", "thanks", "smalltalk", "out_of_scope",
)
MIN_SCORE = 1.4
"""The best intent needs at least this raw score; below it the message is out of scope."""
OUT_OF_SCOPE_BASE = 1.0
TEMPERATURE = 0.5
"""Raw-score units per e-fold of odds in ``scores`` and ``confidence``."""
CONFIDENT_AT = MIN_SCORE + 0.4
"""The raw score that gives confidence 0.5 when no other intent competes (a bare keyword)."""

_P = re.compile
PATTERNS: dict[str, tuple[tuple[re.Pattern[str], float], ...]] = {
    "greeting": (
        (_P(r"^(?:สวัสดี|หวัดดี|ดีจ้า|ดีค่ะ|ดีครับ|hello|hi|hey|ทักทาย|อรุณสวัสดิ์|ว่าไง|ยินดีที่ได้รู้จัก)|^ดี$"), 2.5),
        (_P(r"สวัสดี|หวัดดี|good (?:morning|afternoon)"), 0.8),
    ),
    "thanks": (
        (_P(r"ขอบคุณ|ขอบใจ|ขอบพระคุณ|thank|thx|แต๊งกิ้ว|แต๊งกิว|ขอบคุน"), 2.6),
        (_P(r"^(?:โอเค|ok|okay|เยี่ยม|ดีมาก|เข้าใจแล้ว|ได้เลย|รับทราบ)$"), 1.8),
    ),
    "smalltalk": ((SMALLTALK, 2.6),),  # a whole message of laugh / OK / goodbye / emoji (knowledge.smalltalk)
    "help": (
        (_P(r"ช่วยด้วย|วิธีใช้|ใช้\s*(?:งาน)?\s*(?:ยังไง|อย่างไร|ไง)|ทำอะไรได้|ถามอะไรได้|ช่วยอะไร|ให้ช่วย|"
            r"^(?:ต้อง)?ถาม\s*(?:ยังไง|อย่างไร|ไง)|"
            r"\bhelp\b|เมนู|\bmenu\b|คำสั่ง|แนะนำการใช้|สอนใช้|คู่มือการใช้บอท|บอท\s*(?:ทำ|ตอบ)|^\?$|(?<!ขอ)งง(?!า)|"
            r"ใช้\s*(?:งาน)?\s*ไม่\s*เป็น|(?<!เครื่อง)พิมพ์\s*(?:ถาม)?\s*(?:ยังไง|อย่างไร|ไง)"), 2.6),
    ),
    "forget_me": (
        (_P(r"ลบ\s*(?:ข้อมูล|บัญชี|ประวัติ|ตัวตน|การลงทะเบียน)|ลืม\s*(?:ฉัน|ผม|หนู|ข้อมูล)|"
            r"ไม่\s*(?:ต้องการ|อยาก)\s*ให้\s*(?:เก็บ|จำ)|ยกเลิก\s*(?:การ)?\s*(?:ลงทะเบียน|ผูก|สมาชิก|บัญชี)|"
            r"delete\s*(?:my)?\s*(?:data|account)|forget me|ถอน\s*(?:ความ)?\s*ยินยอม|unregister|ออกจากระบบ"), 3.5),
    ),
    "registration": (
        (_P(r"(?<!นักเรียน)(?<!นักเรียนที่)(?:ลงทะเบียน|สมัคร)(?!\s*(?:เรียน|สอบ|เข้า\s*เรียน|งาน))|"
            r"ผูก\s*(?:บัญชี|ไลน์|line|กับ|ไอดี)|เชื่อม\s*(?:บัญชี|ต่อบัญชี|กับ\s*โรงเรียน)|"
            r"ยืนยันตัวตน|register|sign ?up|ขอสิทธิ์|เป็นแอดมิน|เพิ่มผู้ใช้|ลงชื่อ\s*(?:เข้า)?\s*ใช้|"
            r"(?:ขอ|อยาก|จะ)?\s*(?:เปลี่ยน|ย้าย|แก้)\s*(?:ไป)?\s*(?:โรงเรียน|ร\.ร\.?|รร\.?)\s*(?:ที่)?\s*"
            r"(?:ลงทะเบียน|ของ\s*(?:ฉัน|ผม|หนู|เรา)|§s)?\s*$"), 2.8),
        (_P(r"ผู้ดูแล\s*(?:ของ)?\s*(?:§s|โรงเรียน)|ตัวแทน\s*(?:ของ)?\s*(?:§s|โรงเรียน)|ฉันเป็น|ผมเป็น|หนูเป็น"), 1.0),
    ),
    "notice": (
        (_P(r"^(?:ประกาศ|แจ้งเวียน)(?!\s*(?:กระทรวง|สำนักงาน|คณะกรรมการ))|ส่ง\s*ประกาศ|ร่างประกาศ|ทำประกาศ|"
            r"ประกาศ\s*(?:ถึง|ให้|แจ้ง|ข่าว)|แจ้งเวียน|เวียน\s*หนังสือ|broadcast|ประชาสัมพันธ์|"
            r"แจ้ง\s*(?:ข่าว|ทุกโรงเรียน|ไปยัง|ถึง\s*(?:ทุก|โรงเรียน)|ผู้อำนวยการทุก|โรงเรียนทุก)|ส่ง\s*ข่าว|"
            r"ส่ง\s*(?:ข้อความ|หนังสือ)\s*(?:ถึง|หา|ไป)\s*(?:ทุก|โรงเรียน)|กระจายข่าว"), 3.0),
        # a message that opens with the command is the command, whatever school or field it names
        # ("ส่งประกาศถึงผู้บริหารโรงเรียนหล่มสักวิทยาคม เรื่อง…" is no question about the principal)
        (_P(r"^(?:ขอ|อยาก|จะ|ช่วย)?\s*ส่ง\s*ประกาศ\s*ถึง"), 4.0),
    ),
    "rating": (
        # asking to rate the service ("ขอประเมินความพึงพอใจ"); "ผลการประเมิน…" is the staff's report
        (_P(r"(?<!การ)(?<!การ )(?<!ผล)(?<!ผล )(?:ประเมิน|ให้\s*คะแนน|ให้\s*ดาว|โหวต)\s*(?:ความ\s*)?(?:พึง\s*)?พอใจ|"
            r"(?<!การ)(?<!การ )(?<!ผล)(?<!ผล )(?:ประเมิน|ให้\s*คะแนน)\s*(?:การ\s*)?(?:ใช้\s*)?"
            r"(?:บริการ|(?:น้อง\s*)?(?:เขต\s*)?บอท|แช[ทต]\s*บอท)|^(?:ขอ|อยาก|จะ|ต้องการ)?\s*(?:ให้\s*คะแนน|ประเมิน)$"), 4.5),
        # a whole message of satisfaction words or a level's name ("พอใจมากที่สุด", "ไม่พอใจ", "ปานกลาง"):
        # a rating (the handler asks for one when none was asked), never a ranking
        # (a bare "ความพึงพอใจ" stays the staff's report)
        (_P(r"^(?:ให้\s*)?(?:คะแนน\s*)?(?:พึง\s*)?พอใจ\s*(?:มาก\s*ที่สุด|มาก\s*ๆ|มาก|ปานกลาง|น้อย\s*ที่สุด|น้อย)?$|"
            r"^(?:ให้\s*)?(?:คะแนน\s*)?ความ\s*พึง\s*พอใจ\s*(?:มาก\s*ที่สุด|มาก\s*ๆ|มาก|ปานกลาง|น้อย\s*ที่สุด|น้อย)$|"
            r"^ไม่\s*(?:ค่อย\s*)?(?:พึง\s*)?พอใจ(?:\s*(?:เลย|มาก))?$|^(?:มาก\s*ที่สุด|ปานกลาง|น้อย\s*ที่สุด|มาก|น้อย)$"), 5.0),
    ),
    "report_summary": (
        (_P(r"สรุป\s*(?:ผล|รายงาน|ภาพรวม|สถิติ|การแจ้ง|เรื่อง|ปัญหา|งาน|ประจำปี|ความพึงพอใจ)|"
            r"รายงาน\s*(?:ผล)?\s*(?:ประจำปี|สรุป|ปีงบ)|ปีงบประมาณ|ความพึงพอใจ|"
            r"สถิติ\s*(?:การใช้งาน|การแจ้ง|ปัญหา|เรื่อง|ประจำปี)|\breport\b|dashboard|ออกรายงาน|ผลการประเมิน"), 2.8),
    ),
    "incident_report": (
        (_P(r"(?<!ห)ล่ม|ใช้\s*(?:งาน)?\s*ไม่ได้|เข้า\s*(?:ระบบ|เว็บ|ใช้|เน็ต)?\s*ไม่ได้|เสีย|พัง|ขัดข้อง|หลุด|"
            r"แจ้ง\s*(?:ปัญหา|ซ่อม|เหตุ|เสีย)|ซ่อม|ไม่มีสัญญาณ|สัญญาณ\s*(?:อ่อน|หาย|ไม่)|ต่อ\s*ไม่\s*(?:ได้|ติด)|"
            r"ไม่\s*(?:ติด|ทำงาน|ออก|ขึ้น)|ช้า\s*(?:มาก|จัง|ผิดปกติ)|error|เออเร่อ|ไวรัส|virus|โดนแฮก|ค้าง\s*(?:บ่อย|ตลอด)|"
            r"ลืมรหัสผ่าน|รีเซ็ตรหัส|(?<!ระ)ดับ|ช้า|\bdown\b|not working|broken|มี\s*ปัญหา|"
            r"(?:เน็ต|wi-?fi|ไวไฟ|internet|อินเทอร์เน็ต)\s*(?:หาย|หลุด|ขาด|กระตุก)|"
            r"แจ้ง\s*(?:ปัญหา)?\s*(?:ได้)?\s*(?:ที่\s*ไหน|ใคร|ยังไง|อย่างไร|ทางไหน|ไปที่)|"
            r"(?:เน็ต|สัญญาณ|wi-?fi|ไวไฟ|internet|คอม|เครื่อง|ระบบ).{0,30}ไม่\s*(?:มี|ได้|ติด|ทำงาน|ออก|ขึ้น|เสถียร)"), 2.0),
        (_P(r"เน็ต|อินเท?อร์เน็ต|internet|wi-?fi|ไวไฟ|สัญญาณ|router|เราเตอร์|\blan\b|สายแลน|คอม(?:พิวเตอร์)?|"
            r"printer|ปริ้น|ปริ๊น|เครื่องพิมพ์|โปรเจ[คก]เตอร์|projector|\bdmc\b|\bmis\b|\bemis\b|e-?office|"
            r"ระบบ|เว็บ|website|server|เซิร์ฟเวอร์|จอ|เมาส์|คีย์บอร์ด|ไฟฟ้า|ปัญหา|\bict\b|ไอที|\bit\b|โน้ตบุ๊ก|notebook|"
            r"เครือข่าย"), 1.0),
    ),
    "incident_status": (
        (_P(r"งานค้าง|เรื่อง\s*(?:ที่)?\s*(?:แจ้ง|ค้าง)|ติดตาม\s*(?:เรื่อง|ปัญหา|การแจ้ง|สถานะ|ticket|งานซ่อม)|"
            r"สถานะ|ถึงไหนแล้ว|คืบหน้า|แก้\s*(?:ไข)?\s*(?:ให้)?\s*(?:หรือ|รึ)?\s*ยัง|ticket|ทิกเก็ต|เลขที่\s*(?:แจ้ง|เรื่อง)|"
            r"ที่แจ้ง\s*(?:ไว้|ไป)|แจ้งไปแล้ว|รายการแจ้ง|ปิดงาน|รับเรื่อง|มอบหมาย|รอดำเนินการ|ยังไม่ปิด|"
            r"ยังไม่เสร็จ|เสร็จ\s*(?:หรือ|รึ)\s*ยัง|ค้างอยู่|งานที่ยังไม่|เรื่องที่รอ|ซ่อมเสร็จ|ได้รับการแก้ไข"), 2.6),
    ),
    "manual": (
        (_P(r"ขั้นตอน|ขั้น\s*(?:ที่)?\s*\d|วัตถุประสงค์|จุดประสงค์|จุดมุ่งหมาย|เป้าหมาย|ขอบเขต|ขอบข่าย|ครอบคลุม|คำจำกัดความ|แปลว่า|"
            r"ฟอร์ม|เกณฑ์คุณภาพ|มาตรา?ฐาน|วิธีดำเนินการ|โฟลว์ชาร์ต|ผัง|หมายถึง|หมายความ|นิยาม|ความหมาย|อ้างอิง|แบบฟอร์ม|ตัวชี้วัด|"
            r"มาตรฐาน\s*(?:คุณภาพ)?\s*งาน|ผู้รับผิดชอบ|รับผิดชอบ|ผู้ควบคุม|คู่มือ|พ\.?ร\.?บ|พระราชบัญญัติ|ระเบียบ|กฎหมาย|"
            r"กฎกระทรวง|แนวปฏิบัติ|flow\s*chart|ผังงาน|ผังขั้นตอน|กระบวนงาน|กระบวนการ|ใช้เวลา|กี่เดือน|กี่วัน|กี่สัปดาห์|"
            r"ระยะเวลา|ประกาศกระทรวง|มาตรา|ราคากลาง|คุณลักษณะเฉพาะ|(?<!เจ้า)หน้าที่|บทบาท|ภาระงาน|สัญลักษณ์|"
            r"ผู้อำนวยการกลุ่ม|กลุ่มนโยบาย|นักวิเคราะห์นโยบาย|"
            r"\b(?:objectives?|scope|responsible|in charge|duration|how long|definitions?|references|standards?|"
            r"steps?|procedures?|manual)\b"), 2.6),
        (_P(r"งาน\s*(?:จัดทำ|พัฒนา|ข้อมูล|สารสนเทศ|เครือข่าย|นโยบาย|แผน|สารบรรณ|นวัตกรรม|mis\b|ไอซีที)|สารสนเทศ|เทคโนโลยี|แผนพัฒนา|"
            r"แผนแม่บท|นโยบาย|กลุ่มนโยบาย|ฐานข้อมูลกลาง|นวัตกรรม|ปรับปรุง|ติดตั้ง|วิเคราะห์|ออกแบบ|เครือข่าย|"
            r"ประเมินผล|ดำเนินงาน|แผนปฏิบัติ|การสื่อสาร|สพฐ|บำรุงรักษา|ทรัพยากร|ประมวลผล|"
            r"จัดเก็บข้อมูล|เผยแพร่|สำนักงานเขต|พ\.ศ\.|ฉบับ|กระทรวง|(?<![a-z])(?:mis|ict)(?![a-z])|"
            r"แผน\s*(?:ict|it|ไอที|พัฒนา)"), 1.2),
    ),
    "student_count": (
        (_P(r"นักเรียน|เด็ก|student|[มปอ]\.\d|ม\.ต้น|ม\.ปลาย|ชาย|หญิง"), 1.6),
    ),
    "teacher_count": ((_P(r"ครู|อาจารย์|บุคลากร|teacher|ข้าราชการ"), 2.0),),
    "school_count": (
        (_P(r"(?:กี่|จำนวน)\s*(?:โรง|แห่ง)|how many schools|number of schools|(?:มี|ทั้งหมด)\s*โรงเรียน\s*(?:ทั้งหมด)?\s*กี่|"
            r"โรงเรียน\s*(?:ทั้งหมด)?\s*กี่\s*(?:โรง|แห่ง)"), 3.2),
    ),
    "school_list": (
        (_P(r"รายชื่อ|โรงเรียน\s*(?:อะไร|ไหน)\s*บ้าง|มี\s*(?:โรงเรียน)?\s*(?:อะไร|ที่ไหน)\s*บ้าง|\blist\b|"
            r"แสดง\s*(?:รายการ)?\s*โรงเรียน|(?:ทุก|แต่ละ)\s*โรงเรียน\s*(?:ใน|ของ)|โรงเรียน\s*ที่อยู่\s*ใน|"
            r"(?:โรง|ที่)\s*(?:ไหน|ใด)\s*บ้าง"), 2.6),
        # โรงเรียน [มัธยม / ขนาดกลาง / ทั้งหมด ...] ใน|ของ|ที่ <a place>
        (_P(r"โรงเรียน[^§\d?]{0,24}?(?:ใน|ของ|ที่)\s*(?:§d|อำเภอ|เขต|ตำบล|§t|จังหวัด|§p)"), 2.3),
    ),
    "ranking": (),
    "compare_years": (
        (_P(r"เทียบ|เปรียบเทียบ|เพิ่มขึ้น|ลดลง|ต่างกัน|ต่างจาก|แนวโน้ม|ย้อนหลัง|เปลี่ยนแปลง|\bvs\.?\b|"
            r"เพิ่ม\s*(?:ขึ้น)?\s*(?:หรือ|รึ)\s*ลด|มากขึ้น|น้อยลง|ส่วนต่าง|เติบโต|trend"), 2.4),
    ),
    "school_info": (),
}
DATA_INTENTS = ("student_count", "teacher_count", "school_count", "school_list", "ranking", "compare_years")
_COUNT = _P(r"กี่|จำนวน|เท่าไร|เท่าไหร่|เท่าใด|ทั้งหมด|รวม|ยอด|สรุป|how many|มีอยู่")
_NOT_IN_DATA = _P(r"เงินเดือน|ค่าจ้าง|ค่าตอบแทน|สวัสดิการ|โบนัส|เบี้ยเลี้ยง|วิทยฐานะ|เลื่อนขั้น|บรรจุ|สอบครู|โยกย้าย|"
                  r"ย้ายครู|บำเหน็จ|บำนาญ|ชุดนักเรียน|เครื่องแบบ|ค่าเทอม|ค่าเล่าเรียน|ทุนการศึกษา|เกรดเฉลี่ย|o-?net|"
                  r"โอเน็ต|การบ้าน|ตารางสอน|ปฏิทินการศึกษา|วันหยุด|salary")
"""Subjects about teachers or students that the data does not hold: no head count answers them."""


def not_in_data(text: str) -> bool:
    """The text asks about teachers or students in a way the data cannot answer ("เงินเดือนครู")."""
    return _NOT_IN_DATA.search(text) is not None


_MULTI_HIT = {"manual", "incident_status", "report_summary", "incident_report"}
"""Intents whose keywords add up (several manual terms are stronger evidence than one)."""
_SCHOOL_WORD = _P(r"โรงเรียน|\bschool\b")
"""A school is meant without its name ("ขอเบอร์โรงเรียนหน่อย"): the answer asks which one."""
_CONTACT = {"phone", "email", "principal", "address", "code", "info"}
_MANUAL_ASK = _P(r"ทำ\s*(?:อย่างไร|ยังไง)|ต้องทำอะไร|คือ\s*อะไร|หมายถึงอะไร|มีอะไรบ้าง|ทำไง"
                 r"|เริ่ม\s*(?:ต้น)?\s*(?:ยังไง|อย่างไร|ตรงไหน|จาก)|ทำ\s*อะไร\s*ก่อน")
"""A how/what question: adds to the manual only when a manual topic is there too."""
_MANUAL_WHO = _P(r"ติดต่อ\s*(?:ใคร|ที่ไหน)|ใคร\s*(?:ทำ|ดูแล|รับผิดชอบ)")
"""Who is in charge: the manual's people when a manual topic is there and no problem is reported."""
_WHICH_ONE = _P(r"กว่า|(?:อัน|โรง|ที่|แห่ง)\s*(?:ไหน|ใด)|ใคร|เทียบ|\bvs\b|ต่างกัน|ห่างกัน")
"""Words of a comparison between the schools named (หนองไผ่กับวิเชียรบุรี อันไหนใหญ่กว่า)."""


@dataclass(frozen=True)
class IntentResult:
    """The chosen intent, its confidence (0..1) and the softmax over all intents."""

    intent: str
    confidence: float
    scores: Mapping[str, float]


def raw_scores(masked: str, ents: Entities) -> dict[str, float]:
    """Un-normalised score per intent for a masked normalised text and its entities."""
    s = dict.fromkeys(INTENTS, 0.0)
    for intent, patterns in PATTERNS.items():
        for pattern, weight in patterns:
            if intent in _MULTI_HIT:
                hits = len({m.group(0) for m in pattern.finditer(masked)})
            else:
                hits = 1 if pattern.search(masked) else 0
            if hits:
                s[intent] += weight * (1 + 0.4 * (min(hits, 3) - 1))
    has_school = "§s" in masked
    place = has_school or "§d" in masked or "§t" in masked or "§p" in masked or ents.whole_area or ents.my_school
    place_named = "§d" in masked or "§t" in masked
    counting = bool(_COUNT.search(masked))
    metric = ents.metric
    for data_intent in ("student_count", "teacher_count"):
        if s[data_intent]:
            s[data_intent] += (1.0 if counting else 0.0) + (1.0 if place else 0.0)
    if _NOT_IN_DATA.search(masked):  # "เงินเดือนครู", "ครูบรรจุใหม่กี่คน": a head count would answer another question
        for data_intent in ("student_count", "teacher_count"):
            s[data_intent] = min(s[data_intent], 0.5)
    if metric == "teachers":
        s["student_count"] = min(s["student_count"], s["teacher_count"] - 0.5)
    elif metric == "students" and s["teacher_count"]:
        s["teacher_count"] -= 1.0
    if s["school_count"]:
        s["school_count"] += 1.0 if place else 0.3
    if metric == "ratio":  # students per teacher: the teachers answer gives it
        s["teacher_count"] = max(s["teacher_count"], s["student_count"]) + 0.5
        s["student_count"] -= 1.0
    if metric in ("students", "teachers", "ratio") or s["school_count"]:
        s["school_list"] -= 2.0
    if ents.size_class and not has_school:  # โรงเรียนขนาดเล็ก (ใน ...): a list unless counted
        s["school_list" if not s["school_count"] else "school_count"] += 2.4
    if metric in _CONTACT:
        s["school_info"] += 4.0 if has_school or ents.my_school else (
            1.0 if metric == "info" else 2.5 if _SCHOOL_WORD.search(masked) else 1.5)
        if metric != "info":
            s["student_count"] = min(s["student_count"], 1.5)
    elif (has_school or place_named) and max(s[k] for k in DATA_INTENTS) < (2.5 if has_school else 2.0):
        s["school_info"] += 2.2 if has_school else 1.8
    elif ents.my_school:
        s["school_info"] += 1.2
    data_subject = place or metric in ("students", "teachers", "ratio", "schools") or _SCHOOL_WORD.search(masked)
    if ents.ranking and (data_subject or not s["manual"]):  # "ขั้นตอนไหนใช้เวลาน้อยที่สุด" ranks no schools
        s["ranking"] += 3.0 + (0.8 if "§s" not in masked else 0.0)
    if masked.count("§s") >= 2 and _WHICH_ONE.search(masked) and not ents.compare_years:
        # two schools side by side: which is bigger / has more teachers
        s["ranking"] = max(s["ranking"], 3.0) + max(s["student_count"], s["teacher_count"], s["compare_years"], 2.0)
    if len(ents.compare_years) > 1:
        s["compare_years"] += 2.0
    if s["compare_years"] and metric in ("students", "teachers"):
        s["compare_years"] += max(s["student_count"], s["teacher_count"]) - 1.0
    if s["compare_years"] and not (place or counting or metric or ents.compare_years or ents.academic_year):
        s["compare_years"] -= 1.5
    if s["manual"] and (_MANUAL_ASK.search(masked) or (not s["incident_report"] and _MANUAL_WHO.search(masked))):
        s["manual"] += 1.0
    if ents.ticket:
        s["incident_status"] += 4.0
    if ents.rating is not None:
        s["rating"] += 5.0
    if ents.fiscal_year is not None:
        s["report_summary"] += 0.8
    length = len(masked)
    if s["greeting"] and length > 25:
        s["greeting"] -= 1.5
    if s["thanks"] and length > 40:
        s["thanks"] -= 1.0
    if s["incident_status"] or s["report_summary"]:
        s["incident_report"] -= 1.0
    s["out_of_scope"] = OUT_OF_SCOPE_BASE
    return s


def classify(masked: str, ents: Entities) -> IntentResult:
    """Pick the intent for a masked normalised text and its entities."""
    raw = raw_scores(masked, ents)
    in_scope = sorted((v, k) for k, v in raw.items() if k != "out_of_scope" and v > 0)
    best = max(INTENTS, key=lambda k: (raw[k], -INTENTS.index(k)))
    if raw[best] < MIN_SCORE:
        best = "out_of_scope"
    raw["out_of_scope"] = MIN_SCORE  # "not understood" competes at the bar an intent must reach
    peak = max(raw.values())
    exp = {k: math.exp((v - peak) / TEMPERATURE) for k, v in raw.items()}
    total = sum(exp.values())
    scores = {k: round(v / total, 4) for k, v in exp.items()}
    top = in_scope[-1][0] if in_scope else 0.0
    second = in_scope[-2][0] if len(in_scope) > 1 else None
    return IntentResult(best, round(calibrated_confidence(top, second), 4), scores)


def calibrated_confidence(top: float, second: float | None) -> float:
    """How likely the best in-scope reading (raw score ``top``) is what the user asked, against
    the runner-up intent (``second``) and a bare-keyword reference level (``CONFIDENT_AT``).

    A lone keyword with nothing around it scores about 0.5, a clear question (an intent's
    keyword plus a place, a count word or a second keyword, well ahead of the runner-up) 0.7-1,
    two intents that read equally well below 0.5, and a message below ``MIN_SCORE`` (out of
    scope) stays below 0.5, so a router threshold of 0.5 sends only understood messages on."""
    terms = [top, CONFIDENT_AT] + ([second] if second is not None else [])
    peak = max(terms)
    weights = [math.exp((t - peak) / TEMPERATURE) for t in terms]
    return min(1.0, max(0.0, weights[0] / sum(weights)))
