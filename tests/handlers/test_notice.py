"""Staff notices in chat: compose, audience, preview, confirm once; everyone else is refused.

Only the broadcast command is refused: anyone else's other "ประกาศ…" texts are questions.
"""

from __future__ import annotations

import time

from sqlalchemy import select

from models.notice import Notice
from tests.bot.test_notice_support import LOMSAK, World, database, seed, wait_for
from tests.conftest import SCHOOL_USER, STAFF
from tests.support.chat import Chat

TEXT = "ขอให้ทุกโรงเรียนส่งข้อมูลนักเรียนภายใน 10 มิ.ย."


def _world(chat: Chat) -> World:
    with database(chat.session.settings) as sessions:
        return seed(sessions, chat.session.settings, staff=(STAFF,))


def _multicast_recipients(chat: Chat) -> list[str]:
    return [uid for kind, to, _ in chat.session.messenger.sent if kind == "multicast" for uid in to.split(",")]


def _notices(chat: Chat) -> list[Notice]:
    with database(chat.session.settings) as sessions, sessions() as s:
        return list(s.scalars(select(Notice).order_by(Notice.id)))


def _pushed_text(chat: Chat, user: str, needle: str, timeout: float = 15.0) -> str:
    end = time.monotonic() + timeout
    texts: list[str] = []
    while time.monotonic() < end:
        texts = [str(m.get("text", "")) for m in chat.pushed_to(user)]
        hit = next((t for t in texts if needle in t), None)
        if hit:
            return hit
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never pushed to {user}: {texts}")


def test_staff_notice_to_a_district_in_one_message_reaches_exactly_its_followers(chat: Chat) -> None:
    world = _world(chat)
    a = chat.say(f"ประกาศถึงโรงเรียนในอำเภอ{LOMSAK}: {TEXT}", as_user=STAFF)
    assert "ตัวอย่างประกาศ" in a.text
    assert "📢 ประกาศจาก" in a.text and TEXT in a.text  # as recipients will see it
    assert f"โรงเรียนในอำเภอ{LOMSAK}" in a.text
    assert "จำนวนผู้รับขณะนี้: 6 คน" in a.text
    assert {"ยืนยันส่ง", "ยกเลิก"} <= set(a.labels)
    assert _multicast_recipients(chat) == []  # nothing goes out before the confirmation

    b = a.tap("ยืนยันส่ง", as_user=STAFF)
    assert "กำลังส่งประกาศ" in b.text
    again = a.tap("ยืนยันส่ง", as_user=STAFF)  # a double tap
    assert "ไม่ส่งซ้ำ" in again.text

    [notice] = _notices(chat)
    with database(chat.session.settings) as sessions:
        done = wait_for(sessions, notice.id)
    assert sorted(_multicast_recipients(chat)) == sorted(world.by_district[LOMSAK])  # once each
    assert (done.sent, done.failed, done.blocked, done.author_line_user_id) == (6, 0, 1, STAFF)
    tally = _pushed_text(chat, STAFF, "เสร็จแล้ว")
    assert "ส่งสำเร็จ 6 คน" in tally and "ไม่สำเร็จ 0 คน" in tally and "บล็อกบัญชี 1 คน" in tally
    sent = chat.pushed_to(world.by_district[LOMSAK].copy().pop())
    assert any(TEXT in m.get("text", "") for m in sent)


def test_step_by_step_with_district_buttons_then_cancel_sends_nothing(chat: Chat) -> None:
    _world(chat)
    a = chat.say("ประกาศ", as_user=STAFF)
    assert "พิมพ์ข้อความประกาศ" in a.text
    b = chat.say(TEXT, as_user=STAFF)
    assert {"ทุกคน", "อำเภอ…", "โรงเรียน…", "บทบาท…"} <= set(b.labels)
    c = b.tap("อำเภอ…", as_user=STAFF)
    assert LOMSAK in c.labels
    d = c.tap(LOMSAK, as_user=STAFF)
    assert "จำนวนผู้รับขณะนี้: 6 คน" in d.text
    e = chat.say("ยกเลิก", as_user=STAFF)
    assert "ยกเลิกประกาศแล้ว" in e.text
    assert [n.status for n in _notices(chat)] == ["cancelled"]
    late = d.tap("ยืนยันส่ง", as_user=STAFF)  # the old button after cancelling
    assert "ไม่ส่งซ้ำ" in late.text
    time.sleep(1.2)  # a couple of housekeeping rounds
    assert _multicast_recipients(chat) == []


