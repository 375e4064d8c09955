"""A small, badly behaved PostHog look-alike on 127.0.0.1, for faults the demo backend lacks.

It serves `GET /api/projects/1/event_definitions/` (limit/offset, `count`, `next`) over a fixed
set of rows, and accepts writes (`POST`/`PATCH`) to the same collection. Every request is
recorded. Switches, counted over all requests (the Nth, 2Nth, ... one misbehaves):
  drop_every: announce the full Content-Length, send half the body, close the connection;
  html_502_every: a proxy's HTML 502 page;
  non_json_every: status 200 with a plain-text body;
  hang_up_every: close the connection without answering;
  write_reply: what every write gets: "ok", "502", "hang_up", "drop" (half a body) or "stall".
Rows may carry unknown fields and nulls in every known field (`odd_rows=True`).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

PATH = "/api/projects/1/event_definitions/"
GATEWAY_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
NULLABLE = ("description", "tags", "owner", "created_at", "updated_at", "last_seen_at", "verified", "hidden",
            "default_columns", "media_preview_urls", "created_by", "enforcement_mode", "volume_30_day")


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes


def definition_rows(count: int, *, odd: bool) -> list[dict[str, Any]]:
    rows = []
    for index in range(count):
        row: dict[str, Any] = {"id": f"00000000-0000-4000-8000-{index:012d}", "name": f"event_{index:05d}"}
        if odd:
            row.update(dict.fromkeys(NULLABLE))
            row.update({"brand_new_field": {"nested": [1, None, "x"]}, "another": None, f"extra_{index % 7}": index})
        else:
            row.update({"description": "plain", "tags": ["core"], "last_seen_at": "2026-11-20T12:00:00Z"})
        rows.append(row)
    return rows


@dataclass
class Misbehaving:
    rows: list[dict[str, Any]]
    drop_every: int | None = None
    html_502_every: int | None = None
    non_json_every: int | None = None
    hang_up_every: int | None = None
    write_reply: str = "ok"
    stall_seconds: float = 2.0
    requests: list[Seen] = field(default_factory=list)
    url: str = ""
    _server: asyncio.Server | None = None

    async def start(self) -> Misbehaving:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def writes(self) -> list[Seen]:
        return [r for r in self.requests if r.method not in ("GET", "HEAD")]

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
                url = urlsplit(target)
                self.requests.append(Seen(method, url.path, parse_qs(url.query), body))
                if not await self._answer(writer, method, url.path, parse_qs(url.query), len(self.requests)):
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()

    async def _answer(self, writer: asyncio.StreamWriter, method: str, path: str, query: dict, n: int) -> bool:
        """Write one answer; False when the connection must be closed."""

        def every(k: int | None) -> bool:
            return bool(k) and n % k == 0

        if method != "GET":
            return await self._write_reply(writer, method)
        if every(self.hang_up_every):
            return False
        if every(self.html_502_every):
            return await self._send(writer, 502, GATEWAY_PAGE, "text/html")
        if every(self.non_json_every):
            return await self._send(writer, 200, b"Service is warming up, please wait", "text/plain")
        if path.rstrip("/") != PATH.rstrip("/"):
            return await self._send(writer, 404, b'{"type": "invalid_request", "code": "not_found", '
                                                 b'"detail": "Not found.", "attr": null}')
        payload = json.dumps(self._page(query)).encode()
        return await self._send(writer, 200, payload, half=every(self.drop_every))

    def _page(self, query: dict[str, list[str]]) -> dict[str, Any]:
        limit = int(query.get("limit", ["100"])[0])
        offset = int(query.get("offset", ["0"])[0])
        more = offset + limit < len(self.rows)
        return {
            "count": len(self.rows),
            "next": f"{self.url}{PATH}?limit={limit}&offset={offset + limit}" if more else None,
            "previous": None,
            "results": self.rows[offset:offset + limit],
        }

    async def _write_reply(self, writer: asyncio.StreamWriter, method: str) -> bool:
        reply = self.write_reply
        if reply == "hang_up":
            return False
        if reply == "502":
            return await self._send(writer, 502, GATEWAY_PAGE, "text/html")
        if reply == "stall":
            await asyncio.sleep(self.stall_seconds)
        created = {"id": "00000000-0000-4000-8000-999999999999", "name": "written"}
        return await self._send(writer, 201 if method == "POST" else 200, json.dumps(created).encode(),
                                half=reply == "drop")

    @staticmethod
    async def _send(writer: asyncio.StreamWriter, status: int, payload: bytes,
                    content_type: str = "application/json", *, half: bool = False) -> bool:
        head = f"HTTP/1.1 {status} X\r\nContent-Length: {len(payload)}\r\nContent-Type: {content_type}\r\n\r\n"
        writer.write(head.encode() + (payload[: len(payload) // 2] if half else payload))
        await writer.drain()
        return not half
