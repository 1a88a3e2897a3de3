"""Staff type a notice in one line without a colon, or type things out of order: the school named is the
audience (not the district inside its name), the words after it are the notice, and a message typed where
the audience is asked is not read as one."""

from __future__ import annotations

from handlers import notice_texts as T
from tests.bot.test_notice_support import LOMSAK, database, seed, wait_for
from tests.conftest import STAFF
from tests.handlers.test_notice import _multicast_recipients, _notices
from tests.support.chat import Chat

SCHOOL = "โรงเรียนทดสอบหล่มสักวิทยา"  # its name holds the district's (หล่มสัก)
BODY = "ให้ส่งรายงานผลการเรียนภายในวันศุกร์"


def test_a_school_named_without_a_colon_is_the_audience_and_the_rest_the_text(chat: Chat) -> None:
    with database(chat.session.settings) as sessions:
        world = seed(sessions, chat.session.settings, staff=(STAFF,))
    a = chat.say(f"ประกาศถึง{SCHOOL} {BODY}", as_user=STAFF)
    assert "ตัวอย่างประกาศ" in a.text and BODY in a.text, a.text
    assert f"อำเภอ{LOMSAK}" not in a.text and "จำนวนผู้รับขณะนี้: 3 คน" in a.text, a.text
    a.tap("ยืนยันส่ง", as_user=STAFF)
    [notice] = _notices(chat)
    with database(chat.session.settings) as sessions:
        wait_for(sessions, notice.id)
    assert sorted(_multicast_recipients(chat)) == sorted(world.by_school["T0001"])


def test_send_notice_to_a_school_s_heads_is_a_notice_not_a_question_about_its_principal(chat: Chat) -> None:
    with database(chat.session.settings) as sessions:
        seed(sessions, chat.session.settings, staff=(STAFF,))
    a = chat.say(f"ส่งประกาศถึงผู้บริหาร{SCHOOL} เรื่องประชุมวันจันทร์ 9 โมง", as_user=STAFF)
    assert "ตัวอย่างประกาศ" in a.text and "เรื่องประชุมวันจันทร์" in a.text, a.text
    assert "ผู้อำนวยการโรงเรียน" not in a.text.splitlines()[0]


def test_the_notice_s_words_typed_at_the_audience_step_pick_no_audience(chat: Chat) -> None:
    with database(chat.session.settings) as sessions:
        seed(sessions, chat.session.settings, staff=(STAFF,))
    chat.say("ส่งประกาศ", as_user=STAFF)
    chat.say("ถึงโรงเรียนในอำเภอหล่มสัก", as_user=STAFF)  # taken as the text: the audience is asked next
    a = chat.say("แจ้งประชุมผู้บริหารโรงเรียนทุกแห่ง วันที่ 10 ธ.ค. 2569 เวลา 09.00 น. ณ ห้องประชุมเขต",
                 as_user=STAFF)
    assert T.AUDIENCE_NOT_TEXT in a.text and "ตัวอย่างประกาศ" not in a.text, a.text


def test_a_space_after_the_subject_word_still_parts_audience_and_text(chat: Chat) -> None:
    with database(chat.session.settings) as sessions:
        seed(sessions, chat.session.settings, staff=(STAFF,))
    a = chat.say(f"ส่งประกาศถึงผู้บริหาร{SCHOOL} เรื่อง ส่งรายงานภายในวันที่ 30", as_user=STAFF)
    assert "ตัวอย่างประกาศ" in a.text and "ส่งรายงานภายในวันที่ 30" in a.text, a.text
    assert f"อำเภอ{LOMSAK}" not in a.text, a.text
