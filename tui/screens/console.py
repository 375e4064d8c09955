"""`:sql` (or `6`): HogQL typed in an editor, run through the Query API, the answer in a table below.

A run starts the query asynchronously (`refresh: "async"`) and polls its status, so `esc` can cancel
it on the server (`DELETE query/{id}/`) and a new run can supersede it. The answer goes into the table
a slice at a time, yielding to the event loop between slices. What was typed is never dropped: the
screen is kept when you leave it, and quitting with a query never run asks first.
"""

from __future__ import annotations

import asyncio
import gc
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea

from tui.console.completion import COLUMNS, KEYWORDS, TABLES, complete, word_before
from tui.console.history import QueryHistory
from tui.console.results import MAX_ROWS, numeric, slices
from tui.keys import registry
from tui.listing import export
from tui.screens.worker_errors import ReportWorkerErrors
from tui.text import safe
from tui.widgets.filter_input import FilterInput
from tui.widgets.table.resource_table import Column, ResourceTable
from tui.widgets.topbar import TopBar

POLL_SECONDS = 0.2
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
STARTER = ("SELECT event, count() AS n\nFROM events\nWHERE timestamp > now() - INTERVAL 7 DAY\n"
           "GROUP BY event\nORDER BY n DESC\nLIMIT 100")


