"""The `khetbot` command as an operator uses it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from models.user import User


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "DATABASE_URL", "REDIS_URL", "KHETBOT_"))}
    return subprocess.run(["khetbot", *args], cwd=cwd, env={**base, **(env or {})}, input=stdin,
                          capture_output=True, text=True, timeout=timeout)


def test_serve_refuses_to_start_without_the_channel_secret(tmp_path: Path) -> None:
    r = run(["serve", "--port", "1"], tmp_path)
    assert r.returncode == 2
    assert "LINE_CHANNEL_SECRET" in r.stderr


def test_serve_refuses_several_workers_without_redis(tmp_path: Path) -> None:
    env = {"LINE_CHANNEL_SECRET": "s", "DATABASE_URL": f"sqlite:///{tmp_path}/k.db"}
    r = run(["serve", "--port", "1", "--workers", "2"], tmp_path, env)
    assert r.returncode == 2
    assert "REDIS_URL" in r.stderr and "--workers 1" in r.stderr


def test_chat_answers_a_greeting_with_the_menu(tmp_path: Path) -> None:
    r = run(["chat"], tmp_path, stdin="สวัสดีครับ\n")
    assert r.returncode == 0, r.stderr
    assert "น้องเขตบอท" in r.stdout
    assert "[1]" in r.stdout and "แจ้งปัญหาเครือข่าย" in r.stdout


def test_users_add_registers_staff_and_rejects_bad_input(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/k.db"}
    assert run(["db", "upgrade"], tmp_path, env).returncode == 0
    ok = run(["users", "add", "U" + "a" * 32, "--role", "staff", "--name", "ครูสมศรี"], tmp_path, env)
    assert ok.returncode == 0, ok.stderr
    assert run(["users", "add", "U" + "b" * 32, "--role", "admin"], tmp_path, env).returncode == 2
    assert run(["users", "add", "not-a-line-id", "--role", "staff"], tmp_path, env).returncode == 2
    assert run(["users", "add", "U" + "c" * 32, "--role", "school", "--school", "0000"], tmp_path, env).returncode == 1
    with Session(create_engine(env["DATABASE_URL"])) as s:
        users = {u.line_user_id: (u.role, u.display_name) for u in s.scalars(select(User))}
    assert users == {"U" + "a" * 32: ("staff", "ครูสมศรี")}
    listed = run(["users", "list"], tmp_path, env)
    assert "U" + "a" * 32 in listed.stdout and "staff" in listed.stdout
    assert run(["users", "forget", "U" + "a" * 32, "--yes"], tmp_path, env).returncode == 0
    with Session(create_engine(env["DATABASE_URL"])) as s:
        remaining = {(u.line_user_id, u.display_name) for u in s.scalars(select(User))}
    assert ("U" + "a" * 32, "ครูสมศรี") not in remaining and all(name is None for _, name in remaining)


def test_users_forget_deletes_the_persons_photo_files_too(tmp_path: Path) -> None:
    from models.incident import Incident
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/k.db", "KHETBOT_DATA_DIR": str(tmp_path / "var")}
    assert run(["db", "upgrade"], tmp_path, env).returncode == 0
    public = tmp_path / "var" / "public"
    public.mkdir(parents=True)
    mine, theirs = public / "private-inc-mine.jpg", public / "private-inc-theirs.jpg"
    mine.write_bytes(b"jpeg")
    theirs.write_bytes(b"jpeg")
    with Session(create_engine(env["DATABASE_URL"])) as s:
        for n, (who, photo) in enumerate((("U" + "a" * 32, mine.name), ("U" + "b" * 32, theirs.name)), start=1):
            s.add(Incident(number=f"INC-2570-000{n}", fiscal_year=2570, seq=n, category="internet",
                           reporter_line_user_id=who, description="เน็ตล่ม", status="open",
                           photos=[{"name": photo, "url": f"https://khetbot.test/files/{photo}"}]))
        s.commit()
    r = run(["users", "forget", "U" + "a" * 32, "--yes"], tmp_path, env)
    assert r.returncode == 0, r.stderr
    assert "1 photos deleted" in r.stdout
    assert not mine.exists() and theirs.exists()  # only the forgotten person's photo goes
