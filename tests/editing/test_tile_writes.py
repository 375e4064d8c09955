"""Tile copy, move, reorder, and text tiles added, edited and removed (any tile removed): previewed,
asked for by the write gate (a protected project's name too), and undone like every other write;
sharing's password-off asks first."""

from __future__ import annotations

import copy

import pytest

from tests.pilot import loaded, make_app, notes, screen_is, screen_text, wait_until, writes
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.edit import EditScreen
from tui.screens.sharing import SharingScreen
from tui.screens.text_tiles import TextTileScreen


async def _dashboard(pilot, name: str) -> DashboardScreen:
    app = pilot.app
    await loaded(pilot, "dashboards")
    app.screen.table.move_cursor_to(next(k for k, d in app.screen.objects.items() if d.name == name))
    await pilot.press("enter")
    await screen_is(pilot, DashboardScreen)
    await wait_until(pilot, lambda: "results" in app.screen.note or "unavailable" in app.screen.note, "the tiles")
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


def _tile(demo, tile_id: int) -> dict:
    """A copy of the demo's tile record (the server changes layouts in place)."""
    return copy.deepcopy(demo.state.projects[demo.project_id].tiles[tile_id])


def _text_tile_id(board: DashboardScreen) -> int:
    return next(t.id for t in board.tiles.values() if t.text is not None)


async def _confirm_undo(pilot, board: DashboardScreen) -> None:
    await wait_until(pilot, lambda: pilot.app.screen is board, "the dashboard")
    await pilot.press("u")
    await screen_is(pilot, ChangePreview)
    await pilot.press("y")


