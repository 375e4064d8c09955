"""How a list screen fills: pages streamed in listing order, cursor lists followed as you scroll,
and a listing that failed part-way kept on screen with the rest one key away."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import work
from textual.widgets import ProgressBar
from textual.worker import get_current_worker

from tui.listing.ordering import OrderedPages
from tui.resources.base import ResourceSpec
from tui.widgets.table.resource_table import Row

STREAM_BATCH = 500  # events are followed lazily: this many rows, then more at the end


class ListLoading:
    """Mixed into the resource screen; fills its `table` and `objects` from `spec.group`."""

    spec: ResourceSpec
    workers: Any

    def _reset_listing(self) -> None:
        self.busy, self.error, self.more, self.total = True, None, None, None
        self.resume: Any = None  # how a listing that failed part-way goes on (`r`)
        self.claimed: int | None = None  # a count the pages did not bear out
        self.source: str | None = None  # the window and where the rows came from, when the spec says
        self.objects.clear()
        self.scanned = 0
        self.table.clear()

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
        self.table.append_rows(self._rows(objects))
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
            self._reset_listing()
        else:
            self.busy, self.error, self.resume = True, None, None
        self._progress(self.table.row_count, self.total)
        self.refresh_chrome()
        client = await self.app.client()
        self.loaded_generation = self.app.generation
        self.refresh_chrome()
        if client is None:
            self.error = self.app.connect_error or "Not connected."
            self.busy = False
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
        except ApiError as exc:
            self._failed(exc, f"Loading {self.spec.title.lower()}")
        finally:
            self.busy = False
            self._progress(0, None)
            self.refresh_status()

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
        self.table.append_rows(rows)
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
        if self.error:
            text += f" · failed: {self.error}" + (" · r loads the rest" if self.resume is not None else "")
        elif self.busy:
            text += " · loading…"
        elif self.more is not None:
            text += " · more at the end"
        return text
