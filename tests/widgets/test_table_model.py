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


def test_replacing_many_entries_skips_rows_changed_since_and_settles_order_and_filter():
    from tui.widgets.table.model import KEY, VALUES, make_entry

    store = RowStore([Column("name", "Name"), Column("n", "N")])
    store.append([Row(f"k{i}", (f"event_{i}", None)) for i in range(5)])
    store.sort("n", reverse=True)
    store.filter("event")
    before = {entry[KEY]: entry for entry in store.rows}
    fresh = {key: (entry, make_entry(key, (entry[VALUES][0], int(key[1:]) * 10))) for key, entry in before.items()}
    store.update("k2", ("event_2", -1))  # edited meanwhile: its newer cells stay
    store.remove(["k4"])  # gone meanwhile: not brought back
    store.replace(fresh)
    assert [entry[KEY] for entry in store.rows] == ["k3", "k1", "k0", "k2"]
    assert [entry[VALUES][1] for entry in store.view] == [30, 10, 0, -1]
    assert store.by_key["k2"][VALUES] == ("event_2", -1) and "k4" not in store.by_key
