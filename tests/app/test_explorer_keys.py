"""App-wide keys and the table's navigation: switching resources, `:`, theme, keymap, `?`
help, the command palette, q."""

from __future__ import annotations

from textual.command import CommandPalette

from tests.pilot import gets, make_app, paste, screen_text, settle, text_of, wait_until
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.help import HelpScreen
from tui.screens.resource import ResourceScreen

DEFINITIONS = "/event_definitions"


async def test_number_keys_switch_resource_and_keep_each_list(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        definitions = app.screen
        fetched = len(gets(demo, DEFINITIONS))
        seen = []
        for key in "23451":
            await pilot.press(key)
            await settle(pilot)
            seen.append(app.screen.spec.id)
        assert seen == ["property_groups", "dashboards", "events", "actions", "event_definitions"]
        # Back on 1: the same list, not fetched again.
        assert app.screen is definitions
        assert len(gets(demo, DEFINITIONS)) == fetched


async def test_colon_switches_by_prefix(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"dash", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ResourceScreen) and app.screen.spec.id == "dashboards"
        await pilot.press("colon", "escape")
        assert app.screen.spec.id == "dashboards"


async def test_ctrl_t_toggles_light_and_dark(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        start = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != start and app.theme in ("textual-light", "textual-dark")
        await pilot.press("ctrl+t")
        assert app.theme == start


async def test_keymap_moves_an_action_to_another_key(demo):
    app = make_app(demo, keymap={"resource.refresh": "f5"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(gets(demo, DEFINITIONS))
        await pilot.press("r")
        await settle(pilot)
        assert len(gets(demo, DEFINITIONS)) == before
        await pilot.press("f5")
        await settle(pilot)
        assert len(gets(demo, DEFINITIONS)) > before
        await pilot.press("question_mark")
        help_text = screen_text(app)
        assert any("Refresh" in line and "resource.refresh" in line and "f5" in line.lower() for line in help_text.splitlines())


# (keys to get there, the help key, shown, not shown)
HELP = [
    ((), "question_mark", ["Keys here: Event definitions", "Cycle type filter", "Sort order", "Related objects", "Quit"],
     ["Live tail", "Layout mode"]),
    (("3",), "f1", ["Keys here: Dashboards", "Refresh", "Archived (restore)"], ["Cycle type filter", "Sort order", "Live tail"]),
    (("4",), "question_mark", ["Keys here: Events", "Live tail", "Filters"], ["Cycle type filter", "Edit"]),
    (("3", "enter"), "question_mark", ["Layout mode", "Save the tile order", "This dashboard"], ["Cycle type filter", "Filter "]),
    (("1", "enter"), "question_mark", ["This object", "Related objects", "Copy the field's value"], ["Cycle type filter", "Layout mode"]),
    (("7",), "question_mark", ["Keys here: Triage", "Describe the event in place", "Snooze"], ["Cycle type filter", "TriageScreen"]),
]


async def test_question_mark_lists_the_keys_of_the_current_screen(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        for keys, help_key, present, absent in HELP:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            await pilot.press(help_key)
            assert isinstance(app.screen, HelpScreen)
            shown = screen_text(app)
            assert (keys, [text for text in present if text not in shown]) == (keys, [])
            assert (keys, [text for text in absent if text in shown]) == (keys, [])
            await pilot.press("q")  # closes help, does not quit
            assert not isinstance(app.screen, HelpScreen) and app.is_running
            while len(app.screen_stack) > 1:
                await pilot.press("escape")


async def test_read_only_shows_in_the_top_bar_help_and_palette(demo):
    app = make_app(demo, read_only=True)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        assert "[read-only]" in text_of(app, "#topbar")
        await pilot.press("question_mark")
        assert "Edit (disabled: read-only)" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        hits = await palette_hits(pilot, "e")
        assert any("Export" in hit for hit in hits)
        assert not any(hit.startswith("Edit") for hit in hits)


async def palette_hits(pilot, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the command palette")
    await paste(pilot, query)
    palette = pilot.app.screen
    options = palette.query_one("CommandList")
    await wait_until(pilot, lambda: options.option_count > 0, f"palette hits for {query!r}")
    await pilot.pause(0.1)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_palette_runs_the_current_screens_actions(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hits = await palette_hits(pilot, "refresh")
        assert any("Refresh (r)" in hit for hit in hits)
        before = len(gets(demo, DEFINITIONS))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResourceScreen)
        assert len(gets(demo, DEFINITIONS)) > before


async def test_palette_offers_the_dashboard_layout_on_a_dashboard(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")
        await settle(pilot)
        hits = await palette_hits(pilot, "layout")
        assert any("Layout mode (L)" in hit for hit in hits)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.board.mode == "two_column"


async def test_q_quits_from_a_detail_screen(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, "the app to exit")


async def test_table_navigation_keys(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.table
        body = table.scrollable_content_region.height - 1  # the header takes a line
        moves = [
            ("j", 1), ("down", 2), ("k", 1), ("up", 0), ("up", 0),
            ("G", 1999), ("g", 0), ("end", 1999), ("home", 0),
            ("pagedown", body), ("pagedown", 2 * body), ("pageup", body),
            ("ctrl+d", body + body // 2), ("ctrl+u", body),
        ]
        for key, row in moves:
            await pilot.press(key)
            assert (key, table.cursor_row) == (key, row)
        # The cursor row is always on screen.
        assert table.scroll_y <= table.cursor_row < table.scroll_y + body
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.obj.name == table.get_row(table.selected_key).cells[0]


async def test_keymap_accepts_named_keys_in_any_case(demo):
    app = make_app(demo, keymap={"resource.refresh": "F5"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(gets(demo, DEFINITIONS))
        await pilot.press("f5")
        await settle(pilot)
        assert len(gets(demo, DEFINITIONS)) > before
