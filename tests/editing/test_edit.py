"""`e` / `E` on any editable object: form, checks, conflict preview, PATCH of what changed, kept input."""

from __future__ import annotations

import httpx

from tests.pilot import loaded, make_app, notes, screen_text, wait_until, writes
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.edit import EditScreen


def _direct(server):
    """Another client changing the project behind the app's back."""
    return httpx.Client(base_url=f"{server.url}/api/projects/{server.project_id}",
                        headers={"Authorization": f"Bearer {server.api_key}"}, timeout=5)


async def _open_form(pilot, mode: str | None = None, key: str = "e") -> EditScreen:
    await loaded(pilot, mode)
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, EditScreen))
    await pilot.pause()
    return pilot.app.screen


async def _save(pilot) -> ChangePreview:
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangePreview))
    return pilot.app.screen


async def test_editing_a_definition_patches_only_the_changed_field_and_updates_the_row(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form_screen = await _open_form(pilot)
        definition = form_screen.obj
        await pilot.press("end", *" Checked.")
        await _save(pilot)
        text = screen_text(app)
        assert "Description" in text and "Checked." in text
        assert writes(demo) == []  # nothing leaves before the preview is confirmed
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo))
        await wait_until(pilot, lambda: not isinstance(app.screen, (EditScreen, ChangePreview)))
        (request,) = writes(demo)
        assert (request.method, request.path) == ("PATCH", f"/api/projects/{demo.project_id}/event_definitions/{definition.id}/")
        assert request.body == {"description": f"{definition.description} Checked."}
        row = app.screen.table.get_row(definition.id)
        assert app.screen.objects[definition.id].description == f"{definition.description} Checked."
        assert row.cells == app.screen.row_cells(app.screen.objects[definition.id])
        assert any(str(cell).startswith(f"{definition.description} Checked."[:20]) for cell in row.cells)


async def test_cancelling_the_preview_sends_nothing_and_keeps_the_form(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form_screen = await _open_form(pilot)
        await pilot.press("end", *"!")
        await _save(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is form_screen)
        assert form_screen.form.changes()["description"].endswith("!")
        assert writes(demo) == []


async def test_hidden_and_verified_together_is_refused_before_sending(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form_screen = await _open_form(pilot)
        form = form_screen.form
        form.field("verified").input_widget.value = True
        form.field("hidden").focus_input()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: form.field("hidden").has_class("-has-error"))
        assert "both hidden and verified" in screen_text(app)
        assert app.screen is form_screen and writes(demo) == []


async def test_duplicate_action_name_is_shown_beside_the_name_and_the_input_is_kept(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form_screen = await _open_form(pilot, "actions")
        action = form_screen.obj
        other = next(o for o in app.screen_stack[0].objects.values() if o.id != action.id)
        await pilot.press("ctrl+u", *other.name)
        await _save(pilot)
        await pilot.press("y")
        name_box = form_screen.form.field("name")
        await wait_until(pilot, lambda: name_box.has_class("-has-error"))
        assert app.screen is form_screen
        assert name_box.value == other.name  # what the user typed survives the refusal
        assert "already has an action with this name" in screen_text(app)
        (request,) = writes(demo)
        assert (request.method, request.path, request.body) == (
            "PATCH", f"/api/projects/{demo.project_id}/actions/{action.id}/", {"name": other.name})


async def test_a_502_on_save_keeps_the_form_open_with_the_input(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form_screen = await _open_form(pilot, "dashboards")
        await pilot.press("ctrl+u", *"Renamed board")
        demo.set_options(fail_every_n=2)  # every write lands on an even request: it fails, unretried
        await _save(pilot)
        await pilot.press("y")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", "may it have been applied?")
        await pilot.press("n")  # not looked at: the form keeps the input and says what failed
        await wait_until(pilot, lambda: form_screen.form.has_class("-has-error"))
        assert app.screen is form_screen
        assert form_screen.form.field("name").value == "Renamed board"
        patches = [r for r in writes(demo) if r.method == "PATCH"]
        assert len(patches) == 1 and patches[0].body == {"name": "Renamed board"}


async def test_property_group_properties_are_added_and_removed_in_one_patch(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form_screen = await _open_form(pilot, "property_groups")
        group = form_screen.obj
        kept, *_ = group.properties
        await pilot.press("tab", "tab")          # name -> description -> first property's name
        await pilot.press("ctrl+x")              # remove the first property
        await pilot.press("ctrl+n", *"coupon")   # add one
        await _save(pilot)
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo))
        (request,) = writes(demo)
        assert request.method == "PATCH" and request.path.endswith(f"/schema_property_groups/{group.id}/")
        assert list(request.body) == ["properties"]
        names = [p["name"] for p in request.body["properties"]]
        assert kept.name not in names and names[-1] == "coupon"
        assert not any("id" in p for p in request.body["properties"])
        await wait_until(pilot, lambda: not isinstance(app.screen, EditScreen))
        row = app.screen.table.get_row(group.id)
        assert str(len(group.properties)) in map(str, row.cells)


async def test_action_steps_are_sent_whole_with_the_new_step(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form_screen = await _open_form(pilot, "actions")
        action = form_screen.obj
        form_screen.form.field("steps").focus_input()
        await pilot.press("ctrl+n", *"$identify")
        await _save(pilot)
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo))
        (request,) = writes(demo)
        assert list(request.body) == ["steps"]
        assert len(request.body["steps"]) == len(action.steps) + 1
        assert request.body["steps"][-1]["event"] == "$identify"
        assert request.body["steps"][0]["event"] == action.steps[0].event


async def test_external_editor_round_trip_becomes_the_same_preview_and_patch(demo, editor_script):
    editor_script(("pinned: false", "pinned: true"))
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        dashboard = next(d for d in app.screen.objects.values() if not d.pinned)
        app.screen.table.move_cursor_to(str(dashboard.id))
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview))
        assert "Pinned" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo))
        (request,) = writes(demo)
        assert (request.method, request.path, request.body) == (
            "PATCH", f"/api/projects/{demo.project_id}/dashboards/{dashboard.id}/", {"pinned": True})


