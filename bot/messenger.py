"""The only code that calls LINE's Messaging API: retries, timeouts, retry keys, fallbacks."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass, replace
from typing import Any, Protocol

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from linebot.v3.messaging import (
    AsyncApiClient,
    AsyncMessagingApi,
    AsyncMessagingApiBlob,
    BroadcastRequest,
    Configuration,
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
)
from linebot.v3.messaging.exceptions import ApiException
from yarl import URL

from bot.settings import Settings

log = logging.getLogger(__name__)
QUOTA_WORDS = ("monthly limit", "quota")
UNSURE_SECONDS = 30.0  # how long after a try whose outcome is unknown LINE counts as unsure

# Defaults the SDK's pydantic models add when they re-serialise a request (to_dict, exclude_none):
# every send request gets notificationDisabled=false and every Flex image component size/animated.
# The fast path adds the same so the body stays what the SDK sends (tests/bot/test_messenger_wire.py).
_REQUEST_DEFAULTS: dict[str, Any] = {"notificationDisabled": False}
_FLEX_IMAGE_DEFAULTS: dict[str, Any] = {"size": "md", "animated": False}
_JSON = "application/json"


def _plain(obj: Any, flex: bool = False) -> Any:
    """A copy without None values; inside Flex contents, image components get the SDK's defaults."""
    if isinstance(obj, dict):
        out = {k: _plain(v, flex) for k, v in obj.items() if v is not None}
        if flex and out.get("type") == "image":
            for key, value in _FLEX_IMAGE_DEFAULTS.items():
                out.setdefault(key, value)
        return out
    if isinstance(obj, list):
        return [_plain(v, flex) for v in obj]
    return obj


def wire_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """LINE message JSON as the SDK's models would serialise it (without building the models)."""
    return [{k: _plain(v, flex=(k == "contents" and m.get("type") == "flex")) for k, v in m.items() if v is not None}
            for m in messages]


def wire_body(body: dict[str, Any]) -> dict[str, Any]:
    """A send request's JSON body as the SDK sends it: messages normalised, request defaults added."""
    out = {k: (wire_messages(v) if k == "messages" else v) for k, v in body.items() if v is not None}
    for key, value in _REQUEST_DEFAULTS.items():
        out.setdefault(key, value)
    return out


def env_proxy(base_url: str) -> str | None:
    """The proxy the environment names for this API host (HTTP(S)_PROXY, NO_PROXY; credentials from
    the proxy URL or netrc kept in it, where aiohttp turns them into Proxy-Authorization)."""
    try:
        proxy, auth = get_env_proxy_for_url(URL(base_url))
    except LookupError:
        return None
    if auth is not None:
        proxy = proxy.with_user(auth.login).with_password(auth.password)
    return str(proxy)


def api_client(base_url: str, access_token: str) -> AsyncApiClient:
    """The SDK's async client for one LINE host, with the environment's proxy looked up once.

    The SDK opens its aiohttp session with trust_env=True, which makes every request read the
    environment's proxies and ~/.netrc again, each in a thread-pool hop: ~12 % of the server's CPU
    under load. The host is fixed, so the answer is fixed: it is looked up here and given to the
    SDK's own `proxy` setting. (netrc is not needed for the API itself: its Bearer header would
    conflict with netrc credentials anyway.)
    """
    conf = Configuration(host=base_url.rstrip("/"), access_token=access_token)
    conf.proxy = env_proxy(base_url)
    client = AsyncApiClient(conf)
    session = getattr(getattr(client, "rest_client", None), "pool_manager", None)
    if isinstance(session, aiohttp.ClientSession) and hasattr(session, "_trust_env"):
        session._trust_env = False  # no public setter; tests/bot/test_messenger_proxy.py covers both ways
    return client


@dataclass(frozen=True)
class SendResult:
    """How a send ended."""

    ok: bool
    status: int = 0
    error: str = ""
    retryable: bool = False  # worth trying again later (LINE down, rate limited, timeout)
    invalid_token: bool = False  # the reply token was dead: push instead
    retry_after: float | None = None
    ambiguous: bool = False  # failed, but a try may have reached LINE (a timeout, a 5xx): outcome unknown


class Messenger(Protocol):
    """What the runtime needs from LINE (a terminal messenger implements it for `khetbot chat`)."""

    unsure_until: float  # monotonic; until then LINE has recently left a try's outcome unknown

    async def reply(self, reply_token: str, messages: list[dict[str, Any]],
                    deadline: float | None = None) -> SendResult: ...
    async def push(self, to: str, messages: list[dict[str, Any]], retry_key: str) -> SendResult: ...
    async def multicast(self, to: list[str], messages: list[dict[str, Any]], retry_key: str) -> SendResult: ...
    async def broadcast(self, messages: list[dict[str, Any]], retry_key: str) -> SendResult: ...
    async def profile(self, user_id: str) -> dict[str, Any] | None: ...
    async def loading(self, chat_id: str, seconds: int = 20) -> None: ...
    async def content(self, message_id: str) -> tuple[bytes, str] | None: ...
    async def close(self) -> None: ...


