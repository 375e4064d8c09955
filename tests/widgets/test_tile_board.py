"""The dashboard tile board: drawing, spatial navigation, reordering, and its look at 80x24 / 120x40."""

from __future__ import annotations

import math

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Footer

from tui.resources.insights import view
from tui.widgets.tiles.board import BoardTile, TileBoard
from tui.widgets.tiles.content import tile_lines
from tui.widgets.tiles.geometry import choose_lines_per_row, neighbour, row_heights
from tui.widgets.tiles.sparkline import spark_bars, sparkline


def _wave(days: int, base: float, swing: float, trend: float = 0.0) -> list[float]:
    # Weekly seasonality like real traffic: quieter weekends, a slow trend.
    return [
        round(base + trend * d + swing * math.sin(d / 7 * 2 * math.pi) - (swing if d % 7 in (5, 6) else 0))
        for d in range(days)
    ]


def sample_dashboard() -> list[BoardTile]:
    acquisition = "## Acquisition\nWhere new users come from. Ask #growth before editing these tiles."
    return [
        BoardTile(101, "Daily active users (DAUs)", "insight", 0, 0, 6, 5, value="1,284", series=_wave(30, 1100, 180, 6)),
        BoardTile(102, "Weekly active users (WAUs)", "insight", 6, 0, 6, 5, value="6,902", series=_wave(30, 6000, 300, 30)),
        BoardTile(103, "Growth accounting", "insight", 0, 5, 6, 5, error="Query validation failed: unknown property 'plan'"),
        BoardTile(104, "Referring domain (last 14 days)", "insight", 6, 5, 6, 5, value="42.1% google.com", series=_wave(14, 400, 90)),
        BoardTile(105, "", "text", 0, 10, 12, 2, body=acquisition),
        BoardTile(106, "Pageview funnel, by browser", "insight", 0, 12, 12, 5, value="23.4% conversion", series=_wave(30, 230, 40, -1)),
    ]


class BoardApp(App):
    def __init__(self, tiles: list[BoardTile] | None = None) -> None:
        super().__init__()
        self.tiles = sample_dashboard() if tiles is None else tiles
        self.messages: list = []

    def compose(self) -> ComposeResult:
        yield TileBoard(self.tiles, id="board")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TileBoard).focus()

    def on_tile_board_tile_selected(self, message: TileBoard.TileSelected) -> None:
        self.messages.append(message)

    def on_tile_board_tile_activated(self, message: TileBoard.TileActivated) -> None:
        self.messages.append(message)

    def on_tile_board_order_changed(self, message: TileBoard.OrderChanged) -> None:
        self.messages.append(message)



def board_text(board: TileBoard) -> list[str]:
    return [board.render_line(y).text for y in range(board.size.height)]


def posted(app: BoardApp, kind: type) -> list:
    return [m for m in app.messages if type(m) is kind]


# pure helpers


def test_sparkline_rises_with_the_series_and_fills_the_width():
    rising = sparkline([1, 2, 3, 4, 5, 6, 7, 8, 9], 9)
    assert rising[0] == "▁" and rising[-1] == "█"
    assert list(rising) == sorted(rising)
    assert len(sparkline(list(range(100)), 10)) == 10
    assert sparkline([5, 5, 5], 3) == "▁▁▁"
    assert sparkline([], 10) == ""
    assert sparkline([1.0, float("nan"), 3.0], 3)[2] == "█"


def test_spark_bars_stack_full_blocks_under_partial_ones():
    assert spark_bars([0, 10], 2, 3) == [" █", " █", "▃█"]


def test_text_tile_shows_headings_as_titles_and_ends_cut_bodies_with_an_ellipsis():
    tile = BoardTile(1, "", "text", body="# Notes\n" + "word " * 40)
    lines = tile_lines(tile, 20, 3)
    assert lines[0] == [("Notes", "title")]
    assert len(lines) == 3
    assert lines[-1][0][0].endswith("…")


def _text(lines) -> list[str]:
    return ["".join(piece for piece, _ in line) for line in lines]