async def test_external_edit_the_server_refuses_opens_the_form_with_the_edit_and_the_error(demo, editor_script):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "actions")
        first, second = list(app.screen.objects.values())[:2]
        editor_script((f"name: {first.name}", f"name: {second.name}"))
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
        form = app.screen.form
        await wait_until(pilot, lambda: form.field("name").has_class("-has-error"))
        assert form.field("name").value == second.name
        assert form.changes() == {"name": second.name}


async def test_a_change_made_elsewhere_meanwhile_is_shown_before_anything_is_sent(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form_screen = await _open_form(pilot, "dashboards")
        dashboard = form_screen.obj
        with _direct(demo) as other:
            other.patch(f"/dashboards/{dashboard.id}/", json={"description": "Edited by a colleague"}).raise_for_status()
        demo.requests.clear()
        await pilot.press("ctrl+u", *"Mine")
        await _save(pilot)
        text = screen_text(app)
        assert "Changed on the server since you opened it" in text
        assert "Edited by a colleague" in text and "Description" in text
        assert writes(demo) == []
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo))
        assert writes(demo)[0].body == {"name": "Mine"}


async def test_a_key_without_the_write_scope_is_told_which_and_edit_is_then_disabled(demo_options_server):
    # An older server does not describe keys: the missing scope is learnt from the refusal.
    from tui.app import PostHogApp
    from tui.connection import Target
    from tui.demo import DEMO_READ_ONLY_KEY

    demo = demo_options_server(flavour="legacy", event_definitions=50, events=50)
    app = PostHogApp(Target(host=demo.url, project=demo.project_id), api_key=DEMO_READ_ONLY_KEY)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_form(pilot)
        await pilot.press("end", *" Checked.")
        await _save(pilot)
        await pilot.press("y")
        await wait_until(pilot, lambda: "event_definition:write" in app.guard.missing_scopes)
        await wait_until(pilot, lambda: "missing required scope 'event_definition:write'" in screen_text(app) or any(
            "event_definition:write" in str(n.message) for n in app._notifications))
        assert isinstance(app.screen, EditScreen) and "Checked." in screen_text(app)  # input kept
        await pilot.press("escape")  # leave, and discard the edit when asked
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", timeout=4)
        await pilot.press("y")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ResourceScreen", timeout=4)
        assert app.screen.check_action("edit", ()) is None  # greyed out for the rest of the session