@contextmanager
def _no_collector() -> Iterator[None]:
    """Tens of thousands of rows at once: the collector's full passes over them (30 ms and more each)
    would stall the app, and they hold no cycles. Afterwards they leave its passes for good (freeze);
    freeing them when the next answer replaces them is plain reference counting."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


class ConsoleScreen(ReportWorkerErrors, Screen):
    KEY_SCOPES = ("console",)
    BINDINGS = registry.bindings(*KEY_SCOPES)
    heading = "HogQL console"

    def __init__(self, history: QueryHistory | None = None) -> None:
        super().__init__()
        self.history = history or QueryHistory()
        self.ran_text = STARTER  # the editor's text when it last matched something run (or the starter)
        self.query_id: str | None = None  # the query running on the server
        self.started = 0.0
        self.columns: list[str] = []
        self.rows: list[Any] = []
        self.outcome = "ctrl+r runs the query"
        self._ticker: Any = None
        self.event_names: tuple[str, ...] = ()
        # Replaced by a new table for each answer (the columns are the answer's).
        self.results = self._table([])

    @property
    def BROWSING(self) -> bool:  # noqa: N802 - the app reads the same name on every screen
        """Outside the editor and the filter box, printable keys are the app's (`?`, `q`, `1`–`6`)."""
        return not isinstance(self.focused, (TextArea, Input))

    def compose(self) -> ComposeResult:
        yield TopBar(self.heading)
        yield TextArea(STARTER, language=None, id="console-editor", soft_wrap=True, show_line_numbers=True)
        yield Static(id="console-error")
        yield FilterInput(placeholder="filter the results as you type · esc clears · ↓ rows", id="filter",
                          select_on_focus=False)
        yield self.results
        with Static(id="statusbar"):
            yield Static(id="status")
        yield Footer()

    def _table(self, columns: list[str], types: list[str] | None = None) -> ResourceTable:
        # A table needs a column: before the first run (and for an answer without any) one stands empty.
        names = columns or ["answer"]
        kinds = types or []
        return ResourceTable(
            [Column(str(i), name, ratio=1, align="right" if i < len(kinds) and numeric(kinds[i]) else "left")
             for i, name in enumerate(names)],
            id="console-results", empty_message="No rows" if columns else "The answer shows here")

    @property
    def editor(self) -> TextArea:
        return self.query_one("#console-editor", TextArea)

    @property
    def table(self) -> ResourceTable:
        return self.results

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.query_one("#console-error").display = False
        # Typing goes after the starter query, not in front of it.
        self.editor.move_cursor(self.editor.document.end)
        self.editor.focus()
        self.refresh_status()
        self.load_event_names()

    def on_screen_resume(self) -> None:
        self.query_one(TopBar).refresh_text()

    # What the app asks every screen -----------------------------------------------------------
    def unsaved(self) -> str | None:
        text, history = self.editor.text, self.history
        # What was being typed when the history walk began waits as the draft: it counts too.
        draft = history.draft if history.place < len(history.entries) else ""
        if (text.strip() and text != self.ran_text) or (draft.strip() and draft not in history.entries):
            return "HogQL console: a query typed and not run yet"
        return None

    # The status line ------------------------------------------------------------------------
    def refresh_status(self) -> None:
        if self.query_id is not None:
            spent = time.monotonic() - self.started
            spin = SPINNER[int(spent * 10) % len(SPINNER)]
            text = f"{spin} running {spent:.1f} s · esc cancels"
        else:
            text = self.outcome
        table = self.table
        if table.visible_count != table.row_count:
            text += f" · {table.visible_count:,} shown"
        self.query_one("#status", Static).update(Content(safe(text)))

    def _show_error(self, message: str | None) -> None:
        line = self.query_one("#console-error", Static)
        line.display = bool(message)
        line.update(Content(safe(f"✗ {message}" if message else "")))

    # Running --------------------------------------------------------------------------------
    def action_run(self) -> None:
        sql = self.editor.text
        if not sql.strip():
            self.notify("Type a query first.", timeout=3)
            return
        self.history.add(sql)
        self.ran_text = sql
        self._cancel_on_server()  # a new run supersedes the one still running
        # Running from the key press on, so an `esc` right after it cancels rather than leaves; the id
        # is ours (`client_query_id`), so the query can be cancelled before the server has answered.
        query_id = uuid.uuid4().hex
        self.query_id, self.started = query_id, time.monotonic()
        self._show_error(None)
        self._ticker = self._ticker or self.set_interval(0.1, self.refresh_status)
        self.refresh_status()
        self.run_query(sql, query_id)

    @work(exclusive=True, group="console-run", exit_on_error=False)
    async def run_query(self, sql: str, query_id: str) -> None:
        app: Any = self.app
        client = await app.client()
        if client is None:
            self._finished(query_id, "not run")
            self._show_error(app.connect_error or "Not connected.")
            return
        # From the answer's decoding to the last row in the table: tens of thousands of new objects.
        with _no_collector():
            await self._run(client, sql, query_id)

    async def _run(self, client: Any, sql: str, query_id: str) -> None:
        from tui.api.errors import ApiError
        from tui.api.models import QueryResponse, parse_model

        try:
            status = await client.query.start({"kind": "HogQLQuery", "query": sql}, client_query_id=query_id)
            while not status.complete:
                await asyncio.sleep(POLL_SECONDS)
                status = await client.query.status(status.id)
        except ApiError as exc:
            self._finished(query_id, f"failed after {time.monotonic() - self.started:.1f} s")
            self._show_error(str(exc))
            return
        except asyncio.CancelledError:
            self._finished(query_id, "cancelled")
            raise
        spent = time.monotonic() - self.started
        if status.error:
            self._finished(query_id, f"failed after {spent:.1f} s")
            self._show_error(status.error_message or "The query failed.")
            return
        answer = parse_model(QueryResponse, status.results or {})
        self._finished(query_id, f"{len(answer.results):,} rows in {spent:.1f} s"
                       + (" · more rows exist: add or raise LIMIT (at most 50,000)" if answer.has_more else ""))
        await self.show_answer(answer.columns, answer.results[:MAX_ROWS], answer.type_names)

    def _finished(self, query_id: str, outcome: str) -> None:
        if self.query_id != query_id:
            return  # a newer run owns the status line
        self.query_id = None
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.outcome = outcome
        self.refresh_status()

    async def show_answer(self, columns: list[Any], rows: list[Any], types: list[str] | None = None) -> None:
        """A new table for the answer's columns (`types`: their ClickHouse types), filled a slice at a time."""
        self.columns, self.rows = [str(c) for c in columns], rows
        old, table = self.results, self._table(self.columns, types)
        focused = old.has_focus
        await old.remove()
        await self.mount(table, before=self.query_one("#statusbar"))
        self.results = table
        if focused:
            table.focus()
        with _no_collector():  # also when called alone
            for part in slices(rows, len(table.columns)):
                table.append_rows(part)
                await asyncio.sleep(0)  # let keys and frames in between slices
        self.refresh_status()

    def _cancel_on_server(self) -> None:
        if self.query_id is not None:
            self.cancel_query(self.query_id)
            self._finished(self.query_id, "cancelled")

    @work(group="console-cancel", exit_on_error=False)
    async def cancel_query(self, query_id: str) -> None:
        from tui.api.errors import ApiError, NotFoundError

        app: Any = self.app
        client = await app.client()
        if client is None:
            return
        try:
            await client.query.cancel(query_id)
        except NotFoundError:
            pass  # cancelled before the server knew of it, or already gone: nothing runs there
        except ApiError as exc:
            app.show_error(exc, "Cancelling the query")

    # Leaving --------------------------------------------------------------------------------
    def action_back(self) -> None:
        field = self.query_one("#filter", Input)
        if self.query_id is not None:
            self.workers.cancel_group(self, "console-run")
            self._cancel_on_server()
        elif field.value or field.has_focus:
            field.value = ""
            field.display = False
            self.table.filter("")
            self.table.focus()
            self.refresh_status()
        elif len(self.app.screen_stack) > 1:
            if self.unsaved():
                self.notify("The query stays here: 6 or :sql comes back to it.", timeout=3)
            self.app.pop_screen()

    # History --------------------------------------------------------------------------------
    def action_history(self, step: int) -> None:
        editor = self.editor
        text = self.history.older(editor.text) if step < 0 else self.history.newer()
        if text is None:
            self.notify("No older query." if step < 0 else "No newer query.", timeout=2)
            return
        was_run = text in self.history.entries
        editor.load_text(text)
        editor.move_cursor(editor.document.end)
        if was_run:
            self.ran_text = text

    # Completion -----------------------------------------------------------------------------
    def action_complete(self) -> None:
        editor = self.editor
        if not editor.has_focus:
            return
        row, column = editor.cursor_location
        prefix = word_before(editor.document.get_line(row)[:column])
        names = (*TABLES, *COLUMNS, *KEYWORDS, *self.event_names)
        rest, matches = complete(prefix, names)
        if rest:
            editor.insert(rest)
        if len(matches) > 1:
            shown = ", ".join(matches[:8]) + (f" (+{len(matches) - 8})" if len(matches) > 8 else "")
            self.notify(safe(shown), timeout=4)
        elif not matches:
            self.notify("Nothing to complete here." if prefix else "Type the start of a name first.", timeout=2)

    @work(exclusive=True, group="console-names", exit_on_error=False)
    async def load_event_names(self) -> None:
        """The project's event names, once, for completion."""
        from tui.api.errors import ApiError

        app: Any = self.app
        client = await app.client()
        if client is None:
            return
        try:
            page = await client.event_definitions.page(limit=1000)
        except ApiError:
            return  # completion goes on with the fixed names
        self.event_names = tuple(d.name for d in page.results if d.name)

    # The results ----------------------------------------------------------------------------
    def action_switch_focus(self) -> None:
        (self.table if self.editor.has_focus else self.editor).focus()

    def action_filter(self) -> None:
        self.query_one("#filter", FilterInput).open()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.filter(event.value)
        self.refresh_status()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()
        event.input.display = bool(event.input.value)

    def action_copy_row(self) -> None:
        key = self.table.selected_key
        if key is None:
            return
        row = self.rows[int(key)]
        text = "\t".join("" if v is None else str(v) for v in (row if isinstance(row, list) else [row]))
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied “{safe(text)}”", timeout=2)

    def action_export(self) -> None:
        from tui.screens.dialogs.picker import ask_export_format

        if not self.columns:
            self.notify("Run a query first: the export holds its answer.", timeout=3)
            return
        ask_export_format(self, "Export the rows shown as", self.export_shown)

    @work(exclusive=True, group="export", exit_on_error=False)
    async def export_shown(self, fmt: str) -> None:
        rows = [self.rows[int(key)] for key in self.table.visible_keys()]
        try:
            path = await asyncio.to_thread(export.export_rows, "hogql", fmt, self.columns, rows)
        except OSError as exc:
            self.notify(safe(f"Could not write the export: {exc}"), severity="error", timeout=8)
            return
        self.notify(safe(f"Exported {len(rows):,} rows to {path}"), timeout=6)
