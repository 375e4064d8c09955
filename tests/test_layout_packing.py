"""Client-side packing must match what the server's `reorder_tiles` will store."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.widgets.tiles.packing import current_rects, layout_order, move, move_to, pack


@dataclass
class T:
    id: int
    x: int | None = None
    y: int | None = None
    w: int | None = None
    h: int | None = None


def test_two_column_puts_tiles_in_rows_of_two_6x5_tiles():
    tiles = [T(i, 0, i * 3, 12, 3) for i in range(1, 6)]
    rects = pack(tiles, [5, 4, 3, 2, 1], "two_column")
    assert rects == {5: (0, 0, 6, 5), 4: (6, 0, 6, 5), 3: (0, 5, 6, 5), 2: (6, 5, 6, 5), 1: (0, 10, 6, 5)}


def test_full_width_stacks_12x5_tiles_in_order():
    tiles = [T(1, 0, 0, 4, 2), T(2, 4, 0, 4, 9), T(3)]
    assert pack(tiles, [3, 1, 2], "full_width") == {3: (0, 0, 12, 5), 1: (0, 5, 12, 5), 2: (0, 10, 12, 5)}


def test_preserve_keeps_sizes_and_fills_the_lowest_slot_in_order():
    tiles = [T(1, 0, 0, 4, 2), T(2, 4, 0, 4, 5), T(3, 8, 0, 4, 3), T(4, 0, 9, 4, 1), T(5, 0, 20, 8, 2)]
    rects = pack(tiles, [1, 2, 3, 4, 5], "preserve")
    assert rects[1] == (0, 0, 4, 2)
    assert rects[2] == (4, 0, 4, 5)
    assert rects[3] == (8, 0, 4, 3)
    assert rects[4] == (0, 2, 4, 1)  # column 0-3 is the lowest (top at 2)
    # columns 0-7 top out at 5 (tile 2), columns 4-11 too: the left-most segment wins the tie
    assert rects[5] == (0, 5, 8, 2)


def test_preserve_breaks_ties_towards_the_left():
    tiles = [T(i, 0, 0, 3, 4) for i in range(1, 6)]
    rects = pack(tiles, [1, 2, 3, 4, 5], "preserve")
    assert [rects[i][:2] for i in range(1, 6)] == [(0, 0), (3, 0), (6, 0), (9, 0), (0, 4)]


def test_preserve_follows_the_new_order():
    tiles = [T(1, 0, 0, 6, 5), T(2, 6, 0, 6, 5), T(3, 0, 5, 12, 2)]
    rects = pack(tiles, [3, 2, 1], "preserve")
    assert rects == {3: (0, 0, 12, 2), 2: (0, 2, 6, 5), 1: (6, 2, 6, 5)}


def test_preserve_clamps_width_to_12_and_defaults_missing_or_bad_sizes_to_6x5():
    tiles = [T(1, 0, 0, 30, 2), T(2), T(3, 0, 0, 0, -1)]
    rects = pack(tiles, [1, 2, 3], "preserve")
    assert rects[1] == (0, 0, 12, 2)
    assert rects[2] == (0, 2, 6, 5)
    assert rects[3] == (6, 2, 6, 5)


def test_only_listed_tiles_move():
    tiles = [T(1, 0, 0, 6, 5), T(2, 6, 0, 6, 5), T(3, 0, 5, 6, 5), T(4, 6, 5, 6, 5)]
    for mode in ("preserve", "two_column", "full_width"):
        rects = pack(tiles, [4, 3], mode)
        assert rects[1] == (0, 0, 6, 5) and rects[2] == (6, 0, 6, 5), mode
        assert rects[4][:2] == (0, 0), mode


def test_pack_rejects_unknown_duplicate_ids_and_modes():
    tiles = [T(1, 0, 0, 6, 5)]
    with pytest.raises(KeyError):
        pack(tiles, [1, 9])
    with pytest.raises(ValueError):
        pack(tiles, [1, 1])
    with pytest.raises(ValueError):
        pack(tiles, [1], "masonry")


def test_current_rects_put_tiles_without_layout_below_the_others_at_default_size():
    rects = current_rects([T(1, 0, 0, 12, 3), T(2), T(3, 10, 1, 6, 2)])
    assert rects[2] == (0, 3, 6, 5)
    assert rects[3] == (6, 1, 6, 2)  # pulled back inside the 12 columns


def test_layout_order_sorts_by_row_then_column_with_missing_layouts_last():
    tiles = [T(1), T(2, 6, 0, 6, 5), T(3, 0, 5, 6, 5), T(4, 0, 0, 6, 5), T(5)]
    assert layout_order(tiles) == [4, 2, 3, 1, 5]


def test_move_shifts_by_delta_and_clamps_at_the_ends():
    assert move([1, 2, 3, 4], 2, 1) == [1, 3, 2, 4]
    assert move([1, 2, 3, 4], 2, -1) == [2, 1, 3, 4]
    assert move([1, 2, 3, 4], 1, -1) == [1, 2, 3, 4]
    assert move([1, 2, 3, 4], 3, 10) == [1, 2, 4, 3]


def test_move_to_places_the_tile_at_the_index():
    order = [1, 2, 3, 4]
    assert move_to(order, 4, 0) == [4, 1, 2, 3]
    assert move_to(order, 1, 99) == [2, 3, 4, 1]
    assert move_to(order, 3, 1) == [1, 3, 2, 4]
    assert order == [1, 2, 3, 4]


sizes = st.lists(st.tuples(st.integers(1, 14), st.integers(1, 8)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(sizes, st.randoms(use_true_random=False))
def test_preserve_packing_never_overlaps_and_stays_on_the_grid(dims, rng):
    tiles = [T(i, 0, 0, w, h) for i, (w, h) in enumerate(dims)]
    order = [t.id for t in tiles]
    rng.shuffle(order)
    rects = pack(tiles, order, "preserve")
    cells = set()
    for x, y, w, h in rects.values():
        assert 0 <= x and x + w <= 12
        covered = {(cx, cy) for cx in range(x, x + w) for cy in range(y, y + h)}
        assert not covered & cells
        cells |= covered
