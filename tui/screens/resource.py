"""The one resource list screen, specialised by a `ResourceSpec`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, ProgressBar, Static

from tui.keys import registry
from tui.listing import export
from tui.listing.store import ObjectStore
from tui.resources.base import ResourceSpec
from tui.screens.list_filters import ListFilters
from tui.screens.list_loading import ListLoading
from tui.screens.messages import OpenObject, OpenRelated
from tui.screens.tail import LiveTail
from tui.screens.worker_errors import ReportWorkerErrors
from tui.screens.writes import WriteActions
from tui.text import safe
from tui.widgets.filter_input import FilterInput
from tui.widgets.table.resource_table import Column, ResourceTable, Row
from tui.widgets.topbar import TopBar

EXPORT_NOTICE_ROWS = 5_000  # bigger exports say they have started


class ResourceScreen(ReportWorkerErrors, ListLoading, LiveTail, WriteActions, Screen):
    KEY_SCOPES = ("resource", "events")
    BINDINGS = registry.bindings(*KEY_SCOPES)
    BROWSING = True

    def __init__(
        self,
        spec: ResourceSpec,
        *,
        params: dict[str, Any] | None = None,
        title: str | None = None,
        keep: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__()
        self.spec = spec
        self.filters = ListFilters(spec, params)
        self.heading = title or spec.title
        self.keep = keep
        self.objects = ObjectStore()
        self.scanned = 0
        self.total: int | None = None
        self.capped = False
        self.busy = False
        self.more: Any = None  # the events page iterator, when there is more to follow
        self.error: str | None = None
        self.resume: Any = None
        self.claimed: int | None = None
        self.source: str | None = None
        self.loaded_generation = -1
        self.tail: Any = None  # the live-tail timer while it runs

    # Layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TopBar(self.heading)
        yield FilterInput(placeholder="filter as you type · enter searches the server · esc clears · ↓ rows",
                          id="filter", select_on_focus=False)
        yield ResourceTable(
            [Column(c.key, c.label, width=c.width, min_width=c.min_width, ratio=c.ratio, align=c.align, drop=c.drop)
             for c in self.spec.all_columns],
            id="table",
        )
        with Static(id="statusbar"):
            yield Static(id="status")
            yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
        yield Footer()

    @property
    def table(self) -> ResourceTable:
        return self.query_one(ResourceTable)

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.table.focus()
        self.refresh_chrome()
        self.load()

    def params(self) -> dict[str, Any]:
        return self.filters.params()

    def refresh_chrome(self) -> None:
        self.query_one(TopBar).refresh_text()
        self.refresh_status()

    def on_screen_resume(self) -> None:
        if self.loaded_generation != self.app.generation and self.app.ready.is_set():
            self.load()

    def refresh_status(self) -> None:
        table = self.table
        text = self.listing_text()
        if self.tail is not None:
            text += " · live tail"
        if table.visible_count != table.row_count:
            text += f" · {table.visible_count:,} shown"
        marks = len(table.selected_keys)
        if marks:
            text += f" · {marks} marked"
        filters = self.filters.describe()
        self.query_one("#status", Static).update(Content(safe(text + (f" · {filters}" if filters else ""))))

    # Events from the table ------------------------------------------------------------
    @on(ResourceTable.RowActivated)
    def _activated(self, event: ResourceTable.RowActivated) -> None:
        self.open_key(event.key)

    @on(ResourceTable.CursorMoved)
    def _moved(self, event: ResourceTable.CursorMoved) -> None:
        table = self.table
        row = table.cursor_row  # None once a filter hides every row
        if self.more is not None and not self.busy and row is not None and row >= table.visible_count - 5:
            self.load_more()

    @on(ResourceTable.MarksChanged)
    def _marks(self) -> None:
        self.refresh_status()

    def selected(self) -> Any | None:
        key = self.table.selected_key
        return self.objects.get(key) if key is not None else None

    def open_key(self, key: str) -> None:
        obj = self.objects.get(key)
        if obj is not None:
            self.post_message(OpenObject(self.spec.id, obj))
        elif self.cached_at is not None:
            self.open_when_live(key)

    @work(group="open", exclusive=True, exit_on_error=False)
    async def open_when_live(self, key: str) -> None:
        obj = await self.live_object(key)
        if obj is not None:
            self.post_message(OpenObject(self.spec.id, obj))

    # What the write keys act on, and how a write shows here -------------------------------
    def write_subject(self) -> Any | None:
        return self.selected()

    async def live_subject(self) -> Any | None:
        key = self.table.selected_key
        return await self.live_object(key) if key is not None else None

    def marked(self) -> list[Any]:
        return [self.objects[k] for k in self.table.selected_keys if k in self.objects]

    def show_saved(self, obj: Any) -> None:
        key = self.spec.key(obj)
        table = self.table
        if key in table:
            table.update_row(key, self.row_cells(obj))
        else:
            table.append_rows([Row(key, self.row_cells(obj))])
            if self.total is not None:
                self.total += 1
        self.objects[key] = obj
        self.refresh_status()

    def show_removed(self, key: str) -> None:
        if key in self.objects:  # `del`, not `pop`: no page is unpacked for an object being dropped
            del self.objects[key]
        if key in self.table:  # a page held back behind a late one is not shown yet
            self.table.remove_row(key)
            if self.total:
                self.total -= 1
            self.refresh_status()

    def created(self, obj: Any) -> None:
        self.table.move_cursor_to(self.spec.key(obj))

    # Actions --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        spec = self.spec
        if action == "cycle_scope":
            return spec.scope is not None
        if action == "cycle_order":
            return spec.order is not None
        if action == "more_filters":
            return bool(spec.flags or spec.filter_fields)
        if action == "toggle_tail":
            return spec.streaming
        if action in ("edit", "edit_external", "new", "undo"):
            return spec.form is not None and self.write_check(action)
        if action == "bulk":
            from tui.screens.bulk import BULK_RESOURCES

            return spec.id in BULK_RESOURCES and self.write_check(action)
        if action == "delete":
            return spec.removal is not None and self.write_check(action)
        if action == "toggle_archived":
            return spec.removal == "archive"
        if action == "related":
            return bool(spec.relations)
        return True

    def action_open(self) -> None:
        key = self.table.selected_key
        if key is not None:
            self.open_key(key)

    def action_filter(self) -> None:
        self.query_one("#filter", FilterInput).open()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.filter(event.value)
        self.refresh_status()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        filters = self.filters
        if self.spec.search_param and event.value.strip() != filters.search:
            filters.search = event.value.strip()
            event.input.value = ""
            self.load()
        self.table.focus()
        event.input.display = bool(event.input.value)

    def action_back(self) -> None:
        field = self.query_one("#filter", Input)
        if field.value or field.has_focus:
            field.value = ""
            field.display = False
            self.table.filter("")
            self.table.focus()
            self.refresh_status()
        elif self.filters.search:
            self.filters.search = ""
            self.load()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.notify("This is the top of the stack: q quits, : or 1–5 switch resource.", timeout=3)

    def action_refresh(self) -> None:
        # After a listing failed part-way, r fetches only the rest.
        self.late_refresh = self.resume is None
        self.load(self.resume)

    def action_cycle_scope(self) -> None:
        if self.spec.scope is not None:
            self.notify(self.filters.step(self.spec.scope), timeout=2)
            self.load()

    def action_cycle_order(self) -> None:
        order = self.spec.order
        if order is None:
            return
        asked = self.filters.params()
        self.notify(self.filters.step(order), timeout=2)
        local = self.filters.chosen(order).sort
        if local is not None:
            self.table.sort(*local)
        elif self.table.sort_column is not None:
            self.table.sort(None)  # the server's order again: the order the rows came in
        if self.filters.params() != asked:
            self.load()

    def action_more_filters(self) -> None:
        filters = self.filters
        if self.spec.filter_fields:
            from tui.screens.dialogs.filter_form import FilterFormScreen

            def applied(values: dict[str, str] | None) -> None:
                if values is not None:
                    filters.form = values
                    self.load()

            title = f"Filter {self.spec.title.lower()} on the server"
            self.app.push_screen(FilterFormScreen(title, self.spec.filter_fields, filters.form), applied)
            return
        from tui.screens.dialogs.picker import PickerScreen

        def chosen(value: tuple[str, int] | None) -> None:
            if value:
                label, index = value
                filters.choice[label] = index
                self.load()

        title = f"Filter {self.spec.title.lower()} (● in force)"
        self.app.push_screen(PickerScreen(title, filters.flag_options()), chosen)

    def action_copy_id(self) -> None:
        obj = self.selected()
        if obj is not None:
            text = self.spec.label(obj)
            self.app.copy_to_clipboard(text)
            self.notify(Content(f"Copied “{safe(text)}”"), timeout=2)

    def action_export(self) -> None:
        from tui.screens.dialogs.picker import ask_export_format

        ask_export_format(self, "Export what is shown as", self.export_shown)

    @work(exclusive=True, group="export", exit_on_error=False)
    async def export_shown(self, fmt: str) -> None:
        # Off the event loop: 100k rows take seconds to rebuild and write.
        keys = self.table.visible_keys()
        if len(keys) > EXPORT_NOTICE_ROWS:
            self.notify(f"Exporting {len(keys):,} rows…", timeout=4)
        try:
            path = await asyncio.to_thread(export.export, self.spec, fmt, keys, self.objects)
        except OSError as exc:
            self.notify(Content(f"Could not write the export: {exc}"), severity="error", timeout=8)
            return
        self.notify(Content(f"Exported {len(keys):,} rows to {path}"), timeout=6)

    def action_related(self) -> None:
        obj = self.selected()
        if obj is not None:
            self.post_message(OpenRelated(self.spec.id, obj))
