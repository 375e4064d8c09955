"""One key table: every binding the app declares is in the registry under its id, every key the
app can show is one of them, any of them can be remapped, and `?` lists what works where you are."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import tui
from tests.pilot import make_app, paste, screen_is, screen_text, settle, wait_until
from tui.keys import registry
from tui.screens.dashboard import DashboardScreen
from tui.screens.edit import EditScreen
from tui.screens.help import HelpScreen


def _our_classes() -> list[type[DOMNode]]:
    found = []
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name.startswith("tui.demo") or info.name == "tui.__main__":
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_binding_declared_in_the_app_is_the_registrys_own():
    classes = _our_classes()
    assert len(classes) > 20
    used = set()
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), (cls, binding)
            assert binding.id is not None, f"{cls.__name__} binds {binding.key!r} without an id"
            entry = registry.get(binding.id)  # KeyError: a binding outside the table
            assert (binding.key, binding.action) == (entry.keys, entry.action), binding.id
            used.add(binding.id)
    # ...and the table holds nothing that nobody binds.
    assert used == {a.id for a in registry.REGISTRY}


def test_registry_ids_are_unique_and_keys_valid():
    ids = [a.id for a in registry.REGISTRY]
    assert len(ids) == len(set(ids))
    for action in registry.REGISTRY:
        for key in action.keys.split(","):
            assert registry.key_problem(key) is None, (action.id, key)


def _shown_bindings(app) -> list[Binding]:
    return [active.binding for active in app.screen.active_bindings.values() if active.binding.show]


@pytest.mark.parametrize("keys", [(), ("enter",), ("3", "enter"), ("e",), ("slash",), ("colon",), ("question_mark",)])
async def test_every_key_shown_anywhere_is_in_the_registry(demo, keys):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.3)
        for binding in _shown_bindings(app):
            assert binding.id is not None and registry.get(binding.id), binding


async def test_a_widget_key_can_be_remapped_by_the_id_help_shows(demo):
    app = make_app(demo, keymap={"resource_table.cursor_down": "n"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.table
        await pilot.press("n", "n")
        assert table.cursor_row == 2
        await pilot.press("j")  # the old key is gone
        assert table.cursor_row == 2
        await pilot.press("question_mark")
        shown = screen_text(app)
        assert any("resource_table.cursor_down" in line and " n " in f" {line} " for line in shown.splitlines())


async def test_help_on_the_edit_form_lists_the_forms_keys(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await pilot.press("f1")  # ? would be typed into the focused field
        await screen_is(pilot, HelpScreen)
        shown = screen_text(app)
        for expected in ("ctrl+s", "Save (preview first)", "Back (asks before dropping changes)", "Quit"):
            assert expected in shown, expected
        for absent in ("Cycle type filter", "Mark / unmark the row", "Refresh", "Switch resource"):
            assert absent not in shown, absent


async def test_help_on_a_dashboard_lists_the_tile_keys(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter")
        await screen_is(pilot, DashboardScreen)
        await settle(pilot)
        await pilot.press("question_mark")
        await screen_is(pilot, HelpScreen)
        shown = screen_text(app)
        for expected in ("Move the tile later", "Move the tile earlier", "Tile to the left", "Open the tile",
                         "Save the tile order", "Copy the tile to another dashboard"):
            assert expected in shown, expected
        assert "Mark / unmark the row" not in shown and "Mark a range" not in shown


async def test_colon_then_an_exact_alias_beats_a_prefix(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await paste(pilot, "ev")
        await pilot.press("enter")
        await wait_until(pilot, lambda: getattr(app.screen, "spec", None) and app.screen.spec.id == "events", "events")
