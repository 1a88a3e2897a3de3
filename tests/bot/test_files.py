"""Published files: signed links keep working while valid; files whose links expired are purged."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bot.files import PublicFiles
from bot.settings import Settings
from handlers.privacy import FileRetentionDuty
from tests.support.chat import Chat, open_chat
from tests.support.fake_line import PNG_1x1

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fetch(chat: Chat, url: str) -> httpx.Response:
    """GET a published link from the running app (as a browser or LINE would)."""
    parts = urlsplit(url)
    client = chat.session.client
    assert client is not None
    got: httpx.Response = chat.run(lambda: client.get(parts.path + (f"?{parts.query}" if parts.query else "")))
    return got


def run_file_duty(chat: Chat) -> None:
    """Run the file retention duty now (it runs hourly by itself)."""
    processor = chat.session.services.runtime.processor
    for duty in processor.router.periodic:
        if isinstance(duty, FileRetentionDuty):
            duty._last = float("-inf")
    processor.run_periodic()


def test_expired_files_are_purged_and_valid_links_keep_working(settings: Settings) -> None:
    with open_chat(settings.model_copy(update={"file_keep_days": 0})) as chat:
        files = chat.session.services.files
        report = files.publish("private-report-2570-abc.xlsx", b"report", content_type=XLSX, ttl_seconds=3600)
        photo = files.publish("private-inc-0123456789abcdef-1.png", PNG_1x1, content_type="image/png",
                              ttl_seconds=2)
        shared = files.publish("private-inc-fedcba9876543210-1.png", PNG_1x1, content_type="image/png",
                               ttl_seconds=2)
        shared_again = files.url("private-inc-fedcba9876543210-1.png", ttl_seconds=3600)  # a newer link
        flowchart = files.publish("manual-flow-test.png", PNG_1x1, content_type="image/png")  # public: no expiry
        assert fetch(chat, photo).status_code == 200
        time.sleep(2.2)  # the photo's only link (and the first shared link) expire
        assert fetch(chat, photo).status_code == 403  # expired link: refused, file still on disk

        run_file_duty(chat)

        assert fetch(chat, photo).status_code == 404  # the file is gone
        assert not (Path(settings.data_dir) / "public" / "private-inc-0123456789abcdef-1.png").exists()
        ok = fetch(chat, report)
        assert ok.status_code == 200 and ok.content == b"report"  # a valid link keeps working
        assert fetch(chat, shared_again).content == PNG_1x1  # its newer link is still valid: kept
        assert fetch(chat, shared).status_code == 403  # (the older link to it stays expired)
        assert fetch(chat, flowchart).content == PNG_1x1  # public files have no expiry


def test_files_are_kept_the_configured_days_after_their_links_expired(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, line_channel_secret="s", data_dir=tmp_path)  # type: ignore[call-arg]
    files = PublicFiles(settings)
    files.publish("private-report-2570-x.pdf", b"%PDF", content_type="application/pdf", ttl_seconds=60)
    until = files.links_valid_until("private-report-2570-x.pdf")
    assert until is not None and abs(until - (time.time() + 60)) < 5
    day = 86_400
    assert files.purge_expired(keep_seconds=7 * day, now=until + 6 * day) == []  # within the kept week
    assert files.purge_expired(keep_seconds=7 * day, now=until + 7 * day + 1) == ["private-report-2570-x.pdf"]
    assert list((tmp_path / "public").iterdir()) == [tmp_path / "public" / ".links"]
    assert list((tmp_path / "public" / ".links").iterdir()) == []  # its link records went with it


def test_files_published_before_expiries_were_recorded_get_the_longest_link_time(tmp_path: Path) -> None:
    import os

    from bot.files import UNRECORDED_LINK_SECONDS
    settings = Settings(_env_file=None, line_channel_secret="s", data_dir=tmp_path)  # type: ignore[call-arg]
    (tmp_path / "public").mkdir()
    old = tmp_path / "public" / "private-inc-legacy-1.jpg"
    old.write_bytes(b"jpg")
    files = PublicFiles(settings)
    assert files.purge_expired(keep_seconds=0) == []  # it may still have a valid 90-day link
    stamp = time.time() - UNRECORDED_LINK_SECONDS - 10
    os.utime(old, (stamp, stamp))
    assert files.purge_expired(keep_seconds=0) == ["private-inc-legacy-1.jpg"]


def test_staff_cards_leave_out_photo_links_that_have_expired() -> None:
    from handlers.incident_cards import link_alive
    now = time.time()
    assert link_alive(f"https://khetbot.test/files/private-inc-a-1.png?exp={int(now) + 60}&sig=x", now)
    assert not link_alive(f"https://khetbot.test/files/private-inc-a-1.png?exp={int(now) - 60}&sig=x", now)
    assert link_alive("https://khetbot.test/files/manual-flow-x.png", now)  # public: never expires
