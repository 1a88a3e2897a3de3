"""(Copied from ../shared/eval/fake_line.py, with reset of used tokens.) A stand-in for the LINE Messaging API (api.line.me and api-data.line.me) on loopback.

It records every request, checks the bearer token and the message objects the way the
platform does (1-5 messages, text <= 5000 chars, altText <= 1500, quick reply <= 13 items,
multicast <= 500 recipients, one use per reply token, and the whole body against
line-bot-sdk's request models, which are generated from LINE's OpenAPI spec), and can be
told to fail.

Control endpoints (no auth):
  GET  /_fake/requests?since=N   -> {"requests":[...], "next": M}
  POST /_fake/faults             body {"path": "/v2/bot/message/reply", "status": 500, "count": 3, "retry_after": 1}
                                 or {"path": ..., "count": 2, "delay": 2.0}: handled as usual (a reply is
                                 delivered, its token spent) but answered only after `delay` seconds
  POST /_fake/reset
Run: python fake_line.py PORT TOKEN
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

try:  # LINE's own request models (generated from its OpenAPI spec) judge the bodies
    from linebot.v3 import messaging as _sdk
    SDK_MODELS = {"reply": _sdk.ReplyMessageRequest, "push": _sdk.PushMessageRequest,
                  "multicast": _sdk.MulticastRequest, "broadcast": _sdk.BroadcastRequest,
                  "narrowcast": _sdk.NarrowcastRequest}
except ImportError:  # pragma: no cover
    SDK_MODELS = {}

LOCK = threading.Lock()
REQUESTS: list[dict] = []
FAULTS: list[dict] = []
USED_REPLY_TOKENS: set[str] = set()
TOKEN = "test-access-token"
PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def message_errors(messages) -> list[str]:
    errs = []
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        return ["messages must be a list of 1 to 5 items"]
    for i, m in enumerate(messages):
        t = m.get("type") if isinstance(m, dict) else None
        if t not in {"text", "textV2", "sticker", "image", "video", "audio", "location",
                     "imagemap", "template", "flex"}:
            errs.append(f"messages[{i}].type invalid: {t!r}")
            continue
        if t in ("text", "textV2"):
            txt = m.get("text")
            if not isinstance(txt, str) or not txt or len(txt) > 5000:
                errs.append(f"messages[{i}].text must be 1..5000 chars")
        if t in ("flex", "template", "imagemap"):
            alt = m.get("altText")
            if not isinstance(alt, str) or not alt or len(alt) > 1500:
                errs.append(f"messages[{i}].altText must be 1..1500 chars")
        if t == "flex":
            c = m.get("contents")
            if not isinstance(c, dict) or c.get("type") not in ("bubble", "carousel"):
                errs.append(f"messages[{i}].contents must be a bubble or carousel")
            elif c.get("type") == "carousel" and not 1 <= len(c.get("contents", [])) <= 12:
                errs.append(f"messages[{i}].contents carousel must hold 1..12 bubbles")
            if len(json.dumps(m, ensure_ascii=False).encode()) > 50_000:
                errs.append(f"messages[{i}] flex too large")
        if t == "image":
            for k in ("originalContentUrl", "previewImageUrl"):
                u = m.get(k, "")
                if not isinstance(u, str) or not u.startswith("https://"):
                    errs.append(f"messages[{i}].{k} must be an https URL")
        qr = m.get("quickReply")
        if qr is not None:
            items = qr.get("items") if isinstance(qr, dict) else None
            if not isinstance(items, list) or not 1 <= len(items) <= 13:
                errs.append(f"messages[{i}].quickReply.items must hold 1..13 items")
            else:
                for j, it in enumerate(items):
                    lab = (it.get("action") or {}).get("label", "")
                    if not lab or len(lab) > 20:
                        errs.append(f"messages[{i}].quickReply.items[{j}].action.label must be 1..20 chars")
    return errs


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def _send(self, status, obj=None, raw=None, ctype="application/json", headers=None):
        body = raw if raw is not None else json.dumps(obj if obj is not None else {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-line-request-id", f"req-{time.time_ns()}")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _control(self, method, path, raw):
        global REQUESTS
        u = urlparse(self.path)
        if method == "GET" and u.path == "/_fake/requests":
            since = int(parse_qs(u.query).get("since", ["0"])[0])
            with LOCK:
                return self._send(200, {"requests": REQUESTS[since:], "next": len(REQUESTS)})
        if method == "POST" and u.path == "/_fake/faults":
            with LOCK:
                FAULTS.append(json.loads(raw or b"{}"))
            return self._send(200, {})
        if method == "POST" and u.path == "/_fake/reset":
            with LOCK:
                REQUESTS = []
                FAULTS.clear()
                USED_REPLY_TOKENS.clear()
            return self._send(200, {})
        return self._send(404, {"message": "Not found"})

    def _handle(self, method):
        raw = self._body()
        path = urlparse(self.path).path
        if path.startswith("/_fake/"):
            return self._control(method, path, raw)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        rec = {"t": time.time(), "method": method, "path": path, "body": body,
               "retry_key": self.headers.get("X-Line-Retry-Key"), "status": None}
        with LOCK:
            REQUESTS.append(rec)
            fault = next((f for f in FAULTS if path.startswith(f.get("path", "")) and f.get("count", 0) > 0), None)
            if fault:
                fault["count"] -= 1
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            rec["status"] = 401
            return self._send(401, {"message": "Authentication failed. Confirm that the access token in the authorization header is valid."})
        if fault and fault.get("delay"):  # LINE acts on the request, then answers too late
            status, obj, rawout, ctype = self._route(method, path, body)
            rec["status"] = status
            time.sleep(float(fault["delay"]))
            try:
                return self._send(status, obj, raw=rawout, ctype=ctype)
            except OSError:  # the caller gave up waiting
                return None
        if fault:
            rec["status"] = fault.get("status", 500)
            hdrs = {"Retry-After": str(fault["retry_after"])} if fault.get("retry_after") else None
            return self._send(rec["status"], {"message": "injected fault"}, headers=hdrs)
        status, obj, rawout, ctype = self._route(method, path, body)
        rec["status"] = status
        return self._send(status, obj, raw=rawout, ctype=ctype)

    def _route(self, method, path, body):
        J = "application/json"
        if method == "POST" and path.startswith("/v2/bot/message/"):
            kind = path.rsplit("/", 1)[-1]
            if not isinstance(body, dict):
                return 400, {"message": "The request body has 1 error(s)"}, None, J
            errs = message_errors(body.get("messages"))
            model = SDK_MODELS.get(kind)
            if model is not None and not errs:
                try:
                    model.from_dict(body)
                except Exception as e:  # the SDK's schema says no
                    errs.append(f"schema: {str(e)[:300]}")
            if kind == "reply":
                tok = body.get("replyToken")
                with LOCK:
                    reused = tok in USED_REPLY_TOKENS
                    USED_REPLY_TOKENS.add(tok)
                if not tok or reused:
                    return 400, {"message": "Invalid reply token"}, None, J
            elif kind == "push":
                if not isinstance(body.get("to"), str):
                    errs.append("to must be an ID")
            elif kind == "multicast":
                to = body.get("to")
                if not isinstance(to, list) or not 1 <= len(to) <= 500:
                    errs.append("to must hold 1..500 IDs")
            elif kind not in ("broadcast", "narrowcast"):
                return 404, {"message": "Not found"}, None, J
            if errs:
                return 400, {"message": f"The request body has {len(errs)} error(s)", "details": [{"message": e} for e in errs]}, None, J
            if kind in ("reply", "push"):
                return 200, {"sentMessages": [{"id": str(time.time_ns()), "quoteToken": "q"} for _ in body["messages"]]}, None, J
            return 200, {}, None, J
        if method == "GET" and path.startswith("/v2/bot/profile/"):
            uid = path.rsplit("/", 1)[-1]
            return 200, {"userId": uid, "displayName": f"ครูทดสอบ {uid[-4:]}", "language": "th"}, None, J
        if method == "POST" and path == "/v2/bot/chat/loading/start":
            return 202, {}, None, J
        if method == "GET" and path.startswith("/v2/bot/message/") and path.endswith("/content"):
            return 200, None, PNG_1x1, "image/png"
        if method == "GET" and path == "/v2/bot/info":
            return 200, {"userId": "Ubot", "basicId": "@khetbot", "displayName": "khetbot", "chatMode": "bot", "markAsReadMode": "auto"}, None, J
        if path.startswith("/v2/bot/richmenu") or path.startswith("/v2/bot/user/all/richmenu"):
            return 200, {"richMenuId": "richmenu-fake"}, None, J
        if method == "GET" and path.startswith("/v2/bot/group/"):
            return 200, {"displayName": "สมาชิกกลุ่ม", "userId": path.rsplit("/", 1)[-1]}, None, J
        return 404, {"message": "Not found"}, None, J

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_DELETE(self):
        self._handle("DELETE")


def serve(port: int, token: str) -> ThreadingHTTPServer:
    global TOKEN
    TOKEN = token
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else TOKEN)
    while True:
        time.sleep(3600)
