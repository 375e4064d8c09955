"""Tags as PostHog stores them (trimmed, lower case, once): in forms, bulk edits and the
dashboards tag filter, so what the app shows is what the server keeps."""

from __future__ import annotations

from tests.pilot import loaded, make_app, query_values, screen_is, settle, wait_until, writes
from tui.forms import FORM_SPECS
from tui.forms.diff import changes
from tui.screens.bulk import BulkScreen
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.filter_form import FilterFormScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.edit import EditScreen


def test_a_change_of_case_or_spaces_in_tags_is_no_change_and_new_tags_go_out_normalised():
    specs = FORM_SPECS["dashboard"]
    assert changes({"tags": ["growth"]}, {"tags": [" Growth "]}, specs) == {}
    assert changes({"tags": ["growth"]}, {"tags": ["growth", "Q4 ", "q4"]}, specs) == {"tags": ["growth", "q4"]}
    # Default columns are property names, not tags: their case is kept.
    definition = FORM_SPECS["event_definition"]
    assert changes({"default_columns": []}, {"default_columns": ["Plan"]}, definition) == {"default_columns": ["Plan"]}


async def test_the_tag_editor_shows_a_tag_as_the_server_will_store_it(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        editor = app.screen.form.field("tags").input_widget
        editor.focus()
        await pilot.press(*" Big Win ", "enter")
        assert "big win" in editor.tags and " Big Win " not in editor.tags
        await pilot.press("ctrl+s")
        await screen_is(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo), "the save")
        assert "big win" in writes(demo)[-1].body["tags"]


async def test_bulk_tags_are_sent_normalised(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("space", "b")
        await screen_is(pilot, PickerScreen)
        await pilot.press("enter")  # Add tags
        await wait_until(pilot, lambda: app.screen.query("#prompt-input"), "the prompt")
        await pilot.press(*" Audited, AUDITED ,q3 ", "enter")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("y")
        await screen_is(pilot, BulkScreen)
        await wait_until(pilot, lambda: app.screen.report is not None, "the report")
        assert writes(demo)[-1].body["tags"] == ["audited", "q3"]


async def test_the_dashboards_tag_filter_sends_the_stored_spelling(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        await pilot.press("f")
        await screen_is(pilot, FilterFormScreen)
        await pilot.press(*" Growth", "enter")
        await settle(pilot)
        assert query_values(demo, "/dashboards", "tags")[-1] == "growth"
        assert app.screen.objects and all("growth" in d.tags for d in app.screen.objects.values())
