"""Grid-to-terminal geometry for the tile board and spatial navigation between tiles (pure)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Literal

from tui.widgets.tiles.packing import GRID_COLUMNS, Rect

Direction = Literal["up", "down", "left", "right"]

MIN_BOX_LINES = 3  # top border, one line of content, bottom border
MAX_LINES_PER_ROW = 2


@dataclass(frozen=True)
class CellBox:
    """A tile's box in terminal cells: columns [left, right), lines [top, bottom)."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def contains(self, x: int, y: int) -> bool:
        return self.left <= x < self.right and self.top <= y < self.bottom


def column_edge(column: int, width: int) -> int:
    return round(column * width / GRID_COLUMNS)


def row_heights(rects: Mapping[Hashable, Rect], per_row: int) -> list[int]:
    """Lines per grid row: `per_row` each, stretched where a short tile (a 1-row text banner)
    would be too small for a box. Stretching whole rows keeps neighbouring tiles aligned."""
    total = max((y + h for _, y, _, h in rects.values()), default=0)
    heights = [per_row] * total
    for _, y, _, h in sorted(rects.values(), key=lambda r: (r[1], r[0])):
        deficit = MIN_BOX_LINES - sum(heights[y : y + h])
        if deficit > 0:
            heights[y + h - 1] += deficit
    return heights


def choose_lines_per_row(rects: Mapping[Hashable, Rect], viewport_lines: int) -> int:
    """Two lines per grid row when the whole dashboard then fits, otherwise one (and scroll)."""
    return MAX_LINES_PER_ROW if sum(row_heights(rects, MAX_LINES_PER_ROW)) <= viewport_lines else 1


def cell_boxes(rects: Mapping[Hashable, Rect], width: int, heights: list[int]) -> dict[Hashable, CellBox]:
    starts = [0]
    for lines in heights:
        starts.append(starts[-1] + lines)
    return {
        tile_id: CellBox(column_edge(x, width), starts[y], column_edge(x + w, width), starts[y + h])
        for tile_id, (x, y, w, h) in rects.items()
    }


def _gap(a0: int, a1: int, b0: int, b1: int) -> int:
    """How far apart [a0, a1) and [b0, b1) are: negative when they overlap, 0 when they touch."""
    return max(b0 - a1, a0 - b1)


def neighbour(rects: Mapping[Hashable, Rect], current: Hashable, direction: Direction) -> Hashable | None:
    """The tile an arrow key leads to: the nearest one in that direction, preferring tiles that
    share rows (for left/right) or columns (for up/down) with the current one."""
    x, y, w, h = rects[current]
    best: tuple | None = None
    found = None
    for tile_id, (cx, cy, cw, ch) in rects.items():
        if tile_id == current:
            continue
        if direction == "down":
            ahead, distance = cy >= y + h, cy - (y + h)
        elif direction == "up":
            ahead, distance = cy + ch <= y, y - (cy + ch)
        elif direction == "right":
            ahead, distance = cx >= x + w, cx - (x + w)
        else:
            ahead, distance = cx + cw <= x, x - (cx + cw)
        if not ahead:
            continue
        if direction in ("up", "down"):
            side = _gap(x, x + w, cx, cx + cw)
            drift = abs((2 * cx + cw) - (2 * x + w))
        else:
            side = _gap(y, y + h, cy, cy + ch)
            drift = abs(cy - y)
        key = (side >= 0, distance, max(side, 0), drift, cy, cx)
        if best is None or key < best:
            best, found = key, tile_id
    return found
