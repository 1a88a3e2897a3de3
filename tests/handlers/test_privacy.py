"""PDPA: "ลบข้อมูลของฉัน" forgets a person (counts kept); retention ages out old traffic data."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.conversations import ConversationState
from bot.processing import pseudonym
from bot.texts import FORGED_BUTTON
from handlers import privacy_texts as texts
from handlers.postback import sign
from handlers.privacy import RetentionDuty
from models.base import utcnow
from models.evaluation import Interaction, Rating
from models.incident import Incident, IncidentEvent
from models.privacy import (
    FORGOTTEN_PREFIX,
    REDACTED_PAYLOAD,
    RETENTION_FLOOR_DAYS,
    apply_retention,
    personal_data_of,
    retention_cutoff,
    retention_days,
)
from models.user import User, get_or_create_user
from tests.support.chat import Chat

USER = "U" + "a" * 32
OTHER = "U" + "b" * 32


def sessions(chat: Chat) -> Any:
    return chat.session.services.sessions


def add_history(chat: Chat, user: str = USER) -> None:
    """The person has used the bot: questions, a ticket with their name, a rating, a role."""
    chat.say("สวัสดีค่ะ", as_user=user)
    chat.say("เบอร์โทรของดิฉัน 081-234-5678 ค่ะ", as_user=user)
    with sessions(chat)() as s:
        u = get_or_create_user(user, db_session=s)
        u.display_name, u.phone, u.role = "ครูสมศรี ใจดี", "0812345678", "staff"
        inc = Incident(number="INC-2570-0001", fiscal_year=2570, seq=1, category="internet",
                       reporter_line_user_id=user, reporter_name="ครูสมศรี ใจดี", description="เน็ตล่ม",
                       status="open")
        s.add(inc)
        s.flush()
        s.add(IncidentEvent(incident_id=inc.id, actor_line_user_id=user, action="open", to_status="open"))
        s.add(Rating(user_ref=pseudonym(chat.session.settings, user), score=5))
        s.commit()


def counts(chat: Chat) -> dict[str, int]:
    with sessions(chat)() as s:
        return {"interactions": int(s.scalar(select(func.count(Interaction.id))) or 0),
                "ratings": int(s.scalar(select(func.count(Rating.id))) or 0),
                "incidents": int(s.scalar(select(func.count(Incident.id))) or 0)}


def test_forget_me_asks_first_and_then_removes_personal_data_keeping_counts(chat: Chat) -> None:
    add_history(chat)
    chat.session.services.store.put(USER, ConversationState(flow="x", step="y", data={"phone": "0812345678"},
                                                            expires_at=time.time() + 600))
    chat.session.services.store.put_topic(f"{GROUP}:{USER}", {"kind": "data", "school": "9967000001"}, 600)
    chat.session.services.store.put_topic(f"{GROUP}:{OTHER}", {"kind": "data", "school": "9967000002"}, 600)
    assert "ภูผาวิทยาคม" in chat.say("นักเรียนโรงเรียนภูผาวิทยาคมมีกี่คน").text  # a topic the next turn may lean on
    assert chat.session.services.store.get_topic(USER) is not None
    ask = chat.say("ลบข้อมูลของฉัน")
    assert "ต้องการให้ลบข้อมูลส่วนบุคคล" in ask.text
    assert ask.labels == [texts.CONFIRM_LABEL, texts.KEEP_LABEL]
    with sessions(chat)() as s:
        assert personal_data_of(USER, db_session=s)["users"] == 1  # nothing removed before the tap
    before = counts(chat)

    done = ask.tap(texts.CONFIRM_LABEL)
    assert "ลบข้อมูลส่วนบุคคลของคุณเรียบร้อยแล้ว" in done.text

    with sessions(chat)() as s:
        left = personal_data_of(USER, db_session=s)
        # only the delivery record of the confirmation just sent still names the user (until retention)
        assert left == {**dict.fromkeys(left, 0), "outbox_finished": 1}, left
        from models.inbox import OutboxMessage
        sent = s.scalars(select(OutboxMessage).where(OutboxMessage.status == "sent")
                         .order_by(OutboxMessage.id.desc())).first()
        assert sent is not None and sent.to == [USER] and sent.messages[0]["text"] == texts.DONE
        sent.created_at = utcnow() - timedelta(days=2)
        s.commit()
        apply_retention(retention_cutoff(utcnow(), 400), db_session=s)
        s.commit()
        left = personal_data_of(USER, db_session=s)
        assert left == dict.fromkeys(left, 0), left
        rows = list(s.scalars(select(Interaction).order_by(Interaction.id)))
        assert all(r.line_user_id is None and r.text is None for r in rows)
        assert {r.user_ref for r in rows} == {pseudonym(chat.session.settings, USER)}  # still countable
        assert "forget_me.done" in {r.intent for r in rows}
        users = list(s.scalars(select(User)))
        assert len(users) == 1
        u = users[0]
        assert u.line_user_id.startswith(FORGOTTEN_PREFIX) and USER not in u.line_user_id
        assert (u.display_name, u.phone, u.role, u.school_id, u.following) == (None, None, "public", None, False)
        inc = s.scalars(select(Incident)).one()
        assert (inc.number, inc.description) == ("INC-2570-0001", "เน็ตล่ม")  # the ticket stays
        assert (inc.reporter_line_user_id, inc.reporter_name) == (None, None)
        assert s.scalars(select(IncidentEvent.actor_line_user_id)).one() is None
        assert s.scalars(select(Rating.score)).all() == [5]
        from models.inbox import InboundEvent
        done_payloads = s.scalars(select(InboundEvent.payload).where(InboundEvent.status == "done")).all()
        assert done_payloads and all(p == REDACTED_PAYLOAD for p in done_payloads)
        assert all("0812345678" not in p and "081-234-5678" not in p for p in done_payloads)
    after = counts(chat)
    assert after["ratings"] == before["ratings"] and after["incidents"] == before["incidents"]
    assert after["interactions"] == before["interactions"] + 1  # the confirm turn is counted, anonymously
    assert chat.session.services.store.get(USER) is None  # conversation state gone
    assert chat.session.services.store.get_topic(USER) is None  # the topic too, in 1:1 and in groups
    assert chat.session.services.store.get_topic(f"{GROUP}:{USER}") is None
    assert chat.session.services.store.get_topic(f"{GROUP}:{OTHER}") is not None  # someone else's stays
    assert "ภูผาวิทยาคม" not in chat.say("แล้วครูล่ะ").text  # nothing to follow up on any more

    # coming back later: a fresh public user, nothing of the old one
    chat.say("สวัสดีค่ะ")
    with sessions(chat)() as s:
        fresh = s.scalars(select(User).where(User.line_user_id == USER)).one()
        assert (fresh.role, fresh.display_name, fresh.phone) == ("public", None, None)


def test_keep_changes_nothing(chat: Chat) -> None:
    add_history(chat)
    ask = chat.say("ลบข้อมูลของฉัน")
    with sessions(chat)() as s:
        before = personal_data_of(USER, db_session=s)
    assert texts.KEPT in ask.tap(texts.KEEP_LABEL).text
    with sessions(chat)() as s:
        after = personal_data_of(USER, db_session=s)
        assert after["users"] == 1 and after["incidents"] == 1
        assert after["interactions"] >= before["interactions"]
        assert s.scalars(select(User.role).where(User.line_user_id == USER)).one() == "staff"


def test_the_intent_also_leads_to_the_confirmation(chat: Chat) -> None:
    a = chat.say("อยากให้ลบข้อมูลของผมออกจากระบบครับ")
    assert texts.CONFIRM_LABEL in a.labels


def test_a_button_shown_to_someone_else_cannot_forget_them(chat: Chat) -> None:
    add_history(chat)
    ask = chat.say("ลบข้อมูลของฉัน")
    other = ask.tap(texts.CONFIRM_LABEL, as_user=OTHER)  # OTHER taps USER's (forwarded) button
    assert texts.NOT_YOURS in other.text
    with sessions(chat)() as s:
        assert personal_data_of(USER, db_session=s)["users"] == 1
        assert s.scalars(select(User.role).where(User.line_user_id == USER)).one() == "staff"


def test_forged_or_tampered_confirmation_never_reaches_the_handler(chat: Chat) -> None:
    add_history(chat)
    ask = chat.say("ลบข้อมูลของฉัน")
    data = ask.action(texts.CONFIRM_LABEL)["data"]
    tampered = data.replace("t=", "t=9")  # change a parameter, keep the old signature
    bad_key = sign(b"not-the-bot-key", "privacy.forget", u="x", t=int(time.time()))
    for forged in (tampered, bad_key, "a=privacy.forget", "a=privacy.forget&s=0000000000000000", "x" * 400):
        a = chat.tap({"type": "postback", "label": "x", "data": forged})
        assert FORGED_BUTTON in a.text, forged
    with sessions(chat)() as s:
        assert personal_data_of(USER, db_session=s)["users"] == 1


def test_an_old_confirmation_button_has_expired(chat: Chat) -> None:
    from handlers.privacy import _owner
    key = b"khetbot-postback:" + chat.session.settings.secret_bytes()
    old = sign(key, "privacy.forget", u=_owner(USER), t=int(time.time()) - 3600)
    a = chat.tap({"type": "postback", "label": "x", "data": old})
    assert texts.EXPIRED in a.text
    with sessions(chat)() as s:
        assert personal_data_of(USER, db_session=s)["users"] == 1


def test_in_a_group_the_bot_asks_for_a_private_chat(chat: Chat) -> None:
    a = chat.say("บอท ลบข้อมูลของฉัน", group="C" + "1" * 32)
    assert "แชตส่วนตัว" in a.text
    assert a.labels == []


def test_retention_period_has_a_ninety_day_floor() -> None:
    assert retention_days(30) == RETENTION_FLOOR_DAYS
    assert retention_days(0) == RETENTION_FLOOR_DAYS
    assert retention_days(-5) == RETENTION_FLOOR_DAYS
    assert retention_days(400) == 400
    now = utcnow()
    assert retention_cutoff(now, 1) == now - timedelta(days=90)


@pytest.mark.parametrize("configured", [30, 120])
def test_retention_duty_nulls_old_texts_and_ids_but_keeps_counts(chat: Chat, configured: int) -> None:
    settings = chat.session.settings
    settings.interaction_retention_days = configured
    now = utcnow()
    ages = [10, 89, 91, 119, 121, 500]
    with sessions(chat)() as s:
        for d in ages:
            s.add(Interaction(at=now - timedelta(days=d), user_ref="r", line_user_id=USER, text=f"age {d}",
                              intent="student_count"))
        s.add(Incident(number="INC-2569-0009", fiscal_year=2569, seq=9, category="internet", status="closed",
                       reporter_line_user_id=USER, reporter_name="ครู", opened_at=now - timedelta(days=200)))
        s.add(Incident(number="INC-2570-0009", fiscal_year=2570, seq=9, category="internet", status="open",
                       reporter_line_user_id=USER, reporter_name="ครู", opened_at=now - timedelta(days=200)))
        s.commit()
    processor = chat.session.services.runtime.processor

    def run_retention_now() -> None:
        for duty in processor.router.periodic:
            if isinstance(duty, RetentionDuty):
                duty._last = float("-inf")  # the background loop may have run it (before our rows) a moment ago
        processor.run_periodic()
    run_retention_now()
    keep_days = max(90, configured)
    gone = {d for d in ages if d >= keep_days}
    deadline = time.time() + 10  # the background loop may be running the same duty right now: wait for it
    while True:
        with sessions(chat)() as s:
            rows = {r.text or f"gone {round((now - r.at).total_seconds() / 86400)}": r
                    for r in s.scalars(select(Interaction).where(Interaction.user_ref == "r"))}
        if all(f"gone {d}" in rows for d in gone) or time.time() > deadline:
            break
        run_retention_now()
        time.sleep(0.2)
    with sessions(chat)() as s:
        assert len(rows) == len(ages)  # counts kept
        for d in ages:
            if d < keep_days:
                assert f"age {d}" in rows and rows[f"age {d}"].line_user_id == USER
            else:
                r = rows[f"gone {d}"]
                assert r.line_user_id is None and r.intent == "student_count"
        inc = {i.number: i for i in s.scalars(select(Incident))}
        assert inc["INC-2569-0009"].reporter_line_user_id is None  # closed and old
        assert inc["INC-2570-0009"].reporter_line_user_id == USER  # still open: the reporter must hear back


def test_retention_also_redacts_old_processed_events_and_sent_messages(chat: Chat) -> None:
    for duty in chat.session.services.runtime.processor.router.periodic:
        if isinstance(duty, RetentionDuty):
            duty._last = time.monotonic()  # the background loop must not do it first: this test calls it
    chat.say("เบอร์ของฉัน 0899999999")
    from models.inbox import InboundEvent, OutboxMessage
    with sessions(chat)() as s:
        old = utcnow() - timedelta(days=401)
        for ev in s.scalars(select(InboundEvent)):
            ev.received_at = old
        for o in s.scalars(select(OutboxMessage)):
            o.created_at = old
        s.commit()
        summary = apply_retention(retention_cutoff(utcnow(), 400), db_session=s)
        s.commit()
        assert summary.inbound_events >= 1 and summary.outbox >= 1
        s.expire_all()
        assert all(p == REDACTED_PAYLOAD for p in s.scalars(select(InboundEvent.payload)))
        assert all(o.to == [] and o.messages == [] for o in s.scalars(select(OutboxMessage)))
        again = apply_retention(retention_cutoff(utcnow(), 400), db_session=s)
        assert again.total() == 0  # idempotent


GROUP = "C" + "2" * 32


def test_forget_me_ends_my_conversations_in_groups_too(chat: Chat) -> None:
    store = chat.session.services.store
    started = chat.say("บอท แจ้งปัญหา", group=GROUP)  # a report begun in a group …
    assert started.messages and store.get(f"{GROUP}:{USER}") is not None
    chat.say("บอท แจ้งปัญหา", as_user=OTHER, group=GROUP)  # … next to someone else's
    chat.say("ลบข้อมูลของฉัน").tap(texts.CONFIRM_LABEL)  # asked in the one-to-one chat

    assert store.get(f"{GROUP}:{USER}") is None  # deleted at once, not left to expire
    later = chat.say("อินเทอร์เน็ตใช้ไม่ได้ทั้งโรงเรียน", group=GROUP)  # not addressed, no flow: silence
    assert later.messages == []
    other = chat.say("อินเทอร์เน็ตใช้ไม่ได้ทั้งโรงเรียน", as_user=OTHER, group=GROUP)
    assert other.messages  # the other person's report goes on
    assert store.get(f"{GROUP}:{OTHER}") is not None


def test_forget_me_deletes_the_photos_i_sent_with_my_reports(settings: Any) -> None:
    from pathlib import Path

    from tests.bot.test_files import fetch
    from tests.handlers.test_incident_report import image_event, photo_chat
    from tests.support.incidents import OTHER as COLLEAGUE
    from tests.support.incidents import STAFF, incidents, last_push, setup
    public = Path(settings.data_dir) / "public"
    with photo_chat(settings) as chat:
        setup(chat)
        chat.say("แจ้งปัญหา")
        chat.event("message", **image_event())
        chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า").tap("ยืนยัน")
        my_link = last_push(chat, STAFF).action("ดูรูปภาพ")["uri"]
        assert fetch(chat, my_link).status_code == 200
        chat.say("บอท แจ้งปัญหา", group=GROUP)  # a second report, in a group, not sent yet
        chat.event("message", group=GROUP, **image_event())
        setup(chat, staff=(), school_user=COLLEAGUE)  # a colleague at the same school reports with a photo
        chat.say("แจ้งปัญหา", as_user=COLLEAGUE)
        chat.event("message", as_user=COLLEAGUE, **image_event())
        chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=COLLEAGUE).tap("ยืนยัน", as_user=COLLEAGUE)
        [mine, theirs] = incidents(chat)
        their_link = theirs.photos[0]["url"]
        assert len(list(public.glob("private-inc-*"))) == 3

        chat.say("ลบข้อมูลของฉัน").tap(texts.CONFIRM_LABEL)

        assert fetch(chat, my_link).status_code == 404  # the photo is gone, not just hidden
        assert [p.name for p in public.glob("private-inc-*")] == [theirs.photos[0]["name"]]
        assert fetch(chat, their_link).status_code == 200  # nobody else's photo is touched
        mine = incidents(chat)[0]
        assert (mine.photos, mine.reporter_line_user_id) == ([], None)
        assert "ใช้ไม่ได้" in mine.description  # the ticket itself stays
        card = chat.say(mine.number, as_user=STAFF)
        assert mine.number in card.text and not [x for x in card.labels if "รูปภาพ" in x]


def test_a_typed_yes_confirms_and_a_typed_no_keeps(chat: Chat) -> None:
    add_history(chat)
    chat.say("ลบข้อมูลของฉัน")
    assert texts.KEPT in chat.say("ไม่ลบครับ").text
    with sessions(chat)() as s:
        assert personal_data_of(USER, db_session=s)["users"] == 1
    chat.say("ลบข้อมูลของฉัน")
    done = chat.say("ยืนยันค่ะ")
    assert "ลบข้อมูลส่วนบุคคลของคุณเรียบร้อยแล้ว" in done.text
    with sessions(chat)() as s:
        assert personal_data_of(USER, db_session=s)["users"] == 0


def test_another_question_after_the_forget_prompt_is_answered_and_forgets_nothing(chat: Chat) -> None:
    add_history(chat)
    chat.say("ลบข้อมูลของฉัน")
    a = chat.say("ขั้นตอนงานพัฒนาเครือข่าย")
    assert "ลบข้อมูลส่วนบุคคลของคุณเรียบร้อย" not in a.text and "ไม่เข้าใจ" not in a.text
    assert "ลบข้อมูลส่วนบุคคลของคุณเรียบร้อย" not in chat.say("ยืนยัน").text  # the pending request was left
    with sessions(chat)() as s:
        assert personal_data_of(USER, db_session=s)["users"] == 1


def test_asked_in_the_middle_of_a_report_the_report_waits_and_its_photos_go_too(settings: Any) -> None:
    from pathlib import Path

    from tests.handlers.test_incident_report import image_event, photo_chat
    from tests.support.incidents import setup
    public = Path(settings.data_dir) / "public"
    with photo_chat(settings) as chat:
        setup(chat)
        chat.say("แจ้งปัญหา")
        chat.event("message", **image_event())
        ask = chat.say("ลบข้อมูลของฉัน")
        assert ask.labels == [texts.CONFIRM_LABEL, texts.KEEP_LABEL]
        assert texts.KEPT in ask.tap(texts.KEEP_LABEL).text
        assert "เล่าอาการ" in chat.say("แจ้งปัญหา").text  # the report still waits where it was
        assert len(list(public.glob("private-inc-*"))) == 1
        again = chat.say("ลบข้อมูลของฉัน")
        assert "ลบข้อมูลส่วนบุคคลของคุณเรียบร้อยแล้ว" in again.tap(texts.CONFIRM_LABEL).text
        assert list(public.glob("private-inc-*")) == []  # the half-written report's photo is gone
        assert "ไม่มีรายการที่ค้างอยู่" in chat.say("ยกเลิก").text
