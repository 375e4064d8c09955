"""The Query API (`POST /api/projects/{id}/query/`): HogQL, EventsQuery, async runs, and an events
listing built on it that pages by keyset on `(timestamp, uuid)`, never by OFFSET (personal keys
may not use OFFSET).

PostHog runs at most 3 queries per personal key at once; this client holds the same cap itself
(`Query.running`, `Query.waiting`, and `on_wait` tell a screen that a query is queued for a slot).
Every query is a POST that only reads: calls pass `reads=True`.
"""

from __future__ import annotations

import asyncio
import gc
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pydantic import ValidationError

from .. import json_slices
from ..errors import MethodNotAllowedError, NotFoundError, PermissionDeniedError, RequestValidationError
from ..models import Event, Page, QueryResponse, QueryStatus, parse_model
from ..models.query import EventRows, QueryEvent
from ..session import JsonBody
from .base import Endpoint, Home, Resource

T = TypeVar("T")

QUERY = Endpoint("query", QueryResponse, operations=frozenset(), bucket="query")
MAX_CONCURRENT = 3
EVENT_PAGE_SIZE = 1000
# The columns of the events listing: the whole event as one object, and the person when asked.
EVENT_COLUMNS = ("*",)
# Answers bigger than this (bytes) are decoded in slices: 50,000 rows are 100 ms and more of JSON.
DECODE_IN_SLICES = 256 * 1024
# What the events listing falls back from: servers without the Query API, or keys it refuses.
UNAVAILABLE = (NotFoundError, MethodNotAllowedError, PermissionDeniedError)