async def test_a_field_the_server_drops_without_an_error_is_said_so(demo):
    # PostHog Cloud's enterprise serializer has no primary_property: a PATCH of it answers 200
    # without the change.
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_form(pilot)
        app.screen.form.field("primary_property").input_widget.value = "plan"
        await _save(pilot)
        await pilot.press("y")
        await wait_until(pilot, lambda: "did not keep Primary property" in notes(app), "the warning")
        (request,) = writes(demo)
        assert request.body == {"primary_property": "plan"}



async def test_undoing_a_property_group_save_restores_its_values_though_the_ids_changed(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form_screen = await _open_form(pilot, "property_groups")
        group = form_screen.obj
        before = [(p.name, p.property_type, p.is_required) for p in group.properties]
        form_screen.form.field("properties").input_widget.focus()
        await pilot.press("ctrl+n")  # a new, empty property row
        await pilot.press(*"coupon")
        await _save(pilot)
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo) and not isinstance(app.screen, (EditScreen, ChangePreview)),
                         "the save")
        state = demo.state.projects[demo.project_id].property_groups[group.id]
        assert len(state["properties"]) == len(before) + 1
        assert {p["id"] for p in state["properties"]}.isdisjoint({p.id for p in group.properties})
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the undo preview")
        await pilot.press("y")
        await wait_until(pilot, lambda: len(writes(demo)) == 2, "the undo")
        state = demo.state.projects[demo.project_id].property_groups[group.id]
        assert [(p["name"], p["property_type"], p["is_required"]) for p in state["properties"]] == before


async def test_a_save_whose_answer_was_lost_is_looked_for_on_the_server_not_sent_again(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_form(pilot)
        await pilot.press("end", *" Checked.")
        await _save(pilot)
        demo.set_options(truncate_every_n=len(demo.requests) + 1)  # applied, but the answer is cut off
        await pilot.press("y")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", "the question")
        assert "may have been applied" in screen_text(app)
        demo.set_options(truncate_every_n=None)
        await pilot.press("y")
        await wait_until(pilot, lambda: "it was applied" in notes(app), "the check")
        assert [r.method for r in writes(demo)] == ["PATCH"]  # looked at, never sent twice
        await wait_until(pilot, lambda: not isinstance(app.screen, EditScreen), "the form closed")


async def test_a_save_that_failed_on_the_way_keeps_the_form_after_the_check(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _open_form(pilot)
        await pilot.press("end", *" Checked.")
        await _save(pilot)
        demo.set_options(fail_every_n=len(demo.requests) + 1)  # a 502 from a proxy: not applied
        await pilot.press("y")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", "the question")
        demo.set_options(fail_every_n=None)
        await pilot.press("y")
        await wait_until(pilot, lambda: "it was not applied" in notes(app), "the check")
        await wait_until(pilot, lambda: app.screen is form, "the form, kept")
        assert "Checked." in screen_text(app) and [r.method for r in writes(demo)] == ["PATCH"]


async def test_a_control_character_typed_in_the_editor_is_refused_beside_its_field(demo, editor_script):
    # YAML's "\e" is ESC: typed through $EDITOR it would reach the server and every screen after.
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "actions")
        action = app.screen.selected()
        editor_script((f"name: {action.name}", 'name: "x\\e]52;c;aGk=\\a"'))
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen), "the form with the refusal")
        form = app.screen.form
        await wait_until(pilot, lambda: form.field("name").has_class("-has-error"), "the error beside the name")
        assert "control character" in str(form.field("name").query_one(".field-error").render())
        assert writes(demo) == []
