"""The three pagination styles PostHog list endpoints use, and how to walk each.

- OFFSET: DRF limit/offset with `count/next/previous` (event definitions, property
  groups, event schemas, dashboards, projects). `count` may be a capped lower bound.
- COUNTED: actions' `{count, results}` with no `next` (page with limit/offset
  yourself); older servers answer `{results}` only, which is everything at once.
- CURSOR: events' `{next, results}` where `next` moves `before` to the last
  timestamp; the bound is exclusive and boundary rows can repeat, so rows are
  de-duplicated by id.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from functools import cache
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from .models.base import Page, parse_model
from .session import JsonBody

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

Fetch = Callable[[dict[str, Any]], Awaitable[Page[Any]]]
OnPage = Callable[[Page[Any]], Any]


class PageStyle(enum.Enum):
    OFFSET = "offset"
    COUNTED = "counted"
    CURSOR = "cursor"


def parse_page(style: PageStyle, data: Any, model: type[M], offset: int) -> Page[M]:
    """Build a `Page` from one decoded list answer of the given style."""
    if isinstance(data, list):
        # A bare list (older servers, some formats) is the whole listing.
        data = {"results": data}
    if not isinstance(data, dict):
        data = {}
    rows = [parse_model(model, row) for row in data.get("results") or [] if isinstance(row, dict)]
    return _assemble(style, model, rows, data, offset)


def parse_page_body(style: PageStyle, body: JsonBody | None, model: type[M], offset: int) -> Page[M]:
    """Build a `Page` straight from the JSON text; any surprise takes the forgiving path."""
    if body is not None and body.content.lstrip()[:1] == b"{":
        try:
            envelope = _envelope(model).model_validate_json(body.content)
        except ValidationError:
            pass  # a row to repair, or not JSON at all: `parse_page` and `decode` say which
        else:
            return _assemble(style, model, envelope.results or [], envelope.__dict__, offset)
    return parse_page(style, None if body is None else body.decode(), model, offset)


@cache
def _envelope(model: type[M]) -> type[BaseModel]:
    loose = (Any, None)
    return create_model(
        f"{model.__name__}ListAnswer",
        __config__=ConfigDict(extra="ignore"),
        results=(list[model] | None, None),  # type: ignore[valid-type]
        count=loose,
        next=loose,
        previous=loose,
        count_is_capped=loose,
    )


def _assemble(style: PageStyle, model: type[M], rows: list[M], data: dict[str, Any], offset: int) -> Page[M]:
    count = data.get("count") if isinstance(data.get("count"), int) else None
    next_url = data.get("next") if isinstance(data.get("next"), str) else None
    if style is PageStyle.COUNTED:
        if count is None:
            count = len(rows)
            has_more = False
        else:
            has_more = bool(rows) and offset + len(rows) < count
    else:
        has_more = bool(rows) and next_url is not None
    return Page[model](  # type: ignore[valid-type]
        results=rows,
        count=count,
        next=next_url,
        previous=data.get("previous") if isinstance(data.get("previous"), str) else None,
        count_is_capped=bool(data.get("count_is_capped")),
        offset=offset,
        has_more=has_more,
    )


def next_params(style: PageStyle, page: Page[Any], params: dict[str, Any]) -> dict[str, Any] | None:
    """Parameters of the request for the page after `page`, or None at the end."""
    if not page.has_more:
        return None
    if style is PageStyle.CURSOR:
        # Reuse only the query of `next`: its host is whatever the server thinks it is
        # (behind a proxy that may not be the host we talk to).
        grouped: dict[str, Any] = {}
        for key, value in httpx.URL(page.next or "").params.multi_items():
            grouped.setdefault(key, []).append(value)
        return {k: v[0] if len(v) == 1 else v for k, v in grouped.items()}
    return {**params, "offset": page.offset + len(page.results)}


async def walk(
    style: PageStyle, fetch: Fetch, params: dict[str, Any]
) -> AsyncIterator[Page[Any]]:
    """Pages one after another in the endpoint's own style, de-duplicated by id."""
    seen: set[Any] = set()
    current: dict[str, Any] | None = params
    previous_request: dict[str, Any] | None = None
    delivered = 0
    while current is not None and current != previous_request:
        page = await fetch(current)
        if style is PageStyle.CURSOR:
            page.offset = delivered
        page.results = _unseen(page.results, seen)
        delivered += len(page.results)
        yield page
        previous_request, current = current, next_params(style, page, current)


async def stream(
    style: PageStyle,
    fetch: Fetch,
    params: dict[str, Any],
    *,
    on_page: OnPage,
    concurrency: int,
) -> None:
    """Every page to `on_page` as it arrives: the first, then the remaining offsets
    concurrently where the style allows (so out of order; `Page.offset` places each).

    With a trustworthy `count` all remaining offsets are requested at once (bounded by
    `concurrency`); with a capped count, or if the last page still says there is more
    (rows were added meanwhile), further windows of `concurrency` pages follow until a
    page ends the listing. No page is kept here: a 100k-row listing streamed into a
    screen is never held twice.
    """
    if style is PageStyle.CURSOR:
        async for page in walk(style, fetch, params):
            await emit(on_page, page)
        return
    first = await fetch(params)
    await emit(on_page, first)
    if not first.has_more:
        return

    step = len(first.results)
    start = int(params.get("offset") or 0)
    total = first.count if first.count is not None and not first.count_is_capped else None
    semaphore = asyncio.Semaphore(max(1, concurrency))
    seen = {getattr(row, "id", None) for row in first.results}

    async def one(offset: int) -> bool:
        async with semaphore:
            page = await fetch({**params, "offset": offset})
        seen.update(getattr(row, "id", None) for row in page.results)
        await emit(on_page, page)
        return page.has_more

    offset = start + step
    while True:
        end = total if total is not None else offset + step * concurrency
        offsets = range(offset, end, step)
        known = len(seen)
        more = await gather_ordered([one(o) for o in offsets])
        # A server that keeps answering `next` with rows already seen would never end.
        if not more or not more[-1] or len(seen) == known:
            break
        offset, total = offsets[-1] + step, None


def in_order(pages: list[Page[Any]]) -> list[Any]:
    """The rows of streamed pages in listing order, without the duplicates overlapping pages bring."""
    ordered = sorted(pages, key=lambda page: page.offset)
    return _unseen([row for page in ordered for row in page.results], set())


def _unseen(rows: list[Any], seen: set[Any]) -> list[Any]:
    fresh = []
    for row in rows:
        key = getattr(row, "id", None)
        if key is None:
            fresh.append(row)
        elif key not in seen:
            seen.add(key)
            fresh.append(row)
    return fresh


async def emit(on_page: OnPage, page: Page[Any]) -> None:
    result = on_page(page)
    if inspect.isawaitable(result):
        await result


class Turns:
    """CPU work of concurrent tasks, one slice at a time with a loop turn after each.

    Concurrent page fetches tend to finish together; decoding and handing over six 500-row
    pages in one event-loop iteration froze the screen for ~90 ms. A slice taken here runs
    alone, and the next one starts only after the loop has run everything else once.
    """

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def slice(self) -> AsyncIterator[None]:
        async with self._lock:
            yield
            await asyncio.sleep(0)


async def gather_ordered(coros: list[Coroutine[Any, Any, T]]) -> list[T]:
    """Run concurrently, results in input order; on the first failure cancel the rest and re-raise it."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(c) for c in coros]
    except BaseExceptionGroup as group_error:
        raise group_error.exceptions[0] from None
    return [task.result() for task in tasks]
