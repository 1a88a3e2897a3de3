"""Notices from the staff HTTP API and the CLI share the one implementation (and its tally)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from bot.settings import Settings
from tests.bot.test_notice_support import LOMSAK, database, seed, wait_for
from tests.conftest import STAFF
from tests.support.chat import Chat, open_chat
from tests.support.line import FakeLine

TOKEN = "admin-secret-token"


@pytest.fixture
def admin_chat(settings: Settings) -> Iterator[Chat]:
    with open_chat(settings.model_copy(update={"admin_token": SecretStr(TOKEN)})) as c:
        yield c


def _post(chat: Chat, path: str, body: Any = None, token: str | None = TOKEN) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    client = chat.session.client
    assert client is not None
    if body is None:
        got: httpx.Response = chat.run(lambda: client.get(path, headers=headers))
        return got
    posted: httpx.Response = chat.run(lambda: client.post(path, json=body, headers=headers))
    return posted


def test_http_api_needs_the_admin_token_and_sends_to_the_district(admin_chat: Chat) -> None:
    with database(admin_chat.session.settings) as sessions:
        world = seed(sessions, admin_chat.session.settings, staff=(STAFF,))
        body = {"text": "ประชุมผู้บริหาร 1 ธ.ค.", "districts": [LOMSAK], "author": "กลุ่มนโยบายและแผน",
                "author_line_user_id": STAFF}
        assert _post(admin_chat, "/admin/notices", body, token=None).status_code == 401
        assert _post(admin_chat, "/admin/notices", body, token="wrong").status_code == 401
        bad = _post(admin_chat, "/admin/notices", {**body, "districts": ["ไม่มีอำเภอนี้"]})
        assert bad.status_code == 422

        preview = _post(admin_chat, "/admin/notices/preview", body)
        assert preview.status_code == 200
        shown = preview.json()
        assert shown["recipients"] == 6 and "ประชุมผู้บริหาร" in shown["messages"][0]["text"]

        made = _post(admin_chat, "/admin/notices", body)
        assert made.status_code == 202, made.text
        nid = made.json()["id"]
        wait_for(sessions, nid)
        got = _post(admin_chat, f"/admin/notices/{nid}").json()
        assert (got["status"], got["sent"], got["blocked"], got["source"]) == ("done", 6, 1, "http")
        history = _post(admin_chat, "/admin/notices").json()["notices"]
        assert [n["id"] for n in history] == [nid]
    reached = [u for kind, to, _ in admin_chat.session.messenger.sent if kind == "multicast" for u in to.split(",")]
    assert sorted(reached) == sorted(world.by_district[LOMSAK])


def _cli(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "DATABASE_URL", "REDIS_URL", "KHETBOT_"))}
    return subprocess.run(["khetbot", *args], cwd=cwd, env={**base, **env}, capture_output=True, text=True,
                          timeout=120)


def test_cli_sends_now_or_schedules_in_bangkok_time(line_settings: Settings, fake_line: FakeLine,
                                                     tmp_path: Path) -> None:
    env = {"DATABASE_URL": line_settings.database_url, "LINE_API_BASE_URL": fake_line.url,
           "LINE_CHANNEL_ACCESS_TOKEN": line_settings.access_token(), "KHETBOT_DATA_DIR": str(tmp_path / "var"),
           "KHETBOT_DEMO_DATA": "false"}
    if line_settings.redis_url:
        env |= {"REDIS_URL": line_settings.redis_url, "KHETBOT_REDIS_PREFIX": line_settings.redis_prefix}
    with database(line_settings) as sessions:
        world = seed(sessions, line_settings)
    r = _cli(["notice", "send", "--text", "ส่งข้อมูลภายในวันศุกร์", "--district", LOMSAK, "--role", "school",
              "--wait"], tmp_path, env)
    assert r.returncode == 0, r.stderr
    assert "sent 6" in r.stdout and "blocked 1" in r.stdout
    reached = [u for req in fake_line.requests("/multicast") if req["status"] == 200 for u in req["body"]["to"]]
    assert sorted(reached) == sorted(world.by_district[LOMSAK])

    later = _cli(["notice", "send", "--text", "ประชุม", "--school", "T0003", "--at", "2099-12-01 08:00"],
                 tmp_path, env)
    assert later.returncode == 0, later.stderr
    assert "scheduled for 1 ธ.ค. 2642 08:00 น." in later.stdout
    bad = _cli(["notice", "send", "--text", "x", "--district", "ไม่มีอำเภอนี้"], tmp_path, env)
    assert bad.returncode == 2 and "unknown district" in bad.stderr
    listed = _cli(["notice", "list"], tmp_path, env)
    assert "scheduled" in listed.stdout and "done" in listed.stdout


def test_worker_command_sends_what_the_cli_queued(line_settings: Settings, fake_line: FakeLine,
                                                  tmp_path: Path) -> None:
    """`khetbot notice send` (no --wait) only queues; a separate `khetbot worker` process sends it."""
    import signal
    import time
    env = {"DATABASE_URL": line_settings.database_url, "LINE_API_BASE_URL": fake_line.url,
           "LINE_CHANNEL_ACCESS_TOKEN": line_settings.access_token(), "KHETBOT_DATA_DIR": str(tmp_path / "var"),
           "KHETBOT_DEMO_DATA": "false"}
    if line_settings.redis_url:
        env |= {"REDIS_URL": line_settings.redis_url, "KHETBOT_REDIS_PREFIX": line_settings.redis_prefix}
    with database(line_settings) as sessions:
        world = seed(sessions, line_settings)
        queued = _cli(["notice", "send", "--text", "ทดสอบผ่าน worker", "--school", "T0003"], tmp_path, env)
        assert queued.returncode == 0, queued.stderr
        assert "queued" in queued.stdout
        nid = int(queued.stdout.split("#")[1].split()[0])
        time.sleep(0.5)
        assert fake_line.requests("/multicast") == []  # nobody consumed it yet
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("LINE_", "DATABASE_URL", "REDIS_URL", "KHETBOT_"))}
        worker = subprocess.Popen(["khetbot", "worker", "--threads", "2"], cwd=tmp_path, env={**base, **env},
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            wait_for(sessions, nid, timeout=60)
        finally:
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                worker.kill()
    reached = [u for req in fake_line.requests("/multicast") if req["status"] == 200 for u in req["body"]["to"]]
    assert sorted(reached) == sorted(world.by_school["T0003"])
