"""Request recording and the option-driven faults, applied in front of every route."""

from __future__ import annotations

import asyncio
import json
import math
import time
from typing import Any
from urllib.parse import parse_qs

from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import BAD_GATEWAY_HTML, throttled
from .state import DemoState, RecordedRequest

WINDOW_SECONDS = 60.0


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw.strip() else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _every(n: int | None, count: int) -> bool:
    return bool(n) and count % n == 0  # type: ignore[operator]


class FaultMiddleware:
    def __init__(self, app: ASGIApp, state: DemoState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        raw = b"".join(chunks)
        state, options = self.state, self.state.options
        state.requests.append(RecordedRequest(scope["method"], scope["path"],
                                              parse_qs(scope["query_string"].decode(), keep_blank_values=True),
                                              _json_or_none(raw)))
        count = len(state.requests)
        if options.latency_ms:
            await asyncio.sleep(options.latency_ms / 1000)
        fault = self._fault(count)
        if fault is not None:
            await fault(scope, receive, send)
            return
        if _every(options.stall_every_n, count):
            await asyncio.sleep(options.stall_seconds)

        replayed = False

        async def replay() -> Message:
            # The body once, then the real channel (streaming responses wait on it for disconnects).
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": raw, "more_body": False}

        if _every(options.truncate_every_n, count):
            await self.app(scope, replay, _truncating(send))
        else:
            await self.app(scope, replay, send)

    def _fault(self, count: int) -> Response | None:
        options = self.state.options
        if options.throttle_per_minute is not None:
            now, recent = time.monotonic(), self.state.recent
            while recent and now - recent[0] >= WINDOW_SECONDS:
                recent.popleft()
            if len(recent) >= options.throttle_per_minute:
                # Throttled requests are not counted, as with DRF's throttles.
                return throttled(max(1, math.ceil(WINDOW_SECONDS - (now - recent[0]))))
            recent.append(now)
        failing = _every(options.fail_every_n, count) or (
            options.error_rate > 0 and self.state.fault_rng.random() < options.error_rate)
        return HTMLResponse(BAD_GATEWAY_HTML, status_code=502) if failing else None


def _truncating(send: Send) -> Send:
    """Buffer the response and send only the first half of its body (Content-Length adjusted)."""
    start: dict[str, Any] = {}
    body = bytearray()

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        body.extend(message.get("body", b""))
        if message.get("more_body"):
            return
        cut = bytes(body[: len(body) // 2])
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        await send({**start, "headers": [*headers, (b"content-length", str(len(cut)).encode())]})
        await send({"type": "http.response.body", "body": cut, "more_body": False})

    return wrapped
