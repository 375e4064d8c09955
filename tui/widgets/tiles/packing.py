"""Client-side mirror of the server's `reorder_tiles` packing, so a new order can be shown before saving.

Pure functions over anything with `id, x, y, w, h` attributes (x/y/w/h may be None when a tile has
no `sm` layout). The rules follow PostHog's `_apply_reorder_layout`: only the listed tiles move.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Literal, Protocol

GRID_COLUMNS = 12
DEFAULT_W = 6
DEFAULT_H = 5

LayoutMode = Literal["preserve", "two_column", "full_width"]
LAYOUT_MODES: tuple[LayoutMode, ...] = ("preserve", "two_column", "full_width")

Rect = tuple[int, int, int, int]


class PlacedTile(Protocol):
    id: Hashable
    x: int | None
    y: int | None
    w: int | None
    h: int | None


def _positive(value: object, default: int) -> int:
    # The server keeps only positive ints: layouts is a free JSON field and may hold anything.
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default


def current_rects(tiles: Iterable[PlacedTile]) -> dict[Hashable, Rect]:
    """Where each tile sits now; a tile without a layout gets the default size at the bottom."""
    tiles = list(tiles)
    placed = [t for t in tiles if t.x is not None and t.y is not None]
    bottom = max((t.y + _positive(t.h, DEFAULT_H) for t in placed), default=0)
    rects: dict[Hashable, Rect] = {}
    for tile in tiles:
        w = min(_positive(tile.w, DEFAULT_W), GRID_COLUMNS)
        h = _positive(tile.h, DEFAULT_H)
        if tile.x is None or tile.y is None:
            rects[tile.id] = (0, bottom, w, h)
            bottom += h
        else:
            x = min(max(tile.x, 0), GRID_COLUMNS - w)
            rects[tile.id] = (x, max(tile.y, 0), w, h)
    return rects


def pack(tiles: Iterable[PlacedTile], order: Sequence[Hashable], mode: LayoutMode = "preserve") -> dict[Hashable, Rect]:
    """The `sm` rect of every tile after `reorder_tiles(order, layout=mode)`.

    Tiles missing from `order` keep their current rect (as the server leaves them untouched).
    """
    if mode not in LAYOUT_MODES:
        raise ValueError(f"unknown layout mode {mode!r}")
    tiles = list(tiles)
    by_id = {t.id: t for t in tiles}
    unknown = [tile_id for tile_id in order if tile_id not in by_id]
    if unknown:
        raise KeyError(f"tiles not on this board: {unknown}")
    if len(set(order)) != len(order):
        raise ValueError("order must contain unique tile ids")
    rects = current_rects(tiles)

    if mode == "two_column":
        for index, tile_id in enumerate(order):
            row, col = divmod(index, 2)
            rects[tile_id] = (col * DEFAULT_W, row * DEFAULT_H, DEFAULT_W, DEFAULT_H)
        return rects
    if mode == "full_width":
        for index, tile_id in enumerate(order):
            rects[tile_id] = (0, index * DEFAULT_H, GRID_COLUMNS, DEFAULT_H)
        return rects

    # preserve: each tile goes to the start column whose segment top is lowest; the server starts
    # from empty columns (ignoring unlisted tiles) and keeps the left-most on ties.
    heights = [0] * GRID_COLUMNS
    for tile_id in order:
        tile = by_id[tile_id]
        w = max(1, min(_positive(tile.w, DEFAULT_W), GRID_COLUMNS))
        h = _positive(tile.h, DEFAULT_H)
        best_x, best_y = 0, max(heights[0:w])
        for x in range(1, GRID_COLUMNS - w + 1):
            top = max(heights[x : x + w])
            if top < best_y:
                best_x, best_y = x, top
        rects[tile_id] = (best_x, best_y, w, h)
        for column in range(best_x, best_x + w):
            heights[column] = best_y + h
    return rects


def layout_order(tiles: Iterable[PlacedTile]) -> list[Hashable]:
    """Tile ids in display order: by `sm` y, then x; tiles without a layout last, in input order."""
    indexed = list(enumerate(tiles))

    def key(item: tuple[int, PlacedTile]) -> tuple[int, int, int, int]:
        index, tile = item
        if tile.x is None or tile.y is None:
            return (1, 0, 0, index)
        return (0, tile.y, tile.x, index)

    return [tile.id for _, tile in sorted(indexed, key=key)]


def move_to(order: Sequence[Hashable], tile_id: Hashable, index: int) -> list[Hashable]:
    """A copy of `order` with `tile_id` at `index` (clamped to the list)."""
    result = list(order)
    result.remove(tile_id)
    result.insert(max(0, min(index, len(result))), tile_id)
    return result


def move(order: Sequence[Hashable], tile_id: Hashable, delta: int) -> list[Hashable]:
    """A copy of `order` with `tile_id` moved `delta` places (negative = earlier), clamped."""
    return move_to(order, tile_id, list(order).index(tile_id) + delta)
