"""How the edit form, the change preview and the sharing screen look at 80x24 and 120x40."""

from __future__ import annotations

import pytest

from tests.pilot import loaded, make_app, wait_until
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.edit import EditScreen
from tui.screens.sharing import SharingScreen

SIZES = [(80, 24), (120, 40)]


async def _edit_form(pilot) -> None:
    await loaded(pilot, "actions")
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, EditScreen))
    await pilot.pause()


async def _preview(pilot) -> None:
    await _edit_form(pilot)
    await pilot.press("ctrl+u", *"Signed up (web)", "ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangePreview))
    await pilot.pause()


async def _sharing(pilot) -> None:
    await loaded(pilot, "dashboards")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DashboardScreen) and pilot.app.screen.tiles)
    await pilot.press("s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SharingScreen) and pilot.app.screen.config is not None)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_edit_form_snapshot(snap_compare, demo, size):
    assert snap_compare(make_app(demo), terminal_size=size, run_before=_edit_form)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_change_preview_snapshot(snap_compare, demo, size):
    assert snap_compare(make_app(demo), terminal_size=size, run_before=_preview)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sharing_snapshot(snap_compare, demo, size):
    assert snap_compare(make_app(demo), terminal_size=size, run_before=_sharing)
