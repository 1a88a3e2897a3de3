"""Every Thai sentence the bot's runtime says (handlers keep theirs in handlers/texts.py)."""

CANCELLED = "ยกเลิกเรียบร้อยแล้วค่ะ"
NOTHING_TO_CANCEL = "ตอนนี้ไม่มีรายการที่ค้างอยู่ค่ะ"
TIMED_OUT = "รายการที่ทำค้างไว้หมดเวลาแล้ว จึงยกเลิกให้ค่ะ หากต้องการทำต่อ กรุณาเริ่มใหม่อีกครั้งนะคะ"
FORGED_BUTTON = "ขออภัยค่ะ ปุ่มนี้ใช้ไม่ได้แล้ว หรือไม่ได้มาจากระบบ"
UNKNOWN_BUTTON = "ขออภัยค่ะ ปุ่มนี้หมดอายุแล้ว กรุณาลองใหม่จากเมนูนะคะ"
INTERNAL_ERROR = "ขออภัยค่ะ ระบบขัดข้องชั่วคราว เราบันทึกคำถามไว้แล้ว กรุณาลองใหม่อีกครั้งในอีกสักครู่นะคะ"
RATE_LIMITED = "ขออภัยค่ะ ส่งข้อความเร็วเกินไป กรุณารอสักครู่แล้วค่อยถามใหม่นะคะ"
MEDIA_NOT_EXPECTED = "ได้รับไฟล์แล้วค่ะ แต่ตอนนี้บอทยังอ่านไฟล์นี้ไม่ได้ หากต้องการแจ้งปัญหาพร้อมรูป พิมพ์ \"แจ้งปัญหา\" ได้เลยค่ะ"
MISSING_SECRET = (
    "LINE_CHANNEL_SECRET is not set: the webhook cannot verify LINE's signature, so it will not start.\n"
    "Set it in the environment or in a .env file (LINE Developers console → your channel → Basic settings)."
)
WORKERS_NEED_REDIS = (
    "--workers {workers} needs REDIS_URL: without Redis each worker keeps its own conversations, chat locks"
    " and rate limits, so a user's next message could land on a worker that does not know their"
    " half-finished report.\nSet REDIS_URL (and preferably DATABASE_URL to PostgreSQL), or run --workers 1."
)
HOW_TO_LEAVE = 'หากต้องการออกจากขั้นตอนนี้ พิมพ์ "ยกเลิก" ได้เลยค่ะ'
BACK_TO_FLOW = "กลับมาที่รายการที่ทำค้างไว้นะคะ 👇"
