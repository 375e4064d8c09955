"""`TableView`: paints a `RowStore` through Textual's Line API, one visible line at a time.

Each painted line is cached until its row, its cursor/mark state or the layout changes, so
streaming pages, scrolling and filtering cost the same at 100 rows as at 100,000. Stock
`DataTable` measures every cell on each change, which freezes the UI for seconds at that size.
`ResourceTable` adds the keys, marks and messages on top.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.table.model import CELLS, KEY, Column, Entry, RowStore
from tui.widgets.table.render import header_strip, layout, message_strip, row_strip


class TableView(ScrollView):
    """Header on line 0, then the filtered rows; `_cursor` indexes them, `_marks` holds keys."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        empty_message: str,
        no_match_message: str,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        if not columns:
            raise ValueError("a table needs at least one column")
        self._store = RowStore(columns)
        self._empty_message = empty_message
        self._no_match_message = no_match_message
        self._cursor = 0
        self._marks: set[str] = set()
        self._widths: list[int] = [0] * len(columns)
        self._fitted_for: tuple | None = None
        self._line_width = 0
        # Bumped whenever every painted line may look different (widths, theme, focus).
        self._version = 0
        self._lines: LRUCache[tuple, tuple[Entry, Strip]] = LRUCache(1024)
        self._header: Strip | None = None
        self._base_style: Style | None = None

    @property
    def _body_height(self) -> int:
        return self.scrollable_content_region.height - 1

    def _invalidate(self) -> None:
        self._version += 1
        self._header = None
        self._base_style = None

    @property
    def _base(self) -> Style:
        # `rich_style` walks every ancestor; once per version, not once per painted line.
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._invalidate()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(force_virtual=True)

    def _fit(self, force_virtual: bool = False) -> None:
        """Size the columns for the current width; cheap when nothing changed."""
        width = self.scrollable_content_region.width
        store = self._store
        fitted_for = (width, tuple(store.natural_widths), store.sort_column)
        if fitted_for != self._fitted_for:
            self._fitted_for = fitted_for
            self._widths, self._line_width = layout(
                store.columns, store.natural_widths, store.sort_column, width
            )
            self._invalidate()
            force_virtual = True
        if force_virtual:
            self._set_virtual_size(Size(self._line_width, len(store.view) + 1))

    def _set_virtual_size(self, size: Size) -> None:
        old = self.virtual_size
        if size == old:
            return
        height = self.container_size.height
        if (
            size.width == old.width
            and self.show_vertical_scrollbar
            and min(size.height, old.height) > height
        ):
            # Only the scrollbar thumb changes. Assigning `virtual_size` would re-layout the
            # whole screen on every streamed page (~7 ms at 120x40, more with a busy screen).
            self.set_reactive(TableView.virtual_size, size)
            scrollbar = self.vertical_scrollbar
            scrollbar.window_virtual_size = size.height
            scrollbar.refresh()
            self.scroll_y = self.scroll_y  # re-clamps to the new maximum
        else:
            self.virtual_size = size

    def render_lines(self, crop: Region) -> list[Strip]:
        # The vertical scrollbar appearing narrows the content without a Resize event.
        self._fit()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self._base
        view = self._store.view
        if y == 0:
            strip = self._header_strip()
        elif (index := scroll_y + y - 1) < len(view):
            strip = self._row_strip(view[index], index == self._cursor)
        elif not view and y == 2:
            return self._empty_strip(width)
        else:
            return Strip.blank(width, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _header_strip(self) -> Strip:
        if self._header is None:
            store = self._store
            self._header = header_strip(
                store.columns,
                self._widths,
                store.sort_column,
                store.sort_reverse,
                self._line_width,
                self._base + self.get_component_rich_style("resource-table--header"),
            )
        return self._header

    def _row_strip(self, entry: Entry, cursor: bool) -> Strip:
        marked = entry[KEY] in self._marks
        # The cached value holds the entry itself, so its id cannot be reused while cached.
        cache_key = (id(entry), cursor, marked, self._version)
        cached = self._lines.get(cache_key)
        if cached is None or cached[0] is not entry:
            component = self.get_component_rich_style
            if cursor:
                row_style = component("resource-table--cursor")
            else:
                row_style = component("resource-table--marked") if marked else Style.null()
            strip = row_strip(
                entry[CELLS],
                self._store.columns,
                self._widths,
                self._line_width,
                self.app.console,
                base=self._base,
                row_style=row_style,
                mark_style=component("resource-table--mark", partial=True) if marked else None,
                cursor=cursor,
            )
            cached = self._lines[cache_key] = (entry, strip)
        return cached[1]

    def _empty_strip(self, width: int) -> Strip:
        if self._store.filter_text and len(self._store):
            message = self._no_match_message.replace("{filter}", self._store.filter_text)
        else:
            message = self._empty_message
        style = self._base + self.get_component_rich_style("resource-table--empty")
        return message_strip(message, width, style)
