"""`n` creates each kind, `d` deletes or archives (default No), `A` restores, `u` undoes."""

from __future__ import annotations

import json

from tests.pilot import loaded, make_app, notes, screen_text, wait_until, writes
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.edit import EditScreen


async def _screen(pilot, kind) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pilot.pause()


async def _create_with_form(pilot, mode: str, name: str) -> None:
    await loaded(pilot, mode)
    await pilot.press("n")
    await _screen(pilot, EditScreen)
    await pilot.press(*name, "ctrl+s")
    await _screen(pilot, ChangePreview)
    await pilot.press("y")
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, (EditScreen, ChangePreview)))


def _base(demo) -> str:
    return f"/api/projects/{demo.project_id}"


async def test_new_event_definition_posts_the_form_and_shows_the_row(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await _create_with_form(pilot, None, "signup_started")
        (request,) = writes(demo)
        assert (request.method, request.path) == ("POST", f"{_base(demo)}/event_definitions/")
        assert request.body == {"name": "signup_started", "enforcement_mode": "allow"}
        assert any(o.name == "signup_started" for o in app.screen.objects.values())
        assert app.screen.selected().name == "signup_started"


async def test_new_property_group_and_action_use_the_same_form(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await _create_with_form(pilot, "property_groups", "Coupons")
        await _create_with_form(pilot, "actions", "Clicked buy")
        group, action = writes(demo)
        assert (group.method, group.path, group.body) == ("POST", f"{_base(demo)}/schema_property_groups/", {"name": "Coupons"})
        assert (action.method, action.path, action.body) == ("POST", f"{_base(demo)}/actions/", {"name": "Clicked buy"})
        assert any(o.name == "Clicked buy" for o in app.screen.objects.values())


async def test_new_event_schema_picks_a_group_for_the_definition_it_was_opened_from(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        definition = app.screen.selected()
        await pilot.press("R")
        await _screen(pilot, PickerScreen)
        await pilot.press(*"schema", "enter")
        await wait_until(pilot, lambda: getattr(app.screen, "spec", None) and app.screen.spec.id == "event_schemas")
        await wait_until(pilot, lambda: not app.screen.busy)
        await pilot.press("n")
        await _screen(pilot, PickerScreen)
        await pilot.press(*"billing plan", "enter")
        await _screen(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo))
        (request,) = writes(demo)
        assert (request.method, request.path) == ("POST", f"{_base(demo)}/event_schemas/")
        assert request.body["event_definition"] == definition.id
        assert set(request.body) == {"event_definition", "property_group_id"}
        await wait_until(pilot, lambda: app.screen.objects)
        assert any(s.property_group.name == "Billing plan" for s in app.screen.objects.values())


async def test_new_blank_dashboard(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        await pilot.press("n")
        await _screen(pilot, PickerScreen)
        await pilot.press("enter")
        await _screen(pilot, EditScreen)
        await pilot.press(*"Launch week", "ctrl+s")
        await _screen(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo))
        (request,) = writes(demo)
        assert (request.method, request.path, request.body) == (
            "POST", f"{_base(demo)}/dashboards/", {"name": "Launch week", "restriction_level": 21})


async def test_new_dashboard_from_a_template_json_file(demo, tmp_path, monkeypatch):
    template = {"template_name": "Web basics", "dashboard_description": "From a file", "tags": ["web"],
                "dashboard_filters": {}, "tiles": []}
    path = tmp_path / "template.json"
    path.write_text(json.dumps(template))
    monkeypatch.chdir(tmp_path)  # a short relative path keeps the typing quick
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        await pilot.press("n")
        await _screen(pilot, PickerScreen)
        await pilot.press(*"template", "enter")
        await wait_until(pilot, lambda: app.screen.query("#prompt-input"))
        await pilot.press(*path.name, "enter")
        await _screen(pilot, ChangePreview)
        assert "Web basics" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo))
        (request,) = writes(demo)
        assert (request.method, request.path, request.body) == (
            "POST", f"{_base(demo)}/dashboards/create_from_template_json/", {"template": template})
        await wait_until(pilot, lambda: any(d.name == "Web basics" for d in app.screen.objects.values()))


async def test_new_unlisted_dashboard(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        await pilot.press("n")
        await _screen(pilot, PickerScreen)
        await pilot.press(*"unlisted", "enter")
        await wait_until(pilot, lambda: "Unlisted dashboard for" in screen_text(app))
        await pilot.press("enter")
        await _screen(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo))
        (request,) = writes(demo)
        assert (request.method, request.path, request.body) == (
            "POST", f"{_base(demo)}/dashboards/create_unlisted_dashboard/", {"tag": "llm-analytics"})


