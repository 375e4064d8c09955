"""`ResourceTable`: the keyboard-first list of PostHog resources, built for 10k-100k rows.

Keys, marks, filter and sort, and the messages its owner listens to. Painting only the visible
lines is `TableView`'s job; formatting, filtering and sorting rows is `RowStore`'s.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from textual import events
from textual.message import Message

from tui.keys import registry
from tui.widgets.table.model import KEY, VALUES, Column, Entry, Row, make_entry
from tui.widgets.table.render import column_at
from tui.widgets.table.view import TableView

__all__ = ["Column", "ResourceTable", "Row"]

# Rows given new cells per turn of the loop: ~12 ms of formatting on a slow machine.
REVALUE_BATCH = 1_000


class _TableMessage(Message):
    """A message from a table; `control` makes `@on(..., "#id")` selectors work."""

    def __init__(self, table: ResourceTable) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> ResourceTable:
        return self.table


class ResourceTable(TableView):
    """Rows of `Row(key, cells)` under a header of `Column`s; a cursor, marks, filter and sort."""

    DEFAULT_CSS = """
    ResourceTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        scrollbar-size-vertical: 1;
        & > .resource-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .resource-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .resource-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .resource-table--marked {
            background: $accent 15%;
        }
        & > .resource-table--mark {
            color: $accent;
            text-style: bold;
        }
        & > .resource-table--empty {
            color: $text-muted;
            text-style: italic;
        }
    }
    """

    COMPONENT_CLASSES = {
        "resource-table--header",
        "resource-table--cursor",
        "resource-table--marked",
        "resource-table--mark",
        "resource-table--empty",
    }

    KEY_SCOPES = ("table",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    class RowActivated(_TableMessage):
        """Enter (or a double click) on a row."""

        def __init__(self, table: ResourceTable, key: str) -> None:
            super().__init__(table)
            self.key = key

    class CursorMoved(_TableMessage):
        """The cursor is on another row; `key` is None when no row is left under it."""

        def __init__(self, table: ResourceTable, key: str | None) -> None:
            super().__init__(table)
            self.key = key

    class MarksChanged(_TableMessage):
        """Rows were marked or unmarked; `count` is how many are marked now."""

        def __init__(self, table: ResourceTable, count: int) -> None:
            super().__init__(table)
            self.count = count

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        empty_message: str = "No rows",
        no_match_message: str = "No rows match '{filter}'",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            columns,
            empty_message=empty_message,
            no_match_message=no_match_message,
            name=name,
            id=id,
            classes=classes,
            disabled=disabled,
        )
        self._announced: str | None = None
        self._anchor: str | None = None

    # ----- state the owner reads --------------------------------------------------------------

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._store.columns

    @property
    def row_count(self) -> int:
        return len(self._store)

    @property
    def visible_count(self) -> int:
        return len(self._store.view)

    @property
    def cursor_row(self) -> int | None:
        """Index of the cursor among the visible rows; None when no row is visible."""
        return self._cursor if self._store.view else None

    @cursor_row.setter
    def cursor_row(self, index: int) -> None:
        self._move_cursor(index)

    @property
    def selected_key(self) -> str | None:
        view = self._store.view
        return view[self._cursor][KEY] if view else None

    @property
    def selected_keys(self) -> tuple[str, ...]:
        """Marked keys in display order, including rows the filter currently hides."""
        if not self._marks:
            return ()
        marks = self._marks
        return tuple(entry[KEY] for entry in self._store.rows if entry[KEY] in marks)

    @property
    def mark_count(self) -> int:
        return len(self._marks)

    @property
    def filter_text(self) -> str:
        return self._store.filter_text

    @property
    def sort_column(self) -> str | None:
        return self._store.sort_column

    @property
    def sort_reverse(self) -> bool:
        return self._store.sort_reverse

    @property
    def empty_message(self) -> str:
        return self._empty_message

    @empty_message.setter
    def empty_message(self, message: str) -> None:
        self._empty_message = message
        self.refresh()

    @property
    def no_match_message(self) -> str:
        """Shown when the filter hides every row; `{filter}` stands for the filter text."""
        return self._no_match_message

    @no_match_message.setter
    def no_match_message(self, message: str) -> None:
        self._no_match_message = message
        self.refresh()

    def get_row(self, key: str) -> Row:
        return Row(key, self._store.by_key[key][VALUES])

    def head(self, limit: int) -> list[Row]:
        """The first `limit` rows in display order (filtered-out ones included)."""
        return [Row(entry[KEY], entry[VALUES]) for entry in self._store.rows[:limit]]

    def visible_keys(self) -> list[str]:
        """Keys of the rows the filter shows, in display order."""
        return [entry[KEY] for entry in self._store.view]

    # ----- changing rows ----------------------------------------------------------------------

    def append_rows(self, rows: Iterable[Row]) -> None:
        """Add rows (a page at a time while loading); the cursor stays on its row."""
        with self._cursor_kept():
            self._store.append(rows)

    def set_rows(self, rows: Iterable[Row]) -> None:
        """Replace every row, keeping filter, sort, the cursor's row and marks that still exist."""
        with self._cursor_kept():
            self._store.clear()
            self._store.append(rows)
        self._drop_marks(lambda key: key not in self._store.by_key)

    async def revalue(self, cells: Callable[[tuple], tuple], *, batch: int = REVALUE_BATCH) -> None:
        """New cells for every row from its current ones (a column filled late), made `batch` rows
        at a time with the loop free between, then swapped in at once keeping the cursor's row.
        Rows added meanwhile are left as they came (their cells are expected to be current)."""
        entries = list(self._store.rows)
        fresh: dict[str, tuple[Entry, Entry]] = {}
        for start in range(0, len(entries), batch):
            for entry in entries[start:start + batch]:
                fresh[entry[KEY]] = (entry, make_entry(entry[KEY], cells(entry[VALUES])))
            await asyncio.sleep(0)
        with self._cursor_kept():
            self._store.replace(fresh)

    def clear(self) -> None:
        with self._cursor_kept():
            self._store.clear()
        self._drop_marks(lambda key: True)

    def __contains__(self, key: object) -> bool:
        return key in self._store.by_key

    def update_row(self, key: str, cells: tuple) -> None:
        """Replace a row's cells (KeyError if absent); it stays where it is until the next
        `filter`/`sort`, so it does not jump away from the user."""
        with self._cursor_kept():
            self._store.update(key, cells)

    def remove_row(self, key: str) -> None:
        """Remove a row (KeyError if absent); a cursor on it moves to the next row."""
        self.remove_rows((key,))

    def remove_rows(self, keys: Iterable[str]) -> None:
        """Remove several rows at once (KeyError, and nothing removed, if one is absent)."""
        gone = set(keys)
        with self._cursor_kept(fallback="same_index"):
            self._store.remove(gone)
        self._drop_marks(gone.__contains__)

    def filter(self, text: str) -> None:
        """Show only rows containing `text` in any cell, ignoring case; "" shows all."""
        with self._cursor_kept(fallback="first"):
            self._store.filter(text)

    def sort(self, key: str | None, reverse: bool = False) -> None:
        """Sort by the column `key` (numbers by value, text ignoring case, empty cells last);
        None restores arrival order."""
        with self._cursor_kept():
            self._store.sort(key, reverse)

    def move_cursor_to(self, key: str) -> bool:
        """Put the cursor on the row `key`; False if the row is not visible."""
        entry = self._store.by_key.get(key)
        try:
            index = self._store.view.index(entry)
        except ValueError:
            return False
        self._move_cursor(index)
        return True

    def clear_marks(self) -> None:
        self._drop_marks(lambda key: True)

    @contextmanager
    def _cursor_kept(self, fallback: str = "same_index") -> Iterator[None]:
        """Keep the cursor on its row, at the same height on screen, across a change of rows.

        If the row is gone the cursor goes to the first row (`fallback="first"`) or stays at
        its index, which is then the next row.
        """
        key = self.selected_key
        screen_line = self._cursor - round(self.scroll_y)
        yield
        view = self._store.view
        index = self._cursor
        entry = self._store.by_key.get(key) if key is not None else None
        if key is not None and not (index < len(view) and view[index] is entry):
            try:
                index = view.index(entry)
            except ValueError:
                index = 0 if fallback == "first" else self._cursor
        self._fit(force_virtual=True)
        self._cursor = max(0, min(index, len(view) - 1))
        if 0 <= screen_line < self._body_height:
            self.scroll_to(y=self._cursor - screen_line, animate=False)
        self._scroll_to_cursor()
        self._announce_cursor()
        self.refresh()

    # ----- marks ------------------------------------------------------------------------------

    def _drop_marks(self, condition) -> None:
        dropped = {key for key in self._marks if condition(key)}
        if self._anchor in dropped:
            self._anchor = None
        if dropped:
            self._marks -= dropped
            self._marks_changed()

    def _marks_changed(self) -> None:
        self.refresh()
        self.post_message(self.MarksChanged(self, len(self._marks)))

    def action_toggle_mark(self) -> None:
        key = self.selected_key
        if key is None:
            return
        if key in self._marks:
            self._marks.discard(key)
        else:
            self._marks.add(key)
            self._anchor = key
        self._marks_changed()

    def action_mark_range(self) -> None:
        """Mark every visible row from the last marked row to the cursor."""
        key = self.selected_key
        if key is None:
            return
        view = self._store.view
        anchor = self._store.by_key.get(self._anchor) if self._anchor else None
        try:
            start = view.index(anchor)
        except ValueError:
            start = self._cursor
        low, high = sorted((start, self._cursor))
        before = len(self._marks)
        self._marks.update(entry[KEY] for entry in view[low : high + 1])
        self._anchor = key
        if len(self._marks) != before:
            self._marks_changed()

    # ----- cursor -----------------------------------------------------------------------------

    def _announce_cursor(self) -> None:
        key = self.selected_key
        if key != self._announced:
            self._announced = key
            self.post_message(self.CursorMoved(self, key))

    def _scroll_to_cursor(self) -> None:
        body = self._body_height
        if body <= 0:
            return
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + body:
            self.scroll_to(y=self._cursor - body + 1, animate=False)

    def _move_cursor(self, index: int) -> None:
        index = max(0, min(index, len(self._store.view) - 1))
        if index != self._cursor:
            self._cursor = index
            self.refresh()
        self._scroll_to_cursor()
        self._announce_cursor()

    def _page(self, fraction: float) -> None:
        step = max(1, int(self._body_height * abs(fraction)))
        step = step if fraction > 0 else -step
        # Scrolling by the same amount keeps the cursor at the same height on screen.
        self.scroll_to(y=round(self.scroll_y) + step, animate=False)
        self._move_cursor(self._cursor + step)

    def action_cursor_down(self) -> None:
        self._move_cursor(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_cursor(self._cursor - 1)

    def action_cursor_first(self) -> None:
        self._move_cursor(0)

    def action_cursor_last(self) -> None:
        self._move_cursor(len(self._store.view) - 1)

    def action_cursor_page_down(self) -> None:
        self._page(1)

    def action_cursor_page_up(self) -> None:
        self._page(-1)

    def action_cursor_half_page_down(self) -> None:
        self._page(0.5)

    def action_cursor_half_page_up(self) -> None:
        self._page(-0.5)

    def action_activate(self) -> None:
        key = self.selected_key
        if key is not None:
            self.post_message(self.RowActivated(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            index = column_at(self._widths, offset.x + round(self.scroll_x))
            if index is not None:
                key = self.columns[index].key
                self.sort(key, reverse=self.sort_column == key and not self.sort_reverse)
            return
        index = round(self.scroll_y) + offset.y - 1
        if index < len(self._store.view):
            self._move_cursor(index)
            if event.chain == 2:
                self.action_activate()
