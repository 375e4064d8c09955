"""Rows behind `ResourceTable`: formatted once, then filtered, sorted and laid out.

Nothing here imports Textual, so the hot paths (append, filter, sort) stay measurable alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rich.cells import cell_len
from rich.text import Text

from tui.text import ONE_LINE

CellValue = str | int | float | bool | None | Text
Cell = str | Text
Align = Literal["left", "center", "right"]

NONE_TEXT = "—"
TRUE_TEXT = "✓"
FALSE_TEXT = "✗"
# Joins a row's cells in its search string; nobody types it, so a match never spans two cells.
_SEARCH_SEPARATOR = "\x1f"

# A cell is one terminal line (`tui.text.ONE_LINE`): each control character becomes exactly one
# character, so the spans of a rich Text stay where they were.


@dataclass(frozen=True, slots=True)
class Column:
    """One column. `width` fixes it; otherwise it fits its content and the terminal.

    `ratio` is the column's share of spare width (0: never wider than its content).
    A column too wide for the terminal shrinks, never below `min_width`.
    """

    key: str
    label: str
    width: int | None = None
    min_width: int = 3
    ratio: int = 1
    align: Align = "left"
    # When the terminal is too narrow for every column to stay readable, columns with a drop
    # rank leave the table, the highest rank first; None never leaves.
    drop: int | None = None


class Row(NamedTuple):
    key: str
    cells: tuple[CellValue, ...]


# Counts repeat (most events of a big project have 0 in 30 days): one string each, not one a row.
_SMALL_INTS = tuple(str(n) for n in range(1000))


def format_cell(value: CellValue) -> Cell:
    """The text a cell shows. Strings stay plain so they are never read as markup."""
    kind = value.__class__
    if kind is int and isinstance(value, int):  # the class test leaves bools to their own branch
        return _SMALL_INTS[value] if 0 <= value < len(_SMALL_INTS) else f"{value:,}"
    if kind is str:
        text = value
    elif value is None:
        return NONE_TEXT
    elif kind is bool:
        return TRUE_TEXT if value else FALSE_TEXT
    elif isinstance(value, Text):
        if value.plain.isprintable():
            return value
        styled = value.copy()
        styled.plain = value.plain.translate(ONE_LINE)
        return styled
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = str(value)
    return text if text.isprintable() else text.translate(ONE_LINE)


# Characters one cell wide (ASCII, Latin, the symbols above): a column made only of these
# is measured with len(), at C speed, instead of character by character.
_NARROW = frozenset(map(chr, [*range(0x20, 0x7F), *range(0xA0, 0x300)])) | frozenset(
    NONE_TEXT + TRUE_TEXT + FALSE_TEXT
)


def cell_width(cell: Cell) -> int:
    if isinstance(cell, Text):
        return cell.cell_len
    return len(cell) if cell.isascii() else cell_len(cell)


def _widest(cells: tuple[Cell, ...]) -> int:
    try:
        joined = "".join(cells)  # type: ignore[arg-type]
    except TypeError:  # a rich Text among them
        return max(map(cell_width, cells))
    if joined.isascii() or _NARROW.issuperset(joined):
        return max(map(len, cells))
    return max(map(cell_width, cells))


def plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def sort_key(value: CellValue, reverse: bool) -> tuple:
    """Numbers before text, text case-insensitive, and empty cells last in either direction."""
    if value is None:
        return (0,) if reverse else (1,)
    present = 1 if reverse else 0
    if isinstance(value, (int, float)):
        return (present, 0, value)
    return (present, 1, plain(value if isinstance(value, Text) else str(value)).lower())


# A stored row is a plain tuple (key, values, cells, search), not an object: the garbage
# collector stops tracking tuples of strings and numbers, so 100k rows add nothing to each full
# collection (objects added ~20 ms per collection, felt as a stall while pages stream in).
# `cells` is `values` itself when every value is already printable text.
Entry = tuple
KEY, VALUES, CELLS, SEARCH = range(4)


def make_entry(key: str, values: tuple[CellValue, ...]) -> Entry:
    if all([v.__class__ is str and v.isprintable() for v in values]):
        cells = values
    else:
        cells = tuple([v if v.__class__ is str and v.isprintable() else format_cell(v) for v in values])
    try:
        joined = _SEARCH_SEPARATOR.join(cells)  # type: ignore[arg-type]
    except TypeError:  # a rich Text among the cells
        joined = _SEARCH_SEPARATOR.join(map(plain, cells))
    return (key, values, cells, joined.lower())


class SharedText:
    """One string object per distinct cell text in a column, while the column repeats itself.

    Dates, owners, tags and templated descriptions repeat across thousands of rows; each row
    would otherwise hold its own copy (100k rows: ~25 MB). A column found to be mostly unique
    (names, ids) stops being looked up, and its lookup table is dropped.
    """

    TRIAL = 2_000  # rows seen before judging a column

    def __init__(self, columns: int) -> None:
        self.seen = 0
        self.tables: list[dict[str, str] | None] = [{} for _ in range(columns)]

    def share(self, rows: list[tuple[CellValue, ...]]) -> list[tuple[CellValue, ...]]:
        """The same rows, each repeated text replaced by the column's first copy of it."""
        if not rows or not any(table is not None for table in self.tables):
            return rows
        # Column by column: the transposes run in C, the lookups in one tight loop per column.
        columns: list = list(zip(*rows))
        for index, table in enumerate(self.tables):
            if table is not None:
                keep = table.setdefault
                columns[index] = [keep(v, v) if v.__class__ is str else v for v in columns[index]]
        self.seen += len(rows)
        if self.seen >= self.TRIAL and self.seen - len(rows) < self.TRIAL:
            self.tables = [t if t is not None and len(t) * 2 < self.seen else None for t in self.tables]
        return list(zip(*columns))


