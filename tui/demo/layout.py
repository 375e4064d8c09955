"""Tile layout arithmetic on PostHog's grids: sm has 12 columns, xs one column."""

from __future__ import annotations

from .data import Record

COLUMNS = 12
DEFAULT_W, DEFAULT_H = 6, 5


def pack(sizes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Place (w, h) boxes in order, each in the lowest free slot across the columns (left-most on ties)."""
    heights = [0] * COLUMNS
    placed = []
    for w, h in sizes:
        w = max(1, min(w, COLUMNS))
        y, x = min((max(heights[x:x + w]), x) for x in range(COLUMNS - w + 1))
        heights[x:x + w] = [y + h] * w
        placed.append((x, y))
    return placed


def xs_stack(heights: list[int]) -> list[Record]:
    result, y = [], 0
    for h in heights:
        result.append({"x": 0, "y": y, "w": 1, "h": h})
        y += h
    return result


def reorder(tiles: list[Record], mode: str) -> None:
    """Rewrite `layouts` of `tiles` (already in the requested order) for reorder_tiles."""
    sizes = []
    for tile in tiles:
        sm = (tile.get("layouts") or {}).get("sm") or {}
        sizes.append((int(sm.get("w") or DEFAULT_W), int(sm.get("h") or DEFAULT_H)))
    if mode == "preserve":
        boxes = [(x, y, min(w, COLUMNS), h) for (x, y), (w, h) in zip(pack(sizes), sizes, strict=True)]
    elif mode == "two_column":
        boxes = [((i % 2) * 6, (i // 2) * DEFAULT_H, 6, DEFAULT_H) for i in range(len(tiles))]
    else:
        boxes = [(0, i * DEFAULT_H, COLUMNS, DEFAULT_H) for i in range(len(tiles))]
    for tile, (x, y, w, h), xs in zip(tiles, boxes, xs_stack([b[3] for b in boxes]), strict=True):
        tile["layouts"] = {**(tile.get("layouts") or {}), "sm": {"x": x, "y": y, "w": w, "h": h}, "xs": xs}


def _overlaps(a: Record, b: Record) -> bool:
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def compact(tiles: list[Record]) -> None:
    """Gravity-up compaction per breakpoint, as delete_tile persists it: in (y, x) order each tile drops
    to the lowest free row from the top, jumping past the tiles already placed that it would overlap."""
    sizes = {size for t in tiles for size, box in (t.get("layouts") or {}).items() if isinstance(box, dict)}
    for size in sizes:
        boxes = [t["layouts"][size] for t in tiles if isinstance((t.get("layouts") or {}).get(size), dict)]
        placed: list[Record] = []
        for box in sorted(boxes, key=lambda b: (b.get("y", 0), b.get("x", 0))):
            rect = {"x": box.get("x", 0), "y": 0, "w": box.get("w", 1), "h": box.get("h", 1)}
            while collisions := [p for p in placed if _overlaps(rect, p)]:
                rect["y"] = max(p["y"] + p["h"] for p in collisions)
            box["y"] = rect["y"]
            placed.append(rect)


def bottom(tiles: list[Record], size: str) -> int:
    return max((t["layouts"][size]["y"] + t["layouts"][size]["h"] for t in tiles
                if isinstance((t.get("layouts") or {}).get(size), dict)), default=0)


def order_key(tile: Record, size: str = "sm") -> tuple[int, int, int]:
    """Sort by (y, x) of a layout; tiles without that layout go last, as stream_tiles does."""
    box = (tile.get("layouts") or {}).get(size)
    if not isinstance(box, dict):
        return (1, 0, 0)
    return (0, int(box.get("y", 0)), int(box.get("x", 0)))
