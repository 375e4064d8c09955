"""What goes inside one tile's box: the view model and its lines for a given box size (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len

from tui.text import one_line
from tui.widgets.tiles.canvas import fit
from tui.widgets.tiles.markdown import Line, Role, markdown_lines, wrap_pieces
from tui.widgets.tiles.result_view import funnel_lines, table_lines
from tui.widgets.tiles.sparkline import spark_bars, sparkline

TileKind = Literal["insight", "text", "button", "other"]


@dataclass
class BoardTile:
    """One dashboard tile as the board shows it; x/y/w/h are the `sm` layout (None when missing)."""

    id: int
    title: str
    kind: TileKind = "insight"
    x: int | None = None
    y: int | None = None
    w: int | None = None
    h: int | None = None
    body: str | None = None
    value: str | None = None
    series: list[float] | None = None
    error: str | None = None
    steps: list[tuple[str, float]] | None = None  # a funnel: (step, people)
    header: list[str] | None = None  # a table: its header and rows of plain cells
    rows: list[list[str]] | None = None
    note: str | None = None  # said instead of "no data" (not computed yet, computing…)


def wrap(text: str, width: int, lines: int, role: Role) -> list[Line]:
    """At most `lines` lines of `text` wrapped to `width`; the last ends in … when text remains.
    Body text is markdown (a text tile); any other role is plain text (an error, a note)."""
    if width <= 0 or lines <= 0:
        return []
    if role == "body":
        wrapped = markdown_lines(text, width)
    else:
        wrapped = [line for paragraph in text.splitlines()
                   for line in wrap_pieces([(one_line(paragraph), role)], width)]
    shown = wrapped[:lines]
    if len(wrapped) > lines:
        last = shown[-1] or [("", "body")]
        head, (tail, tail_role) = last[:-1], last[-1]
        room = width - sum(cell_len(piece) for piece, _ in head)
        shown[-1] = [*head, (fit(tail + "…", room) if room > 0 else "", tail_role)]
    return shown


def tile_lines(tile: BoardTile, width: int, height: int) -> list[Line]:
    """The lines drawn inside a box whose interior is `width` x `height` cells."""
    if width <= 0 or height <= 0:
        return []
    title = one_line(tile.title or "")
    value = one_line(tile.value) if tile.value else None
    if height == 1 and title:
        # No room below the title: a headline number shares its line.
        if value and tile.kind == "insight" and not tile.error and cell_len(value) + 2 <= width // 2:
            room = width - cell_len(value) - 1
            padded = fit(title, room) + " " * (room - cell_len(fit(title, room)) + 1)
            return [[(padded, "title"), (value, "value")]]
        return [[(fit(title, width), "title")]]

    lines: list[Line] = [[(fit(title, width), "title")]] if title else []
    room = height - len(lines)
    if tile.error:
        return lines + wrap("⚠ " + tile.error, width, room, "error")
    series = tile.series or []
    # Text tiles, and insights whose results came back as a text summary, show their text.
    if tile.body and (tile.kind != "insight" or (value is None and not series and not tile.steps)):
        return lines + wrap(tile.body, width, room, "body")
    if tile.kind != "insight":
        return lines + [[(fit(tile.note or f"({tile.kind} tile)", width), "muted")]]
    if tile.steps:
        if value and room > len(tile.steps):
            return lines + [[(fit(value, width), "value")]] + funnel_lines(tile.steps, width, room - 1)
        return lines + funnel_lines(tile.steps, width, room)
    if tile.header is not None:
        return lines + table_lines(tile.header, tile.rows or [], width, room)
    if value is None and not series:
        return lines + wrap(tile.note or "no data", width, room, "muted")
    spark_room = width - cell_len(value) - 1 if value else 0
    if room == 1 and value and series and spark_room >= 3:
        return lines + [[(value + " ", "value"), (sparkline(series, spark_room), "spark")]]
    if value:
        lines.append([(fit(value, width), "value")])
        room -= 1
    return lines + [[(row, "spark")] for row in spark_bars(series, width, room)]
