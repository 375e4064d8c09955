"""How a list screen fills: pages streamed in listing order, cursor lists followed as you scroll,
and a listing that failed part-way kept on screen with the rest one key away."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import ProgressBar
from textual.worker import get_current_worker

from tui.listing import cache
from tui.listing.ordering import OrderedPages
from tui.listing.store import ObjectStore
from tui.widgets.table.resource_table import Row

if TYPE_CHECKING:
    from tui.resources.base import ResourceSpec

STREAM_BATCH = 500  # events are followed lazily: this many rows, then more at the end


class ListLoading:
    """Mixed into the resource screen; fills its `table` and `objects` from `spec.group`.

    A list opened afresh first shows what it showed last time (`tui.listing.cache`), marked as
    cached; the live rows replace it in one go once they cover it, keeping the cursor's row
    and the filter. Until then `objects` is empty, so nothing can act on a cached row.
    """

    # Provided by the resource screen this is mixed into.
    app: Any
    spec: ResourceSpec
    keep: Callable[[Any], bool] | None
    objects: ObjectStore
    table: Any  # a property of the screen: the ResourceTable it composes
    params: Callable[[], dict[str, Any]]
    notify: Any
    query_one: Any
    workers: Any
    refresh_status: Any
    refresh_chrome: Any
    loaded_generation: int
    scanned: int
    busy: bool
    capped: bool
    error: str | None
    more: Any
    total: int | None

    # The spec's late columns: their source once it came (or why it did not), and for which project.
    late_data: Any = None
    late_problem: str | None = None
    late_generation = -1
    late_refresh = False  # `r` asks the source again
    cached_at: float | None = None  # when the rows on screen were fetched, while they are cached ones
    fetched = 0.0  # when the live rows were
    live_rows: list[Row]
    live: asyncio.Event  # set once the live rows are in (or the listing failed)

    def _reset_listing(self) -> None:
        self.busy, self.error, self.more, self.total = True, None, None, None
        self.resume: Any = None  # how a listing that failed part-way goes on (`r`)
        self.claimed: int | None = None  # a count the pages did not bear out
        self.source: str | None = None  # the window and where the rows came from, when the spec says
        self.objects.clear()
        self.scanned = 0
        self.table.clear()
        self.cached_at, self.live_rows = None, []
        # One event for the screen's life: a write waiting for live rows goes on waiting across
        # a reload (a search, a project switch) instead of being left on a dropped one.
        if not hasattr(self, "live"):
            self.live = asyncio.Event()

    def cache_place(self) -> cache.Place | None:
        """Where this list is cached; None when it is not (turned off, a live feed, a relation
        filtered here rather than by the server)."""
        target = self.app.target
        if target is None or not target.cache or self.spec.streaming or self.keep is not None:
            return None
        host, project = ("demo", 0) if target.demo else (target.host, target.project)
        if host is None or project is None:
            return None
        return cache.Place(target.profile, host, project, self.spec.id, self.params())

    def _columns(self) -> list[str]:
        return [column.key for column in self.spec.all_columns]

    def row_cells(self, obj: Any) -> tuple:
        return self._completed(self.spec.cells(obj))

    def _completed(self, cells: tuple) -> tuple:
        """A row's own cells and its late ones, from the source as it is now."""
        late = self.spec.late
        return cells if late is None else cells + late.cells(self.late_data, cells)

    def _complete(self, rows: list[Row]) -> list[Row]:
        # Rows wait (behind a late page, or behind cached rows) with their own cells only, and
        # get their late ones on the way into the table: whatever the source is by then.
        if self.spec.late is None:
            return rows
        return [Row(key, self._completed(cells)) for key, cells in rows]

    @work(exclusive=True, group="late", exit_on_error=False)
    async def fill_late(self, client: Any) -> None:
        """Ask the late columns' source (shared by the session: cheap when already asked), then
        give every row shown its late cells; rows coming after get them as they come."""
        late = self.spec.late
        assert late is not None
        refresh, self.late_refresh = self.late_refresh, False
        self.late_generation = self.app.generation
        self.late_data, self.late_problem = await late.load(client, refresh=refresh)
        own = len(self.spec.columns)
        await self.table.revalue(lambda values: self._completed(values[:own]))
        self.refresh_status()

    def _paint_cached(self) -> None:
        place = self.cache_place()
        listing = cache.read(place, self._columns()) if place is not None else None
        if listing is None or not listing.rows:
            return
        table = self.table
        if listing.sort is not None:
            table.sort(listing.sort, listing.reverse)
        if listing.filter and not table.filter_text:
            field = self.query_one("#filter")
            field.value, field.display = listing.filter, True
            table.filter(listing.filter)
        # Cached rows keep the late cells they had: last time's volumes until this time's come.
        table.append_rows([Row(key, cells) for key, cells in listing.rows])
        self.total = listing.count
        self.cached_at = listing.fetched
        self.live.clear()

    def _swap_in_live(self) -> None:
        """The live rows replace the cached ones: `set_rows` keeps the cursor's row, the filter
        and the order."""
        self.table.set_rows(self._complete(self.live_rows))
        self.cached_at, self.live_rows = None, []
        self.live.set()

    def _shown(self) -> tuple[cache.Place, cache.Listing] | None:
        """What the list shows now, to keep for the next start (not while it is the cache itself)."""
        place = self.cache_place()
        if place is None or self.cached_at is not None or self.error is not None or self.busy:
            return None
        table = self.table
        return place, cache.Listing(
            columns=self._columns(), rows=table.head(cache.MAX_ROWS), count=self.total,
            filter=table.filter_text, sort=table.sort_column, reverse=table.sort_reverse, fetched=self.fetched)

    def remember(self) -> None:
        shown = self._shown()
        if shown is not None:
            cache.write(*shown)

    async def live_object(self, key: str) -> Any | None:
        """The live object of row `key`; while the rows shown are cached ones, after the live
        list has come (saying so meanwhile), and None, said, when the server no longer has it."""
        if self.cached_at is None or key in self.objects:
            return self.objects.get(key)
        self.notify("Loading… the rows shown are cached; this waits for the live list.", timeout=3)
        await self.live.wait()
        obj = self.objects.get(key)
        if obj is None:
            gone = ("The live list did not load: nothing was done." if self.cached_at is not None
                    else "That row is gone from the server's list: nothing was done.")
            self.notify(gone, severity="warning", timeout=6)
        return obj

    def _rows(self, objects: Any) -> list[Row]:
        rows, kept = [], []
        for obj in objects:
            self.scanned += 1
            if self.keep is not None and not self.keep(obj):
                continue
            key = self.spec.key(obj)
            if key in self.objects:  # a page after a gap comes again when a listing resumes
                continue
            kept.append((key, obj))
            rows.append(Row(key, self.spec.cells(obj)))
        self.objects.add_page(kept)
        return rows

    def _add(self, objects: Any) -> None:
        self.table.append_rows(self._complete(self._rows(objects)))
        self.refresh_status()

    def _progress(self, done: int, total: int | None) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = self.busy
        bar.update(total=total, progress=done)

    @work(exclusive=True, group="load", exit_on_error=False)
    async def load(self, resume: Any = None) -> None:
        """The list from the server; with `resume` (a failed listing's `error.partial`), only
        the rest of it, after what is already shown."""
        from tui.api.errors import ApiError

        # One reader at a time for a cursor listing's pages: a batch still coming for the
        # listing being replaced is dropped.
        self.workers.cancel_group(self, "more")
        if resume is None:
            fresh = self.loaded_generation != self.app.generation or self.cached_at is not None
            self._reset_listing()
            if fresh:  # a list opened, or its project changed: what it showed last time, meanwhile
                self._paint_cached()
        else:
            self.busy, self.error, self.resume = True, None, None
        self._progress(self.table.row_count, self.total)
        self.refresh_chrome()
        client = await self.app.client()
        self.loaded_generation = self.app.generation
        self.refresh_chrome()
        if client is not None and self.spec.late is not None and (
                self.late_generation != self.app.generation or self.late_refresh):
            self.fill_late(client)
        if client is None:
            self.error = self.app.connect_error or "Not connected."
            self.busy = False
            self.live.set()
            self.refresh_status()
            return
        group = getattr(client, self.spec.group)
        params = self.params()
        try:
            if self.spec.streaming:
                # A listing resumed after a failure goes on where it failed: the `events/` walk.
                self.more = aiter(group.pages(resume=resume, **params) if resume else self._pages(client)(**params))
                await self._follow()
                if self.spec.source is not None:
                    self.source = self.spec.source(client, params)
            else:
                start = resume.resume_offset if resume is not None else 0
                end = await group.stream(self._receiver(start), resume=resume, **params)
                rows = start + end.rows  # a resumed listing counts only what it fetched
                self.claimed = end.claimed if end.claimed is not None and end.claimed != rows else None
                if self.claimed is not None:
                    self.total = rows
            self.fetched = time.time()
        except ApiError as exc:
            self._failed(exc, f"Loading {self.spec.title.lower()}")
        finally:
            if not get_current_worker().is_cancelled:
                if self.cached_at is not None and (self.live_rows or self.error is None):
                    self._swap_in_live()
                self.live.set()  # a failure keeps the cached rows on screen; waiters are told
            self.busy = False
            self._progress(0, None)
            self.refresh_status()
        shown = self._shown() if resume is None else None
        if shown is not None:
            await asyncio.to_thread(cache.write, *shown)

    def _pages(self, client: Any) -> Callable[..., Any]:
        """Where a streaming listing (and its live tail) reads pages."""
        return self.spec.pages(client) if self.spec.pages is not None else getattr(client, self.spec.group).pages

    def _failed(self, error: Exception, doing: str) -> None:
        partial = getattr(error, "partial", None)
        self.error = str(error)
        self.resume = partial if partial is not None and partial.resume is not None else None
        self.app.show_error(error, doing)

    def _receiver(self, start: int = 0) -> Callable[[Any], Awaitable[None]]:
        """Take pages as they arrive, show them in listing order.

        A page is packed and turned into rows as soon as it arrives, so pages held back behind
        a late one wait as rows (plain strings), not as thousands of live objects.
        """
        ordered = OrderedPages(self._show_rows, start)

        def receive(page: Any) -> Awaitable[None]:
            if page.count is not None:
                self.total = page.count
                self.capped = bool(getattr(page, "count_is_capped", False))
            return ordered.receive(page.offset, len(page.results), self._rows(page.results))

        return receive

    def _show_rows(self, rows: list[Row]) -> None:
        if self.cached_at is not None:
            self.live_rows.extend(rows)
            if len(self.live_rows) < self.table.row_count:
                return
            self._swap_in_live()
        else:
            self.table.append_rows(self._complete(rows))
        self.refresh_status()
        self._progress(self.table.row_count, self.total)

    async def _follow(self) -> None:
        """Load the next batch of a cursor-paginated list."""
        more = self.more
        target = len(self.objects) + STREAM_BATCH
        while more is not None and self.more is more and len(self.objects) < target:
            try:
                page = await anext(more)
            except StopAsyncIteration:
                self.more = None
                break
            self._add(page.results)

    @work(group="more", exit_on_error=False)
    async def load_more(self) -> None:
        from tui.api.errors import ApiError

        if self.busy or self.more is None:
            return  # a batch is on its way already; an async generator has one reader at a time
        self.busy = True
        self.refresh_status()
        try:
            await self._follow()
        except ApiError as exc:
            self.more = None
            self._failed(exc, "Loading more")
        finally:
            if not get_current_worker().is_cancelled:  # else a new listing owns `busy` now
                self.busy = False
                self.refresh_status()

    def listing_text(self) -> str:
        """The status line's account of the listing: how many, of how many, and what is going on."""
        table = self.table
        loaded = table.row_count
        if self.cached_at is not None:
            of = f" of {self.total:,}" if self.total is not None else ""
            state = f"failed: {self.error}" if self.error else "refreshing"
            return f"{loaded:,}{of} · cached {cache.age(self.cached_at)} · {state}"
        of = f" of {self.total:,}{'+' if self.capped else ''}" if self.total is not None else ""
        if self.keep is not None:
            # A relation the server cannot filter: rows were checked here.
            text = f"{loaded:,} related · {self.scanned:,}{of} checked"
        else:
            text = f"{loaded:,}{of} loaded"
        if self.claimed is not None:
            text += f" (the server claimed {self.claimed:,})"
        if self.source:
            text += f" · {self.source}"
        if self.late_problem:
            text += f" · {self.late_problem}"
        if self.error:
            text += f" · failed: {self.error}" + (" · r loads the rest" if self.resume is not None else "")
        elif self.busy:
            text += " · loading…"
        elif self.more is not None:
            text += " · more at the end"
        return text
