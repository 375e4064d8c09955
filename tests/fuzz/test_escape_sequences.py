"""Server strings holding terminal escape sequences reach no screen raw: lists, detail, top bar,
toasts, forms, preview, help, palette, pickers, dialogs and tiles draw them as inert characters;
and the two crashes found by random keys stay fixed."""

from __future__ import annotations

import httpx
import pytest

from tests.pilot import list_loaded, make_app, notes, screen_is, wait_until
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import DetailScreen
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.edit import EditScreen
from tui.screens.help import HelpScreen

# OSC 52 (writes the clipboard), OSC 2 (window title), OSC 8 (a link), CSI, C1 CSI, BEL, NUL, RLO.
ATTACKS = ("\x1b]52;c;aGk=\x1b\\", "\x1b]2;pwned\x07", "\x1b]8;;http://x\x1b\\", "\x1b[2J", "\x9b31m", "\x07",
           "\x00", "\u202e")
FORBIDDEN = ("\x1b", "\x9b", "\x07", "\x00", "\u202e")
NAME = "zz-esc " + "".join(ATTACKS) + " end"


def _post(demo, path: str, body: dict) -> dict:
    answer = httpx.post(f"{demo.url}/api/projects/{demo.project_id}/{path}", json=body,
                        headers={"Authorization": f"Bearer {demo.api_key}"}, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _seed(demo) -> None:
    _post(demo, "event_definitions/", {"name": NAME, "description": "d " + "".join(ATTACKS)})
    _post(demo, "actions/", {"name": NAME, "steps": [{"event": NAME}]})
    dashboard = _post(demo, "dashboards/", {"name": NAME, "description": NAME})
    _post(demo, f"dashboards/{dashboard['id']}/create_text_tile/", {"body": "tile " + "".join(ATTACKS)})


def drawn(app) -> str:
    """Every character the active screen would send to the terminal (modals and toasts included)."""
    strips = app.screen._compositor.render_strips()
    return "".join(segment.text for strip in strips for segment in strip)


def clean(app, where: str) -> None:
    text = drawn(app)
    found = [repr(ch) for ch in FORBIDDEN if ch in text]
    assert not found, f"{where}: {found}"
    assert "zz-esc" in text or where in ("help", "palette"), where


async def _select(pilot, name: str) -> None:
    screen = pilot.app.screen
    key = next(k for k, o in screen.objects.items() if getattr(o, "name", None) == name)
    screen.table.move_cursor_to(key)
    await pilot.pause()


async def test_escape_sequences_from_the_server_reach_no_screen(demo, worker_errors):
    _seed(demo)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app), "definitions")
        await _select(pilot, NAME)
        clean(app, "list")
        await pilot.press("y")  # the "Copied …" toast
        await wait_until(pilot, lambda: "Copied" in notes(app), "the toast")
        clean(app, "toast")
        await pilot.press("enter")
        await screen_is(pilot, DetailScreen)
        clean(app, "detail and top bar")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await pilot.pause(0.3)
        clean(app, "form")
        await pilot.press("tab", "end", *" more")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, (ChangePreview, EditScreen)), "the preview")
        await pilot.pause(0.3)
        clean(app, "preview or form error")
        await pilot.press("escape")
        await pilot.pause(0.3)
        while not isinstance(app.screen, DetailScreen):
            await pilot.press("y" if isinstance(app.screen, ConfirmScreen) else "escape")
            await pilot.pause(0.2)
        await pilot.press("question_mark")
        await screen_is(pilot, HelpScreen)
        clean(app, "help")
        await pilot.press("escape", "escape")
        await pilot.press("5")
        await wait_until(pilot, lambda: list_loaded(app) and app.screen.spec.id == "actions", "actions")
        await _select(pilot, NAME)
        clean(app, "actions")
        await pilot.press("3")
        await wait_until(pilot, lambda: list_loaded(app) and app.screen.spec.id == "dashboards", "dashboards")
        await _select(pilot, NAME)
        await pilot.press("d")  # the confirmation names it
        await screen_is(pilot, ConfirmScreen)
        clean(app, "confirmation")
        await pilot.press("n")
        await pilot.press("enter")
        await screen_is(pilot, DashboardScreen)
        await wait_until(pilot, lambda: app.screen.tiles, "the tiles")
        await pilot.pause(0.3)
        clean(app, "dashboard and its tile")
        await pilot.press("c")
        await screen_is(pilot, PickerScreen)
        await pilot.press("escape")
    assert not worker_errors


@pytest.mark.parametrize("name", ["rel[/]dup", "regex ^[a-z]+$ [api key]"])
async def test_a_server_error_quoting_markup_is_shown_as_written_and_keeps_the_form(demo, worker_errors, name):
    _post(demo, "event_definitions/", {"name": name})
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app), "definitions")
        await pilot.press("n")
        await screen_is(pilot, EditScreen)
        form = app.screen
        form.form.field("name").input_widget.value = name
        await pilot.press("ctrl+s")
        await screen_is(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: "already exists" in notes(app), "the server's refusal")
        assert name in notes(app) and app.is_running
        await wait_until(pilot, lambda: app.screen is form, "the form, kept")
        assert form.form.field("name").input_widget.value == name
    assert not worker_errors


async def test_a_filter_that_empties_the_events_list_does_not_crash(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: list_loaded(app) and app.screen.more is not None, "more at the end")
        await pilot.press("slash", *"zzqqxx-no-such-event")
        await pilot.pause(0.3)
        assert app.is_running and app.screen.table.visible_count == 0
        await pilot.press("down", "j", "G", "pagedown")
        await pilot.pause()
        assert app.is_running
    assert not worker_errors


async def test_pasted_escape_sequences_reach_no_input_or_the_palette(demo, worker_errors):
    from textual import events
    from textual.command import CommandPalette

    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app), "definitions")
        await pilot.press("slash")
        app.post_message(events.Paste("zz-esc " + "".join(ATTACKS)))
        await pilot.pause(0.3)
        clean(app, "the filter box")
        await pilot.press("escape", "escape", "ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        app.post_message(events.Paste("zz-esc " + "".join(ATTACKS)))
        await pilot.pause(0.3)
        text = drawn(app)
        assert not [ch for ch in FORBIDDEN if ch in text], "palette"
    assert not worker_errors
