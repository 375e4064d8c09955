"""A dashboard's tile view on the demo backend: tiles and results, layout, refresh, back."""

from __future__ import annotations

from tests.pilot import gets, make_app, screen_text, search, settle, text_of
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import DetailScreen
from tui.screens.resource import ResourceScreen
from tui.widgets.tiles.board import TileBoard


async def open_dashboard(pilot, name: str | None = None) -> DashboardScreen:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    if name:
        await search(pilot, name)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


async def test_enter_on_a_dashboard_shows_its_tiles_on_the_grid(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        assert text_of(app, "#topbar").startswith("posthog-tui · dashboard: Hedgebox KPIs")
        titles = ["Daily signed_up", "Daily plan_upgraded", "Total payment_failed", "Daily logged_in", "Signed up", "Uploaded a file"]
        assert len(screen.tiles) == len(titles)
        shown = screen_text(app)
        assert all(title in shown for title in titles)
        status = text_of(app, "#status")
        assert status.startswith("6 tiles · layout preserve") and "results from run_insights" in status
        assert gets(demo, "/run_insights")


async def test_dashboard_tiles_show_their_insight_results(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        shown = screen_text(app)
        assert "no data" not in shown
        assert "30063" in shown.replace(",", "")  # Daily signed_up's total in the seeded results


async def test_moving_between_tiles_describes_the_selected_one(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        first = text_of(app, "#tile-info")
        await pilot.press("l")
        second = text_of(app, "#tile-info")
        await pilot.press("h")
        assert first.startswith("Daily signed_up · insight") and "x0 y0" in first
        assert second.startswith("Daily plan_upgraded") and second != first
        assert text_of(app, "#tile-info") == first


async def test_capital_l_cycles_the_layout_mode(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        for mode in ("two_column", "full_width", "preserve"):
            await pilot.press("L")
            assert screen.board.mode == mode
            assert f"layout {mode}" in text_of(app, "#status")
        assert not screen.board.dirty  # a view mode, not an edit


async def test_r_reloads_the_dashboard(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        before = len(gets(demo, "/run_insights"))
        await pilot.press("r")
        await settle(pilot)
        assert len(gets(demo, "/run_insights")) == before + 1
        assert text_of(app, "#status").startswith("6 tiles")
        assert app.screen is screen


async def test_escape_goes_back_to_the_dashboard_list(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, ResourceScreen) and app.screen.spec.id == "dashboards"
        assert app.screen.selected().name == "Hedgebox KPIs"


async def test_enter_on_a_tile_opens_it(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "tile: Daily signed_up" in text_of(app, "#topbar")
        assert "30,063" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is screen


async def test_text_tiles_show_markup_literally(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot, "Experiments")
        assert "dashboard: [beta] Experiments" in text_of(app, "#topbar")
        assert "[b]not bold[/b] and [/] stay text" in screen_text(app)


async def test_tiles_load_without_the_session_only_endpoints(demo):
    # PostHog Cloud refuses stream_tiles to personal keys: the plain retrieve must do.
    demo.set_options(session_endpoints=False)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        assert len(screen.tiles) == 6
        assert gets(demo, f"/dashboards/{screen.dashboard.id}/")
        assert "Daily signed_up" in screen_text(app)


async def test_the_grid_fits_a_small_terminal(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        lines = [line.rstrip() for line in screen_text(app).splitlines()]
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        assert "Daily signed_up" in "\n".join(lines)
        assert lines[-2].strip().startswith("6 tiles")
        assert isinstance(app.screen.query_one(TileBoard), TileBoard)