async def test_a_adds_a_text_tile_through_the_form_and_the_preview_and_u_removes_it(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Empty dashboard")
        demo.requests.clear()
        await pilot.press("a")
        await screen_is(pilot, TextTileScreen)
        app.screen.form.field("body").input_widget.text = "## Launch\n- **ship** it"
        await pilot.press("ctrl+s")
        await screen_is(pilot, ChangePreview)
        assert "## Launch" in str(app.screen._rows)
        await pilot.press("y")
        await wait_until(pilot, lambda: board.tiles and app.screen is board, "the new tile on the board")
        (request,) = writes(demo)
        assert (request.method, request.path, request.body) == (
            "POST", f"/api/projects/1/dashboards/{board.dashboard.id}/create_text_tile/",
            {"body": "## Launch\n- **ship** it"})
        (tile_id,) = board.tiles
        assert "• ship it" in screen_text(app) and "**" not in screen_text(app)
        demo.requests.clear()
        await _confirm_undo(pilot, board)
        await wait_until(pilot, lambda: not board.tiles, "the tile gone")
        (undo,) = writes(demo)
        assert (undo.method, undo.path, undo.body) == (
            "POST", f"/api/projects/1/dashboards/{board.dashboard.id}/delete_tile/", {"tile_id": tile_id})


async def test_e_edits_the_selected_text_tile_and_u_puts_the_old_text_back(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Product analytics")
        tile_id = _text_tile_id(board)
        old = board.tiles[tile_id].text.body
        board.board.selected_id = tile_id
        demo.requests.clear()
        await pilot.press("e")
        await screen_is(pilot, TextTileScreen)
        assert app.screen.form.field("body").input_widget.text == old
        app.screen.form.field("body").input_widget.text = "Weekly active = any pageview."
        await pilot.press("ctrl+s")
        await screen_is(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: board.tiles[tile_id].text.body == "Weekly active = any pageview.",
                         "the edited text on the board")
        path = f"/api/projects/1/dashboards/{board.dashboard.id}/update_text_tile/"
        assert [(r.method, r.path, r.body) for r in writes(demo)] == [
            ("POST", path, {"tile_id": tile_id, "body": "Weekly active = any pageview."})]
        demo.requests.clear()
        await _confirm_undo(pilot, board)
        await wait_until(pilot, lambda: board.tiles[tile_id].text.body == old, "the old text back")
        assert [(r.method, r.path, r.body) for r in writes(demo)] == [("POST", path, {"tile_id": tile_id, "body": old})]


async def test_e_on_an_insight_tile_says_what_it_edits_and_capital_e_edits_the_dashboard(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Hedgebox KPIs")
        await pilot.press("e")
        await wait_until(pilot, lambda: "e edits text tiles" in notes(app), "the explanation")
        assert app.screen is board
        await pilot.press("E")
        await screen_is(pilot, EditScreen)
        assert app.screen.obj.id == board.dashboard.id and not isinstance(app.screen, TextTileScreen)


async def test_x_removes_a_text_tile_and_u_recreates_it_where_it_was(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Product analytics")
        tile_id = _text_tile_id(board)
        body, layouts = board.tiles[tile_id].text.body, _tile(demo, tile_id)["layouts"]
        before = {t: _tile(demo, t)["layouts"]["sm"] for t in board.tiles if t != tile_id}
        board.board.selected_id = tile_id
        demo.requests.clear()
        await pilot.press("x")
        await screen_is(pilot, ConfirmScreen)
        assert "u puts it back" in str(app.screen._question)
        await pilot.press("y")
        await wait_until(pilot, lambda: tile_id not in board.tiles, "the tile gone")
        (request,) = writes(demo)
        assert (request.method, request.path, request.body) == (
            "POST", f"/api/projects/1/dashboards/{board.dashboard.id}/delete_tile/", {"tile_id": tile_id})
        demo.requests.clear()
        await _confirm_undo(pilot, board)
        await wait_until(pilot, lambda: len(board.tiles) == len(before) + 1, "the text tile back")
        (undo,) = writes(demo)
        assert (undo.method, undo.path) == ("PATCH", f"/api/projects/1/dashboards/{board.dashboard.id}/")
        assert undo.body["tiles"][0] == {"text": {"body": body}, "layouts": layouts, "color": None}
        again = next(t for t in board.tiles.values() if t.text is not None)
        assert again.text.body == body and _tile(demo, again.id)["layouts"]["sm"] == layouts["sm"]
        assert {t: _tile(demo, t)["layouts"]["sm"] for t in before} == before


async def test_x_removes_an_insight_tile_and_u_adds_the_insight_back_reviving_the_same_tile(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Hedgebox KPIs")
        tile_id = board.board.selected_id
        insight = board.tiles[tile_id].insight
        layouts = {t: _tile(demo, t)["layouts"]["sm"] for t in board.tiles}
        await pilot.press("x")
        await screen_is(pilot, ConfirmScreen)
        assert "The insight itself stays" in str(app.screen._question)
        await pilot.press("y")
        await wait_until(pilot, lambda: tile_id not in board.tiles, "the tile gone")
        demo.requests.clear()
        await _confirm_undo(pilot, board)
        await wait_until(pilot, lambda: tile_id in board.tiles, "the same tile back")
        first, second = writes(demo)
        assert (first.method, first.path) == ("PATCH", f"/api/projects/1/insights/{insight.id}/")
        assert board.dashboard.id in first.body["dashboards"]
        assert (second.method, second.path) == ("PATCH", f"/api/projects/1/dashboards/{board.dashboard.id}/")
        assert {t: _tile(demo, t)["layouts"]["sm"] for t in board.tiles} == layouts


async def test_on_a_protected_project_removing_a_tile_waits_for_the_projects_name(demo):
    app = make_app(demo, protected=True)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Hedgebox KPIs")
        demo.requests.clear()
        await pilot.press("x")
        await screen_is(pilot, ConfirmScreen)
        assert app.screen.has_class("-protected") and "PROTECTED PROJECT" in str(app.screen._question)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is board, "the dashboard")
        assert writes(demo) == [] and len(board.tiles) == 6


async def test_a_read_only_session_adds_edits_and_removes_no_tile(demo):
    app = make_app(demo, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Product analytics")
        board.board.selected_id = _text_tile_id(board)
        for key in ("a", "e", "x"):
            await pilot.press(key)
        await wait_until(pilot, lambda: notes(app).count("Read-only session") == 3, "three refusals")
        assert app.screen is board and writes(demo) == []