def test_text_tiles_render_markdown_without_its_markers():
    body = "## Notes\n- **bold** and *it* with `code`\n1. see [the docs](https://posthog.com/docs)\n> quoted\n---"
    lines = tile_lines(BoardTile(1, "", "text", body=body), 30, 6)
    assert _text(lines) == ["Notes", "• bold and it with code", "1. see the docs", "│ quoted", "─" * 30]
    assert lines[0] == [("Notes", "title")]
    assert ("bold", "strong") in lines[1] and ("it", "emph") in lines[1] and ("code", "code") in lines[1]
    assert ("the docs", "link") in lines[2]
    assert _text(tile_lines(BoardTile(1, "", "text", body="file_uploaded_event \\*x\\*"), 30, 1)) == [
        "file_uploaded_event *x*"]


def test_wrapped_bullets_line_up_under_their_text():
    lines = _text(tile_lines(BoardTile(1, "", "text", body="- one two three four five six"), 12, 4))
    assert lines == ["• one two", "  three four", "  five six"]


def test_funnels_draw_a_bar_per_step_with_count_and_conversion_from_the_first():
    shown = view([{"name": "$pageview", "order": 0, "count": 3000}, {"name": "signed_up", "order": 1, "count": 1200},
                  {"name": "upgraded", "order": 2, "count": 600}])
    tile = BoardTile(1, "Funnel", value=shown.value, steps=shown.steps)
    lines = _text(tile_lines(tile, 50, 5))
    assert lines[1] == "20.0% converted"
    assert lines[2].endswith("3,000 · 100.0%") and lines[3].endswith("1,200 · 40.0%")
    assert lines[4].count("█") == round(lines[2].count("█") / 5) and lines[4].count("░") > 0
    assert _text(tile_lines(tile, 50, 3))[1:] == [lines[2], lines[4]]  # short: the first and the last step


def test_retention_is_a_table_of_each_cohorts_share_coming_back():
    cohort = [{"date": "2026-03-02T00:00:00Z", "label": "Week 0", "values": [
        {"count": 200, "label": "Week 0"}, {"count": 50, "label": "Week 1"}]},
              {"date": "2026-03-09T00:00:00Z", "label": "Week 1", "values": [{"count": 80, "label": "Week 0"}]}]
    shown = view(cohort, {"kind": "InsightVizNode", "source": {"kind": "RetentionQuery"}})
    lines = tile_lines(BoardTile(1, "Retention", header=shown.header, rows=shown.rows), 40, 4)
    assert _text(lines)[1:] == ["cohort  people  Week 1", "Mar 02     200   25.0%", "Mar 09      80"]
    assert lines[1][0][1] == "head"


def test_hogql_tables_use_the_insights_columns_and_say_how_many_rows_did_not_fit():
    rows = [["$pageview", 120, "2026-03-02T08:30:00Z"], ["signed_up", 7, None], ["x", 1, None]]
    shown = view(rows, {"kind": "DataVisualizationNode", "source": {"kind": "HogQLQuery"}}, ["event", "n", "last"])
    lines = _text(tile_lines(BoardTile(1, "SQL", header=shown.header, rows=shown.rows), 40, 4))
    assert lines[1:] == ["event        n  last", "$pageview  120  2026-03-02 08:30", "… 2 more rows"]
    events = view([[{"event": "signed_up", "uuid": "u"}, {"distinct_id": "d1"}]],
                  {"kind": "DataTableNode", "source": {"kind": "EventsQuery", "select": ["*", "person"]}})
    assert events.header == ["*", "person"] and events.rows == [["signed_up", "d1"]]
    assert view([[42]], {"kind": "HogQLQuery"}).value == "42"


def test_insight_without_results_says_so_and_errors_win_over_values():
    assert tile_lines(BoardTile(1, "Trend"), 20, 3)[1] == [("no data", "muted")]
    assert _text(tile_lines(BoardTile(1, "Trend", note="not computed yet · C computes it"), 20, 3))[1:] == [
        "not computed yet · C", "computes it"]
    assert tile_lines(BoardTile(1, "Trend", value="12", error="boom"), 20, 3)[1] == [("⚠ boom", "error")]


def test_short_tiles_stretch_their_rows_so_every_box_has_a_content_line():
    rects = {1: (0, 0, 12, 1), 2: (0, 1, 6, 5), 3: (6, 1, 6, 5)}
    assert row_heights(rects, 1) == [3, 1, 1, 1, 1, 1]
    assert row_heights(rects, 2) == [3, 2, 2, 2, 2, 2]


