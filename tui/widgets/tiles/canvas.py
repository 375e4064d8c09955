"""A small character canvas: boxes and clipped text drawn cell by cell, read back as Strips.

API strings are painted as plain characters (never parsed as markup) after control characters are
replaced, so a title can neither style the board nor send escape codes to the terminal.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.text import one_line
from tui.widgets.tiles.geometry import CellBox

ELLIPSIS = "…"
SINGLE = "┌┐└┘─│"
DOUBLE = "╔╗╚╝═║"
_WIDE_TAIL = ""  # the cell covered by the right half of a double-width character


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, ending in an ellipsis when it was cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        size = get_character_cell_size(ch)
        if used + size > width - 1:
            break
        out.append(ch)
        used += size
    return "".join(out) + ELLIPSIS


class Canvas:
    def __init__(self, width: int, height: int, base: Style) -> None:
        self.width = width
        self.height = height
        self._chars = [[" "] * width for _ in range(height)]
        self._styles = [[base] * width for _ in range(height)]
        self._base = base

    def _put(self, x: int, y: int, ch: str, style: Style) -> None:
        row, styles = self._chars[y], self._styles[y]
        # Never leave half of a double-width character behind when painting over it.
        if row[x] == _WIDE_TAIL and x > 0:
            row[x - 1] = " "
        if x + 1 < self.width and row[x + 1] == _WIDE_TAIL:
            row[x + 1] = " "
        row[x] = ch
        styles[x] = self._base + style

    def text(self, x: int, y: int, text: str, style: Style, width: int) -> int:
        """Paint `text` (cleaned, clipped to `width` cells with an ellipsis) starting at (x, y);
        returns the column after the last cell painted."""
        if not 0 <= y < self.height:
            return x
        width = min(width, self.width - x)
        for ch in fit(one_line(text), width):
            size = get_character_cell_size(ch)
            if size == 0:
                continue
            self._put(x, y, ch, style)
            if size == 2:
                self._put(x + 1, y, _WIDE_TAIL, style)
            x += size
        return x

    def fill(self, box: CellBox, style: Style) -> None:
        for y in range(max(box.top, 0), min(box.bottom, self.height)):
            for x in range(box.left, box.right):
                self._put(x, y, " ", style)

    def box(self, box: CellBox, chars: str, style: Style) -> None:
        """Draw the border of `box` with `chars`: four corners, then the edges (see SINGLE)."""
        tl, tr, bl, br, horizontal, vertical = chars
        last_x, last_y = box.right - 1, box.bottom - 1
        for x in range(box.left, box.right):
            self._put(x, box.top, horizontal, style)
            self._put(x, last_y, horizontal, style)
        for y in range(box.top, box.bottom):
            self._put(box.left, y, vertical, style)
            self._put(last_x, y, vertical, style)
        self._put(box.left, box.top, tl, style)
        self._put(last_x, box.top, tr, style)
        self._put(box.left, last_y, bl, style)
        self._put(last_x, last_y, br, style)

    def strips(self) -> list[Strip]:
        strips = []
        for chars, styles in zip(self._chars, self._styles):
            segments: list[Segment] = []
            run: list[str] = []
            run_style = styles[0] if styles else self._base
            for ch, style in zip(chars, styles):
                if ch == _WIDE_TAIL:
                    continue
                if style != run_style and run:
                    segments.append(Segment("".join(run), run_style))
                    run = []
                run_style = style
                run.append(ch)
            if run:
                segments.append(Segment("".join(run), run_style))
            strips.append(Strip(segments, self.width))
        return strips
