"""Tile copy, move and reorder: previewed, asked for by the write gate (a protected project's name
too), and undone like every other write; sharing's password-off asks first."""

from __future__ import annotations

import pytest

from tests.pilot import loaded, make_app, screen_is, wait_until, writes
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.sharing import SharingScreen


async def _dashboard(pilot, name: str) -> DashboardScreen:
    app = pilot.app
    await loaded(pilot, "dashboards")
    app.screen.table.move_cursor_to(next(k for k, d in app.screen.objects.items() if d.name == name))
    await pilot.press("enter")
    await screen_is(pilot, DashboardScreen)
    await wait_until(pilot, lambda: app.screen.tiles, "the tiles")
    return app.screen


async def _to(pilot, key: str, destination: str) -> None:
    await pilot.press(key)
    await screen_is(pilot, PickerScreen)
    await pilot.press(*destination, "enter")
    await screen_is(pilot, ChangePreview)


def _tile_ids(demo, dashboard_id: int) -> set[int]:
    state = demo.state.projects[demo.project_id]
    return {t["id"] for t in state.tiles.values() if t["dashboard_id"] == dashboard_id and not t["deleted"]}


def _dashboard_id(demo, name: str) -> int:
    return next(d["id"] for d in demo.state.projects[demo.project_id].dashboards.values() if d["name"] == name)


@pytest.mark.parametrize("key", ["c", "m", "ctrl+s"])
async def test_on_a_protected_project_tile_writes_wait_for_the_projects_name(demo, key):
    app = make_app(demo, protected=True)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Hedgebox KPIs")
        if key == "ctrl+s":
            await pilot.press("J")
            await pilot.press("ctrl+s")
            await screen_is(pilot, ChangePreview)
        else:
            await _to(pilot, key, "empty dashboard")
        demo.requests.clear()
        await pilot.press("y")
        await screen_is(pilot, ConfirmScreen)
        assert app.screen.has_class("-protected") and "PROTECTED PROJECT" in str(app.screen._question)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is board, "the dashboard")
        assert writes(demo) == []


async def test_a_copied_tile_is_undone_by_removing_the_copy(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Hedgebox KPIs")
        empty = _dashboard_id(demo, "Empty dashboard")
        assert _tile_ids(demo, empty) == set()
        await _to(pilot, "c", "empty dashboard")
        assert "also on Empty dashboard" in str(app.screen._rows)
        await pilot.press("y")
        await wait_until(pilot, lambda: len(_tile_ids(demo, empty)) == 1, "the copy")
        (copy,) = _tile_ids(demo, empty)
        await wait_until(pilot, lambda: app.screen is board, "the dashboard")
        demo.requests.clear()
        await pilot.press("u")
        await screen_is(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: _tile_ids(demo, empty) == set(), "the copy removed")
        (request,) = writes(demo)
        assert request.path.endswith(f"/dashboards/{empty}/delete_tile/") and request.body == {"tile_id": copy}


async def test_a_moved_tile_is_undone_by_moving_it_back(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Hedgebox KPIs")
        source, empty = board.dashboard.id, _dashboard_id(demo, "Empty dashboard")
        tile = board.board.selected_id
        await _to(pilot, "m", "empty dashboard")
        await pilot.press("y")
        await wait_until(pilot, lambda: _tile_ids(demo, empty) == {tile}, "the move")
        await wait_until(pilot, lambda: tile not in board.tiles, "the tile gone from the board")
        await pilot.press("u")
        await screen_is(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: tile in _tile_ids(demo, source), "the tile back")
        await wait_until(pilot, lambda: tile in board.tiles, "the board showing it again")


async def test_a_new_order_is_undone_by_putting_the_layouts_back(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Hedgebox KPIs")
        state = demo.state.projects[demo.project_id]
        before = {tid: state.tiles[tid]["layouts"] for tid in board.tiles}
        await pilot.press("J", "ctrl+s")
        await screen_is(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: not board.board.dirty, "the order saved")
        assert {tid: state.tiles[tid]["layouts"] for tid in board.tiles} != before
        await pilot.press("u")
        await screen_is(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: {tid: state.tiles[tid]["layouts"]["sm"] for tid in before}
                         == {tid: layout["sm"] for tid, layout in before.items()}, "the old layouts")


async def test_turning_password_protection_off_asks_first(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await _dashboard(pilot, "Hedgebox KPIs")
        await pilot.press("s")
        await screen_is(pilot, SharingScreen)
        await wait_until(pilot, lambda: app.screen.config is not None, "the sharing state")
        sharing = app.screen
        await pilot.press("p")  # on: no question
        await wait_until(pilot, lambda: sharing.config.password_required, "protection on")
        demo.requests.clear()
        await pilot.press("p")
        await screen_is(pilot, ConfirmScreen)
        assert "Anyone with the link" in str(app.screen._question)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is sharing, "back on sharing")
        assert writes(demo) == [] and sharing.config.password_required
