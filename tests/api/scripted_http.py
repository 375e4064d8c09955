"""A real HTTP/1.1 server on 127.0.0.1 that answers with a fixed list of replies.

For shapes the demo backend does not produce: a 429 with a short Retry-After, a
dropped connection, a body cut off mid-transfer, an HTML page with status 200...
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

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


@dataclass
class SeenRequest:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer:
    """Answers request N with replies[N] (the last reply repeats)."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = replies
        self.requests: list[SeenRequest] = []
        self._server: asyncio.Server | None = None
        self.url = ""

    async def start(self) -> ScriptedServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (raw := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = raw.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                self.requests.append(SeenRequest(method, target, headers, body))
                reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
                if reply.delay:
                    await asyncio.sleep(reply.delay)
                if reply.hang_up:
                    return
                payload = reply.body.encode() if isinstance(reply.body, str) else reply.body
                head = [f"HTTP/1.1 {reply.status} X", f"Content-Length: {len(payload)}"]
                if payload:
                    head.append(f"Content-Type: {reply.content_type}")
                head += [f"{k}: {v}" for k, v in reply.headers.items()]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
                writer.write(payload[: len(payload) // 2] if reply.truncate else payload)
                await writer.drain()
                if reply.truncate:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()
