"""Nothing that leaves drops what the user typed without asking: q, ctrl+q, esc, 1–5, a profile
switch; inside a form, printable keys belong to the form."""

from __future__ import annotations

from textual.widgets import Switch

from tests.pilot import loaded, make_app, screen_is, settle, wait_until
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.edit import EditScreen
from tui.screens.resource import ResourceScreen


async def _form_with_a_change(pilot) -> EditScreen:
    await loaded(pilot, "actions")
    await pilot.press("e")
    await screen_is(pilot, EditScreen)
    form = pilot.app.screen
    await pilot.press(*" edited")  # the name field has focus: typing appends
    assert form.form.has_changes
    return form


async def test_q_on_a_forms_switch_or_button_is_the_forms_not_quit(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _form_with_a_change(pilot)
        form.query_one(Switch).focus()
        await pilot.pause()
        await pilot.press("q", "1", "colon", "P")
        assert app.is_running and app.screen is form
        assert "q" not in {b.key for b in (a.binding for a in app.screen.active_bindings.values()) if b.show}


async def test_ctrl_q_with_unsaved_input_asks_and_no_keeps_the_form(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _form_with_a_change(pilot)
        await pilot.press("ctrl+q")
        await screen_is(pilot, ConfirmScreen)
        assert "changes to action" in str(app.screen._items)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is form, "back on the form")
        assert app.is_running and form.form.has_changes
        await pilot.press("ctrl+q")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.is_running, "the app to quit")


async def test_quitting_with_nothing_unsaved_does_not_ask(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, "the app to quit")


async def test_esc_on_a_changed_form_asks_before_discarding(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _form_with_a_change(pilot)
        await pilot.press("escape")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is form, "the form")
        await pilot.press("escape")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, ResourceScreen), "the list")


async def test_number_keys_land_on_the_list_but_keep_an_unsaved_form_open(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter")  # a dashboard, a screen above the dashboards list
        await wait_until(pilot, lambda: not isinstance(app.screen, ResourceScreen), "the dashboard")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, ResourceScreen) and app.screen.spec.id == "dashboards"
        # A form left open with unsaved input (through the palette) is found again, not dropped.
        form = await _form_with_a_change(pilot)
        app.action_goto("event_definitions")
        await pilot.pause()
        app.action_goto("actions")
        await pilot.pause()
        assert app.screen is form and form.form.has_changes


async def test_switching_profile_with_unsaved_input_asks_first(demo, memory_keyring, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[profiles.other]\nhost = "{demo.url}"\nproject = {demo.project_id}\nread_only = true\n')
    memory_keyring.set_password("posthog-tui", "other", demo.api_key)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _form_with_a_change(pilot)
        app.action_switch_profile()
        await screen_is(pilot, PickerScreen)
        await pilot.press("enter")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is form, "the form kept")
        assert app.target.profile == "demo"
        # Agreeing drops it and opens the read-only profile, whose footer offers no writes.
        app.action_switch_profile()
        await screen_is(pilot, PickerScreen)
        await pilot.press("enter")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.target.profile == "other" and isinstance(app.screen, ResourceScreen))
        await settle(pilot)
        shown = {a.binding.id for a in app.screen.active_bindings.values() if a.binding.show}
        assert "resource.edit" not in shown and "[read-only]" in str(app.screen.query_one("#topbar").render())
