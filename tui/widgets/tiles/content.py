"""What goes inside one tile's box: the view model and its lines for a given box size (pure)."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len

from tui.text import one_line
from tui.widgets.tiles.canvas import fit
from tui.widgets.tiles.sparkline import spark_bars, sparkline

TileKind = Literal["insight", "text", "button", "other"]
Role = Literal["title", "value", "spark", "body", "error", "muted"]
Piece = tuple[str, Role]
Line = list[Piece]  # pieces drawn left to right on one line

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


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


def wrap(text: str, width: int, lines: int, role: Role) -> list[Line]:
    """At most `lines` lines of `text` wrapped to `width`; the last ends in … when text remains.
    Markdown headings lose their #s and are shown as titles."""
    if width <= 0 or lines <= 0:
        return []
    wrapped: list[Piece] = []
    for paragraph in text.splitlines():
        heading = _HEADING.match(paragraph)
        paragraph = one_line(paragraph[heading.end() if heading else 0 :]).rstrip()
        pieces = textwrap.wrap(paragraph, width) or ([""] if wrapped else [])
        wrapped.extend((piece, "title" if heading else role) for piece in pieces)
    while wrapped and not wrapped[-1][0]:
        wrapped.pop()
    shown = [[(fit(text, width), line_role)] for text, line_role in wrapped[:lines]]
    if len(wrapped) > lines:
        text, line_role = shown[-1][0]
        shown[-1] = [(fit(text + "…", width), line_role)]
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
    if tile.body and (tile.kind != "insight" or (value is None and not series)):
        return lines + wrap(tile.body, width, room, "body")
    if tile.kind != "insight":
        return lines + [[(fit(f"({tile.kind} tile)", width), "muted")]]
    if value is None and not series:
        return lines + [[(fit("no data", width), "muted")]]
    spark_room = width - cell_len(value) - 1 if value else 0
    if room == 1 and value and series and spark_room >= 3:
        return lines + [[(value + " ", "value"), (sparkline(series, spark_room), "spark")]]
    if value:
        lines.append([(fit(value, width), "value")])
        room -= 1
    return lines + [[(row, "spark")] for row in spark_bars(series, width, room)]
