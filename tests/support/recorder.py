"""A tiny HTTP server on loopback that records every POST and answers it: a LINE API stand-in for
tests of the messenger's wire format, proxies and error handling."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[str], tuple[int, bytes]]  # request target -> (status, JSON body)


@dataclass(frozen=True)
class Recorded:
    """One request as it arrived: its target (a path, or a whole URL when sent to a proxy)."""

    target: str
    headers: Message
    raw: bytes

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.raw)


class RecordingServer:
    """Records POSTs and answers each with `answer(target)` (200 and {} by default)."""

    def __init__(self, answer: Answer = lambda target: (200, b"{}")) -> None:
        self.requests: list[Recorded] = []
        rec = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                rec.requests.append(Recorded(self.path, self.headers, raw))
                status, out = answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *a: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()