def _merge_sorted(
    ordered: list[Entry], batch: list[Entry], keys: dict[str, tuple], reverse: bool
) -> list[Entry]:
    """Insert `batch` into `ordered` (already sorted by `keys`) without re-sorting everything.

    Equal keys keep arrival order, as a stable sort would.
    """
    batch.sort(key=lambda entry: keys[entry[KEY]], reverse=reverse)
    merged: list[Entry] = []
    start = 0
    for entry in batch:
        key, lo, hi = keys[entry[KEY]], start, len(ordered)
        while lo < hi:
            mid = (lo + hi) // 2
            other = keys[ordered[mid][KEY]]
            if (other < key) if reverse else (key < other):
                hi = mid
            else:
                lo = mid + 1
        merged.extend(ordered[start:lo])
        merged.append(entry)
        start = lo
    merged.extend(ordered[start:])
    return merged


class RowStore:
    """All rows in display order (`rows`) and the ones the filter lets through (`view`)."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns = tuple(columns)
        self.rows: list[Entry] = []
        self.view: list[Entry] = self.rows
        self.by_key: dict[str, Entry] = {}
        self.filter_text = ""
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._sort_keys: dict[str, tuple] = {}
        self._needle = ""
        # False once an edited row may sit in the view without matching, or outside it while
        # matching: the next filter must then start from all rows, not narrow the view.
        self._view_exact = True
        self._shared = SharedText(len(self.columns))
        self.natural_widths = [0] * len(self.columns)

    def __len__(self) -> int:
        return len(self.rows)

    def _check(self, key: str, values: tuple[CellValue, ...]) -> None:
        if len(values) != len(self.columns):
            raise ValueError(
                f"row {key!r} has {len(values)} cells for {len(self.columns)} columns"
            )

    def _grow_widths(self, entries: Iterable[Entry]) -> None:
        widths = self.natural_widths
        for index, cells in enumerate(zip(*(entry[CELLS] for entry in entries))):
            widest = _widest(cells)
            if widest > widths[index]:
                widths[index] = widest

    def _sort_index(self) -> int | None:
        if self.sort_column is None:
            return None
        return [column.key for column in self.columns].index(self.sort_column)

    def append(self, rows: Iterable[Row]) -> None:
        """Add rows; a key already present updates that row in place (pages can overlap)."""
        rows = list(rows)
        columns = len(self.columns)
        for key, values in rows:
            if len(values) != columns:
                self._check(key, values)
        batch: dict[str, Entry] = {}
        by_key = self.by_key
        shared = self._shared.share([values for _, values in rows])
        for (key, _), values in zip(rows, shared):
            if key in by_key and key not in batch:
                self.update(key, values)
                continue
            batch[key] = by_key[key] = make_entry(key, values)
        if not batch:
            return
        fresh = list(batch.values())
        self._grow_widths(fresh)
        filtered = self.view is not self.rows
        needle = self._needle
        matching = [e for e in fresh if needle in e[SEARCH]] if filtered else fresh
        index = self._sort_index()
        if index is None:
            self.rows.extend(fresh)
            if filtered:
                self.view.extend(matching)
            return
        keys, reverse = self._sort_keys, self.sort_reverse
        for entry in fresh:
            keys[entry[KEY]] = sort_key(entry[VALUES][index], reverse)
        self.rows = _merge_sorted(self.rows, fresh, keys, reverse)
        self.view = _merge_sorted(self.view, matching, keys, reverse) if filtered else self.rows

    def update(self, key: str, values: tuple[CellValue, ...]) -> Entry:
        """Replace a row's cells. It keeps its place, even if the filter or sort would now move it:
        rows do not jump under the user's cursor; the next `filter`/`sort` call settles them."""
        self._check(key, values)
        old = self.by_key[key]
        entry = self.by_key[key] = make_entry(key, self._shared.share([values])[0])
        self.rows[self.rows.index(old)] = entry
        if self.view is not self.rows and old in self.view:
            self.view[self.view.index(old)] = entry
        self._grow_widths((entry,))
        self._view_exact = False
        return entry

    def replace(self, fresh: dict[str, tuple[Entry, Entry]]) -> None:
        """Swap many rows' entries at once, each `(the entry it was made from, its new entry)`:
        a column filled late, whose entries were made in slices meanwhile. A row changed or gone
        since then is left as it is. Unlike `update`, the order and the filter settle at once."""
        by_key = self.by_key
        swapped = {key: new for key, (old, new) in fresh.items() if by_key.get(key) is old}
        if not swapped:
            return
        by_key.update(swapped)
        self._grow_widths(swapped.values())
        get = swapped.get
        self.rows = [get(entry[KEY], entry) for entry in self.rows]
        if self.sort_column is not None:
            self.sort(self.sort_column, self.sort_reverse)
        else:
            self._view_exact = False
            self.filter(self.filter_text)

    def remove(self, keys: Iterable[str]) -> None:
        """Remove rows in one pass over the list (bulk deletes of marked rows stay fast)."""
        gone = set(keys)
        missing = gone - self.by_key.keys()
        if missing:
            raise KeyError(sorted(missing)[0])
        for key in gone:
            del self.by_key[key]
            self._sort_keys.pop(key, None)
        filtered = self.view is not self.rows
        self.rows = [entry for entry in self.rows if entry[KEY] not in gone]
        self.view = [e for e in self.view if e[KEY] not in gone] if filtered else self.rows

    def clear(self) -> None:
        self.rows = self.view = []
        self.by_key = {}
        self._sort_keys = {}
        self._shared = SharedText(len(self.columns))
        self.natural_widths = [0] * len(self.columns)
        self._view_exact = True

    def filter(self, text: str) -> None:
        """Keep the rows whose cells contain `text`, ignoring case."""
        needle = text.lower()
        if not needle:
            self.view = self.rows
        else:
            narrowing = self._view_exact and self._needle and self._needle in needle
            source = self.view if narrowing else self.rows
            self.view = [entry for entry in source if needle in entry[SEARCH]]
        self.filter_text, self._needle, self._view_exact = text, needle, True

    def sort(self, column: str | None, reverse: bool = False) -> None:
        """Order by `column` (stable); `None` restores arrival order."""
        if column is not None and column not in [c.key for c in self.columns]:
            raise KeyError(column)
        self.sort_column, self.sort_reverse = column, reverse
        index = self._sort_index()
        if index is None:
            self._sort_keys = {}
            self.rows = list(self.by_key.values())  # a dict keeps arrival order
        else:
            keys = self._sort_keys = {
                entry[KEY]: sort_key(entry[VALUES][index], reverse) for entry in self.rows
            }
            self.rows.sort(key=lambda entry: keys[entry[KEY]], reverse=reverse)
        # The view follows the order of `rows`, so re-filtering re-orders it too.
        self._view_exact = False
        self.filter(self.filter_text)


