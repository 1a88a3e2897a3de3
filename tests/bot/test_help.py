"""A new user is greeted with the menu; what the bot cannot do gets a polite Thai answer."""

from tests.support.chat import Chat


def test_greeting_shows_the_menu(chat: Chat) -> None:
    answer = chat.say("สวัสดีครับ")
    assert "น้องเขตบอท" in answer.text
    assert "แจ้งปัญหาเครือข่าย" in answer.labels
    assert "คู่มือปฏิบัติงาน" in answer.labels


def test_follow_greets_by_profile_name(chat: Chat) -> None:
    answer = chat.event("follow")
    assert "ขอบคุณที่เพิ่มเพื่อน" in answer.text
    assert "ผู้ใช้ทดสอบ" in answer.text


def test_gibberish_gets_polite_fallback(chat: Chat) -> None:
    answer = chat.say("asdkjh qwe zzz")
    assert "ขออภัย" in answer.text
    assert answer.labels, "the fallback offers the menu"


def test_staff_are_shown_their_own_commands_and_each_one_works(chat: Chat) -> None:
    from tests.support.incidents import STAFF, setup
    setup(chat)
    public = chat.say("สวัสดีครับ")
    assert "สำหรับเจ้าหน้าที่" not in public.text and "ส่งประกาศ" not in public.labels
    assert "ลงทะเบียน" in public.labels
    from tests.support.incidents import SCHOOL_USER
    school = chat.say("สวัสดีครับ", as_user=SCHOOL_USER)  # registered already: no "ลงทะเบียน"
    assert "ลงทะเบียน" not in school.labels and "ส่งประกาศ" not in school.labels
    staff = chat.say("สวัสดีครับ", as_user=STAFF)
    assert "สำหรับเจ้าหน้าที่เขต" in staff.text
    assert {"งานค้าง", "ส่งประกาศ", "สรุปผลปีงบ", "แจ้งปัญหาเครือข่าย"} <= set(staff.labels)
    assert "ลงทะเบียน" not in staff.labels  # staff are registered already
    assert "ไม่มีงานค้าง" in staff.tap("งานค้าง", as_user=STAFF).text
    assert "พิมพ์ข้อความประกาศ" in staff.tap("ส่งประกาศ", as_user=STAFF).text
    chat.say("ยกเลิก", as_user=STAFF)
    assert "สรุปผลปีงบประมาณ" in staff.tap("สรุปผลปีงบ", as_user=STAFF).text
