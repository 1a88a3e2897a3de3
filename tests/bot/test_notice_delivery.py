"""Notice delivery against the fake LINE HTTP API: audiences, batches, 429, crashes, workers, schedules."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

from sqlalchemy import select, update

from bot.notices import jobs, service
from bot.notices.sender import NoticeSender
from bot.notices.transport import ThreadLoopSender
from bot.settings import Settings
from models.base import utcnow
from models.inbox import OutboxMessage
from models.notice import Delivery, Notice
from tests.bot.test_notice_support import LOMSAK, bulk_followers, database, multicasts, seed
from tests.conftest import STAFF
from tests.support.line import FakeLine


def _create(sessions, settings: Settings, text: str = "ขอให้ทุกโรงเรียนส่งข้อมูลนักเรียนภายใน 10 มิ.ย.", **kw) -> int:  # type: ignore[no-untyped-def]
    with sessions() as s:
        audience = service.build_audience(db_session=s, office_id=settings.office_id,
                                          districts_=kw.pop("districts", ()), schools=kw.pop("schools", ()),
                                          roles=kw.pop("roles", ()))
        notice = service.create(db_session=s, settings=settings, text=text, audience=audience,
                                source="test", author_line_user_id=kw.pop("author", STAFF), **kw)
        s.commit()
        return notice.id


def _unique_keys(reqs: list[dict]) -> None:  # type: ignore[type-arg]
    ok = Counter(r["retry_key"] for r in multicasts(reqs))
    assert all(n == 1 for n in ok.values()), f"a batch was delivered twice: {ok.most_common(3)}"


def test_district_notice_reaches_exactly_that_districts_followers(line_settings: Settings,
                                                                  fake_line: FakeLine) -> None:
    with database(line_settings) as sessions:
        world = seed(sessions, line_settings, staff=(STAFF,))
        nid = _create(sessions, line_settings, districts=[LOMSAK])
        result = jobs.send_now(line_settings, sessions, nid)
        assert result.status == "done"
        reqs = multicasts(fake_line.requests())
        reached = [uid for r in reqs for uid in r["body"]["to"]]
        assert sorted(reached) == sorted(world.by_district[LOMSAK])  # each once, nobody else
        assert all(r["retry_key"] for r in reqs)
        assert "ขอให้ทุกโรงเรียนส่งข้อมูล" in reqs[0]["body"]["messages"][0]["text"]
        with sessions() as s:
            notice = s.get(Notice, nid)
            assert notice is not None
            assert (notice.status, notice.recipients, notice.sent, notice.failed, notice.blocked) == \
                ("done", len(world.by_district[LOMSAK]), len(world.by_district[LOMSAK]), 0, 1)
            report = s.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "notice")).all()
            assert len(report) == 1 and report[0].to == [STAFF]
            assert "ส่งสำเร็จ 6 คน" in report[0].messages[0]["text"]
            assert "บล็อกบัญชี 1 คน" in report[0].messages[0]["text"]


def test_everyone_goes_out_in_batches_of_at_most_500_covering_all(line_settings: Settings,
                                                                    fake_line: FakeLine) -> None:
    with database(line_settings) as sessions:
        everyone = bulk_followers(sessions, line_settings, 1234)
        nid = _create(sessions, line_settings)
        assert jobs.send_now(line_settings, sessions, nid).status == "done"
        reqs = multicasts(fake_line.requests())
        assert len(reqs) == 3
        assert all(len(r["body"]["to"]) <= 500 for r in reqs)
        reached = [uid for r in reqs for uid in r["body"]["to"]]
        assert len(reached) == len(set(reached)) == 1234
        assert set(reached) == everyone
        _unique_keys(fake_line.requests())
        with sessions() as s:
            keys = {d.retry_key for d in s.scalars(select(Delivery).where(Delivery.notice_id == nid))}
        assert keys == {r["retry_key"] for r in reqs}  # the keys sent are the ones recorded


def test_broadcast_option_uses_one_call_and_counts_known_followers(line_settings: Settings,
                                                                     fake_line: FakeLine) -> None:
    with database(line_settings) as sessions:
        bulk_followers(sessions, line_settings, 700)
        nid = _create(sessions, line_settings, broadcast=True)
        assert jobs.send_now(line_settings, sessions, nid).status == "done"
        assert [r["status"] for r in fake_line.requests("/broadcast")] == [200]
        assert multicasts(fake_line.requests()) == []
        with sessions() as s:
            notice = s.get(Notice, nid)
            assert notice is not None and (notice.sent, notice.batches) == (700, 1)


def test_429_midway_still_completes_without_a_duplicate_batch(line_settings: Settings, fake_line: FakeLine) -> None:
    settings = line_settings.model_copy(update={"line_max_attempts": 2})
    with database(settings) as sessions:
        everyone = bulk_followers(sessions, settings, 1300)
        nid = _create(sessions, settings)
        sender = NoticeSender(sessions, ThreadLoopSender(settings), settings)
        assert sender.prepare(nid) == 3
        first = sender.claim(nid)
        assert first is not None and sender.send_batch(first).ok
        # then LINE rate-limits: 3 refusals with Retry-After — more than one call's own retries
        fake_line.fault("/v2/bot/message/multicast", 429, 3, retry_after=1)
        t0 = time.monotonic()
        result = jobs.send_now(settings, sessions, nid)
        assert result.status == "done"
        assert time.monotonic() - t0 >= 2.0  # Retry-After was honoured
        statuses = [r["status"] for r in fake_line.requests("/multicast")]
        assert statuses.count(429) == 3
        ok = multicasts(fake_line.requests())
        assert len(ok) == 3
        _unique_keys(fake_line.requests())
        assert {u for r in ok for u in r["body"]["to"]} == everyone
        with sessions() as s:
            notice = s.get(Notice, nid)
            assert notice is not None and (notice.sent, notice.failed) == (1300, 0)


def test_crash_midway_resumes_without_resending_finished_batches(line_settings: Settings,
                                                                  fake_line: FakeLine) -> None:
    with database(line_settings) as sessions:
        everyone = bulk_followers(sessions, line_settings, 1600)  # 4 batches
        nid = _create(sessions, line_settings)
        crashed = NoticeSender(sessions, ThreadLoopSender(line_settings), line_settings, worker="crashed")
        crashed.prepare(nid)
        for _ in range(2):  # two batches went out before the crash
            batch = crashed.claim(nid)
            assert batch is not None and crashed.send_batch(batch).ok
        in_flight = crashed.claim(nid)  # the third was claimed, then the process died before sending
        assert in_flight is not None
        with sessions() as s:  # ... and its claim ran out
            s.execute(update(Delivery).where(Delivery.id == in_flight.id)
                      .values(claimed_until=utcnow() - timedelta(seconds=1)))
            s.execute(update(Notice).where(Notice.id == nid).values(lease_until=utcnow() - timedelta(seconds=1)))
            s.commit()
        before = {r["retry_key"] for r in multicasts(fake_line.requests())}
        assert len(before) == 2
        # after the restart the sweep finds the orphaned notice and a worker resumes it
        restarted = jobs.NoticeJobs(line_settings, sessions, ThreadLoopSender(line_settings))
        try:
            assert restarted.sweep() == [nid]
            assert restarted.run(nid) == "done"
        finally:
            restarted.huey.storage.close()
        ok = multicasts(fake_line.requests())
        assert len(ok) == 4
        _unique_keys(fake_line.requests())
        assert {u for r in ok for u in r["body"]["to"]} == everyone
        with sessions() as s:
            notice = s.get(Notice, nid)
            assert notice is not None and (notice.status, notice.sent) == ("done", 1600)


def test_two_workers_send_each_batch_once(line_settings: Settings, fake_line: FakeLine) -> None:
    with database(line_settings) as sessions:
        everyone = bulk_followers(sessions, line_settings, 4100)  # 9 batches: progress is reported
        nid = _create(sessions, line_settings)
        senders = [NoticeSender(sessions, ThreadLoopSender(line_settings), line_settings, worker=f"w{i}")
                   for i in range(3)]
        results: list[object] = []
        threads = [threading.Thread(target=lambda s=snd: results.append(s.run(nid))) for snd in senders]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        ok = multicasts(fake_line.requests())
        assert len(ok) == 9
        _unique_keys(fake_line.requests())
        assert {u for r in ok for u in r["body"]["to"]} == everyone
        with sessions() as s:
            claimed_by = {d.claimed_by for d in s.scalars(select(Delivery).where(Delivery.notice_id == nid))}
            notice = s.get(Notice, nid)
            assert notice is not None and (notice.status, notice.sent) == ("done", 4100)
            reports = s.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "notice")).all()
        assert len(claimed_by) >= 1
        texts = [r.messages[0]["text"] for r in reports]
        assert sum("เสร็จแล้ว" in t for t in texts) == 1  # one final tally
        assert sorted(t.split("(")[-1] for t in texts if "⏳" in t) == ["25%)", "50%)", "75%)"]  # each step once


def test_scheduled_notice_fires_once_at_its_time(line_settings: Settings, fake_line: FakeLine) -> None:
    with database(line_settings) as sessions:
        seed(sessions, line_settings, staff=(STAFF,))
        nid = _create(sessions, line_settings, districts=[LOMSAK], at=utcnow() + timedelta(seconds=1.5))
        a = jobs.NoticeJobs(line_settings, sessions, ThreadLoopSender(line_settings))  # two processes'
        b = jobs.NoticeJobs(line_settings, sessions, ThreadLoopSender(line_settings))  # schedulers
        try:
            assert a.sweep() == [] and b.sweep() == []  # not yet due
            assert a.run(nid) == "idle"  # an early task does nothing either
            time.sleep(1.6)
            taken = a.sweep() + b.sweep()
            assert taken == [nid]  # enqueued once
            assert a.huey.pending_count() == 1  # one shared queue (SQLite file or Redis)
            # even if the task ran twice (two workers, a duplicate), the notice goes out once
            results = [a.run(nid), b.run(nid)]
            assert "done" in results
        finally:
            a.huey.storage.close()
            b.huey.storage.close()
        ok = multicasts(fake_line.requests())
        assert len(ok) == 1
        with sessions() as s:
            notice = s.get(Notice, nid)
            assert notice is not None and notice.status == "done" and notice.started_at is not None
            assert notice.scheduled_at is not None and notice.started_at >= notice.scheduled_at


def test_scheduled_time_is_read_in_bangkok() -> None:
    at = service.parse_at("2026-12-01 08:00")
    assert at.utcoffset() == timedelta(hours=7)
    assert at.astimezone().timestamp() == service.parse_at("2026-12-01T01:00:00+00:00").timestamp()
