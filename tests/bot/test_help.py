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
