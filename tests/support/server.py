"""Run the real `khetbot serve` as a subprocess (for crash/kill tests) beside the fake LINE."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.support.line import free_port


class ServerProcess:
    """`khetbot serve` in its own process, with its log in the work folder."""

    def __init__(self, workdir: Path, env: dict[str, str], workers: int = 1) -> None:
        self.workdir = workdir
        self.env = {**os.environ, **env}
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / "serve.log"

    def start(self, timeout: float = 60.0) -> None:
        """Start and wait for /healthz."""
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child writes to it
        self.proc = subprocess.Popen(
            ["khetbot", "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers)],
            cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("khetbot serve exited:\n" + self.log_path.read_text()[-3000:])
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("khetbot serve did not become healthy:\n" + self.log_path.read_text()[-3000:])

    def kill(self) -> None:
        """SIGKILL the whole process group (uvicorn and its workers), as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        """Graceful stop (SIGTERM), then kill if it hangs."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
