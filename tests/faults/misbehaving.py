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

from tests.http_stub import Request, Stubbed, StubServer, send

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
class Misbehaving(Stubbed):
    rows: list[dict[str, Any]]
    drop_every: int | None = None
    html_502_every: int | None = None
    non_json_every: int | None = None
    hang_up_every: int | None = None
    write_reply: str = "ok"
    stall_seconds: float = 2.0
    requests: list[Seen] = field(default_factory=list)
    url: str = ""
    _stub: StubServer | None = None

    def writes(self) -> list[Seen]:
        return [r for r in self.requests if r.method not in ("GET", "HEAD")]

    async def _receive(self, request: Request, writer: asyncio.StreamWriter) -> bool:
        url = urlsplit(request.target)
        query = parse_qs(url.query)
        self.requests.append(Seen(request.method, url.path, query, request.body))
        return await self._answer(writer, request.method, url.path, query, len(self.requests))

    async def _answer(self, writer: asyncio.StreamWriter, method: str, path: str, query: dict, n: int) -> bool:
        """Write one answer; False when the connection must be closed."""

        def every(k: int | None) -> bool:
            return bool(k) and n % k == 0

        if method != "GET":
            return await self._write_reply(writer, method)
        if every(self.hang_up_every):
            return False
        if every(self.html_502_every):
            return await send(writer, 502, GATEWAY_PAGE, "text/html")
        if every(self.non_json_every):
            return await send(writer, 200, b"Service is warming up, please wait", "text/plain")
        if path.rstrip("/") != PATH.rstrip("/"):
            return await send(writer, 404, b'{"type": "invalid_request", "code": "not_found", '
                                                 b'"detail": "Not found.", "attr": null}')
        payload = json.dumps(self._page(query)).encode()
        return await send(writer, 200, payload, half=every(self.drop_every))

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
            return await send(writer, 502, GATEWAY_PAGE, "text/html")
        if reply == "stall":
            await asyncio.sleep(self.stall_seconds)
        created = {"id": "00000000-0000-4000-8000-999999999999", "name": "written"}
        return await send(writer, 201 if method == "POST" else 200, json.dumps(created).encode(),
                                half=reply == "drop")
