"""`khetbot serve --workers 2` on an empty PostgreSQL database: both workers start and the service stays up.

Found by the LINE-fault soak: both workers loaded the sample data at once, one failed its startup on a
unique key, and uvicorn then stopped the whole service.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.support.http import post_events, serve_env
from tests.support.line import FakeLine
from tests.support.server import ServerProcess

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_two_workers_start_on_an_empty_database(settings: Settings, fake_line: FakeLine, tmp_path: Path) -> None:
    from bot.chat_session import text_event
    server = ServerProcess(tmp_path, serve_env(settings, fake_line.url), workers=2)
    server.start(timeout=120)
    try:
        end = time.time() + 90  # wait for both workers (or for the parent to give up)
        while time.time() < end and server.log_path.read_text().count("Application startup complete") < 2:
            assert server.proc is not None and server.proc.poll() is None, server.log_path.read_text()[-3000:]
            time.sleep(0.5)
        time.sleep(2)  # a worker that failed its startup makes uvicorn stop the parent shortly after
        assert server.proc is not None and server.proc.poll() is None, server.log_path.read_text()[-3000:]
        log = server.log_path.read_text()
        assert "failed to start" not in log and "Application startup failed" not in log, log[-3000:]
        assert log.count("Application startup complete") >= 2
        secret = settings.line_channel_secret.get_secret_value()  # type: ignore[union-attr]
        assert post_events(server.url, secret, [text_event("U" + "4" * 32, "สวัสดีครับ")]) == 200
    finally:
        server.stop()