def test_two_lines_per_grid_row_only_when_the_whole_dashboard_fits():
    rects = {1: (0, 0, 6, 5), 2: (6, 0, 6, 5), 3: (0, 5, 12, 5)}
    assert choose_lines_per_row(rects, 20) == 2
    assert choose_lines_per_row(rects, 19) == 1


def test_vertical_moves_prefer_tiles_sharing_columns_over_nearer_ones():
    rects = {1: (0, 0, 6, 5), 2: (6, 0, 6, 2), 3: (6, 2, 6, 3), 4: (0, 9, 6, 5), 5: (6, 5, 6, 2)}
    assert neighbour(rects, 1, "down") == 4
    assert neighbour(rects, 2, "down") == 3
    assert neighbour(rects, 3, "left") == 1
    assert neighbour(rects, 4, "up") == 1
    assert neighbour(rects, 1, "up") is None


# the board in an app


async def test_first_tile_is_selected_announced_and_drawn_with_a_double_border():
    app = BoardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(TileBoard)
        first = posted(app, TileBoard.TileSelected)[0]
        assert (first.tile_id, first.control) == (101, board)
        assert board_text(board)[1].startswith("╔═") and "┌─" in board_text(board)[1]
        await pilot.press("l")
        assert board_text(board)[1].startswith("┌─") and "╔═" in board_text(board)[1]
        with pytest.raises(ValueError):
            board.selected_id = 999


async def test_arrows_and_hjkl_move_the_selection_spatially():
    app = BoardApp()
    async with app.run_test(size=(120, 40)) as pilot:
        board = app.query_one(TileBoard)
        assert board.selected_id == 101
        await pilot.press("right", "j", "h", "down", "down", "k", "up", "l")
        assert [m.tile_id for m in posted(app, TileBoard.TileSelected)][-8:] == [102, 104, 103, 105, 106, 105, 103, 104]
        assert board.selected_id == 104


async def test_arrow_towards_the_edge_keeps_the_selection():
    app = BoardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(TileBoard)
        before = len(posted(app, TileBoard.TileSelected))
        await pilot.press("up", "left")
        assert board.selected_id == 101
        assert len(posted(app, TileBoard.TileSelected)) == before


async def test_shift_j_moves_the_tile_later_repacks_and_marks_the_board_unsaved():
    app = BoardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(TileBoard)
        assert not board.dirty and "unsaved" not in board_text(board)[0]
        await pilot.press("J")
        assert board.order == [102, 101, 103, 104, 105, 106]
        assert board.tile_rect(101) == (6, 0, 6, 5) and board.tile_rect(102) == (0, 0, 6, 5)
        assert board.dirty and board.has_class("-dirty")
        assert "● unsaved order" in board_text(board)[0]
        assert "Weekly active users" in board_text(board)[2].split("│")[1]
        assert posted(app, TileBoard.OrderChanged)[-1].order == board.order
        assert board.selected_id == 101


async def test_moving_back_to_the_saved_order_is_not_unsaved():
    app = BoardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(TileBoard)
        await pilot.press("J", "K")
        assert board.order == [101, 102, 103, 104, 105, 106]
        assert not board.dirty
        assert len(posted(app, TileBoard.OrderChanged)) == 2


async def test_shift_k_on_the_first_tile_changes_nothing():
    app = BoardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(TileBoard)
        await pilot.press("K")
        assert not board.dirty and posted(app, TileBoard.OrderChanged) == []


async def test_revert_restores_the_saved_grid_and_mark_saved_keeps_the_new_one():
    app = BoardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(TileBoard)
        await pilot.press("J")
        board.revert()
        await pilot.pause()
        assert board.order == [101, 102, 103, 104, 105, 106] and not board.dirty
        assert board.tile_rect(101) == (0, 0, 6, 5)
        assert "unsaved" not in board_text(board)[0]
        await pilot.press("J")
        board.mark_saved()
        board.revert()
        assert board.order[:2] == [102, 101] and not board.dirty