def fit_widths(columns: Sequence[Column], natural: Sequence[int], available: int) -> list[int]:
    """Column widths for `available` cells (gaps excluded).

    Spare width goes to columns by `ratio`. When space is short the widest flexible columns
    are shaved first, so short columns (counts, flags, dates) stay whole while long text gets
    an ellipsis. If even the minimum widths do not fit, the result is wider than `available`.
    """
    wanted = [
        c.width if c.width is not None else max(c.min_width, n) for c, n in zip(columns, natural)
    ]
    flexible = [i for i, c in enumerate(columns) if c.width is None]
    spare = available - sum(wanted)
    if spare >= 0:
        total_ratio = sum(columns[i].ratio for i in flexible)
        if total_ratio:
            growing = [i for i in flexible if columns[i].ratio]
            for i in growing:
                wanted[i] += spare * columns[i].ratio // total_ratio
            leftover = available - sum(wanted)
            for i in growing[:leftover]:
                wanted[i] += 1
        return wanted
    if not flexible:
        return wanted

    fixed = sum(wanted[i] for i in range(len(columns)) if i not in flexible)

    def total_at(level: int) -> int:
        return fixed + sum(max(columns[i].min_width, min(wanted[i], level)) for i in flexible)

    # The highest cap on flexible widths that still fits.
    low, high = 0, max(wanted[i] for i in flexible)
    while low < high:
        mid = (low + high + 1) // 2
        if total_at(mid) <= available:
            low = mid
        else:
            high = mid - 1
    widths = list(wanted)
    for i in flexible:
        widths[i] = max(columns[i].min_width, min(wanted[i], low))
    leftover = available - sum(widths)
    for i in flexible:
        if leftover <= 0:
            break
        if wanted[i] > widths[i]:
            widths[i] += 1
            leftover -= 1
    return widths
