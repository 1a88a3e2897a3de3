"""An HTTP proxy in front of the fake LINE API that fails on a schedule: 500s, 429s with Retry-After,
or hangs (the caller times out). Time-based, unlike the fake's count-based faults."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.line import free_port


class ChaosProxy:
    """mode: "ok" (forward), "500", "429" (Retry-After: retry_after), "hang" (hold the request hang_s,
    never forwarded), "late" (forwarded, so LINE acts on it, then answered only after hang_s)."""

    def __init__(self, upstream: str, hang_s: float = 15.0, retry_after: int = 2) -> None:
        self.upstream = upstream.rstrip("/")
        self.mode = "ok"
        self.hang_s = hang_s
        self.retry_after = retry_after
        self.seen: Counter[str] = Counter()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: object) -> None:
                pass

            def _reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def _handle(self, method: str) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else None
                mode = proxy.mode
                proxy.seen[mode] += 1
                if mode == "500":
                    return self._reply(500, b'{"message":"chaos: internal error"}')
                if mode == "429":
                    return self._reply(429, b'{"message":"chaos: too many requests"}',
                                       {"Retry-After": str(proxy.retry_after)})
                if mode == "hang":
                    time.sleep(proxy.hang_s)
                    self.close_connection = True
                    return None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                req = urllib.request.Request(proxy.upstream + self.path, data=raw, method=method, headers=headers)
                try:
                    with urllib.request.urlopen(req, timeout=30) as r:
                        body, status = r.read(), r.status
                        ctype = r.headers.get("Content-Type", "application/json")
                except urllib.error.HTTPError as e:
                    body, status, ctype = e.read(), e.code, "application/json"
                if mode == "late":  # LINE has acted on it; the caller times out before hearing so
                    time.sleep(proxy.hang_s)
                    self.close_connection = True
                    return None
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return None

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def do_DELETE(self) -> None:
                self._handle("DELETE")

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
