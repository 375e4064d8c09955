"""The dashboard tile board: PostHog's 12-column grid drawn as boxes, navigable and reorderable.

Reordering is previewed locally with the same packing rules as the server's `reorder_tiles`; the
board only reports the new order (`OrderChanged`) and the app decides when to save it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.keys import registry
from tui.widgets.tiles.canvas import DOUBLE, SINGLE, Canvas
from tui.widgets.tiles.content import BoardTile, tile_lines
from tui.widgets.tiles.geometry import CellBox, Direction, cell_boxes, choose_lines_per_row, neighbour, row_heights
from tui.widgets.tiles.packing import LAYOUT_MODES, LayoutMode, Rect, current_rects, layout_order, move, pack

__all__ = ["BoardTile", "TileBoard"]

HEADER_LINES = 1
_ROLES = ("title", "value", "spark", "body", "error", "muted", "head", "strong", "emph", "link", "code")


class _BoardMessage(Message):
    def __init__(self, tile_board: TileBoard | None) -> None:
        super().__init__()
        self.tile_board = tile_board

    @property
    def control(self) -> TileBoard | None:
        return self.tile_board


class _TileMessage(_BoardMessage):
    def __init__(self, tile_id: Hashable, tile_board: TileBoard | None = None) -> None:
        super().__init__(tile_board)
        self.tile_id = tile_id


class TileBoard(ScrollView, can_focus=True):
    """Dashboard tiles laid out like PostHog's web app; the selected tile has a double border."""

    COMPONENT_CLASSES = {
        "tile-board--header",
        "tile-board--dirty",
        "tile-board--box",
        "tile-board--selected",
        *(f"tile-board--{role}" for role in _ROLES),
    }

    DEFAULT_CSS = """
    TileBoard {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        & > .tile-board--header { color: $text-muted; background: $panel; }
        & > .tile-board--dirty { color: $text-warning; background: $warning-muted; text-style: bold; }
        & > .tile-board--box { color: $foreground-darken-3; }
        & > .tile-board--selected { color: $text-accent; text-style: bold; }
        &:focus > .tile-board--selected { color: $accent; }
        & > .tile-board--title { color: $foreground; text-style: bold; }
        & > .tile-board--value { color: $text-primary; text-style: bold; }
        & > .tile-board--spark { color: $primary; }
        & > .tile-board--body { color: $foreground; }
        & > .tile-board--error { color: $text-error; }
        & > .tile-board--muted { color: $text-muted; text-style: italic; }
        & > .tile-board--head { color: $text-muted; text-style: bold; }
        & > .tile-board--strong { color: $foreground; text-style: bold; }
        & > .tile-board--emph { color: $foreground; text-style: italic; }
        & > .tile-board--link { color: $text-accent; text-style: underline; }
        & > .tile-board--code { color: $text-secondary; }
    }
    """

    KEY_SCOPES = ("tiles",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    class TileSelected(_TileMessage):
        """The selection moved to `tile_id`."""

    class TileActivated(_TileMessage):
        """Enter (or a click on the selected tile) asked to open `tile_id`."""

    class OrderChanged(_BoardMessage):
        """The user reordered the tiles; `order` is what `reorder_tiles` would be sent."""

        def __init__(self, order: list[Hashable], tile_board: TileBoard | None = None) -> None:
            super().__init__(tile_board)
            self.order = order

    selected_id: reactive[Hashable | None] = reactive(None, init=False)
    mode: reactive[LayoutMode] = reactive("preserve", init=False)
    dirty: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        tiles: Iterable[BoardTile] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._tiles: dict[Hashable, BoardTile] = {}
        self._order: list[Hashable] = []
        self._saved_order: list[Hashable] = []
        self._saved_rects: dict[Hashable, Rect] = {}
        self._rects: dict[Hashable, Rect] = {}
        self._heights: list[int] = []
        self._boxes: dict[Hashable, CellBox] = {}
        self._strips: list[Strip] | None = None
        self._strips_width = -1
        self.set_tiles(tiles)

    # public API

    @property
    def order(self) -> list[Hashable]:
        return list(self._order)

    @property
    def tiles(self) -> list[BoardTile]:
        return [self._tiles[tile_id] for tile_id in self._order]

    def set_tiles(self, tiles: Iterable[BoardTile]) -> None:
        """Show `tiles` at their saved positions; keeps the selection when that tile is still there."""
        tiles = list(tiles)
        self._tiles = {tile.id: tile for tile in tiles}
        self._saved_rects = current_rects(tiles)
        self._saved_order = layout_order(tiles)
        self._show(self._saved_order, self._saved_rects)
        self.set_reactive(TileBoard.dirty, False)
        self._sync_dirty_class()
        if self.selected_id not in self._tiles:
            self.selected_id = self._order[0] if self._order else None

    def mark_saved(self) -> None:
        """The shown order and grid are now what the server has."""
        self._saved_order = list(self._order)
        self._saved_rects = dict(self._rects)
        self.dirty = False

    def revert(self) -> None:
        """Drop the unsaved order and show the saved grid again."""
        self._show(self._saved_order, self._saved_rects)
        self.dirty = False
        self._reveal_selected()

    def tile_rect(self, tile_id: Hashable) -> Rect:
        """The grid rect (x, y, w, h) where the tile is drawn now (after any unsaved reorder)."""
        return self._rects[tile_id]

    # reactives

    def validate_mode(self, mode: str) -> str:
        if mode not in LAYOUT_MODES:
            raise ValueError(f"unknown layout mode {mode!r}")
        return mode

    def validate_selected_id(self, tile_id: Hashable | None) -> Hashable | None:
        if tile_id is not None and tile_id not in self._tiles:
            raise ValueError(f"no tile {tile_id!r} on this board")
        return tile_id

    def watch_mode(self) -> None:
        self._repack()

    def watch_selected_id(self, tile_id: Hashable | None) -> None:
        self._invalidate()
        if tile_id is not None:
            self._reveal_selected()
            self.post_message(self.TileSelected(tile_id, self))

    def watch_dirty(self) -> None:
        self._sync_dirty_class()
        self._invalidate()

    # actions

    def action_select_direction(self, direction: Direction) -> None:
        if self.selected_id is None:
            return
        target = neighbour(self._rects, self.selected_id, direction)
        if target is not None:
            self.selected_id = target

    def action_move_tile(self, delta: int) -> None:
        if self.selected_id is None:
            return
        new_order = move(self._order, self.selected_id, delta)
        if new_order == self._order:
            return
        self._order = new_order
        self._repack()
        self.post_message(self.OrderChanged(self.order, self))

    def action_activate(self) -> None:
        if self.selected_id is not None:
            self.post_message(self.TileActivated(self.selected_id, self))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_LINES:
            return
        line = offset.y - HEADER_LINES + round(self.scroll_y)
        hits = [t for t in self._paint_order() if t in self._boxes and self._boxes[t].contains(offset.x, line)]
        if not hits:
            return
        if hits[-1] == self.selected_id:
            self.action_activate()
        else:
            self.selected_id = hits[-1]

    # layout

    def _show(self, order: list[Hashable], rects: dict[Hashable, Rect]) -> None:
        self._order = list(order)
        self._rects = dict(rects)
        self._relayout()

    def _repack(self) -> None:
        if not self._tiles:
            return
        self._show(self._order, pack(self._tiles.values(), self._order, self.mode))
        self.dirty = self._order != self._saved_order or self._rects != self._saved_rects
        self._reveal_selected()

    def _sync_dirty_class(self) -> None:
        self.set_class(self.dirty, "-dirty")

    def on_resize(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        # Strips are cached with resolved colours: a theme or :focus change must redraw them.
        super().notify_style_update()
        self._invalidate()

    def _relayout(self) -> None:
        viewport = self.scrollable_content_region.height - HEADER_LINES
        self._heights = row_heights(self._rects, choose_lines_per_row(self._rects, viewport))
        self.virtual_size = Size(self.scrollable_content_region.width, sum(self._heights) + HEADER_LINES)
        self._invalidate()

    def _invalidate(self) -> None:
        self._strips = None
        self.refresh()

    def _reveal_selected(self) -> None:
        if self.selected_id is None or self.selected_id not in self._rects:
            return
        _, y, _, h = self._rects[self.selected_id]
        top, bottom = sum(self._heights[:y]), sum(self._heights[: y + h])
        view = self.scrollable_content_region.height - HEADER_LINES
        if top < self.scroll_y or view <= 0:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_y + view:
            self.scroll_to(y=min(top, bottom - view), animate=False, immediate=True)

    def _paint_order(self) -> list[Hashable]:
        # The selected tile is painted last so its border wins where copied tiles overlap.
        return [t for t in self._order if t != self.selected_id] + [t for t in self._order if t == self.selected_id]

    # rendering

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"tile-board--{name}")

    def _build(self, width: int) -> list[Strip]:
        self._boxes = cell_boxes(self._rects, width, self._heights)
        if not self._tiles:
            canvas = Canvas(width, 1, self.rich_style)
            canvas.text(1, 0, "This dashboard has no tiles.", self._style("muted"), width - 1)
            return canvas.strips()
        canvas = Canvas(width, sum(self._heights), self.rich_style)
        for tile_id in self._paint_order():
            box = self._boxes[tile_id]
            if box.width < 2 or box.height < 2:
                continue
            selected = tile_id == self.selected_id
            canvas.fill(box, Style())
            canvas.box(box, DOUBLE if selected else SINGLE, self._style("selected" if selected else "box"))
            pad = 1 if box.width >= 10 else 0
            inner = box.width - 2 - 2 * pad
            for row, line in enumerate(tile_lines(self._tiles[tile_id], inner, box.height - 2)):
                x, right = box.left + 1 + pad, box.left + 1 + pad + inner
                for text, role in line:
                    x = canvas.text(x, box.top + 1 + row, text, self._style(role), right - x)
        return canvas.strips()

    def _header(self, width: int) -> Strip:
        canvas = Canvas(width, 1, self._style("header"))
        count = len(self._tiles)
        canvas.text(1, 0, f"{count} tile{'s' * (count != 1)} · {self.mode} layout", Style(), width - 2)
        if self.dirty:
            marker = " ● unsaved order "
            canvas.text(max(0, width - len(marker) - 1), 0, marker, self._style("dirty"), len(marker))
        return canvas.strips()[0]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < HEADER_LINES:
            return self._header(width)
        if self._strips is None or self._strips_width != width:
            self._strips, self._strips_width = self._build(width), width
        line = y - HEADER_LINES + round(self.scroll_y)
        if 0 <= line < len(self._strips):
            return self._strips[line]
        return Strip.blank(width, self.rich_style)

