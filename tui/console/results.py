"""A query's answer as table rows, made a slice at a time so 50,000 rows never hold the event loop.

`slices` turns result rows into `Row`s in slices of `SLICE` rows; the screen appends each slice to
the table and yields to the event loop before asking for the next. Cells are one line each: nested
values (arrays, maps, JSON) show as compact JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from tui.widgets.table.model import Row

SLICE = 500
MAX_ROWS = 50_000  # what PostHog answers at most for one HogQL query


_NUMERIC = ("Int", "UInt", "Float", "Decimal", "Nullable(Int", "Nullable(UInt", "Nullable(Float", "Nullable(Decimal")


def numeric(type_name: str) -> bool:
    """Whether a ClickHouse type holds numbers (their column is right-aligned)."""
    return type_name.startswith(_NUMERIC)


def cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return value


def slices(rows: Sequence[Any], width: int, size: int = SLICE) -> Iterator[list[Row]]:
    """`Row`s of `width` cells keyed by their place in the answer, `size` at a time (a row the server
    sent short is padded with empty cells, a long one cut: the table needs one cell per column)."""
    blank = (None,) * width
    for start in range(0, len(rows), size):
        yield [Row(str(index), (tuple(cell(v) for v in (row if isinstance(row, list) else [row])) + blank)[:width])
               for index, row in enumerate(rows[start:start + size], start)]
