"""Staff handle a ticket by buttons; the reporter hears of every change and rates the fix."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from bot.settings import Settings
from models.base import utcnow
from models.incident import Incident
from models.incidents_queries import fiscal_year_be
from tests.support.chat import Answer, Chat, open_chat
from tests.support.incidents import (
    OTHER,
    SCHOOL_USER,
    STAFF,
    STAFF_2,
    events,
    incidents,
    last_push,
    ratings,
    setup,
)


def number(seq: int) -> str:
    return f"INC-{fiscal_year_be(utcnow())}-{seq:04d}"


def report(chat: Chat, text: str = "อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้าค่ะ", user: str = SCHOOL_USER) -> Answer:
    """File a ticket; return the staff card pushed for it."""
    chat.say(text, as_user=user).tap("ยืนยัน", as_user=user)
    return last_push(chat, STAFF)


def texts_pushed(chat: Chat, user: str) -> str:
    return "\n".join(m.get("text", m.get("altText", "")) for m in chat.pushed_to(user))



def pushed_by_duties(chat: Chat, user: str, timeout: float = 10) -> list[dict[str, Any]]:
    """Run the periodic duties until something is pushed to `user`; what was pushed."""
    before = len(chat.pushed_to(user))
    deadline = time.time() + timeout
    while time.time() < deadline and len(chat.pushed_to(user)) == before:
        chat.run(chat.session.services.runtime.recover_once)
    return chat.pushed_to(user)[before:]

def test_staff_acknowledge_progress_resolve_close_and_reporter_hears_each(chat: Chat) -> None:
    setup(chat, staff=(STAFF, STAFF_2))
    card = report(chat)
    assert card.messages == last_push(chat, STAFF_2).messages  # every staff member gets the card

    ack = card.tap("รับเรื่อง", as_user=STAFF)
    assert "รับเรื่องแล้ว" in ack.text and "รับเรื่อง" not in ack.labels  # the card moves on
    assert f"{number(1)}: เจ้าหน้าที่รับเรื่องแล้ว" in texts_pushed(chat, SCHOOL_USER)
    assert "เจ้าหน้าที่1" in texts_pushed(chat, STAFF_2)  # the other staff know who took it

    again = card.tap("รับเรื่อง", as_user=STAFF_2)  # a second tap on a used button
    assert "แล้วค่ะ" in again.text and "เจ้าหน้าที่1" in again.text

    card.tap("กำลังดำเนินการ", as_user=STAFF)
    assert "กำลังดำเนินการ" in texts_pushed(chat, SCHOOL_USER)

    ask = card.tap("แก้ไขแล้ว", as_user=STAFF)
    assert "สรุปการแก้ไข" in ask.text
    done = chat.say("รีสตาร์ทเราเตอร์และเปลี่ยนสาย uplink แล้ว", as_user=STAFF)
    assert "แก้ไขแล้ว" in done.text
    reporter = chat.pushed_to(SCHOOL_USER)
    assert "เปลี่ยนสาย uplink" in texts_pushed(chat, SCHOOL_USER)
    rating_ask = Answer(reporter[-1:], chat)
    assert "ประเมินความพึงพอใจ" in rating_ask.text
    assert rating_ask.labels == ["มากที่สุด (5)", "มาก (4)", "ปานกลาง (3)", "น้อย (2)",
                                                   "น้อยที่สุด (1)"]

    thanks = rating_ask.tap("มากที่สุด (5)", as_user=SCHOOL_USER)
    assert "ขอบคุณ" in thanks.text
    assert "ได้รับการประเมิน" in rating_ask.tap("น้อย (2)", as_user=SCHOOL_USER).text
    [r] = ratings(chat)
    inc = incidents(chat)[0]
    assert (r.incident_id, r.score) == (inc.id, 5) and r.user_ref

    closed = card.tap("ปิดงาน", as_user=STAFF)
    assert "ปิดงานแล้ว" in closed.text
    assert "ปิดงานเรียบร้อย" in texts_pushed(chat, SCHOOL_USER)
    assert sum("ประเมินความพึงพอใจ" in m.get("text", "") for m in chat.pushed_to(SCHOOL_USER)) == 1

    inc = incidents(chat)[0]
    assert inc.status == "closed" and inc.resolution_note == "รีสตาร์ทเราเตอร์และเปลี่ยนสาย uplink แล้ว"
    assert inc.opened_at <= inc.acknowledged_at <= inc.in_progress_at <= inc.resolved_at <= inc.closed_at  # type: ignore[operator]
    assert inc.assignee_line_user_id == STAFF
    trail = [(e.action, e.actor_line_user_id) for e in events(chat, inc.id)]
    assert trail == [("open", SCHOOL_USER), ("acknowledged", STAFF), ("in_progress", STAFF), ("resolved", STAFF),
                     ("closed", STAFF)]
    assert all(number(1) in m.get("text", number(1)) for m in chat.pushed_to(SCHOOL_USER))


def test_resolve_without_note_and_cancel_keeps_the_status(chat: Chat) -> None:
    setup(chat)
    card = report(chat)
    card.tap("แก้ไขแล้ว", as_user=STAFF)
    assert "ยังไม่เปลี่ยน" in chat.say("ยกเลิก", as_user=STAFF).text
    assert incidents(chat)[0].status == "open"
    ask = card.tap("แก้ไขแล้ว", as_user=STAFF)
    ask.tap("ไม่มีหมายเหตุ", as_user=STAFF)
    inc = incidents(chat)[0]
    assert inc.status == "resolved" and inc.resolution_note is None and inc.acknowledged_at is not None


def test_non_staff_pressing_a_staff_button_changes_nothing(chat: Chat) -> None:
    setup(chat)
    card = report(chat)
    for who in (SCHOOL_USER, OTHER):
        a = card.tap("รับเรื่อง", as_user=who)
        assert "สำหรับเจ้าหน้าที่" in a.text
        assert "เจ้าหน้าที่" in card.tap("แก้ไขแล้ว", as_user=who).text
        card.tap("ปิดงาน", as_user=who)
    inc = incidents(chat)[0]
    assert inc.status == "open" and inc.acknowledged_at is None
    assert [e.action for e in events(chat, inc.id)] == ["open"]
    assert texts_pushed(chat, SCHOOL_USER) == ""


def test_forged_staff_button_is_refused(chat: Chat) -> None:
    setup(chat)
    card = report(chat)
    action = dict(card.action("ปิดงาน"))
    forged = {"type": "postback", "label": "ปิดงาน", "data": action["data"].rsplit("&s=", 1)[0] + "&s=" + "0" * 16}
    a = chat.tap(forged, as_user=OTHER)
    assert "ปุ่มนี้ใช้ไม่ได้" in a.text
    b = chat.tap({"type": "postback", "label": "x", "data": "a=incident.close&id=1"}, as_user=STAFF)
    assert "ปุ่มนี้ใช้ไม่ได้" in b.text
    assert incidents(chat)[0].status == "open"


def test_pending_list_and_lookup_by_number(chat: Chat) -> None:
    setup(chat)
    report(chat)
    report(chat, "wifi ห้องคอม 2 ช้ามาก ตั้งแต่เมื่อวาน")
    listing = chat.say("งานค้าง", as_user=STAFF)
    assert "งานค้าง 2 รายการ" in listing.text and number(1) in listing.text and number(2) in listing.text
    assert listing.text.index(number(1)) < listing.text.index(number(2))  # P1 before P4
    one = listing.tap(number(2), as_user=STAFF)
    assert one.messages[0]["type"] == "flex" and "รับเรื่อง" in one.labels and "แจ้งปัญหา" in one.text

    mine = chat.say(number(1), as_user=SCHOOL_USER)
    assert "รอรับเรื่อง" in mine.text and "หนองบัวทดสอบวิทยา" in mine.text and not mine.labels
    assert "ไม่พบ" in chat.say(number(1), as_user=OTHER).text  # not theirs: not even its existence
    assert "ไม่พบ" in chat.say("INC-2500-0999", as_user=STAFF).text
    assert "ยังไม่มีรายการ" in chat.say("งานค้าง", as_user=OTHER).text
    assert "2 รายการ" in chat.say("งานค้าง", as_user=SCHOOL_USER).text
    assert "สถานะ" in chat.say(f"เรื่อง {number(1)} ถึงไหนแล้วคะ", as_user=SCHOOL_USER).text


def test_unacknowledged_ticket_reminds_staff_once_per_sla_period(settings: Settings) -> None:
    with open_chat(settings.model_copy(update={"sla_ack_minutes": "10,20,30,40"})) as chat:
        setup(chat)
        report(chat)
        report(chat, "wifi ห้องคอม 2 ช้ามาก ตั้งแต่เมื่อวาน")
        with chat.session.services.sessions() as s:
            s.execute(update(Incident).where(Incident.priority == 1)
                      .values(opened_at=utcnow() - timedelta(minutes=11)))
            s.commit()
        before = len(chat.pushed_to(STAFF))
        reminders = pushed_by_duties(chat, STAFF)
        assert len(reminders) == 1 and "ยังไม่มีผู้รับเรื่อง" in reminders[0]["altText"]
        assert number(1) in reminders[0]["altText"]
        chat.run(chat.session.services.runtime.recover_once)
        chat.run(chat.session.services.runtime.recover_once)
        assert len(chat.pushed_to(STAFF)) == before + 1  # not again in the same period
        p1 = next(i for i in incidents(chat) if i.priority == 1)
        assert p1.last_reminded_at is not None
        reminder = Answer(reminders, chat)
        reminder.tap("รับเรื่อง", as_user=STAFF)
        with chat.session.services.sessions() as s:
            s.execute(update(Incident).values(opened_at=utcnow() - timedelta(hours=3), last_reminded_at=None))
            s.commit()
        chat.run(chat.session.services.runtime.recover_once)
        later = chat.pushed_to(STAFF)[before + 1:]
        assert [number(2) in m.get("altText", "") for m in later] == [True]  # the acknowledged one is quiet


GROUP = "C" + "1" * 32


def test_staff_group_gets_the_card_and_only_staff_in_it_can_act(settings: Settings) -> None:
    with open_chat(settings.model_copy(update={"line_staff_group_id": GROUP})) as chat:
        setup(chat)
        chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER).tap("ยืนยัน", as_user=SCHOOL_USER)
        group_card = Answer(chat.pushed_to(GROUP)[-1:], chat)
        assert number(1) in group_card.text and "รับเรื่อง" in group_card.labels
        data = group_card.action("รับเรื่อง")["data"]
        refused = chat.run(chat.session.tap, OTHER, {"type": "postback", "data": data}, GROUP)
        assert "สำหรับเจ้าหน้าที่" in Answer(refused, chat).text
        assert incidents(chat)[0].status == "open"
        chat.run(chat.session.tap, STAFF, {"type": "postback", "data": data}, GROUP)
        assert incidents(chat)[0].status == "acknowledged"
        assert "รับเรื่องแล้ว" in texts_pushed(chat, SCHOOL_USER)


def test_unresolved_ticket_past_its_resolve_sla_reminds_staff_once(settings: Settings) -> None:
    with open_chat(settings.model_copy(update={"sla_resolve_hours": "2,4,6,8"})) as chat:
        setup(chat, staff=(STAFF, STAFF_2))
        report(chat).tap("รับเรื่อง", as_user=STAFF)  # P1, acknowledged but not fixed
        report(chat, "wifi ห้องคอม 2 ช้ามาก ตั้งแต่เมื่อวาน").tap("รับเรื่อง", as_user=STAFF)  # P3/P4: 6 h/8 h
        report(chat, "คอมพิวเตอร์ห้องธุรการเปิดไม่ติด ใช้งานไม่ได้เลย ตั้งแต่เช้า").tap("แก้ไขแล้ว", as_user=STAFF)
        fixed = incidents(chat)[2]
        chat.say("ไม่มีหมายเหตุ", as_user=STAFF)
        with chat.session.services.sessions() as s:
            s.execute(update(Incident).values(opened_at=utcnow() - timedelta(hours=3)))  # past 2 h, not 6 h/8 h
            s.commit()
        before = len(chat.pushed_to(STAFF))
        overdue = pushed_by_duties(chat, STAFF)
        assert len(overdue) == 1 and "เกินเวลาแก้ไข" in overdue[0]["altText"]
        assert number(1) in overdue[0]["altText"]
        assert overdue == chat.pushed_to(STAFF_2)[-1:]  # every staff member hears of it
        card = Answer(overdue, chat)
        assert "เกินเวลาแก้ไขตามมาตรฐาน (2 ชม.)" in card.text and "แก้ไขแล้ว" in card.labels
        for _ in range(3):
            chat.run(chat.session.services.runtime.recover_once)
        assert len(chat.pushed_to(STAFF)) == before + 1  # once per ticket, not every round
        timeline = chat.say(number(1), as_user=STAFF).text
        assert "เกินเวลาแก้ไขตามมาตรฐาน (แจ้งเตือนเจ้าหน้าที่แล้ว)" in timeline  # kept in its history
        assert fixed.number == number(3) and incidents(chat)[2].status == "resolved"  # resolved: no reminder

        assert incidents(chat)[1].priority in (3, 4)
        with chat.session.services.sessions() as s:  # the Wi-Fi ticket passes its SLA later
            s.execute(update(Incident).where(Incident.number == number(2))
                      .values(opened_at=utcnow() - timedelta(hours=9)))
            s.commit()
        deadline = time.time() + 10
        while time.time() < deadline and len(chat.pushed_to(STAFF)) == before + 1:
            chat.run(chat.session.services.runtime.recover_once)
        later = chat.pushed_to(STAFF)[before + 1:]
        assert [number(2) in m.get("altText", "") for m in later] == [True]


def test_a_backlog_of_overdue_tickets_comes_as_one_list(chat: Chat) -> None:
    setup(chat)
    with chat.session.services.sessions() as s:
        fy = fiscal_year_be(utcnow())
        for seq in range(1, 6):  # e.g. tickets left open before an upgrade
            s.add(Incident(number=number(seq), fiscal_year=fy, seq=seq, category="internet", priority=2,
                           status="acknowledged", opened_at=utcnow() - timedelta(days=3)))
        s.commit()
    before = len(chat.pushed_to(STAFF))
    deadline = time.time() + 10
    while time.time() < deadline and len(chat.pushed_to(STAFF)) == before:
        chat.run(chat.session.services.runtime.recover_once)
    [listed] = chat.pushed_to(STAFF)[before:]
    assert "เกินเวลาแก้ไขตามมาตรฐาน 5 รายการ" in listed["text"]
    assert [number(n) for n in range(1, 6)] == Answer([listed], chat).labels  # tap one to open it
    chat.run(chat.session.services.runtime.recover_once)
    assert len(chat.pushed_to(STAFF)) == before + 1
