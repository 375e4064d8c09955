"""The HTTP/1.1 plumbing of the tests' purpose-built servers on 127.0.0.1.

Each server decides its answers; this reads the requests off a connection and writes raw
responses, including the broken ones (a body cut in half, a connection closed unanswered).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Self

# Returns False when the connection must be closed after this answer.
Answer = Callable[["Request", asyncio.StreamWriter], Awaitable[bool]]


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


async def send(
    writer: asyncio.StreamWriter,
    status: int,
    payload: bytes,
    content_type: str | None = "application/json",
    *,
    headers: dict[str, str] | None = None,
    half: bool = False,
) -> bool:
    """One response; `half` announces the full Content-Length but sends half the body."""
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(payload)}"]
    if content_type and payload:
        head.append(f"Content-Type: {content_type}")
    head += [f"{name}: {value}" for name, value in (headers or {}).items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + (payload[: len(payload) // 2] if half else payload))
    await writer.drain()
    return not half


class StubServer:
    """Serves `answer` for every request on a free 127.0.0.1 port."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.url = ""
        self._server: asyncio.Server | None = None

    async def start(self, port: int = 0) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", port)
        self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await reader.readline():
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (raw := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = raw.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                if not await self.answer(Request(method, target, headers, body), writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()


class Stubbed:
    """A purpose-built server: `start` serves its `_receive` on a free port, `close` stops it."""

    url: str
    _stub: StubServer | None

    async def start(self) -> Self:
        self._stub = StubServer(self._receive)
        await self._stub.start()
        self.url = self._stub.url
        return self

    async def close(self) -> None:
        if self._stub is not None:
            await self._stub.close()

    async def _receive(self, request: Request, writer: asyncio.StreamWriter) -> bool:
        raise NotImplementedError

