"""`khetbot incidents list|show` against tickets made in chat."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from tests.support.chat import Chat
from tests.support.incidents import SCHOOL_USER, STAFF, last_push, setup


def khetbot(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_list_and_show(chat: Chat, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    setup(chat)
    chat.say("อินเทอร์เน็ตทั้งโรงเรียนใช้ไม่ได้ตั้งแต่เช้า", as_user=SCHOOL_USER).tap("ยืนยัน", as_user=SCHOOL_USER)
    chat.say("wifi ห้องคอม 2 ช้ามาก เมื่อวาน", as_user=SCHOOL_USER).tap("ยืนยัน", as_user=SCHOOL_USER)
    last_push(chat, STAFF).tap("รับเรื่อง", as_user=STAFF)

    code, out = khetbot(settings, monkeypatch, tmp_path, "incidents", "list")
    assert code == 0 and len(out.strip().splitlines()) == 2 and "หนองบัวทดสอบวิทยา" in out
    code, out = khetbot(settings, monkeypatch, tmp_path, "incidents", "list", "--status", "open")
    [line] = out.strip().splitlines()
    assert code == 0 and "\topen\tP1\t" in line
    number = line.split("\t")[0]
    code, out = khetbot(settings, monkeypatch, tmp_path, "incidents", "list", "--status", "pending",
                        "--school", "8867000001")
    assert code == 0 and len(out.strip().splitlines()) == 2
    code, out = khetbot(settings, monkeypatch, tmp_path, "incidents", "list", "--school", "8867000002")
    assert code == 0 and "no tickets" in out
    assert khetbot(settings, monkeypatch, tmp_path, "incidents", "list", "--status", "nope")[0] == 2
    assert khetbot(settings, monkeypatch, tmp_path, "incidents", "list", "--school", "0")[0] == 1

    code, out = khetbot(settings, monkeypatch, tmp_path, "incidents", "show", number.lower())
    assert code == 0 and f"number:\t{number}" in out and "\topen\t" + SCHOOL_USER in out
    assert khetbot(settings, monkeypatch, tmp_path, "incidents", "show", "INC-2500-0001")[0] == 1
