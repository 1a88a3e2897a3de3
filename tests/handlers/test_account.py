"""Registration in chat (school name → fuzzy match → confirm) and "ข้อมูลของฉัน"."""

from __future__ import annotations

from bot.cli import open_db
from bot.settings import Settings
from models.user import get_or_create_user, get_user
from tests.conftest import STAFF
from tests.support.chat import Chat

USER = "U" + "a" * 32


def user_row(settings: Settings, line_id: str = USER) -> tuple[str, str | None]:
    engine, sessions = open_db(settings)
    with sessions() as s:
        u = get_user(line_id, db_session=s)
        out = ("none", None) if u is None else (u.role, u.school.name if u.school else None)
    engine.dispose()
    return out


def test_register_then_my_info(chat: Chat, settings: Settings) -> None:
    a = chat.say("ลงทะเบียน")
    assert "ชื่อโรงเรียน" in a.text
    b = chat.say("ห้วยใสวิทยาคม")
    assert "ยืนยันลงทะเบียนเป็นผู้ดูแลโรงเรียนห้วยใสวิทยาคม" in b.text and "อ.ชนแดน" in b.text
    assert {"ยืนยัน", "ไม่ใช่", "ยกเลิก"} <= set(b.labels)
    c = b.tap("ยืนยัน")
    assert "ลงทะเบียนเรียบร้อย" in c.text
    assert user_row(settings) == ("school", "ห้วยใสวิทยาคม")
    me = chat.say("ข้อมูลของฉัน")
    assert "ผู้ดูแลโรงเรียน" in me.text and "ห้วยใสวิทยาคม" in me.text


def test_typo_and_ambiguous_names(chat: Chat, settings: Settings) -> None:
    chat.say("ลงทะเบียน")
    a = chat.say("ท่าข้าม")
    assert "เลือกโรงเรียน" in a.text and {"ท่าข้ามวิทยา", "ท่าข้ามพิทยาคม"} <= set(a.labels)
    b = a.tap("ท่าข้ามวิทยา")
    assert "โรงเรียนท่าข้ามวิทยา" in b.text
    c = b.tap("ไม่ใช่")
    assert "ชื่อโรงเรียน" in c.text
    d = chat.say("ดงมะไฟพิทยาคาม")  # typo
    assert "ดงมะไฟพิทยาคม" in d.text
    d.tap("ยืนยัน")
    assert user_row(settings) == ("school", "ดงมะไฟพิทยาคม")


def test_unknown_name_asks_again_and_cancel_changes_nothing(chat: Chat, settings: Settings) -> None:
    chat.say("ลงทะเบียน")
    a = chat.say("โรงเรียนที่ไม่มีอยู่จริงแน่นอน")
    assert "ไม่พบโรงเรียน" in a.text
    b = chat.say("ยกเลิก")
    assert "ยกเลิก" in b.text
    assert user_row(settings)[0] in ("public", "none")


def test_school_named_in_the_same_message_goes_to_confirm(chat: Chat) -> None:
    a = chat.say("ลงทะเบียนโรงเรียนลำน้ำใสวิทยา")
    assert "ยืนยันลงทะเบียนเป็นผู้ดูแลโรงเรียนลำน้ำใสวิทยา" in a.text


def test_a_question_during_registration_is_answered(chat: Chat) -> None:
    chat.say("ลงทะเบียน")
    a = chat.say("ครูโรงเรียนภูผาวิทยาคมมีกี่คน")
    assert "ครู:" in a.text
    b = chat.say("สวัสดี")
    assert "ยืนยัน" not in b.labels


def test_staff_keep_their_role(chat: Chat, settings: Settings) -> None:
    engine, sessions = open_db(settings)
    with sessions() as s:
        get_or_create_user(STAFF, db_session=s).role = "staff"
        s.commit()
    engine.dispose()
    chat.say("ลงทะเบียนโรงเรียนดอกบัวพิทยา", as_user=STAFF).tap("ยืนยัน", as_user=STAFF)
    assert user_row(settings, STAFF) == ("staff", "ดอกบัวพิทยา")


def test_my_info_before_registration(chat: Chat) -> None:
    a = chat.say("ข้อมูลของฉัน")
    assert "ยังไม่ลงทะเบียน" in a.text and "ลงทะเบียน" in a.labels


def test_staff_role_is_not_granted_in_chat(chat: Chat, settings: Settings) -> None:
    a = chat.say("ลงทะเบียนเจ้าหน้าที่เขต")
    assert "ผู้ดูแลระบบ" in a.text
    assert user_row(settings)[0] in ("public", "none")


def test_link_account_phrasing_goes_to_confirm(chat: Chat) -> None:
    a = chat.say("ขอผูกบัญชีกับโรงเรียนห้วยใสวิทยาคม")
    assert "ยืนยันลงทะเบียนเป็นผู้ดูแลโรงเรียนห้วยใสวิทยาคม" in a.text


def test_asking_to_change_school_starts_registration_again(chat: Chat, settings: Settings) -> None:
    chat.say("ลงทะเบียน")
    chat.say("ห้วยใสวิทยาคม").tap("ยืนยัน")
    a = chat.say("ขอเปลี่ยนโรงเรียนค่ะ")
    assert "ชื่อโรงเรียน" in a.text and "ขณะนี้ท่านลงทะเบียนไว้กับโรงเรียนห้วยใสวิทยาคม" in a.text
    chat.say("ยกเลิก")
    assert user_row(settings) == ("school", "ห้วยใสวิทยาคม")