def _header(exc: ApiException, name: str) -> str | None:
    headers = exc.headers
    if not headers:
        return None
    try:
        value = headers.get(name) or headers.get(name.lower())
    except AttributeError:
        value = dict(headers).get(name)
    return str(value) if value is not None else None


def _body(exc: ApiException) -> str:
    body = exc.body
    if isinstance(body, bytes | bytearray):
        return body.decode("utf-8", "replace")[:400]
    return str(body or exc.reason or "")[:400]


class LineMessenger:
    """Async Messaging API client, created inside the app's lifespan (not at import)."""

    def __init__(self, settings: Settings, *, sdk_models: bool | None = None) -> None:
        self.settings = settings
        # sdk_models: send through the SDK's pydantic request models (slow; validates every message).
        # Off by default: the hot path posts the already-built JSON through the same AsyncApiClient.
        self.sdk_models = settings.line_sdk_models if sdk_models is None else sdk_models
        self._timeout = settings.line_timeout_seconds
        self._client = api_client(settings.line_api_base_url, settings.access_token())
        self._blob_client = api_client(settings.line_data_api_base_url, settings.access_token())
        self.api = AsyncMessagingApi(self._client)
        self.blob = AsyncMessagingApiBlob(self._blob_client)
        self.calls = 0  # API calls made (benchmarks read it)
        self.unsure_until = 0.0  # see Messenger; set by any try that times out or gets a 5xx

    async def close(self) -> None:
        """Close the HTTP sessions."""
        await self._client.close()
        await self._blob_client.close()

    async def _call(self, what: str, fn: Any, *, accept_409: bool = False,
                    deadline: float | None = None) -> SendResult:
        """Run fn() with timeouts and backoff on 5xx/429/network errors; no try starts after
        `deadline` (monotonic), and none is allowed to run past it."""
        attempts = max(1, self.settings.line_max_attempts)
        last = SendResult(ok=False, error="not attempted: no time left", retryable=True)
        ambiguous = False  # an earlier try may have reached LINE (timeout, connection lost, 5xx)
        for attempt in range(attempts):
            delay = self.settings.line_backoff_seconds * (2 ** attempt) * (0.8 + 0.4 * random.random())
            limit = self._timeout + 1
            if deadline is not None:
                limit = min(limit, deadline - time.monotonic())
                if limit <= 0:
                    break
            try:
                self.calls += 1
                await asyncio.wait_for(fn(), timeout=limit)
                self.unsure_until = 0.0
                return SendResult(ok=True, status=200)
            except ApiException as exc:
                status = int(exc.status or 0)
                body = _body(exc)
                if status == 409 and accept_409:  # the retry key was accepted before: already sent
                    return SendResult(ok=True, status=409)
                if status == 400 and "reply token" in body.lower():
                    if ambiguous:  # our own timed-out try used the token: LINE took that reply
                        return SendResult(ok=True, status=400)
                    return SendResult(ok=False, status=400, error=body, invalid_token=True)
                if status == 429 and any(w in body.lower() for w in QUOTA_WORDS):
                    log.error("LINE %s refused: monthly message quota used up", what)
                    return SendResult(ok=False, status=429, error=body)
                if status == 429 or status >= 500:
                    if status >= 500:  # LINE may have acted before failing
                        ambiguous = True
                        self._unsure()
                    ra = _header(exc, "Retry-After")
                    retry_after = float(ra) if ra and ra.replace(".", "", 1).isdigit() else None
                    if retry_after is not None:
                        delay = min(retry_after, self.settings.line_max_retry_after_seconds)
                    last = SendResult(ok=False, status=status, error=body, retryable=True, retry_after=retry_after)
                else:
                    log.warning("LINE %s failed %s: %s", what, status, body)
                    return SendResult(ok=False, status=status, error=body)
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                ambiguous = True
                self._unsure()
                last = SendResult(ok=False, status=0, error=f"{type(exc).__name__}: {exc}"[:300], retryable=True)
            if attempt + 1 < attempts and (deadline is None or time.monotonic() + delay < deadline):
                log.info("LINE %s: retrying in %.2fs after %s", what, delay, last.status or last.error)
                await asyncio.sleep(delay)
            else:
                break
        return replace(last, ambiguous=True) if ambiguous else last

    def _unsure(self) -> None:
        if time.monotonic() >= self.unsure_until:
            log.warning("LINE left a send's outcome unknown; answers go by push (retry key) for a while")
        self.unsure_until = time.monotonic() + UNSURE_SECONDS

    def _post(self, path: str, body: dict[str, Any], retry_key: str | None = None) -> Any:
        """POST a JSON body through the SDK's AsyncApiClient.call_api, as its *_with_http_info do.

        Same client (host, auth, User-Agent, session), headers and timeout; the response body is not
        turned into a model (the send methods ignore it). HTTP errors raise the SDK's ApiException.
        """
        headers = {"X-Line-Retry-Key": retry_key} if retry_key else {}
        headers["Accept"] = _JSON
        headers["Content-Type"] = _JSON
        return self._client.call_api(
            path, "POST", {}, [], headers, body=wire_body(body), post_params=[], files={},
            response_types_map={}, auth_settings=["Bearer"], _return_http_data_only=True,
            _preload_content=True, _request_timeout=self._timeout, collection_formats={})

    async def reply(self, reply_token: str, messages: list[dict[str, Any]],
                    deadline: float | None = None) -> SendResult:
        """Answer with the (free) reply token, retrying until `deadline` (monotonic) at the latest."""
        body = {"replyToken": reply_token, "messages": messages}
        if self.sdk_models:
            req = ReplyMessageRequest.from_dict(body)
            return await self._call("reply", lambda: self.api.reply_message(req, _request_timeout=self._timeout),
                                    deadline=deadline)
        return await self._call("reply", lambda: self._post("/v2/bot/message/reply", body), deadline=deadline)

    async def push(self, to: str, messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        """Push to one chat (counted against the monthly quota), idempotent by retry key."""
        return await self._keyed("push", {"to": to, "messages": messages}, retry_key,
                                 PushMessageRequest, self.api.push_message)

    async def multicast(self, to: list[str], messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        """Send to ≤500 users in one call, idempotent by retry key."""
        return await self._keyed("multicast", {"to": to, "messages": messages}, retry_key,
                                 MulticastRequest, self.api.multicast)

    async def broadcast(self, messages: list[dict[str, Any]], retry_key: str) -> SendResult:
        """Send to every follower, idempotent by retry key."""
        return await self._keyed("broadcast", {"messages": messages}, retry_key,
                                 BroadcastRequest, self.api.broadcast)

    async def _keyed(self, what: str, body: dict[str, Any], retry_key: str, model: Any, sdk_call: Any) -> SendResult:
        """POST /v2/bot/message/<what> with X-Line-Retry-Key (409: LINE already has it, counted as sent)."""
        if self.sdk_models:
            req = model.from_dict(body)
            return await self._call(what, lambda: sdk_call(req, x_line_retry_key=retry_key,
                                                           _request_timeout=self._timeout), accept_409=True)
        return await self._call(what, lambda: self._post(f"/v2/bot/message/{what}", body, retry_key),
                                accept_409=True)

    async def profile(self, user_id: str) -> dict[str, Any] | None:
        """The user's display name and language, or None when LINE does not say."""
        try:
            self.calls += 1
            p = await asyncio.wait_for(self.api.get_profile(user_id, _request_timeout=self._timeout),
                                       timeout=self._timeout + 1)
        except (ApiException, TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
            log.info("profile of a user not available: %s", type(exc).__name__)
            return None
        return {"display_name": p.display_name, "language": getattr(p, "language", None)}

    async def loading(self, chat_id: str, seconds: int = 20) -> None:
        """Show the typing animation in a one-to-one chat (best effort)."""
        try:
            req = ShowLoadingAnimationRequest(chatId=chat_id, loadingSeconds=seconds)
            self.calls += 1
            await asyncio.wait_for(self.api.show_loading_animation(req, _request_timeout=3), timeout=4)
        except (ApiException, TimeoutError, aiohttp.ClientError, OSError, ValueError):
            pass

    async def content(self, message_id: str) -> tuple[bytes, str] | None:
        """Download an image/file a user sent (bytes, content type)."""
        try:
            self.calls += 1
            resp = await asyncio.wait_for(self.blob.get_message_content_with_http_info(
                message_id, _request_timeout=self._timeout), timeout=self._timeout + 1)
        except (ApiException, TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
            log.warning("content download failed: %s", type(exc).__name__)
            return None
        headers = resp.headers or {}
        ctype = str(headers.get("Content-Type") or headers.get("content-type") or "application/octet-stream")
        return bytes(resp.data or b""), ctype
