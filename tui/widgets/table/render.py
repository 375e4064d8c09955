"""Painting `ResourceTable` lines: column layout, then one `Strip` per header/row/message.

Cells arrive already formatted (see table_model); here they are only cut or padded to their
column, and plain strings go straight into Segments, never through a markup parser.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.widgets.table.model import Align, Cell, Column, cell_width, fit_widths, format_cell

MARK = "●"
GUTTER = 2  # the mark and a space
GAP = 2
ELLIPSIS = "…"
SORT_ARROWS = {False: " ▲", True: " ▼"}


READABLE = 10  # a flexible column narrower than this (and than its content) reads as noise


def layout(
    columns: Sequence[Column], natural: Sequence[int], sort_column: str | None, width: int
) -> tuple[list[int], int]:
    """Column widths for a table `width` cells wide (0: a column dropped for want of room),
    and the width of a full line."""
    natural = [
        max(n, cell_width(c.label) + (len(SORT_ARROWS[False]) if c.key == sort_column else 0))
        for c, n in zip(columns, natural)
    ]
    shown = list(range(len(columns)))
    while True:
        kept = [columns[i] for i in shown]
        gaps = GUTTER + GAP * (len(kept) - 1)
        fitted = fit_widths(kept, [natural[i] for i in shown], width - gaps)
        cramped = any(c.width is None and w < min(READABLE, natural[i]) for i, c, w in zip(shown, kept, fitted))
        droppable = [i for i in shown if columns[i].drop is not None]
        if not cramped or not droppable:
            break
        shown.remove(max(droppable, key=lambda i: columns[i].drop or 0))
    widths = [0] * len(columns)
    for i, w in zip(shown, fitted):
        widths[i] = w
    return widths, max(width, gaps + sum(fitted))


def column_at(widths: Sequence[int], x: int) -> int | None:
    """Index of the column under cell `x` of a line."""
    left = GUTTER
    for index, width in enumerate(widths):
        if not width:
            continue
        if left <= x < left + width:
            return index
        left += width + GAP
    return None


def fit_plain(text: str, width: int, align: Align) -> str:
    size = cell_width(text)
    if size > width:
        if width <= 0:
            return ""
        # set_cell_size pads with a space when a wide character does not fit: the ellipsis
        # goes right after the text, and the padding after it.
        return fit_plain(set_cell_size(text, width - 1).rstrip() + ELLIPSIS, width, align)
    pad = width - size
    if not pad:
        return text
    if align == "right":
        return " " * pad + text
    if align == "center":
        return " " * (pad // 2) + text + " " * (pad - pad // 2)
    return text + " " * pad


def _cell_segments(cell: Cell, width: int, align: Align, console: Console) -> list[Segment]:
    if isinstance(cell, str):
        return [Segment(fit_plain(cell, width, align))]
    text = cell.copy()
    text.truncate(width, overflow="ellipsis")
    text.align(align, width)
    return [segment for segment in text.render(console) if segment.text]


def header_strip(
    columns: Sequence[Column],
    widths: Sequence[int],
    sort_column: str | None,
    sort_reverse: bool,
    line_width: int,
    style: Style,
) -> Strip:
    segments = [Segment(" " * GUTTER)]
    first = True
    for column, width in zip(columns, widths):
        if not width:
            continue
        if not first:
            segments.append(Segment(" " * GAP))
        first = False
        label = column.label
        if column.key == sort_column:
            arrow = SORT_ARROWS[sort_reverse]
            label = fit_plain(label, max(0, width - len(arrow)), "left").rstrip() + arrow
        segments.append(Segment(fit_plain(label, width, column.align)))
    return Strip(Segment.apply_style(segments, style)).adjust_cell_length(line_width, style)


def row_strip(
    cells: Sequence[Cell],
    columns: Sequence[Column],
    widths: Sequence[int],
    line_width: int,
    console: Console,
    *,
    base: Style,
    row_style: Style,
    mark_style: Style | None,
    cursor: bool,
) -> Strip:
    """One row. `mark_style` is None for an unmarked row; a marked one shows MARK in the
    gutter, so marks read without colour too."""
    gutter = Segment(" " * GUTTER) if mark_style is None else Segment(MARK + " ", mark_style)
    segments = [gutter]
    first = True
    for cell, column, width in zip(cells, columns, widths):
        if not width:
            continue
        if not first:
            segments.append(Segment(" " * GAP))
        first = False
        segments.extend(_cell_segments(cell, width, column.align, console))
    if cursor:
        # The cursor's colours win over any colour a cell brings, so it is always visible.
        styled = Segment.apply_style(segments, base, post_style=row_style)
    else:
        styled = Segment.apply_style(segments, base + row_style)
    return Strip(styled).adjust_cell_length(line_width, base + row_style)


def message_strip(message: str, width: int, style: Style) -> Strip:
    text = fit_plain(format_cell(message), width, "center")  # type: ignore[arg-type]
    return Strip([Segment(text, style)], width)