def hogql_string(value: str) -> str:
    """A HogQL string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _utc_literal(stamp: str) -> str:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    moment = moment.astimezone(UTC) if moment.tzinfo else moment
    # An explicit time zone, so the project's own zone cannot shift the cursor.
    return f"toDateTime64({hogql_string(moment.strftime('%Y-%m-%d %H:%M:%S.%f'))}, 6, 'UTC')"


def keyset_condition(timestamp: str, uuid: str, descending: bool = True) -> str:
    """Rows strictly after `(timestamp, uuid)` in the listing order: ties on the timestamp are split by uuid,
    so no row is skipped or repeated at a page boundary."""
    op = "<" if descending else ">"
    at = _utc_literal(timestamp)
    return f"timestamp {op} {at} OR (timestamp = {at} AND toString(uuid) {op} {hogql_string(uuid)})"


class Query(Resource[QueryResponse]):
    def __init__(self, client: Home, spec: Endpoint[QueryResponse] = QUERY, *,
                 events: Resource[Event] | None = None, concurrency: int = MAX_CONCURRENT) -> None:
        super().__init__(client, spec)
        self._events = events
        self._slots = asyncio.Semaphore(concurrency)
        self.running = 0
        self.waiting = 0
        # Called with the number of queries waiting for a slot whenever it changes.
        self.on_wait: Callable[[int], Any] | None = None
        # Where the last `event_pages` read from: "query" or, as a fallback, "events".
        self.events_source: str | None = None
        # Why it fell back, in the server's words (None while the Query API answers).
        self.events_unavailable: str | None = None

    @asynccontextmanager
    async def _slot(self) -> AsyncIterator[None]:
        if self._slots.locked():
            self._waiting(+1)
            try:
                await self._slots.acquire()
            finally:
                self._waiting(-1)
        else:
            await self._slots.acquire()
        self.running += 1
        try:
            yield
        finally:
            self.running -= 1
            self._slots.release()

    def _waiting(self, change: int) -> None:
        self.waiting += change
        if self.on_wait is not None:
            self.on_wait(self.waiting)

    # -- running queries ---------------------------------------------------------------------

    async def run(self, query: Mapping[str, Any], *, refresh: str | None = None, name: str | None = None,
                  client_query_id: str | None = None) -> QueryResponse:
        """Run one query node (`{"kind": ..., ...}`) and wait for its answer."""
        body = {k: v for k, v in {"query": dict(query), "refresh": refresh, "name": name,
                                  "client_query_id": client_query_id}.items() if v is not None}
        async with self._slot():
            data = await self.call("POST", body=body, reads=True)
        return parse_model(QueryResponse, data or {})

    async def hogql(self, sql: str, *, values: Mapping[str, Any] | None = None, refresh: str | None = None,
                    name: str | None = None) -> QueryResponse:
        """A HogQL SELECT; `values` fill `{placeholders}` safely (no quoting by hand)."""
        node: dict[str, Any] = {"kind": "HogQLQuery", "query": sql}
        if values:
            node["values"] = dict(values)
        return await self.run(node, refresh=refresh, name=name)

    async def start(self, query: Mapping[str, Any], *, client_query_id: str | None = None,
                    name: str | None = None) -> QueryStatus:
        """Start a query without waiting (`refresh: "async"`); follow it with `status()` or `wait()`."""
        body = {k: v for k, v in {"query": dict(query), "refresh": "async", "name": name,
                                  "client_query_id": client_query_id}.items() if v is not None}
        data = await self.call("POST", body=body, reads=True) or {}
        if isinstance(data, dict) and isinstance(data.get("query_status"), dict):
            return parse_model(QueryStatus, data["query_status"])
        # A server that ran it at once answers the result itself.
        return QueryStatus(id=client_query_id or "", complete=True, results=data)

    async def status(self, id: str) -> QueryStatus:
        """Where an async query is; once complete, its answer in `results` (up to 50,000 rows, decoded
        in slices when big, so the app keeps drawing meanwhile)."""
        try:
            body = await self.call("GET", id, raw=True, reads=True)
        except RequestValidationError as error:
            # A query that failed answers 400 with its status; the error text is all that reaches us.
            return QueryStatus(id=id, complete=True, error=True, error_message=error.message)
        if body is None:
            return QueryStatus(id=id)
        if len(body.content) < DECODE_IN_SLICES:
            return _status(body.decode(), id)
        try:
            data = await json_slices.loads(body.content)
        except ValueError:
            data = body.decode()  # raises the readable error for what cannot be read
        return _status(data, id)

    async def wait(self, id: str, *, interval: float = 0.5, timeout: float = 60.0) -> QueryStatus:
        """Poll until the query completes (or `timeout` seconds pass: the last status is returned)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            status = await self.status(id)
            if status.complete or asyncio.get_running_loop().time() >= deadline:
                return status
            await asyncio.sleep(interval)

    async def cancel(self, id: str) -> None:
        await self.call("DELETE", id, reads=True)

    # -- events ----------------------------------------------------------------------------

    async def events(self, *, select: Sequence[str] = EVENT_COLUMNS, event: str | None = None,
                     where: Iterable[str] = (), properties: Sequence[Mapping[str, Any]] | None = None,
                     after: str | None = None, before: str | None = None, action_id: int | None = None,
                     person_id: str | None = None, ascending: bool = False,
                     page_size: int = EVENT_PAGE_SIZE) -> AsyncIterator[QueryResponse]:
        """EventsQuery answers, page by page, ordered by `(timestamp, uuid)` and continued by keyset.

        `after`/`before` are ISO times or relative (`-7d`); without `after` the server looks back 24 h.
        When `select` lacks `timestamp` or `uuid` (and `*`), they are fetched for the keyset and left
        out of the rows handed back.
        """
        columns = list(select)
        extra = [] if "*" in columns else [c for c in ("timestamp", "uuid") if c not in columns]
        node = self._node([*columns, *extra], page_size, ascending, event=event, after=after, before=before,
                          properties=list(properties) if properties else None, actionId=action_id,
                          personId=person_id)
        async def fetch(query: dict[str, Any]) -> tuple[QueryResponse, tuple[str, str] | None, bool]:
            answer = await self.run(query)
            rows = [row for row in answer.results if isinstance(row, list)]
            cursor = self._cursor(rows[-1], node["select"]) if rows else None
            if extra:
                answer.results = [row[:len(columns)] for row in rows]
                answer.columns, answer.types = answer.columns[:len(columns)], answer.types[:len(columns)]
            return answer, cursor, answer.has_more

        async for answer in self._keyset(node, where, ascending, fetch):
            yield answer

    @staticmethod
    async def _keyset(node: dict[str, Any], where: Iterable[str], ascending: bool,
                      fetch: Callable[[dict[str, Any]], Awaitable[tuple[T, tuple[str, str] | None, bool]]]
                      ) -> AsyncIterator[T]:
        """Run `node` page after page, each continuing after the last row's `(timestamp, uuid)`."""
        conditions = list(where)
        while True:
            page, cursor, more = await fetch({**node, "where": conditions} if conditions else node)
            yield page
            if not more or cursor is None:
                return
            conditions = [*where, keyset_condition(*cursor, descending=not ascending)]

    @staticmethod
    def _node(select: Sequence[str], page_size: int, ascending: bool, **filters: Any) -> dict[str, Any]:
        direction = "ASC" if ascending else "DESC"
        node: dict[str, Any] = {"kind": "EventsQuery", "select": list(select), "limit": page_size,
                                "orderBy": [f"timestamp {direction}", f"toString(uuid) {direction}"]}
        node.update({k: v for k, v in filters.items() if v is not None})
        return node

    @staticmethod
    def _cursor(row: list[Any], select: list[str]) -> tuple[str, str] | None:
        if "*" in select:
            star = row[select.index("*")]
            return (str(star["timestamp"]), str(star["uuid"])) if isinstance(star, dict) else None
        return str(row[select.index("timestamp")]), str(row[select.index("uuid")])

    async def event_pages(self, *, event: str | None = None, distinct_id: str | None = None,
                          person_id: str | None = None, action_id: int | None = None,
                          properties: Sequence[Mapping[str, Any]] | str | None = None, after: str | None = None,
                          before: str | None = None, include_person: bool = False, ascending: bool = False,
                          page_size: int = EVENT_PAGE_SIZE) -> AsyncIterator[Page[Event]]:
        """Events as `Page[Event]`s, with the `events/` list's filters, through the Query API; where the
        server lacks it or refuses the key there (404/405/403), from `events/` instead (`events_source`
        says which). Pages come lazily: ask for the next one only when the screen needs it."""
        filters = json.loads(properties) if isinstance(properties, str) else properties
        if isinstance(filters, Mapping):  # a group such as {"type": "AND", "values": [...]}
            filters = [filters]
        where = [f"distinct_id = {hogql_string(distinct_id)}"] if distinct_id else []
        node = self._node([*EVENT_COLUMNS, *(["person"] if include_person else [])], page_size, ascending,
                          event=event, after=after, before=before, properties=list(filters) if filters else None,
                          actionId=action_id, personId=person_id)
        delivered = 0

        async def fetch(query: dict[str, Any]) -> tuple[Page[Event], tuple[str, str] | None, bool]:
            async with self._slot():
                body = await self.call("POST", body={"query": query}, raw=True, reads=True)
            events, more = _event_rows(body)
            last = events[-1] if events else None
            cursor = (last.timestamp.isoformat(), last.id) if last is not None and last.timestamp else None
            return Page[Event](results=events, offset=delivered, has_more=more), cursor, more

        try:
            async for page in self._keyset(node, where, ascending, fetch):
                self.events_source, self.events_unavailable = "query", None
                yield page
                delivered += len(page.results)
        except UNAVAILABLE as exc:
            if self._events is None or delivered:
                raise
            self.events_source, self.events_unavailable = "events", exc.message
            params: dict[str, Any] = {
                "event": event, "distinct_id": distinct_id, "person_id": person_id, "action_id": action_id,
                "properties": json.dumps(filters) if filters else None, "after": after, "before": before,
                "include_person": include_person or None, "limit": page_size,
                "orderBy": '["timestamp"]' if ascending else None,
            }
            async for page in self._events.pages(**{k: v for k, v in params.items() if v is not None}):
                yield page

    async def all_events(self, *, after: datetime | str, before: datetime | str, windows: int = MAX_CONCURRENT,
                         page_size: int = 50_000, **filters: Any) -> list[Event]:
        """Every event strictly between `after` and `before` (ISO times), newest first, without duplicates.

        The span is cut into `windows` equal time slices read at once (the query cap lets 3 run), so
        the server answers one slice while the client decodes another; `filters` are `event_pages`'s.
        """
        start, end = _moment(after), _moment(before)
        edges = [end - (end - start) * i / windows for i in range(windows + 1)]
        # Both bounds are exclusive: each lower edge but the last moves back 1 µs, so an event exactly on
        # an edge falls in the slice below it (timestamps are whole microseconds).
        lows = [edge - timedelta(microseconds=1) for edge in edges[1:-1]] + [start]

        async def one(high: datetime, low: datetime) -> list[Event]:
            pages = self.event_pages(after=low.isoformat(), before=high.isoformat(), page_size=page_size, **filters)
            return [event async for page in pages for event in page.results]

        seen: set[str] = set()
        merged = []
        for rows in await asyncio.gather(*(one(high, low) for high, low in zip(edges, lows))):
            for event in rows:
                if event.id not in seen:
                    seen.add(event.id)
                    merged.append(event)
        return merged


def _status(data: Any, id: str) -> QueryStatus:
    found = data.get("query_status") if isinstance(data, dict) else None
    return parse_model(QueryStatus, found or {"id": id})


def _moment(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _event_rows(body: JsonBody | None) -> tuple[list[Event], bool]:
    """The events of an EventsQuery answer over `*` (and `person`), validated straight from the JSON text;
    a row with a surprise takes the forgiving per-row path."""
    if body is None:
        return [], False
    # Tens of thousands of models at once: the collector's passes over them cost more than parsing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        answer = EventRows.model_validate_json(body.content)
    except ValidationError:
        data = body.decode()
        rows = data.get("results") or [] if isinstance(data, dict) else []
        forgiven: list[Event] = [parse_model(QueryEvent, {**row[0], "person": row[1] if len(row) > 1 else None})
                                 for row in rows if isinstance(row, list) and row and isinstance(row[0], dict)]
        return forgiven, bool(isinstance(data, dict) and data.get("hasMore"))
    finally:
        if collecting:
            gc.enable()
    events: list[Event] = []
    for row in answer.results:
        event = row[0]
        if len(row) > 1:
            event.person = row[1]
        events.append(event)
    return events, answer.hasMore
