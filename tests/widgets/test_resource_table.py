"""ResourceTable: keys, marks, filter, sort, streaming, literal cells and layout."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.events import MouseScrollDown

from tui.widgets.table.model import fit_widths
from tui.widgets.table.render import fit_plain
from tui.widgets.table.resource_table import Column, ResourceTable, Row

COLUMNS = [
    Column("name", "Name"),
    Column("volume", "Volume", align="right", ratio=0),
    Column("verified", "Verified", ratio=0),
    Column("tags", "Tags"),
]


def event_rows(count: int, start: int = 0, prefix: str = "event") -> list[Row]:
    return [
        Row(f"id-{i}", (f"{prefix}_{i}", i * 10, i % 2 == 0, "core" if i % 3 else None))
        for i in range(start, start + count)
    ]


class TableApp(App):
    def __init__(self, rows: list[Row] = (), columns: list[Column] = COLUMNS) -> None:
        super().__init__()
        self.initial_rows = list(rows)
        self.columns = columns
        self.cursor_moves: list[str | None] = []
        self.activated: list[str] = []
        self.mark_counts: list[int] = []

    def compose(self) -> ComposeResult:
        yield ResourceTable(self.columns)

    def on_mount(self) -> None:
        table = self.query_one(ResourceTable)
        table.append_rows(self.initial_rows)
        table.focus()

    def on_resource_table_cursor_moved(self, message: ResourceTable.CursorMoved) -> None:
        self.cursor_moves.append(message.key)

    def on_resource_table_row_activated(self, message: ResourceTable.RowActivated) -> None:
        self.activated.append(message.key)

    def on_resource_table_marks_changed(self, message: ResourceTable.MarksChanged) -> None:
        self.mark_counts.append(message.count)


def screen_lines(table: ResourceTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def test_vertical_keys_move_the_cursor_and_post_cursor_moved():
    app = TableApp(event_rows(200))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ResourceTable)
        body = table.scrollable_content_region.height - 1
        expected = [
            ("j", 1), ("down", 2), ("k", 1), ("up", 0), ("up", 0),
            ("G", 199), ("g", 0), ("end", 199), ("home", 0),
            ("pagedown", body), ("pagedown", 2 * body), ("pageup", body),
            ("ctrl+d", body + body // 2), ("ctrl+u", body),
        ]  # fmt: skip
        for key, row in expected:
            await pilot.press(key)
            assert table.cursor_row == row, key
            assert table.selected_key == f"id-{row}"
        assert app.cursor_moves[0] == "id-0"
        assert app.cursor_moves[-1] == f"id-{body}"
        # "up" at the top moved nothing, so it announced nothing.
        assert app.cursor_moves[1:5] == ["id-1", "id-2", "id-1", "id-0"]
        assert app.cursor_moves[5] == "id-199"


async def test_cursor_row_stays_on_screen_when_paging_to_the_end():
    app = TableApp(event_rows(200))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("G")
        lines = screen_lines(table)
        assert "event_199" in lines[-1]
        await pilot.press("g")
        assert "event_0 " in screen_lines(table)[1]


async def test_enter_posts_row_activated_for_the_cursor_row():
    app = TableApp(event_rows(5))
    async with app.run_test() as pilot:
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert app.activated == ["id-2"]


async def test_space_toggles_a_mark_shown_in_the_gutter():
    app = TableApp(event_rows(5))
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("j", "space")
        assert table.selected_keys == ("id-1",)
        assert screen_lines(table)[2].startswith("● event_1")
        assert screen_lines(table)[1].startswith("  event_0")
        await pilot.press("space")
        await pilot.pause()
        assert table.selected_keys == ()
        assert app.mark_counts == [1, 0]


async def test_v_marks_every_row_from_the_last_mark_to_the_cursor():
    app = TableApp(event_rows(20))
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("j", "j", "space", "j", "j", "j", "v")
        assert table.selected_keys == ("id-2", "id-3", "id-4", "id-5")
        # The cursor became the new anchor, so the next range runs upwards from it.
        await pilot.press("g", "v")
        assert table.selected_keys == tuple(f"id-{i}" for i in range(6))
        await pilot.pause()
        assert app.mark_counts == [1, 4, 6]


async def test_v_without_any_mark_marks_the_cursor_row():
    app = TableApp(event_rows(5))
    async with app.run_test() as pilot:
        await pilot.press("j", "v")
        assert app.query_one(ResourceTable).selected_keys == ("id-1",)


async def test_binding_ids_let_the_app_remap_keys():
    app = TableApp(event_rows(5))
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        ids = {binding.id for binding in table.BINDINGS}
        assert {
            "resource_table.cursor_down", "resource_table.cursor_up",
            "resource_table.cursor_first", "resource_table.cursor_last",
            "resource_table.page_up", "resource_table.page_down",
            "resource_table.half_page_up", "resource_table.half_page_down",
            "resource_table.toggle_mark", "resource_table.mark_range",
            "resource_table.activate",
        } == ids  # fmt: skip
        app.set_keymap({"resource_table.cursor_down": "n"})
        await pilot.press("n", "n")
        assert table.cursor_row == 2


async def test_markup_like_values_are_shown_literally():
    nasty = ["[/]", "[bold]x", "[red]y[/red]", "[@click=app.quit]z[/]"]
    rows = [Row(f"k{i}", (value, i, True, Text("[b]t[/b]"))) for i, value in enumerate(nasty)]
    columns = [Column("name", "[i]Name"), *COLUMNS[1:]]
    app = TableApp(rows, columns)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ResourceTable)
        lines = screen_lines(table)
        assert lines[0].startswith("  [i]Name")
        for value, line in zip(nasty, lines[1:]):
            assert line.startswith(f"  {value} ")
            assert "[b]t[/b]" in line
        table.filter("[/")
        await pilot.pause()
        table.filter("[/]]")
        await pilot.pause()
        assert "No rows match '[/]]'" in screen_lines(table)[2]


async def test_control_characters_never_split_a_row():
    rows = [Row("a", ("line\nbreak\ttab\x1b[31m", 1, False, None)), Row("b", ("next", 2, True, None))]
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)):
        lines = screen_lines(app.query_one(ResourceTable))
        assert lines[1].startswith("  line break tab␛[31m")
        assert lines[2].startswith("  next")


async def test_filter_matches_any_cell_ignoring_case_and_keeps_the_cursor_row():
    rows = event_rows(50) + [Row("special", ("Checkout_Completed", 7, False, "Billing"))]
    app = TableApp(rows)
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("j", "j", "j")  # event_3
        table.filter("EVENT_3")
        assert table.visible_count == 11  # event_3, event_30..39
        assert table.selected_key == "id-3"
        table.filter("billing")  # matches a cell other than the name
        assert [table.selected_key, table.visible_count] == ["special", 1]
        table.filter("")
        assert table.visible_count == table.row_count == 51
        assert table.selected_key == "special"
        await pilot.pause()
        assert app.cursor_moves[-2:] == ["id-3", "special"]


async def test_filter_that_matches_nothing_shows_the_no_match_message():
    app = TableApp(event_rows(10))
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        table.filter("zzz")
        await pilot.pause()
        assert table.visible_count == 0
        assert table.cursor_row is None and table.selected_key is None
        assert "No rows match 'zzz'" in screen_lines(table)[2]
        assert app.cursor_moves[-1] is None
        await pilot.press("j", "space", "v", "enter")
        assert table.selected_keys == () and app.activated == []


async def test_empty_message_is_set_by_the_owner():
    app = TableApp([])
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        assert "No rows" in screen_lines(table)[2]
        table.empty_message = "Loading event definitions…"
        await pilot.pause()
        assert "Loading event definitions…" in screen_lines(table)[2]


async def test_appending_pages_keeps_the_cursor_on_its_row():
    app = TableApp(event_rows(100))
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("pagedown", "j")
        row, key = table.cursor_row, table.selected_key
        for start in range(100, 1100, 100):
            table.append_rows(event_rows(100, start))
            assert (table.cursor_row, table.selected_key) == (row, key)
        assert table.row_count == 1100
        # Sorted descending, every new row lands above the cursor; it follows its row.
        table.sort("volume", reverse=True)
        table.append_rows(event_rows(100, 2000))
        assert table.selected_key == key
        assert table.cursor_row == 1100 + 100 - 1 - int(key.split("-")[1])
        assert app.cursor_moves.count(key) == 1


async def test_sort_orders_numbers_text_and_puts_empty_cells_last():
    rows = [
        Row("a", ("beta", 30, True, None)),
        Row("b", ("Alpha", 5, False, "x")),
        Row("c", ("gamma", None, True, "y")),
        Row("d", ("delta", 100, False, None)),
    ]
    app = TableApp(rows)
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("j")  # on "b"

        def order() -> list[str]:
            return [line.split()[0] for line in screen_lines(table)[1:5]]

        table.sort("volume")
        assert order() == ["Alpha", "beta", "delta", "gamma"]
        assert table.selected_key == "b" and table.cursor_row == 0
        table.sort("volume", reverse=True)
        assert order() == ["delta", "beta", "Alpha", "gamma"]
        table.sort("name")
        assert order() == ["Alpha", "beta", "delta", "gamma"]
        assert "Name ▲" in screen_lines(table)[0]
        table.sort("tags", reverse=True)
        assert order()[2:] == ["beta", "delta"]  # empty cells last in either direction
        table.sort(None)
        assert order() == ["beta", "Alpha", "gamma", "delta"]
        assert table.selected_key == "b"


async def test_update_row_and_remove_row():
    app = TableApp(event_rows(5))
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("j", "j", "space")
        table.update_row("id-2", ("renamed", 1, True, "[beta]"))
        assert screen_lines(table)[3].startswith("● renamed")
        assert "[beta]" in screen_lines(table)[3]
        table.remove_row("id-2")
        assert table.row_count == 4 and table.selected_keys == ()
        assert "id-2" not in table and "id-3" in table
        assert table.selected_key == "id-3"  # the next row takes the cursor
        table.remove_row("id-4")
        table.remove_row("id-3")
        assert table.selected_key == "id-1"
        await pilot.pause()
        assert app.mark_counts == [1, 0]
        assert app.cursor_moves[-3:] == ["id-2", "id-3", "id-1"]


async def test_remove_rows_drops_many_rows_and_their_marks_at_once():
    app = TableApp(event_rows(1000))
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("space", "G", "v", "k")  # everything marked; cursor on id-998
        assert table.mark_count == 1000
        table.filter("event_99")  # event_99, event_990..999
        gone = [f"id-{i}" for i in range(0, 1000, 2)]
        table.remove_rows(gone)
        assert table.row_count == 500 and table.mark_count == 500
        assert table.selected_key == "id-999"  # id-998 went; the next visible row took over
        assert table.visible_count == 6
        try:
            table.remove_rows(["id-1", "missing"])
        except KeyError:
            pass
        else:
            raise AssertionError("removing an absent key passed silently")
        assert table.row_count == 500  # nothing removed when one key is absent


async def test_columns_follow_the_terminal_width():
    rows = [Row("a", ("checkout_" + "segment_" * 12, 5, True, "core"))]
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ResourceTable)
        assert "…" in screen_lines(table)[1]
        await pilot.resize_terminal(160, 30)
        await pilot.pause()
        wide = screen_lines(table)
        assert "…" not in wide[1] and "segment_" * 12 in wide[1]
        assert len(wide[1]) == table.scrollable_content_region.width == 160


async def test_set_rows_keeps_the_cursor_row_and_marks_that_still_exist():
    app = TableApp(event_rows(10))
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        await pilot.press("space", "j", "space", "j", "j", "j")  # marks id-0, id-1; on id-4
        table.set_rows(event_rows(8, 1, prefix="fresh"))  # id-1..id-8: id-0 is gone
        assert table.selected_key == "id-4"
        assert table.selected_keys == ("id-1",)
        assert screen_lines(table)[4].startswith("  fresh_4")
        table.clear()
        assert table.row_count == 0 and table.selected_keys == ()


async def test_pages_with_repeated_keys_update_rather_than_duplicate():
    app = TableApp(event_rows(3))
    async with app.run_test():
        table = app.query_one(ResourceTable)
        table.append_rows([Row("id-1", ("changed", 0, False, None)), *event_rows(2, 3)])
        table.append_rows([Row("x", ("one", 0, False, None)), Row("x", ("two", 0, False, None))])
        assert table.row_count == 6
        assert table.get_row("id-1").cells[0] == "changed"
        assert table.get_row("x").cells[0] == "two"


def test_rows_with_the_wrong_number_of_cells_are_refused():
    table = ResourceTable(COLUMNS)
    try:
        table.append_rows([Row("a", ("only", 1))])
    except ValueError as error:
        assert "2 cells for 4 columns" in str(error)
    else:
        raise AssertionError("a short row was accepted")


async def test_80_columns_truncate_long_text_with_an_ellipsis_instead_of_wrapping():
    rows = [
        Row(f"k{i}", ("checkout_" + "very_long_segment_" * 8 + str(i), 123_456 * i, True, "growth, billing, core, web, mobile"))
        for i in range(40)
    ]
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)):
        table = app.query_one(ResourceTable)
        assert table.size.width == 80
        lines = screen_lines(table)
        assert len(lines) == 24
        width = table.scrollable_content_region.width
        assert all(len(line) == width for line in lines)
        assert lines[1].startswith("  checkout_very_long")
        assert "…" in lines[1]
        # Short columns stay whole: the long ones gave up the space.
        assert "1,234,560" in lines[11] and "✓" in lines[1]
        assert all(line.split()[0].endswith("…") for line in lines[1:])
        assert lines[23].startswith("  checkout_")  # one line per row, nothing wrapped


def test_wide_characters_are_cut_to_the_exact_cell_width():
    assert fit_plain("日本語テキスト", 5, "left") == "日本…"
    assert fit_plain("日本語テキスト", 4, "left") == "日… "  # no half character
    assert fit_plain("日本語テキスト", 4, "right") == " 日…"
    assert fit_plain("42", 5, "right") == "   42"


def test_fit_widths_shaves_the_widest_flexible_columns_first():
    columns = [Column("a", "A", min_width=5), Column("b", "B"), Column("c", "C", width=4)]
    assert fit_widths(columns, [100, 8, 0], 40) == [28, 8, 4]
    assert fit_widths(columns, [100, 50, 0], 40) == [18, 18, 4]
    assert fit_widths(columns, [10, 8, 0], 40) == [19, 17, 4]  # spare width shared by ratio
    assert fit_widths(columns, [100, 100, 0], 6) == [5, 3, 4]  # minimums win: overflows


async def test_clicking_selects_a_row_and_the_header_sorts():
    app = TableApp(event_rows(30))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ResourceTable)
        await pilot.click(ResourceTable, offset=(5, 4))
        assert table.selected_key == "id-3"
        await pilot.click(ResourceTable, offset=(5, 0))
        assert table.sort_column == "name" and not table.sort_reverse
        await pilot.click(ResourceTable, offset=(5, 0))
        assert table.sort_reverse
        assert table.selected_key == "id-3"


async def test_mouse_wheel_scrolls_the_rows():
    app = TableApp(event_rows(100))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ResourceTable)
        for _ in range(3):
            table.post_message(MouseScrollDown(table, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert table.scroll_y > 0
        assert not screen_lines(table)[1].startswith("  event_0 ")
        assert table.cursor_row == 0  # scrolling looks around; it does not move the cursor


async def test_double_click_activates_the_row():
    app = TableApp(event_rows(10))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.double_click(ResourceTable, offset=(5, 3))
        await pilot.pause()
        assert app.activated == ["id-2"]


async def test_cursor_row_uses_the_theme_cursor_colours():
    app = TableApp(event_rows(5))
    async with app.run_test() as pilot:
        table = app.query_one(ResourceTable)
        await pilot.pause()
        cursor_bg = {seg.style.bgcolor for seg in table.render_line(1) if seg.text.strip()}
        other_bg = {seg.style.bgcolor for seg in table.render_line(2) if seg.text.strip()}
        focused = table.get_component_rich_style("resource-table--cursor").bgcolor
        assert cursor_bg == {focused} and focused not in other_bg
        table.blur()
        await pilot.pause()
        blurred = {seg.style.bgcolor for seg in table.render_line(1) if seg.text.strip()}
        assert blurred != cursor_bg
        table.focus()
        app.theme = "textual-light"
        await pilot.pause()
        light = {seg.style.bgcolor for seg in table.render_line(1) if seg.text.strip()}
        assert light == {table.get_component_rich_style("resource-table--cursor").bgcolor}
        assert light != cursor_bg


def _snapshot_app() -> TableApp:
    rows = [
        Row("1", ("$pageview", 1_204_331, True, "core, web")),
        Row("2", ("signup_completed", 8_210, True, "growth")),
        Row("3", ("checkout_step_" + "with_a_very_long_suffix_" * 3, 412, False, "billing")),
        Row("4", ("[beta] feature_flag_called", 99, False, None)),
        Row("5", ("$autocapture", 3_120_004, None, "[/]")),
    ]
    return TableApp(rows)


def test_snapshot_80x24(snap_compare):
    assert snap_compare(_snapshot_app(), terminal_size=(80, 24), press=["j", "space", "j"])


def test_snapshot_120x40(snap_compare):
    assert snap_compare(_snapshot_app(), terminal_size=(120, 40), press=["j", "j", "v"])


async def test_revalue_gives_every_row_new_cells_in_batches_and_keeps_the_cursor_row():
    import asyncio

    app = TableApp(event_rows(50))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ResourceTable)
        table.move_cursor_to("id-7")
        turns = []

        def tenfold(values: tuple) -> tuple:
            turns.append(values[0])
            return (values[0], values[1] * 10, *values[2:])

        job = asyncio.ensure_future(table.revalue(tenfold, batch=20))
        await asyncio.sleep(0)
        assert 0 < len(turns) < 50  # the loop got a turn between batches
        table.append_rows(event_rows(1, start=50))  # arrives meanwhile, with its own current cells
        await job
        await pilot.pause()
        assert table.get_row("id-3").cells[1] == 300 and table.get_row("id-50").cells[1] == 500
        assert table.selected_key == "id-7"
