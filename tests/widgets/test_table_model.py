"""The row store under `ResourceTable`: what it keeps per row."""

from __future__ import annotations

from tui.widgets.table.model import CELLS, Column, Row, RowStore, SharedText


def rows(count: int, start: int = 0) -> list[Row]:
    # Texts built at run time, as parsed JSON gives them: equal, but separate objects.
    return [Row(f"k{i}", (f"event_{i}", "".join(["Zo", "ë"]), f"2026-11-{i % 3 + 1:02d}")) for i in range(start, start + count)]


def test_repeated_cell_text_is_held_once_and_unique_columns_stop_being_looked_up():
    store = RowStore([Column("name", "Name"), Column("owner", "Owner"), Column("seen", "Seen")])
    store.append(rows(SharedText.TRIAL + 500))
    owners = {id(entry[CELLS][1]) for entry in store.rows}
    days = {id(entry[CELLS][2]) for entry in store.rows}
    assert len(owners) == 1 and len(days) == 3
    assert store._shared.tables[0] is None  # names are all different: no table kept for them
    assert store._shared.tables[1] is not None


def test_plain_text_rows_keep_one_tuple_for_values_and_cells():
    store = RowStore([Column("name", "Name"), Column("n", "N")])
    store.append([Row("a", ("text", "more")), Row("b", ("text", 5))])
    plain, mixed = store.rows
    assert plain[CELLS] is plain[1]
    assert mixed[CELLS] == ("text", "5") and mixed[1] == ("text", 5)


def test_clearing_starts_a_new_judgement_of_each_column():
    store = RowStore([Column("name", "Name"), Column("owner", "Owner"), Column("seen", "Seen")])
    store.append(rows(SharedText.TRIAL))
    assert store._shared.tables[0] is None
    store.clear()
    store.append(rows(10))
    assert store._shared.tables[0] is not None and len(store) == 10
