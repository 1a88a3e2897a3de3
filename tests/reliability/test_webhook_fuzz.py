"""Property tests of POST /callback: random bodies, signatures and event shapes never get a 5xx.

- Without a valid signature: 400, nothing stored, nothing sent (whatever the body).
- With a valid signature: 200 or 400 (never 5xx); every stored event ends `done` (no handler
  crash, no endless retry) and nothing is left pending or processing.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.chat_session import sign
from tests.reliability.conftest import App

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

json_scalars = (st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1)
                | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
thai = st.text(alphabet=st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F), max_size=40)
weird_text = st.one_of(st.text(max_size=200), thai, st.text(alphabet="\x00\u200b\u200d\ufeff\u0e31\u0e48 a",
                                                                max_size=30), st.just("x" * 6000))
user_ids = st.one_of(st.just("U" + "c" * 32), st.text(max_size=80), st.integers(), st.none(), st.just(""))
maybe = lambda s: st.one_of(s, json_values)  # noqa: E731 - either the right shape or anything


def source() -> st.SearchStrategy[Any]:
    return maybe(st.fixed_dictionaries({"type": st.sampled_from(["user", "group", "room", "x"]),
                                        "userId": user_ids},
                                       optional={"groupId": maybe(st.text(max_size=40)),
                                                 "roomId": maybe(st.text(max_size=40))}))


def message() -> st.SearchStrategy[Any]:
    return maybe(st.fixed_dictionaries(
        {"type": st.sampled_from(["text", "image", "sticker", "location", "file", "video", "audio", "newKind"]),
         "id": maybe(st.text(max_size=20))},
        optional={"text": maybe(weird_text),
                  "mention": maybe(st.fixed_dictionaries({"mentionees": maybe(st.lists(maybe(
                      st.fixed_dictionaries({"index": maybe(st.integers(-5, 50)), "length": maybe(st.integers(-5, 50)),
                                             "isSelf": maybe(st.booleans())})), max_size=3))})),
                  "quoteToken": maybe(st.text(max_size=10))}))


def event() -> st.SearchStrategy[Any]:
    return maybe(st.fixed_dictionaries(
        {"type": maybe(st.sampled_from(["message", "postback", "follow", "unfollow", "join", "leave",
                                        "memberJoined", "beacon", "accountLink", "things", "somethingNew"]))},
        optional={"webhookEventId": maybe(st.text(max_size=80)),
                  "timestamp": maybe(st.one_of(st.integers(-2**63, 2**63 - 1),
                                               st.floats(allow_nan=False, allow_infinity=False))),
                  "source": source(), "message": message(),
                  "replyToken": maybe(st.text(max_size=200)),
                  "postback": maybe(st.fixed_dictionaries({"data": maybe(st.text(max_size=400))},
                                                          optional={"params": json_values})),
                  "deliveryContext": maybe(st.fixed_dictionaries({"isRedelivery": maybe(st.booleans())})),
                  "mode": maybe(st.sampled_from(["active", "standby"]))}))


def bodies() -> st.SearchStrategy[Any]:
    return maybe(st.fixed_dictionaries({"events": maybe(st.lists(event(), max_size=4))},
                                       optional={"destination": maybe(st.text(max_size=100))}))


@FUZZ
@given(body=st.binary(max_size=2000), signature=st.one_of(
    st.none(), st.text(st.characters(min_codepoint=0x20, blacklist_categories=("Cs",)), max_size=60),
    st.binary(min_size=32, max_size=32).map(lambda b: base64.b64encode(b).decode())))
def test_any_body_without_a_valid_signature_is_refused_and_nothing_is_stored(app: App, body: bytes,
                                                                              signature: str | None) -> None:
    before = app.counts()
    sent = len(app.session.messenger.sent)
    headers: dict[str, Any] = {}
    if signature is not None and not signature.isascii():
        headers, signature = {"X-Line-Signature": signature.encode("utf-8")}, None
    resp = app.post(body, signature, headers)
    assert resp.status_code == 400, resp.text
    app.settle()
    assert app.counts() == before
    assert len(app.session.messenger.sent) == sent


@FUZZ
@given(payload=bodies())
@example(payload={"events": [{"type": "message", "source": {"type": "user", "userId": -2**63 - 1}}]})
def test_any_signed_json_gets_200_or_400_and_every_stored_event_is_finished(app: App, payload: Any) -> None:
    body = json.dumps(payload).encode()  # the stdlib: integers of any size, as another sender might write them
    resp = app.post(body, sign(app.settings.secret_bytes(), body))
    assert resp.status_code in (200, 400), (resp.status_code, resp.text)
    app.settle()
    statuses = app.statuses()
    assert set(statuses) <= {"done"}, (statuses, payload)


@FUZZ
@given(raw=st.binary(max_size=500) | st.text(max_size=300).map(str.encode))
def test_any_signed_garbage_gets_400_never_5xx(app: App, raw: bytes) -> None:
    resp = app.post(raw, sign(app.settings.secret_bytes(), raw))
    assert resp.status_code in (200, 400), (resp.status_code, raw)


def test_signed_but_odd_json_documents(app: App) -> None:
    """Edge documents a fuzzer rarely builds."""
    docs: list[bytes] = [
        b'{"events": []}', b'{"events": null}', b"[]", b'"events"', b"null", b"1e999",
        b'{"events": [{"type": "message", "timestamp": 1e300}]}',
        b'{"events": [{"type": "message", "timestamp": -1e20, "webhookEventId": "TS1"}]}',
        b'{"events": [{"type": "message", "timestamp": 99999999999999999, "webhookEventId": "TS2"}]}',
        b'{"events": [{"type": "message", "timestamp": 123456789012345678901234567890}]}',
        b'{"events": [{"type": "message", "source": "Uabc", "message": "hello", "webhookEventId": "S1"}]}',
        b'{"events": [{"type": "postback", "postback": "a=b", "source": [], "webhookEventId": "S2"}]}',
        b'{"events": [{"type": "message", "deliveryContext": 1, "webhookEventId": "S3"}]}',
        json.dumps({"events": [{"type": "message", "webhookEventId": "S4", "replyToken": "r",
                                "source": {"type": "user", "userId": "U" + "d" * 32},
                                "message": {"type": "text", "id": "1", "text": "สวัสดี\x00\x00ค่ะ"}}]}).encode(),
        json.dumps({"events": [{"type": "message", "webhookEventId": "S5", "replyToken": "r",
                                "source": {"type": "user", "userId": "U" + "e" * 200},
                                "message": {"type": "text", "id": "1", "text": "สวัสดี"}}]}).encode(),
        json.dumps({"events": [{"type": "message", "webhookEventId": "S6", "replyToken": "r",
                                "source": {"type": "group", "groupId": "C" + "1" * 300, "userId": "U" + "f" * 32},
                                "message": {"type": "text", "id": "1", "text": "บอท สวัสดี",
                                            "mention": {"mentionees": [{"index": "x", "length": None}]}}}]}).encode(),
        b'{"events": [{"type": "message", "webhookEventId": "S7", "source": {"type": "user", "userId": "U1"},'
        b' "message": {"type": "text", "text": "\\ud800"}}]}',
        json.dumps({"destination": "x" * 10_000, "events": [{"type": "follow", "webhookEventId": "S8"}]}).encode(),
    ]
    for raw in docs:
        resp = app.post(raw, sign(app.settings.secret_bytes(), raw))
        assert resp.status_code in (200, 400), (resp.status_code, raw[:120])
    app.settle()
    assert set(app.statuses()) <= {"done"}, app.statuses()
