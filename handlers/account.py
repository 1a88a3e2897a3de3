"""Registration in chat ("ลงทะเบียน": school name → fuzzy match → confirm) and "ข้อมูลของฉัน"."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from handlers.context import Context
from handlers.data_scope import school_by_code
from handlers.flow import Data, Done, Flow, Leave, Next, Retry, Step, StepResult
from handlers.messages import Choice, Message, Text
from handlers.router import Router
from handlers.turn import Turn

FLOW = "register"
MAX_CHOICES = 5
YES = frozenset({"ยืนยัน", "ใช่", "ใช่ค่ะ", "ใช่ครับ", "ตกลง", "ok", "yes", "ถูกต้อง", "ยืนยันค่ะ", "ยืนยันครับ"})
NO = frozenset({"ไม่ใช่", "ไม่", "no", "เปลี่ยน", "เลือกใหม่", "ผิด"})

ASK_SCHOOL = "ลงทะเบียนผู้ดูแลโรงเรียนค่ะ 📝\nกรุณาพิมพ์ชื่อโรงเรียนของท่าน (พิมพ์ \"ยกเลิก\" เพื่อออก)"
ALREADY = "ขณะนี้ท่านลงทะเบียนไว้กับโรงเรียน{name}ค่ะ หากต้องการเปลี่ยน พิมพ์ชื่อโรงเรียนใหม่ได้เลย"
PICK = "พบหลายโรงเรียนที่ชื่อใกล้เคียงค่ะ เลือกโรงเรียนของท่าน 👇"
NOT_FOUND = "ไม่พบโรงเรียน \"{text}\" ในเขตพื้นที่ค่ะ ลองพิมพ์ชื่อให้ครบอีกครั้งนะคะ"
CONFIRM = "ยืนยันลงทะเบียนเป็นผู้ดูแลโรงเรียน{name} ({place}) ใช่ไหมคะ"
CONFIRM_AGAIN = "กรุณาแตะ \"ยืนยัน\" หรือ \"ไม่ใช่\" ค่ะ"
DONE = ("ลงทะเบียนเรียบร้อยแล้วค่ะ ✅ ท่านเป็นผู้ดูแลโรงเรียน{name}\n"
        "ถาม \"นักเรียนโรงเรียนเรามีกี่คน\" ได้เลยค่ะ")
CANCELLED = "ยกเลิกการลงทะเบียนแล้วค่ะ"
TIMED_OUT = "การลงทะเบียนหมดเวลาแล้วค่ะ พิมพ์ \"ลงทะเบียน\" เพื่อเริ่มใหม่ได้เลย"
NO_SCHOOLS = "ยังไม่มีข้อมูลโรงเรียนในระบบ จึงยังลงทะเบียนไม่ได้ค่ะ"
STAFF_BY_ADMIN = ("สิทธิ์เจ้าหน้าที่เขตพื้นที่ ผู้ดูแลระบบเป็นผู้เพิ่มให้ค่ะ 🙏 กรุณาติดต่อผู้ดูแลระบบของเขต\n"
                  "หากท่านเป็นผู้ดูแลโรงเรียน พิมพ์ \"ลงทะเบียน\" แล้วระบุชื่อโรงเรียนได้เลยค่ะ")
GROUP_ONLY = "เพื่อความเป็นส่วนตัว กรุณาลงทะเบียนในแชตส่วนตัวกับน้องเขตบอทนะคะ"
ME = "ข้อมูลของท่านค่ะ\n• สถานะ: {role}\n• โรงเรียน: {school}\n• ชื่อ: {name}"
ROLES = {"staff": "เจ้าหน้าที่เขตพื้นที่", "school": "ผู้ดูแลโรงเรียน", "public": "ผู้ใช้ทั่วไป (ยังไม่ลงทะเบียน)"}


NAME_INTENTS = frozenset({"school_info", "school_list", "out_of_scope", "registration", "greeting", "thanks",
                          "smalltalk"})
"""What a bare school name is understood as; any other intent is a new question, not an answer."""


def _is_question(text: str, ctx: Context) -> bool:
    from knowledge.understand import understand
    return understand(text, ctx.knowledge.vocabulary).intent not in NAME_INTENTS


def _matches(text: str, ctx: Context) -> list[str]:
    """Codes of the schools a typed name may mean, best first (one when it is clear)."""
    from knowledge.understand import understand
    vocab = ctx.knowledge.vocabulary
    u = understand(text, vocab)
    if u.entities.schools:
        codes = [c.code for c in u.entities.schools]
        return codes if u.entities.school_ambiguous else codes[:1]
    names = [s.name for s in vocab.schools]
    q = text.replace("โรงเรียน", "").strip()
    best = process.extract(q, names, scorer=fuzz.WRatio, limit=MAX_CHOICES, score_cutoff=70) if q else []
    return [vocab.schools[i].code for _, _, i in best]


def _place(ctx: Context, code: str) -> str:
    s = ctx.knowledge.vocabulary.school(code)
    return f"อ.{s.district}" if s and s.district else code


def ask_school(ctx: Context, data: Data) -> list[Message]:
    """First question: which school."""
    current = ctx.user.school if ctx.user is not None else None
    text = ASK_SCHOOL if current is None else ASK_SCHOOL + "\n" + ALREADY.format(name=current.name)
    return [Text(text)]


def accept_school(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """Match the typed name; one match → confirm, several → pick, none → try again."""
    if turn.kind != "text" or not turn.text:
        return Retry()
    if _is_question(turn.text, ctx):
        return Leave()
    codes = _matches(turn.text, ctx)
    if not codes:
        return Retry(say=(Text(NOT_FOUND.format(text=turn.text.strip()[:60])),))
    if len(codes) == 1:
        data["code"] = codes[0]
        return Next("confirm")
    data["codes"] = codes[:MAX_CHOICES]
    return Next("pick")


def ask_pick(ctx: Context, data: Data) -> list[Message]:
    """Several schools match: one quick reply each (the tap sends the full name)."""
    vocab = ctx.knowledge.vocabulary
    picks = tuple(Choice(s.name[:20], text=s.name) for s in (vocab.school(str(c)) for c in data.get("codes", ())) if s)
    return [Text(PICK, picks)]


def ask_confirm(ctx: Context, data: Data) -> list[Message]:
    """Second question: is this the school."""
    s = ctx.knowledge.vocabulary.school(str(data.get("code")))
    name = s.name if s else str(data.get("code"))
    return [Text(CONFIRM.format(name=name, place=_place(ctx, str(data.get("code")))),
                 (Choice("ยืนยัน", text="ยืนยัน"), Choice("ไม่ใช่", text="ไม่ใช่"), Choice("ยกเลิก", text="ยกเลิก")))]


def accept_confirm(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """Yes → register the user to the school; no → ask the school again."""
    answer = (turn.text or "").strip().lower()
    if answer in NO:
        return Next("school")
    if answer not in YES:
        if _is_question(answer, ctx):
            return Leave()
        if _matches(answer, ctx):  # they typed another school name instead
            return accept_school(turn, ctx, data)
        return Retry(say=(Text(CONFIRM_AGAIN),), unread=True)
    school = school_by_code(str(data.get("code")), ctx)
    if school is None or ctx.user is None:
        return Leave()
    if ctx.user.role != "staff":  # staff keep their role; it is only granted by `khetbot users add`
        ctx.user.role = "school"
    ctx.user.school_id = school.id
    ctx.user.school = school
    ctx.note("registration", answered=True, school=school.code)
    ctx.interaction.school_id = school.id
    return Done(say=(Text(DONE.format(name=school.name)),))


REGISTER_FLOW = Flow(
    name=FLOW,
    steps={"school": Step(ask_school, accept_school), "pick": Step(ask_pick, accept_school),
           "confirm": Step(ask_confirm, accept_confirm)},
    on_cancel=lambda ctx, data: [Text(CANCELLED)],
    on_timeout=lambda ctx, data: [Text(TIMED_OUT)],
    own_intents=frozenset({"registration"}),
)


def start_registration(turn: Turn, ctx: Context) -> list[Message]:
    """Begin registration; a school named in the same message goes straight to confirmation."""
    ctx.note("registration")
    if turn.in_group:
        return [Text(GROUP_ONLY)]
    if "เจ้าหน้าที่" in (turn.text or ""):
        return [Text(STAFF_BY_ADMIN)]
    if not ctx.knowledge.vocabulary.schools:
        return [Text(NO_SCHOOLS)]
    text = (turn.text or "").replace("ลงทะเบียน", " ").strip()
    codes = _matches(text, ctx) if len(text) >= 3 else []
    if len(codes) == 1:
        return ctx.conversations.start(FLOW, data={"code": codes[0]}, step="confirm")
    return ctx.conversations.start(FLOW)


def my_info(turn: Turn, ctx: Context) -> list[Message]:
    """What the bot knows about the user: role, school, name."""
    ctx.note("my_info")
    user = ctx.user
    role = ROLES.get(user.role if user else "public", "-")
    school = f"{user.school.name} ({user.school.code})" if user is not None and user.school is not None else "-"
    name = (user.display_name if user is not None else None) or "-"
    choices: tuple[Choice, ...] = (Choice("ลงทะเบียน", text="ลงทะเบียน"),)
    if user is not None and user.school is not None:
        choices += (Choice("ข้อมูลโรงเรียนเรา", text="ข้อมูลโรงเรียนเรา"),)
    return [Text(ME.format(role=role, school=school, name=name), choices)]


def register(router: Router) -> None:
    """Add registration and "my information"."""
    router.add_flow(REGISTER_FLOW)
    router.keyword("ลงทะเบียน", "สมัคร", "register", "ลงทะเบียนโรงเรียน")(start_registration)
    router.prefix("ลงทะเบียน")(start_registration)
    router.intent("registration")(start_registration)
    router.keyword("ข้อมูลของฉัน", "ข้อมูลของผม", "ข้อมูลของหนู", "ข้อมูลฉัน", "ข้อมูลผม", "my info", "โปรไฟล์")(my_info)
