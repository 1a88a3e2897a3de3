"""Small talk that asks for nothing gets a short friendly reply, never "not understood" with the
menu, never a manual answer; a real request holding such a word is still answered."""

from __future__ import annotations

import pytest

from handlers import texts
from tests.support.chat import Chat

NOT_UNDERSTOOD = "ยังไม่เข้าใจ"


def _user(n: int) -> str:
    return "U" + f"{n:032d}"


@pytest.mark.parametrize(("kind", "messages"), [
    ("laugh", ("555", "5555+", "ฮ่าๆ", "ฮ่าๆๆๆ", "อิอิ", "😂😂", "555 ฮ่าๆ")),
    ("ack", ("โอเค", "โอเคครับ", "ok", "รับทราบค่ะ", "ตกลงครับ", "👍", "ได้เลยครับ", "ดีเลยค่ะ")),
    ("goodbye", ("ลาก่อน", "บาย", "บ๊ายบาย", "ไปก่อนนะครับ", "แค่นี้ก่อนนะคะ", "ขอตัวก่อนค่ะ", "bye")),
    ("emoji", ("🙏", "❤️", "^^", "😊😊")),
    ("howareyou", ("สบายดีไหมครับ", "วันนี้อากาศดีนะ", "กินข้าวยังคะ", "เป็นไงบ้าง")),
    ("who", ("คุณชื่ออะไร", "น้องเขตบอทคือใครคะ", "บอทเป็นใคร")),
    ("praise", ("เก่งมาก", "เก่งจังเลยค่ะ", "สุดยอดครับ")),
    ("complaint", ("บอทโง่", "ไม่เข้าใจเลย", "ตอบไม่ตรงเลยค่ะ")),
])
def test_small_talk_gets_a_short_reply(chat: Chat, kind: str, messages: tuple[str, ...]) -> None:
    for n, message in enumerate(messages):
        a = chat.say(message, as_user=_user(n))
        assert a.text == texts.SMALLTALK[kind], (message, a.text)
        assert NOT_UNDERSTOOD not in a.text and not a.labels
        assert "คู่มือ" not in a.text and "ขั้นตอน" not in a.text


def test_a_request_with_a_small_talk_word_is_answered(chat: Chat) -> None:
    a = chat.say("โอเค ขอจำนวนนักเรียน ม.1")
    assert "นักเรียน ม.1" in a.text and "คน" in a.text and a.text != texts.SMALLTALK["ack"]
    a = chat.say("555 ขอบคุณครับ")
    assert a.text.startswith(texts.THANKS.split(" ")[0])
    a = chat.say("บายครับ ขั้นตอนที่ 3 ของงานเครือข่ายใช้เวลากี่เดือน")
    assert "2 เดือน" in a.text
    a = chat.say("เก่งมาก ขอจำนวนนักเรียน ม.1")
    assert "นักเรียน ม.1" in a.text and a.text != texts.SMALLTALK["praise"]
    a = chat.say("ผอ.ชื่ออะไร")  # a data question about a principal, not "what is your name"
    assert a.text != texts.SMALLTALK["who"]


def test_greeting_thanks_and_nonsense_are_unchanged(chat: Chat) -> None:
    assert "สวัสดีค่ะ" in chat.say("สวัสดีครับ").text
    assert chat.say("ขอบคุณครับ").text == texts.THANKS
    assert NOT_UNDERSTOOD in chat.say("asdfgh").text
    assert NOT_UNDERSTOOD in chat.say(".").text
