"""Thai texts of staff notices, and how a notice looks to the people who receive it.

`notice_messages` is the ONE rendering of a notice: the chat preview, the CLI/HTTP preview and
the multicast itself all use it, so the preview is exactly what recipients see.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.messages import Image, Message, Text

BANGKOK = ZoneInfo("Asia/Bangkok")
THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")

HEADER = "📢 ประกาศจาก {office}"
LINK_LINE = "🔗 {link}"

REFUSED = ("ขออภัยค่ะ การส่งประกาศทำได้เฉพาะเจ้าหน้าที่ของเขตพื้นที่ที่ลงทะเบียนไว้เท่านั้นค่ะ 🙏\n"
           "หากต้องการสอบถามข้อมูล พิมพ์คำถามได้เลยนะคะ")
ASK_TEXT = ("พิมพ์ข้อความประกาศได้เลยค่ะ ✍️\n"
            "(ใส่ลิงก์ในข้อความได้ และส่งรูปภาพแนบได้ 1 รูป — พิมพ์ \"ยกเลิก\" เพื่อยกเลิก)")
TEXT_TOO_SHORT = "ข้อความประกาศสั้นเกินไปค่ะ กรุณาพิมพ์ใหม่อีกครั้งนะคะ"
TEXT_TOO_LONG = "ข้อความประกาศยาวเกิน {limit:,} ตัวอักษรค่ะ กรุณาย่อให้สั้นลงนะคะ"
IMAGE_ATTACHED = "แนบรูปภาพแล้วค่ะ 🖼️"
IMAGE_FAILED = "ขออภัยค่ะ ดาวน์โหลดรูปภาพไม่สำเร็จ ลองส่งใหม่อีกครั้ง หรือพิมพ์ข้อความต่อได้เลยค่ะ"
IMAGE_UNAVAILABLE = "ขออภัยค่ะ ระบบยังไม่ได้ตั้งค่าที่อยู่สำหรับเผยแพร่รูปภาพ จึงแนบรูปไม่ได้ค่ะ"
ASK_AUDIENCE = "ส่งประกาศนี้ถึงใครคะ"
ASK_DISTRICT = "เลือกอำเภอค่ะ (หรือพิมพ์ชื่ออำเภอ)"
NO_DISTRICTS = "ยังไม่มีข้อมูลอำเภอของโรงเรียนในระบบค่ะ กรุณาเลือกผู้รับแบบอื่นนะคะ"
UNKNOWN_DISTRICT = "ไม่พบอำเภอ \"{text}\" ค่ะ กรุณาเลือกจากรายการนะคะ"
ASK_SCHOOLS = "พิมพ์ชื่อหรือรหัสโรงเรียนค่ะ หลายโรงเรียนคั่นด้วยเครื่องหมายจุลภาค (,)"
UNKNOWN_SCHOOLS = "ไม่พบโรงเรียน: {names} ค่ะ กรุณาตรวจสอบชื่อหรือใช้รหัสโรงเรียนนะคะ"
ASK_ROLE = "เลือกกลุ่มผู้รับค่ะ"
UNKNOWN_CHOICE = "ขออภัยค่ะ กรุณาเลือกจากปุ่มด้านล่างนะคะ"
AUDIENCE_NOT_TEXT = ("ข้อความนี้ดูเป็นเนื้อหาประกาศค่ะ ตอนนี้ขอทราบผู้รับก่อนนะคะ เลือกจากปุ่ม "
                     "หรือพิมพ์ เช่น \"ทุกคน\" \"อำเภอหล่มสัก\" \"ผู้บริหารทุกโรงเรียน\" ได้เลยค่ะ")
PREVIEW_HEAD = "👀 ตัวอย่างประกาศ (ผู้รับจะเห็นดังนี้)"
PREVIEW_CONFIRM = "ส่งถึง: {audience}\nจำนวนผู้รับขณะนี้: {count:,} คน\nยืนยันการส่งไหมคะ"
AUDIENCE_SET = "ส่งถึง: {audience} ค่ะ"
PREVIEW_EMPTY = "ส่งถึง: {audience}\nขณะนี้ยังไม่มีผู้ติดตามในกลุ่มนี้เลยค่ะ (0 คน) กรุณาเลือกผู้รับใหม่นะคะ"
QUEUED = "รับคำสั่งแล้วค่ะ ✅ กำลังส่งประกาศถึง {audience} ({count:,} คน) จะแจ้งผลให้ทราบเมื่อส่งเสร็จนะคะ"
ALREADY = "ประกาศนี้ส่งแล้ว หรือถูกยกเลิกไปแล้วค่ะ จะไม่ส่งซ้ำนะคะ"
CANCELLED = "ยกเลิกประกาศแล้วค่ะ ไม่มีการส่งข้อความใด ๆ"
TIMED_OUT = "ร่างประกาศหมดเวลาแล้วจึงยกเลิกให้ค่ะ ไม่มีการส่งข้อความใด ๆ"

PROGRESS = "⏳ ประกาศ #{id}: ส่งแล้ว {done:,}/{total:,} คน ({percent}%)"
STARTED = "🚀 เริ่มส่งประกาศ #{id} ถึง {audience} จำนวน {total:,} คน ({batches:,} ชุด)"
FINISHED = ("✅ ส่งประกาศ #{id} เสร็จแล้วค่ะ\n"
            "ถึง: {audience}\n"
            "ส่งสำเร็จ {sent:,} คน · ไม่สำเร็จ {failed:,} คน · บล็อกบัญชี {blocked:,} คน")
FINISHED_EMPTY = "ประกาศ #{id} ไม่มีผู้รับที่ยังติดตามบัญชีอยู่ จึงไม่ได้ส่งค่ะ (บล็อกบัญชี {blocked:,} คน)"

BTN_CONFIRM = "ยืนยันส่ง"
BTN_CANCEL = "ยกเลิก"
BTN_EVERYONE = "ทุกคน"
BTN_DISTRICT = "อำเภอ…"
BTN_SCHOOLS = "โรงเรียน…"
BTN_ROLE = "บทบาท…"

ROLE_LABELS = {"school": "ผู้บริหารโรงเรียน", "staff": "เจ้าหน้าที่เขต", "public": "ผู้ติดตามทั่วไป"}
EVERYONE = "ทุกคนที่ติดตามบัญชี"


def notice_messages(text: str, *, office: str, image_url: str | None = None,
                    link_url: str | None = None) -> list[Message]:
    """What recipients receive: a headed text (with the link) and the image, if any."""
    body = HEADER.format(office=office) + "\n\n" + text.strip()
    if link_url and link_url not in text:
        body += "\n\n" + LINK_LINE.format(link=link_url)
    messages: list[Message] = [Text(body)]
    if image_url:
        messages.append(Image(image_url))
    return messages


def describe_audience(audience: dict[str, Any], school_names: dict[str, str] | None = None) -> str:
    """The audience in Thai ("โรงเรียนในอำเภอหล่มสัก · ผู้บริหารโรงเรียน")."""
    if audience.get("all") or not any(audience.get(k) for k in ("districts", "schools", "roles")):
        return EVERYONE
    parts: list[str] = []
    if audience.get("districts"):
        parts.append("โรงเรียนในอำเภอ" + ", ".join(audience["districts"]))
    if audience.get("schools"):
        names = [(school_names or {}).get(c, c) for c in audience["schools"]]
        shown = ", ".join(names[:5]) + (f" และอีก {len(names) - 5} โรงเรียน" if len(names) > 5 else "")
        parts.append(shown)
    if audience.get("roles"):
        parts.append(", ".join(ROLE_LABELS.get(r, r) for r in audience["roles"]))
    return " · ".join(parts)


def thai_datetime(at: datetime) -> str:
    """'1 ธ.ค. 2569 08:00 น.' in Bangkok time, Buddhist era."""
    local = at.astimezone(BANGKOK)
    return f"{local.day} {THAI_MONTHS[local.month - 1]} {local.year + 543} {local:%H:%M} น."