async def test_changing_mode_repacks_every_tile():
    app = BoardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(TileBoard)
        board.mode = "full_width"
        await pilot.pause()
        assert [board.tile_rect(t) for t in board.order[:2]] == [(0, 0, 12, 5), (0, 5, 12, 5)]
        assert board.dirty
        assert "full_width layout" in board_text(board)[0]
        board.revert()
        board.mode = "preserve"
        assert not board.dirty


async def test_enter_and_a_second_click_activate_the_selected_tile():
    app = BoardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(TileBoard)
        await pilot.press("enter")
        assert [m.tile_id for m in posted(app, TileBoard.TileActivated)] == [101]
        await pilot.click(TileBoard, offset=(60, 3))
        assert board.selected_id == 102 and len(posted(app, TileBoard.TileActivated)) == 1
        await pilot.click(TileBoard, offset=(60, 3))
        assert [m.tile_id for m in posted(app, TileBoard.TileActivated)] == [101, 102]


async def test_api_strings_are_drawn_literally_not_as_markup():
    tiles = [
        BoardTile(1, "Signups [/] [bold]beta[/bold]", "insight", 0, 0, 12, 5, value="[red]12", series=[1, 2]),
        BoardTile(2, "Note", "text", 0, 5, 12, 5, body="[@click=app.quit]hi[/]\x1b[31m"),
        BoardTile(3, "Steps", "insight", 0, 10, 6, 5, steps=[("[b]st[/b]", 10), ("\x1b]52;c;x\x07", 5)]),
        BoardTile(4, "Rows", "insight", 6, 10, 6, 5, header=["[i]col"], rows=[["[link=x]y[/link]"]]),
    ]
    app = BoardApp(tiles)
    async with app.run_test(size=(80, 24)):
        text = "\n".join(board_text(app.query_one(TileBoard)))
        assert "Signups [/] [bold]beta[/bold]" in text
        assert "[red]12" in text
        assert "[@click=app.quit]hi[/]␛[31m" in text  # the escape drawn as an inert ␛
        assert "[b]st[/b]" in text and "␛]52;c;x␇" in text
        assert "[i]col" in text and "[link=x]y[/link]" in text
        assert "\x1b" not in text and "\x07" not in text


async def test_narrow_boxes_truncate_titles_with_an_ellipsis_inside_the_border():
    title = "Conversion rate from first pageview to signup, by UTM source"
    tiles = [BoardTile(i, f"{title} #{i}", "insight", i * 3, 0, 3, 5, value="3.1%") for i in range(4)]
    app = BoardApp(tiles)
    async with app.run_test(size=(80, 24)):
        board = app.query_one(TileBoard)
        line = board_text(board)[2]
        assert line.count("…") == 4
        assert "#" not in line
        cells = [line[i * 20 : (i + 1) * 20] for i in range(4)]
        assert all(c.startswith("│") and c.endswith("│") or c.startswith("║") for c in cells)


async def test_a_tall_dashboard_scrolls_to_keep_the_selection_visible():
    tiles = [BoardTile(i, f"Tile {i}", "insight", 0, i * 5, 12, 5, value=str(i)) for i in range(8)]
    app = BoardApp(tiles)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(TileBoard)
        assert board.max_scroll_y > 0
        await pilot.press(*["down"] * 7)
        assert board.selected_id == 7 and board.scroll_y > 0
        assert any("Tile 7" in line for line in board_text(board))
        await pilot.press("K")
        assert any("Tile 7" in line for line in board_text(board))


async def test_set_tiles_keeps_the_selection_and_clears_unsaved_state():
    app = BoardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(TileBoard)
        await pilot.press("right", "J")
        board.set_tiles(sample_dashboard())
        assert board.selected_id == 102 and not board.dirty
        board.set_tiles(sample_dashboard()[2:])
        assert board.selected_id == 103
        board.set_tiles([])
        await pilot.pause()
        assert board.selected_id is None
        assert "no tiles" in board_text(board)[1]


# snapshots


def test_snapshot_dashboard_80x24(snap_compare):
    assert snap_compare(BoardApp(), terminal_size=(80, 24))


def test_snapshot_dashboard_120x40(snap_compare):
    assert snap_compare(BoardApp(), terminal_size=(120, 40))


def test_snapshot_unsaved_reorder_80x24(snap_compare):
    assert snap_compare(BoardApp(), press=["down", "J"], terminal_size=(80, 24))