def test_audience_by_role_and_by_schools(chat: Chat) -> None:
    _world(chat)
    chat.say(f"ประกาศ {TEXT}", as_user=STAFF)
    a = chat.say("บทบาท…", as_user=STAFF)
    b = a.tap("ผู้บริหารโรงเรียน", as_user=STAFF)
    assert "จำนวนผู้รับขณะนี้: 12 คน" in b.text
    b.tap("ยกเลิก", as_user=STAFF)

    chat.say(f"ประกาศ {TEXT}", as_user=STAFF)
    chat.say("โรงเรียน…", as_user=STAFF)
    c = chat.say("T0003, โรงเรียนทดสอบหล่มเก่า", as_user=STAFF)
    assert "จำนวนผู้รับขณะนี้: 6 คน" in c.text
    assert "โรงเรียนทดสอบในเมือง" in c.text
    d = chat.say("ไม่มีโรงเรียนนี้แน่นอน", as_user=STAFF)  # still at the confirm step: not a button
    assert "กรุณาเลือกจากปุ่ม" in d.text


def test_everyone_who_is_not_staff_is_refused_and_nothing_is_sent(chat: Chat) -> None:
    _world(chat)
    for who in (SCHOOL_USER, chat.user):
        a = chat.say(f"ประกาศถึงทุกคน: {TEXT}", as_user=who)
        assert "เฉพาะเจ้าหน้าที่" in a.text
        assert a.labels == [] or "ยืนยันส่ง" not in a.labels
    assert _notices(chat) == []
    # a staff member's signed button, replayed by someone else, is refused too
    preview = chat.say(f"ประกาศถึงทุกคน: {TEXT}", as_user=STAFF)
    replay = preview.tap("ยืนยันส่ง", as_user=SCHOOL_USER)
    assert "เฉพาะเจ้าหน้าที่" in replay.text
    assert [n.status for n in _notices(chat)] == ["draft"]
    time.sleep(1.2)
    assert _multicast_recipients(chat) == []


def test_anyone_elses_text_starting_with_prakat_is_a_question_not_a_notice(chat: Chat) -> None:
    from handlers.texts import FALLBACK
    _world(chat)
    for who in (SCHOOL_USER, chat.user):
        exam = chat.say("ประกาศผลสอบวันไหนครับ", as_user=who)  # out of scope: the polite fallback
        assert "เฉพาะเจ้าหน้าที่" not in exam.text and FALLBACK in exam.text
        hiring = chat.say("ประกาศรับสมัครครู", as_user=who)
        assert "เฉพาะเจ้าหน้าที่" not in hiring.text
        schools = chat.say(f"ประกาศรายชื่อโรงเรียนในอำเภอ{LOMSAK}", as_user=who)  # a data question
        assert "โรงเรียนทดสอบหล่มสักวิทยา" in schools.text and "เฉพาะเจ้าหน้าที่" not in schools.text
        law = chat.say("ประกาศกระทรวงศึกษาธิการ เรื่องมาตรฐานงาน", as_user=who)  # the manual answers
        assert "คู่มือ" in law.text and "เฉพาะเจ้าหน้าที่" not in law.text
        assert chat.session.services.store.get(who) is None  # no notice conversation was started
    # the unmistakable broadcast command is still refused, and nothing is drafted
    assert "เฉพาะเจ้าหน้าที่" in chat.say(f"ประกาศถึงทุกคน: {TEXT}", as_user=SCHOOL_USER).text
    assert _notices(chat) == []
    # staff: unchanged, any "ประกาศ…" composes a notice
    staff = chat.say("ประกาศผลสอบวันไหนครับ", as_user=STAFF)
    assert "ส่งประกาศนี้ถึงใคร" in staff.text and "ทุกคน" in staff.labels
    chat.say("ยกเลิก", as_user=STAFF)


def test_a_request_in_words_starts_a_notice_for_staff_and_is_refused_to_others(chat: Chat) -> None:
    _world(chat)
    a = chat.say("ขอส่งประกาศหน่อยครับ", as_user=STAFF)
    assert "พิมพ์ข้อความประกาศ" in a.text  # the request itself is not taken as the notice's text
    chat.say("ยกเลิก", as_user=STAFF)
    b = chat.say(f"อยากส่งประกาศถึงโรงเรียนในอำเภอ{LOMSAK}ครับ", as_user=STAFF)
    assert f"โรงเรียนในอำเภอ{LOMSAK}" in b.text and "พิมพ์ข้อความประกาศ" in b.text
    c = chat.say(TEXT, as_user=STAFF)
    assert "ตัวอย่างประกาศ" in c.text and TEXT in c.text and "จำนวนผู้รับขณะนี้: 6 คน" in c.text
    chat.say("ยกเลิก", as_user=STAFF)
    for who in (SCHOOL_USER, chat.user):
        refused = chat.say("ขอส่งประกาศหน่อยค่ะ", as_user=who)
        assert "เฉพาะเจ้าหน้าที่" in refused.text
        assert chat.session.services.store.get(who) is None
    assert [n.status for n in _notices(chat)] == ["cancelled"] or _notices(chat) == []