async def test_unlisted_dashboard_on_a_server_refusing_personal_keys_says_not_supported(demo):
    demo.set_options(session_endpoints=False)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        count = len(app.screen.objects)
        await pilot.press("n")
        await _screen(pilot, PickerScreen)
        await pilot.press(*"unlisted", "enter")
        await wait_until(pilot, lambda: "Unlisted dashboard for" in screen_text(app))
        await pilot.press("enter")
        await _screen(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: "not available" in notes(app))
        assert "Creating an unlisted dashboard is not available: This action does not support personal API key" in notes(app)
        assert len(app.screen.objects) == count


async def test_delete_asks_with_the_name_defaults_to_no_then_deletes(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        definition = app.screen.selected()
        await pilot.press("d")
        await _screen(pilot, ConfirmScreen)
        assert definition.name in screen_text(app)
        await pilot.press("enter")  # the focused default is No
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert writes(demo) == []
        await pilot.press("d")
        await _screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: writes(demo))
        (request,) = writes(demo)
        assert (request.method, request.path) == ("DELETE", f"{_base(demo)}/event_definitions/{definition.id}/")
        await wait_until(pilot, lambda: definition.id not in app.screen.objects)
        await pilot.press("u")
        await wait_until(pilot, lambda: "re-creating it is not supported" in notes(app))
        assert len(writes(demo)) == 1


async def test_archive_a_dashboard_then_restore_it_from_the_archived_view(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        dashboard = app.screen.selected()
        key = str(dashboard.id)
        await pilot.press("d")
        await _screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: key not in app.screen.objects)
        await pilot.press("A")
        await _screen(pilot, PickerScreen)
        assert dashboard.name in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: key in app.screen.objects)
        archive, restore = writes(demo)
        path = f"{_base(demo)}/dashboards/{dashboard.id}/"
        assert (archive.method, archive.path, archive.body) == ("PATCH", path, {"deleted": True})
        assert (restore.method, restore.path, restore.body) == ("PATCH", path, {"deleted": False})


async def test_undo_sends_the_before_image_after_a_preview(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "actions")
        action = app.screen.selected()
        await pilot.press("e")
        await _screen(pilot, EditScreen)
        await pilot.press("ctrl+u", *"Renamed", "ctrl+s")
        await _screen(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen.objects[str(action.id)].name == "Renamed")
        await pilot.press("u")
        await _screen(pilot, ChangePreview)
        assert "Undo" in screen_text(app) and action.name in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen.objects[str(action.id)].name == action.name)
        edit, undo = writes(demo)
        assert edit.body == {"name": "Renamed"}
        assert (undo.method, undo.path, undo.body) == ("PATCH", edit.path, {"name": action.name})


async def test_editing_an_event_schema_replaces_its_group_and_undo_puts_it_back(demo):
    # Event schemas have no update route (405): `e` adds the new group, then removes the old.
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.screen.table.move_cursor_to(next(k for k, d in app.screen.objects.items() if d.name == "signed_up"))
        await pilot.press("R")
        await _screen(pilot, PickerScreen)
        await pilot.press(*"schema", "enter")
        await wait_until(pilot, lambda: getattr(app.screen, "spec", None) and app.screen.spec.id == "event_schemas"
                         and app.screen.objects and not app.screen.busy)
        schema = app.screen.selected()
        demo.requests.clear()
        await pilot.press("e")
        await _screen(pilot, PickerScreen)
        await pilot.press(*"billing plan", "enter")
        await _screen(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: len(writes(demo)) == 2, "the replace")
        create, delete = writes(demo)
        assert (create.method, create.path) == ("POST", f"{_base(demo)}/event_schemas/")
        assert (delete.method, delete.path) == ("DELETE", f"{_base(demo)}/event_schemas/{schema.id}/")
        assert not any(r.method in ("PATCH", "PUT") for r in demo.requests)
        await wait_until(pilot, lambda: any(s.property_group.name == "Billing plan" for s in app.screen.objects.values()))
        new = next(s for s in app.screen.objects.values() if s.property_group.name == "Billing plan")
        await pilot.press("u")
        await _screen(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: len(writes(demo)) == 4, "the undo")
        again, removed = writes(demo)[2:]
        assert again.method == "POST" and again.body["property_group_id"] == schema.property_group.id
        assert removed.method == "DELETE" and removed.path.endswith(f"/event_schemas/{new.id}/")


async def test_an_archive_whose_answer_was_lost_is_checked_and_counted_as_done(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        dashboard = app.screen.selected()
        await pilot.press("d")
        await _screen(pilot, ConfirmScreen)
        demo.set_options(truncate_every_n=len(demo.requests) + 1)
        await pilot.press("y")
        await wait_until(pilot, lambda: "may have been applied" in screen_text(app), "the question")
        demo.set_options(truncate_every_n=None)
        await pilot.press("y")
        await wait_until(pilot, lambda: str(dashboard.id) not in app.screen.objects, "the row gone")
        assert [r.method for r in writes(demo)] == ["PATCH"]
        assert "Archived dashboard" in notes(app)
