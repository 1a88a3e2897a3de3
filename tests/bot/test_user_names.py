"""Staff see who reported a problem, also for people who followed before the bot knew them; the bot asks
LINE for a name only when a handler needs one (a name is personal data)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.settings import Settings
from models.incident import Incident
from models.user import User
from tests.support.line import FakeLine
from tests.support.webhook import LineBot, open_line_bot

OLD_FOLLOWER = "U" + "7" * 28 + "ab12"  # followed before the bot ran: no follow event, no name
NAMED_BY_STAFF = "U" + "8" * 32
REPORT = "โรงเรียนบ้านไม่มีจริง เน็ตล่มทั้งโรงเรียนตั้งแต่เช้าค่ะ"


@pytest.fixture
def bot(line_settings: Settings) -> Iterator[LineBot]:
    with open_line_bot(line_settings) as b:
        yield b


def user(bot: LineBot, line_user_id: str) -> User | None:
    with bot.session.services.sessions() as s:
        return s.scalar(select(User).where(User.line_user_id == line_user_id))


def named_by_staff(bot: LineBot, name: str) -> None:
    """NAMED_BY_STAFF is known (has written once) and staff gave them a name."""
    bot.post([bot.text(NAMED_BY_STAFF, "สวัสดีครับ")])
    with bot.session.services.sessions() as s:
        u = s.scalar(select(User).where(User.line_user_id == NAMED_BY_STAFF))
        assert u is not None
        u.display_name = name
        s.commit()


def test_questions_never_fetch_a_name(bot: LineBot, fake_line: FakeLine) -> None:
    bot.post([bot.text(OLD_FOLLOWER, "สวัสดีครับ")])
    bot.post([bot.text(OLD_FOLLOWER, "ทั้งเขตมีนักเรียนกี่คน")])
    assert len(fake_line.requests("/reply")) == 2
    assert fake_line.requests(f"/profile/{OLD_FOLLOWER}") == []
    found = user(bot, OLD_FOLLOWER)
    assert found is not None and found.display_name is None


def test_the_ticket_names_its_reporter(bot: LineBot, fake_line: FakeLine) -> None:
    bot.post([bot.text(OLD_FOLLOWER, REPORT)])
    assert len(fake_line.requests("/reply")) == 1  # answered first, the name is asked after
    found = user(bot, OLD_FOLLOWER)
    assert found is not None and found.display_name == "ครูทดสอบ ab12"
    bot.post([bot.text(OLD_FOLLOWER, "โรงเรียนบ้านไม่มีจริง")])
    bot.post([bot.text(OLD_FOLLOWER, "โรงเรียนบ้านไม่มีจริง")])  # the second time it is kept as typed
    bot.post([bot.text(OLD_FOLLOWER, "ยืนยัน")])
    with bot.session.services.sessions() as s:
        [inc] = s.scalars(select(Incident)).all()
    assert inc.reporter_name == "ครูทดสอบ ab12"
    assert len(fake_line.requests(f"/profile/{OLD_FOLLOWER}")) == 1


def test_a_name_given_by_staff_is_kept_and_not_fetched(bot: LineBot, fake_line: FakeLine) -> None:
    named_by_staff(bot, "ครูสมศรี ใจดี")
    bot.post([bot.text(NAMED_BY_STAFF, REPORT)])
    found = user(bot, NAMED_BY_STAFF)
    assert found is not None and found.display_name == "ครูสมศรี ใจดี"
    assert fake_line.requests(f"/profile/{NAMED_BY_STAFF}") == []


def test_a_follow_keeps_the_name_staff_gave(bot: LineBot, fake_line: FakeLine) -> None:
    named_by_staff(bot, "คุณสมศักดิ์ ไอที")
    bot.post([bot.event("follow", NAMED_BY_STAFF)])  # the follow event brings the LINE profile's name
    found = user(bot, NAMED_BY_STAFF)
    assert found is not None and found.display_name == "คุณสมศักดิ์ ไอที"
