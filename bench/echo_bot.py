"""The plain SDK-shaped echo bot: the yardstick khetbot is measured against.

This is line-bot-sdk v3's FastAPI echo example, as people write it: `WebhookParser` checks the
signature and parses the events, and an `AsyncMessagingApi` (client created in the lifespan)
replies with the same text before the webhook answers 200. No database, no queue, no retries.

    LINE_CHANNEL_SECRET=… LINE_CHANNEL_ACCESS_TOKEN=… LINE_API_BASE_URL=http://127.0.0.1:9999 \
        python -m uvicorn bench.echo_bot:app --workers 1 --port 8001 --no-access-log

(run from the repository root; `bench/run_all.py` does this for you).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhooks import MessageEvent, TextMessageContent

parser = WebhookParser(os.environ["LINE_CHANNEL_SECRET"])
configuration = Configuration(host=os.environ.get("LINE_API_BASE_URL", "https://api.line.me"),
                              access_token=os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", ""))
state: dict[str, AsyncMessagingApi] = {}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The async API client lives as long as the app."""
    client = AsyncApiClient(configuration)
    state["api"] = AsyncMessagingApi(client)
    try:
        yield
    finally:
        await client.close()


app = FastAPI(lifespan=lifespan)


@app.post("/callback")
async def handle_callback(request: Request) -> str:
    """Verify, parse, reply with the same text."""
    signature = request.headers.get("X-Line-Signature", "")
    body = (await request.body()).decode()
    try:
        events = parser.parse(body, signature)
    except InvalidSignatureError as exc:
        raise HTTPException(status_code=400, detail="Invalid signature") from exc
    api = state["api"]
    for event in events:
        if not isinstance(event, MessageEvent) or not isinstance(event.message, TextMessageContent):
            continue
        await api.reply_message(ReplyMessageRequest(reply_token=event.reply_token,
                                                    messages=[TextMessage(text=event.message.text)]))
    return "OK"


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    """For the benchmark's start-up probe."""
    return {"status": "ok"}
