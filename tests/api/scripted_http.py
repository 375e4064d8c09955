"""A real HTTP/1.1 server on 127.0.0.1 that answers with a fixed list of replies.

For shapes the demo backend does not produce: a 429 with a short Retry-After, a
dropped connection, a body cut off mid-transfer, an HTML page with status 200...
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from tests.http_stub import Request as SeenRequest
from tests.http_stub import StubServer, send

FAST_RETRY = {"backoff_base": 0.01}


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b"{}"
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Announce the full length but send only half the body, then close.
    truncate: bool = False
    # Close the connection without answering.
    hang_up: bool = False


class ScriptedServer:
    """Answers request N with replies[N] (the last reply repeats)."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = replies
        self.requests: list[SeenRequest] = []
        self._stub = StubServer(self._answer)

    @property
    def url(self) -> str:
        return self._stub.url

    async def start(self, port: int = 0) -> ScriptedServer:
        await self._stub.start(port)
        return self

    async def close(self) -> None:
        await self._stub.close()

    async def _answer(self, request: SeenRequest, writer: asyncio.StreamWriter) -> bool:
        self.requests.append(request)
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.hang_up:
            return False
        payload = reply.body.encode() if isinstance(reply.body, str) else reply.body
        return await send(writer, reply.status, payload, reply.content_type, headers=reply.headers, half=reply.truncate)
