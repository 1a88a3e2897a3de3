"""The fake LINE API (tests/support/fake_line.py) as a fixture-friendly object."""

from __future__ import annotations

import json
import socket
import urllib.request
from typing import Any

from tests.support import fake_line


def free_port() -> int:
    """An unused loopback TCP port."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


class FakeLine:
    """A running fake LINE Messaging API on loopback."""

    def __init__(self, token: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = fake_line.serve(self.port, token)

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read() or b"{}")

    def reset(self) -> None:
        """Forget requests, faults and used reply tokens."""
        self._call("POST", "/_fake/reset", {})

    def requests(self, path_suffix: str | None = None) -> list[dict[str, Any]]:
        """Every request the bot made (optionally only to paths ending with a suffix)."""
        reqs: list[dict[str, Any]] = self._call("GET", "/_fake/requests?since=0")["requests"]
        return [r for r in reqs if path_suffix is None or r["path"].endswith(path_suffix)]

    def fault(self, path: str, status: int, count: int, retry_after: int | None = None,
              delay: float | None = None) -> None:
        """Make the next `count` calls to `path` fail with `status`; with `delay`, LINE instead acts on
        them as usual (a reply is delivered) but answers only after `delay` seconds (a timeout)."""
        body: dict[str, Any] = {"path": path, "status": status, "count": count}
        if retry_after is not None:
            body["retry_after"] = retry_after
        if delay is not None:
            body["delay"] = delay
        self._call("POST", "/_fake/faults", body)

    def use_reply_token(self, token: str) -> None:
        """Spend a reply token, as if it had expired."""
        data = json.dumps({"replyToken": token, "messages": [{"type": "text", "text": "x"}]}).encode()
        req = urllib.request.Request(self.url + "/v2/bot/message/reply", data=data, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {fake_line.TOKEN}"})
        with urllib.request.urlopen(req, timeout=5) as r:
            r.read()

    def delivered(self) -> list[dict[str, Any]]:
        """Successful reply/push/multicast requests."""
        return [r for r in self.requests() if r["status"] == 200 and r["path"].startswith("/v2/bot/message/")]

    def texts_to(self, user: str) -> list[str]:
        """Texts a user received (reply bodies are matched by the caller's token; push by `to`)."""
        out: list[str] = []
        for r in self.delivered():
            body = r.get("body") or {}
            if body.get("to") == user or (isinstance(body.get("to"), list) and user in body["to"]):
                out += [m.get("text") or m.get("altText") or "" for m in body.get("messages", [])]
        return out

    def stop(self) -> None:
        """Shut the server down."""
        self.server.shutdown()
