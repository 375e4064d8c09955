"""The edit form's owner field: ctrl+o picks the person by name, and the PATCH sends their id."""

from __future__ import annotations

from tests.pilot import loaded, make_app, paste, wait_until, writes
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.people_picker import PeoplePicker
from tui.screens.edit import EditScreen


async def test_ctrl_o_in_the_owner_field_picks_by_name_and_esc_keeps_what_was_there(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen), "the form")
        form_screen = app.screen
        definition = form_screen.obj
        owner = form_screen.form.field("owner")
        owner.focus_input()
        await pilot.pause()
        before = owner.input_widget.value
        name, user_id, label = ("zoe", 4, "Zoë Østergaard <zoe@hedgebox.net>") if definition.owner_id != 4 else \
            ("max", 2, "Max Hog <max@hedgebox.net>")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, PeoplePicker) and app.screen.people, "the people")
        await paste(pilot, "hana")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is form_screen, "the form again")
        assert owner.input_widget.value == before
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, PeoplePicker) and app.screen.people, "the people")
        await paste(pilot, name)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is form_screen, "the form again")
        await wait_until(pilot, lambda: str(owner.query_one(".user-label").render()) == label, "the name beside it")
        assert owner.input_widget.value == str(user_id) and owner.input_widget.has_focus
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo), "the PATCH")
        assert [r.body for r in writes(demo)] == [{"owner": user_id}]
    assert not worker_errors
