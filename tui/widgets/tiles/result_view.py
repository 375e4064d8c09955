"""Insight results that are not one number: small tables (retention, HogQL, events) and funnel
bars with conversion, laid out in plain characters for a box of a given size (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len

from tui.text import one_line
from tui.widgets.tiles.canvas import fit
from tui.widgets.tiles.markdown import Line, Role

GAP = 2
MIN_COLUMN = 6  # "42.1%" fits; a longer label is cut with …
_NUMERIC = re.compile(r"^[-+]?[\d,]*\.?\d+(%|[kKMB])?$|^—$")


def _pad(text: str, width: int, right: bool) -> str:
    text = fit(text, width)
    space = " " * (width - cell_len(text))
    return space + text if right else text + space


def column_widths(rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """Widths that fit `width` with GAP between columns: each column's widest cell, the widest
    shrunk first but none below MIN_COLUMN cells; columns that cannot fit are left out on the right."""
    count = max((len(r) for r in rows), default=0)
    widths = [max([cell_len(r[i]) for r in rows if i < len(r)] + [1]) for i in range(count)]
    while len(widths) > 1 and sum(min(w, MIN_COLUMN) for w in widths) + GAP * (len(widths) - 1) > width:
        widths.pop()
    while widths and sum(widths) + GAP * (len(widths) - 1) > width:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= MIN_COLUMN:
            widths[widest] = max(1, width)  # one column wider than the box: cut it to the box
            break
        widths[widest] -= 1
    return widths


def table_text(header: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """The table as aligned lines (header first); numbers are right-aligned."""
    cells = [[one_line(c) for c in header], *([one_line(c) for c in row] for row in rows)]
    widths = column_widths(cells, width)
    numeric = [all(_NUMERIC.match(r[i]) for r in cells[1:] if i < len(r) and r[i]) and len(cells) > 1
               for i in range(len(widths))]
    out = []
    for row in cells:
        parts = [_pad(row[i] if i < len(row) else "", w, numeric[i]) for i, w in enumerate(widths)]
        out.append((" " * GAP).join(parts).rstrip())
    return out


def table_lines(header: Sequence[str], rows: Sequence[Sequence[str]], width: int, height: int) -> list[Line]:
    """At most `height` lines of the table; when rows are left out the last line counts them."""
    if width <= 0 or height <= 0:
        return []
    text = table_text(header, rows, width)
    head: Role = "head"
    body: Role = "body"
    lines: list[Line] = [[(text[0], head)]] + [[(line, body)] for line in text[1:]]
    if len(lines) <= height or height < 3:  # too short to spend a line on the count of the rest
        return lines[:height]
    hidden = len(lines) - height + 1
    return lines[: height - 1] + [[(fit(f"… {hidden} more row{'s' * (hidden != 1)}", width), "muted")]]


def percent(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def funnel_text(steps: Sequence[tuple[str, float]], width: int) -> list[tuple[str, str, str]]:
    """(label, bar, numbers) for each step: the bar's length is the share of the first step."""
    first = steps[0][1] if steps else 0
    numbers = [f"{_count(count)} · {percent(count, first)}" for _, count in steps]
    numbers_width = max((cell_len(n) for n in numbers), default=0)
    labels = [f"{i + 1} {one_line(name)}" for i, (name, _) in enumerate(steps)]
    label_width = min(max((cell_len(label) for label in labels), default=0), max(6, width // 3))
    bar_width = width - label_width - numbers_width - 2
    if bar_width < 4:  # too narrow for bars: the numbers matter more
        bar_width, label_width = 0, max(1, width - numbers_width - 1)
    out = []
    for label, (_, count), text in zip(labels, steps, numbers, strict=True):
        filled = round(bar_width * count / first) if first and bar_width else 0
        bar = "█" * filled + "░" * (bar_width - filled)
        out.append((_pad(label, label_width, False), bar, _pad(text, numbers_width, True)))
    return out


def funnel_lines(steps: Sequence[tuple[str, float]], width: int, height: int) -> list[Line]:
    if width <= 0 or height <= 0 or not steps:
        return []
    lines: list[Line] = []
    for label, bar, numbers in funnel_text(steps, width):
        line: Line = [(label + " ", "body")]
        if bar:
            line.append((bar + " ", "spark"))
        line.append((numbers, "value"))
        lines.append(line)
    if len(lines) > height:
        lines = lines[: height - 1] + [lines[-1]]  # the last step is the conversion people read
    return lines


def _count(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
