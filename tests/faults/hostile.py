"""A PostHog look-alike on 127.0.0.1 that lies in every way a listing or an answer can.

One server, one `mode` (every request gets the same treatment; all are recorded):
  lying_count_big: `rows` real definitions, but `count` 100,000,000 and `next` on every page;
  lying_count_small: `rows` real definitions, but `count` 10 and `next` computed from it;
  endless_offsets: a full page of fresh definitions at any offset, `next` for ever;
  events: an honest events list: newest first, `before` filtered strictly, `next` moving
    `before` to the last row's timestamp (so rows sharing it are lost unless the client
    widens the bound); `stamps` gives every event's timestamp;
  alternating_cursor: events whose `next` alternates between two URLs, fresh rows each page;
  endless_cursor: events with fresh rows and a fresh `next` for ever;
  trickle: a 200 whose body arrives one byte every `trickle_seconds`;
  deep_nesting: a 200 whose body is 100,000 nested JSON arrays;
  key_echo: a 400 whose `detail` and `attr` repeat the Authorization header's key;
  gateway_502: a proxy's HTML 502 page;
  html_200: a web page with status 200 (not an API at all).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.http_stub import Request, Stubbed, StubServer, send

DEFINITIONS = "/api/projects/1/event_definitions/"
EVENTS = "/api/projects/1/events/"
LYING_COUNT = 100_000_000
START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
GATEWAY_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
WEB_PAGE = b"<!doctype html><html><head><title>Welcome</title></head><body>Hello</body></html>"


def definition(index: int) -> dict[str, Any]:
    return {"id": f"00000000-0000-4000-8000-{index:012d}", "name": f"event_{index:07d}"}


def event(index: int, stamp: datetime) -> dict[str, Any]:
    return {"id": f"00000000-0000-4000-9000-{index:012d}", "event": "pageview", "distinct_id": "u",
            "timestamp": stamp.isoformat(), "properties": {}}


@dataclass
class Hostile(Stubbed):
    mode: str
    rows: int = 1_234
    stamps: list[datetime] = field(default_factory=list)
    trickle_seconds: float = 0.05
    requests: list[Request] = field(default_factory=list)
    url: str = ""
    _stub: StubServer | None = None

    def queries(self) -> list[dict[str, list[str]]]:
        return [parse_qs(urlsplit(r.target).query) for r in self.requests]

    async def _receive(self, request: Request, writer: asyncio.StreamWriter) -> bool:
        self.requests.append(request)
        query = {k: v[0] for k, v in parse_qs(urlsplit(request.target).query).items()}
        if self.mode == "trickle":
            # Long enough to take half a minute: only an overall deadline ends it sooner.
            payload = {"count": 1, "results": [definition(0)], "padding": "x" * 600}
            return await self._trickle(writer, json.dumps(payload).encode())
        if self.mode == "deep_nesting":
            return await send(writer, 200, b"[" * 100_000 + b"]" * 100_000)
        if self.mode == "key_echo":
            key = request.headers.get("authorization", "").removeprefix("Bearer ")
            body = {"type": "validation_error", "code": "invalid_input", "detail": f"Unknown token {key}", "attr": key}
            return await send(writer, 400, json.dumps(body).encode())
        if self.mode == "gateway_502":
            return await send(writer, 502, GATEWAY_PAGE, "text/html")
        if self.mode == "html_200":
            return await send(writer, 200, WEB_PAGE, "text/html")
        cursor = self.mode in ("events", "alternating_cursor", "endless_cursor")
        page = self._events(query) if cursor else self._offsets(query)
        return await send(writer, 200, json.dumps(page).encode())

    def _offsets(self, query: dict[str, str]) -> dict[str, Any]:
        limit, offset = int(query.get("limit", "100")), int(query.get("offset", "0"))
        following = f"{self.url}{DEFINITIONS}?limit={limit}&offset={offset + limit}"
        if self.mode == "endless_offsets":
            return {"count": None, "next": following, "results": [definition(offset + i) for i in range(limit)]}
        results = [definition(i) for i in range(offset, min(offset + limit, self.rows))]
        if self.mode == "lying_count_big":
            return {"count": LYING_COUNT, "next": following, "results": results}
        return {"count": 10, "next": following if offset + limit < 10 else None, "results": results}

    def _events(self, query: dict[str, str]) -> dict[str, Any]:
        limit = int(query.get("limit", "100"))
        number = len(self.requests)
        if self.mode == "events":
            before = datetime.fromisoformat(query["before"]) if "before" in query else START + timedelta(days=1)
            older = [(i, s) for i, s in sorted(enumerate(self.stamps), key=lambda p: p[1], reverse=True) if s < before]
            rows = [event(i, s) for i, s in older[:limit]]
            more = len(older) > limit
        else:
            rows = [event(number * limit + i, START - timedelta(minutes=number)) for i in range(limit)]
            more = True
        if not more:
            return {"next": None, "results": rows}
        if self.mode == "alternating_cursor":
            bound = (START - timedelta(hours=number % 2)).isoformat()
        else:
            bound = rows[-1]["timestamp"]
        kept = {k: v for k, v in query.items() if k != "before"}
        return {"next": f"{self.url}{EVENTS}?{urlencode({**kept, 'before': bound})}", "results": rows}

    async def _trickle(self, writer: asyncio.StreamWriter, payload: bytes) -> bool:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        writer.write(head.encode())
        for byte in payload:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(self.trickle_seconds)
        return True
