"""The three pagination styles PostHog list endpoints use, and how to walk each.

- OFFSET: DRF limit/offset with `count/next/previous` (event definitions, property
  groups, event schemas, dashboards, projects). `count` may be a capped lower bound.
- COUNTED: actions' `{count, results}` with no `next` (page with limit/offset
  yourself); older servers answer `{results}` only, which is everything at once.
- CURSOR: events' `{next, results}` where `next` moves `before` to the last row's
  timestamp and the server filters strictly, so rows sharing that timestamp that did
  not fit would be skipped: the next page is asked with the bound 1 µs wider and rows
  are de-duplicated by id.

How a listing ends is decided from the pages, never from what the server claims:
- offset styles end at the first page shorter than the first one, empty, or bringing
  no row not seen before; a full page is always followed (one extra request when the
  last page is exactly full), so a `count` that is too small cannot truncate a listing
  and one that is too big costs at most `concurrency` wasted requests;
- a cursor walk ends when `next` is absent or a page is empty; a `next` leading back to
  any page already requested raises `CursorLoopError`;
- every listing stops after `MAX_PAGES` pages with `PageCapError`.
Reaching the end is not an error: `stream` returns a `ListingEnd` that says how many
rows came and what the server's `count` claimed. An error raised part-way carries a
`PartialListing` (`error.partial`) to resume from.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from .errors import ApiError, CursorLoopError, PageCapError, PartialListing
from .models.base import Page, parse_model
from .session import JsonBody

M = TypeVar("M", bound=BaseModel)

# A listing still going after this many pages is a server inventing rows (fresh ids for ever):
# at the bulk page sizes (500-1,000 rows) it is 5-10 million rows, far past any real project,
# and at the API's 480 requests/minute already 20 minutes of requests.
MAX_PAGES = 10_000

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
            return _assemble(style, model, getattr(envelope, "results", None) or [], envelope.__dict__, offset)
    return parse_page(style, None if body is None else body.decode(), model, offset)


@cache
def _envelope(model: type[M]) -> type[BaseModel]:
    loose = (Any, None)
    return create_model(
        f"{model.__name__}ListAnswer",
        __config__=ConfigDict(extra="ignore"),
        results=(list[model] | None, None),  # type: ignore[valid-type,arg-type]
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
    """Parameters of the request for the page after `page` (asked with `params`), or None at the end.

    Cursor: `next`'s query with its moved time bound 1 µs wider. Offset styles: the next
    offset, if the page is full (exactly `limit` rows) or the server says there is more;
    `page.results` are the rows as the server sent them.
    """
    if style is PageStyle.CURSOR:
        return _widened(_cursor_query(page.next), params) if page.has_more else None
    full = page.has_more or len(page.results) == params.get("limit")
    if not page.results or not full:
        return None
    return {**params, "offset": page.offset + len(page.results)}


def _cursor_query(next_url: str | None) -> dict[str, Any]:
    # Reuse only the query of `next`: its host is whatever the server thinks it is
    # (behind a proxy that may not be the host we talk to).
    grouped: dict[str, Any] = {}
    for key, value in httpx.URL(next_url or "").params.multi_items():
        grouped.setdefault(key, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in grouped.items()}


_BOUNDS = (("before", timedelta(microseconds=1)), ("after", timedelta(microseconds=-1)))


def _widened(query: dict[str, Any], asked: dict[str, Any]) -> dict[str, Any]:
    """`query` with the time bound that `next` moved pushed out by 1 µs (later for `before`,
    earlier for `after` in ascending order), so the rest of the boundary timestamp comes too."""
    for bound, step in _BOUNDS:
        value = query.get(bound)
        if isinstance(value, str) and value != asked.get(bound):
            try:
                moved = datetime.fromisoformat(value) + step
            except ValueError:
                return query  # not a timestamp: the server's own bound then
            return {**query, bound: moved.isoformat()}
    return query


def _frozen(params: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    # A cursor is its query without the page size, which `walk` adjusts for boundary rows.
    return tuple(sorted((key, repr(value)) for key, value in params.items() if key != "limit"))


def _page_size(limit: Any) -> int | None:
    try:
        return int(limit)
    except (TypeError, ValueError):
        return None


def _ties(rows: list[Any]) -> int:
    """How many rows at the end of a page share the last row's timestamp: a widened next
    page brings them again."""
    stamp = getattr(rows[-1], "timestamp", None) if rows else None
    if stamp is None:
        return 0
    count = 0
    for row in reversed(rows):
        if getattr(row, "timestamp", None) != stamp:
            break
        count += 1
    return count


def _resumed(resume: PartialListing) -> dict[str, Any]:
    if resume.resume is None:
        raise ValueError("This listing cannot be resumed: asking again would fail the same way.")
    return dict(resume.resume)


async def walk(
    style: PageStyle, fetch: Fetch, params: dict[str, Any], *, resume: PartialListing | None = None
) -> AsyncIterator[Page[Any]]:
    """Pages one after another in the endpoint's own style, de-duplicated by id (empty pages
    after the first are not yielded). `resume`, an earlier failure's `error.partial`, goes on
    from where that listing stopped."""
    delivered = resume.delivered if resume else 0
    seen: set[Any] = set(resume.seen) if resume else set()
    last_ids = frozenset(seen)
    current: dict[str, Any] | None = _resumed(resume) if resume else params
    requested: set[tuple[tuple[str, str], ...]] = set()
    widened = False
    number = size = 0
    base = _page_size((current or {}).get("limit"))
    while current is not None:
        number += 1
        offset = None if style is PageStyle.CURSOR else int(current.get("offset") or 0)
        if number > MAX_PAGES:
            raise _cap_error(PartialListing(delivered, current, offset, last_ids))
        requested.add(_frozen(current))
        try:
            page = await fetch(current)
        except ApiError as error:
            error.partial = PartialListing(delivered, current, offset, last_ids)
            raise
        if style is PageStyle.CURSOR:
            page.offset = delivered
        following = next_params(style, page, current)
        sent = len(page.results)
        fresh = _unseen(page.results, seen)
        looped: CursorLoopError | None = None
        if style is PageStyle.CURSOR:
            try:
                following, widened = _cursor_step(page, following, bool(fresh), widened, requested)
            except CursorLoopError as error:
                following, looped = None, error
            base = base or sent  # without a `limit`, the server's own page size
            if following is not None and base:
                # Room for the boundary rows a widened page repeats, so it still brings `limit` new ones.
                ties = _ties(page.results) if widened else 0
                following = {**following, "limit": base + ties if ties < base else base}
            last_ids = frozenset(getattr(row, "id", None) for row in page.results)
        else:
            size = size or sent
            if number > 1 and (not fresh or sent < size):
                following = None  # short, or only rows already listed: whatever `next` says
        page.results = fresh
        if fresh or number == 1:
            delivered += len(fresh)
            yield page
        if looped is not None:
            # The rows of the page that revealed the loop are handed over first.
            looped.partial = PartialListing(delivered)
            raise looped
        current = following


def _cursor_step(
    page: Page[Any],
    widened: dict[str, Any] | None,
    fresh: bool,
    asked_widened: bool,
    requested: set[tuple[tuple[str, str], ...]],
) -> tuple[dict[str, Any] | None, bool]:
    """The cursor request after `page`, and whether it is a widened one; None at the end.

    A widened request comes back to itself when more rows share one timestamp than fit on a
    page: the server's own `next` (which skips the rest of them) then moves on, as it does
    after a widened page that brought nothing new. A page with nothing new after the
    server's own request ends the listing.
    """
    if widened is None or not page.results or (not fresh and not asked_widened):
        return None, False
    raw = _cursor_query(page.next)
    if fresh and _frozen(widened) not in requested:
        return widened, widened != raw
    if _frozen(raw) in requested:
        raise CursorLoopError(
            "The server's next page led back to a page already read, so the listing would never end.",
            status=200,
        )
    return raw, False


def _cap_error(partial: PartialListing) -> PageCapError:
    error = PageCapError(
        f"The listing was stopped after {MAX_PAGES:,} pages ({partial.delivered:,} rows): the server "
        "kept sending more. Narrow it with a filter, or go on from here.",
        status=200,
    )
    error.partial = partial
    return error


@dataclass(frozen=True)
class ListingEnd:
    """How a listing that reached its end ended: the `rows` handed over, and the `count` the
    first page claimed (None when it sent none or a capped one). The end is decided by the
    pages, so a screen can say "1 row (the server claimed 100,000,000)" when `count_was_wrong`."""

    rows: int
    claimed: int | None

    @property
    def count_was_wrong(self) -> bool:
        return self.claimed is not None and self.claimed != self.rows


async def stream(
    style: PageStyle,
    fetch: Fetch,
    params: dict[str, Any],
    *,
    on_page: OnPage,
    concurrency: int,
    resume: PartialListing | None = None,
) -> ListingEnd:
    """Every page to `on_page` as it arrives: the first, then the next offsets concurrently
    where the style allows (so out of order; `Page.offset` places each).

    Requests are created one at a time as earlier ones finish, never more than `concurrency`
    at once. Offsets up to a trusted `count` are asked for straight away; past it (a capped
    count, one the pages contradicted, or none) at most `concurrency` pages beyond the last
    run of full pages. No page is kept here: a 100k-row listing streamed into a screen is
    never held twice. An error raised part-way carries `error.partial`; `resume=` goes on.
    """
    if style is PageStyle.CURSOR:
        rows = 0
        async for page in walk(style, fetch, params, resume=resume):
            rows += len(page.results)
            await emit(on_page, page)
        return ListingEnd(rows, None)
    plan = _OffsetPlan(style, _resumed(resume) if resume else params, concurrency)
    try:
        first = await fetch(plan.params)
    except ApiError as error:
        error.partial = PartialListing(0, plan.params, plan.start)
        raise
    plan.begin(first)
    await emit(on_page, first)
    await plan.run(fetch, on_page)
    return ListingEnd(plan.rows, first.count if not first.count_is_capped else None)


class _OffsetPlan:
    """Which offsets of an offset-paged listing to ask for next, and when it is over."""

    def __init__(self, style: PageStyle, params: dict[str, Any], concurrency: int) -> None:
        self.style = style
        self.params = params
        self.concurrency = max(1, concurrency)
        self.start = int(params.get("offset") or 0)
        self.size = 0
        self.claimed: int | None = None  # a count no page has contradicted yet
        self.end: int | None = None  # offset of the first short page: nothing past it is asked
        self.next_offset = 0
        self.full_until = 0  # every page before this offset came back full
        self.full: set[int] = set()
        self.delivered: set[int] = set()
        self.rows = 0
        self.pages = 1
        self.seen: set[Any] = set()

    def begin(self, first: Page[Any]) -> None:
        self.size = self.rows = len(first.results)
        self.delivered.add(self.start)
        self.seen = {getattr(row, "id", None) for row in first.results}
        self.next_offset = self.full_until = self.start + self.size
        if next_params(self.style, first, self.params) is None:
            self.end = self.next_offset
        # A first page holding more rows than the count claims proves the count wrong.
        if first.count is not None and not first.count_is_capped and first.count >= self.next_offset:
            self.claimed = first.count

    def wanted(self, offset: int) -> bool:
        if self.end is not None and offset >= self.end:
            return False
        if self.claimed is not None:
            return offset <= self.claimed
        return offset < self.full_until + self.concurrency * self.size

    async def run(self, fetch: Fetch, on_page: OnPage) -> None:
        """Fetch and hand over the rest. A page's task asks for the next ones as soon as its
        own request is answered, before handing its page over, so handing over (which waits
        its turn with decoding) never leaves a request slot idle."""
        tasks: dict[asyncio.Future[None], int] = {}
        fetching: set[asyncio.Future[None]] = set()
        # How `one` reaches `fill`: naming it would make the two a reference cycle holding `on_page`
        # (for `all()`, every page of the listing) until the collector's next full pass. Emptied at the end.
        refill: list[Callable[[], None]] = []

        def fill() -> None:
            while len(fetching) < self.concurrency and self.pages < MAX_PAGES and self.wanted(self.next_offset):
                offset, self.next_offset = self.next_offset, self.next_offset + self.size
                self.pages += 1
                task = asyncio.ensure_future(one(offset))
                tasks[task] = offset
                fetching.add(task)

        async def one(offset: int) -> None:
            me = asyncio.current_task()
            try:
                page = await fetch({**self.params, "offset": offset})
            finally:
                fetching.discard(me)
            if self.end is not None and offset > self.end:
                return  # past the end: over, whatever it holds
            self._note(page, offset)
            if self.end is not None:
                for task in [t for t in fetching if tasks[t] > self.end]:
                    task.cancel()
                    fetching.discard(task)
            refill[0]()
            if page.results:
                await emit(on_page, page)

        refill.append(fill)
        fill()
        try:
            while tasks:
                done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
                for task in done:
                    del tasks[task]
                    error = None if task.cancelled() else task.exception()
                    if isinstance(error, ApiError):
                        error.partial = self._partial()
                    if error is not None:
                        raise error
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            refill.clear()
        if self.wanted(self.next_offset):
            raise _cap_error(self._partial())

    def _note(self, page: Page[Any], offset: int) -> None:
        known = len(self.seen)
        self.seen.update(getattr(row, "id", None) for row in page.results)
        if len(page.results) >= self.size and len(self.seen) > known:
            self.full.add(offset)
            while self.full_until in self.full:
                self.full_until += self.size
            if self.claimed is not None and offset + self.size > self.claimed:
                self.claimed = None  # a full page where the count said the listing ends
        else:
            self.end = offset
        if page.results:
            self.rows += len(page.results)
            self.delivered.add(offset)

    def _partial(self) -> PartialListing:
        resume = self.start
        while resume in self.delivered:
            resume += self.size
        return PartialListing(self.rows, {**self.params, "offset": resume}, resume)


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

    @classmethod
    def decoding(cls) -> Turns:
        """The turns page decoding takes across every listing on this event loop.

        Each listing's own `Turns` keeps its pages apart; listings read at once (opening the
        triage reads six) still decoded a page each in the same loop turn. Only synchronous work is
        done inside these slices, so no slice ever waits on another listing's.
        """
        loop = asyncio.get_running_loop()
        turns = _DECODING.get(loop)
        if turns is None:
            turns = _DECODING[loop] = cls()
        return turns


_DECODING: WeakKeyDictionary[asyncio.AbstractEventLoop, Turns] = WeakKeyDictionary()
