"""Schema drift (`D` in triage): the rows, the two fixes with the PATCH the demo received, the preview,
undo, and a failing server."""

from __future__ import annotations

from tests.app.test_triage_screen import opened
from tests.pilot import make_app, notes, paste, queries, screen_text, settle, wait_until, writes
from tui.screens.detail import DetailScreen
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.help import HelpScreen
from tui.screens.triage import TriageScreen
from tui.screens.triage_drift import DriftScreen

SIZE = (120, 40)
ACCOUNT = [("account_id", "String", True), ("industry", "String", False), ("organization_size", "Numeric", False)]


def group(demo, name: str) -> dict:
    return next(g for g in demo.state.projects[1].property_groups.values() if g["name"] == name)


def stored(demo, name: str) -> list[tuple[str, str, bool]]:
    """The group's properties as the demo holds them: (name, type, required), by name."""
    return sorted((p["name"], p["property_type"], p["is_required"]) for p in group(demo, name)["properties"])


def group_patches(demo) -> list[tuple[str, dict]]:
    return [(r.path.rstrip("/").rsplit("/", 1)[-1], r.body) for r in writes(demo)
            if r.method == "PATCH" and "/schema_property_groups/" in r.path]


def sent(body: dict) -> list[tuple[str, str, bool]]:
    return [(p["name"], p["property_type"], p["is_required"]) for p in body["properties"]]


async def drift_of(pilot) -> DriftScreen:
    """Triage, the cursor on `signed_up` (its "Account" schema requires an `account_id` its events lack,
    and they carry `signup_method` and `invited`, which it does not declare), then `D`."""
    app = pilot.app
    screen = await opened(pilot, "duplicates")
    assert screen.table.move_cursor_to(next(k for k, d in screen.definitions.items() if d.name == "signed_up"))
    await pilot.pause()
    await pilot.press("D")
    await wait_until(pilot, lambda: isinstance(app.screen, DriftScreen) and not app.screen.busy
                     and app.screen.rows, "the drift rows")
    await settle(pilot)
    return app.screen


def cells(screen: DriftScreen, name: str) -> dict[str, str]:
    row = screen.table.get_row(name)
    return {column.key: str(value) for column, value in zip(screen.table.columns, row.cells)}


async def on_row(pilot, screen: DriftScreen, name: str) -> None:
    assert screen.table.move_cursor_to(name), name
    await pilot.pause()


async def test_the_view_lists_each_property_beside_its_group_and_esc_backs_out(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await drift_of(pilot)
        assert screen.table.visible_keys() == ["account_id", "industry", "organization_size", "signup_method",
                                               "invited"]
        assert cells(screen, "account_id") == {
            "property": "account_id", "group": "Account", "schema": "required", "present": "0%", "observed": "—",
            "declared": "String", "problem": "missing from 100%"}
        assert cells(screen, "industry")["problem"] == ""
        assert cells(screen, "signup_method") == {
            "property": "signup_method", "group": "—", "schema": "—", "present": "100%", "observed": "String",
            "declared": "—", "problem": "not in the schema"}
        assert cells(screen, "invited")["observed"] == "Boolean"
        events = sum(1 for r in demo.state.projects[1].log.rows if r["event"] == "signed_up")
        assert f"{events:,} recent events (30 days) · property groups: Account · 3 flagged" in screen_text(app)
        sample = [r.body["query"] for r in queries(demo)][-1]
        assert sample["values"] == {"event": "signed_up"} and "SELECT properties FROM events" in sample["query"]
        await pilot.press("j", "j")
        assert screen.current().name == "organization_size"
        await pilot.press("k")
        assert screen.current().name == "industry"
        await pilot.press("enter")  # the property group that declares it
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "the group")
        assert app.screen.spec.id == "property_groups" and app.screen.obj.name == "Account"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, "the view again")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        shown = screen_text(app)
        for expected in ("Keys here: Schema drift · signed_up", "triage_drift.add", "triage_drift.optional",
                         "Mark the required property optional", "resource_table.cursor_down"):
            assert expected in shown, expected
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, "the view again")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen), "back in triage")
        assert app.is_running and not group_patches(demo)
    assert not worker_errors


async def test_a_adds_the_property_with_its_type_sending_the_whole_list(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await drift_of(pilot)
        account = group(demo, "Account")
        await on_row(pilot, screen, "signup_method")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        assert "Add “signup_method” (String, optional) to property group “Account”" in app.screen._title
        [(label, old, new)] = app.screen._rows
        assert label == "Properties" and "signup_method" not in old and "4. name signup_method, type String" in new
        await pilot.press("y")
        await wait_until(pilot, lambda: group_patches(demo), "the PATCH")
        [(key, body)] = group_patches(demo)
        assert key == account["id"] and list(body) == ["properties"]
        # The whole list, by name, without ids (the server recreates every property on PATCH).
        assert sent(body) == [*ACCOUNT, ("signup_method", "String", False)]
        assert all("id" not in p for p in body["properties"])
        assert stored(demo, "Account") == sorted([*ACCOUNT, ("signup_method", "String", False)])
        # The rows follow in place: the cursor stays on the property, now in the schema.
        await wait_until(pilot, lambda: cells(screen, "signup_method")["schema"] == "optional", "the row")
        assert cells(screen, "signup_method")["group"] == "Account" and cells(screen, "signup_method")["problem"] == ""
        assert screen.current().name == "signup_method"
        assert "Done: Add “signup_method”" in screen_text(app)
        await on_row(pilot, screen, "invited")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the second preview")
        await pilot.press("y")
        await wait_until(pilot, lambda: len(group_patches(demo)) == 2, "the second PATCH")
        assert sent(group_patches(demo)[1][1]) == [
            ACCOUNT[0], ACCOUNT[1], ("invited", "Boolean", False), ACCOUNT[2], ("signup_method", "String", False)]
    assert not worker_errors


async def test_o_marks_the_required_property_optional(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await drift_of(pilot)
        await on_row(pilot, screen, "account_id")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        assert "Mark “account_id” optional in property group “Account”" in app.screen._title
        await pilot.press("y")
        await wait_until(pilot, lambda: group_patches(demo), "the PATCH")
        [(key, body)] = group_patches(demo)
        assert key == group(demo, "Account")["id"]
        assert sent(body) == [("account_id", "String", False), *ACCOUNT[1:]]
        assert stored(demo, "Account") == [("account_id", "String", False), *ACCOUNT[1:]]
        await wait_until(pilot, lambda: cells(screen, "account_id")["schema"] == "optional", "the row")
        assert cells(screen, "account_id")["problem"] == ""  # an optional property may be missing
        assert screen.current().name == "account_id"
        # On a row the key does not fit, it says why and sends nothing.
        await pilot.press("o")
        await wait_until(pilot, lambda: "optional already" in screen_text(app), "the reason")
        await on_row(pilot, screen, "industry")
        await pilot.press("a")
        await wait_until(pilot, lambda: "is in the schema already (Account)" in screen_text(app), "the reason")
        assert len(group_patches(demo)) == 1 and app.screen is screen
    assert not worker_errors


async def test_a_declined_preview_sends_nothing(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await drift_of(pilot)
        for row, key in (("signup_method", "a"), ("account_id", "o")):
            await on_row(pilot, screen, row)
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
            await pilot.press("n")
            await wait_until(pilot, lambda: app.screen is screen, "the view again")
            await wait_until(pilot, lambda: "Nothing was sent" in screen_text(app), "the note")
        assert writes(demo) == []  # queries only
        assert stored(demo, "Account") == ACCOUNT
        assert cells(screen, "signup_method")["schema"] == "—" and cells(screen, "account_id")["schema"] == "required"
    assert not worker_errors


async def test_undo_restores_the_previous_property_list(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await drift_of(pilot)
        await on_row(pilot, screen, "signup_method")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        await pilot.press("y")
        await wait_until(pilot, lambda: cells(screen, "signup_method")["schema"] == "optional", "the fix")
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the undo preview")
        assert app.screen._title == "Undo: Edited property group “Account”?"
        await pilot.press("y")
        await wait_until(pilot, lambda: len(group_patches(demo)) == 2, "the undo PATCH")
        assert sent(group_patches(demo)[1][1]) == ACCOUNT
        assert stored(demo, "Account") == ACCOUNT
        await wait_until(pilot, lambda: cells(screen, "signup_method")["schema"] == "—", "the row as before")
        assert cells(screen, "signup_method")["problem"] == "not in the schema"
        assert "Undone: Edited property group “Account”." in notes(app)
    assert not worker_errors


async def test_a_failed_write_leaves_the_view_usable_and_says_so(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await drift_of(pilot)
        await on_row(pilot, screen, "signup_method")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        demo.set_options(fail_every_n=len(demo.requests) + 1)  # the PATCH gets a proxy's 502
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question whether it was applied")
        demo.set_options(fail_every_n=None)
        await pilot.press("y")  # look: it was not
        await wait_until(pilot, lambda: "it was not applied" in notes(app), "the check")
        await wait_until(pilot, lambda: app.screen is screen, "the view again")
        await wait_until(pilot, lambda: "Not saved: The server answered with an HTML page (status 502)"
                         in screen_text(app), "the message")
        assert stored(demo, "Account") == ACCOUNT and cells(screen, "signup_method")["schema"] == "—"
        await pilot.press("k")
        assert screen.current().name == "organization_size"
        # Someone added it meanwhile: the fix starts from the server's copy, and finds nothing to send.
        await on_row(pilot, screen, "signup_method")
        demo.state.projects[1].property_groups[group(demo, "Account")["id"]]["properties"].append(
            {"id": "x", "name": "signup_method", "property_type": "String", "is_required": False})
        await pilot.press("a")
        await wait_until(pilot, lambda: "Nothing to send: “signup_method” is in that group on the server already"
                         in screen_text(app), "nothing to send")
        assert cells(screen, "signup_method")["schema"] == "optional"  # the rows show the server's copy
        assert len(group_patches(demo)) == 1
    assert not worker_errors


async def test_without_the_query_api_the_view_says_so_and_r_samples_again(demo, worker_errors):
    demo.set_options(query_api=False)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        triage = await opened(pilot, "duplicates")
        triage.table.move_cursor_to(next(k for k, d in triage.definitions.items() if d.name == "signed_up"))
        await pilot.pause()
        await pilot.press("D")
        await wait_until(pilot, lambda: isinstance(app.screen, DriftScreen) and app.screen.events is None
                         and not app.screen.busy and "Query API" in screen_text(app), "the message")
        screen = app.screen
        shown = screen_text(app)
        assert "Schema drift samples events through the Query API" in shown and "r tries again" in shown
        assert "No sample: the Query API did not answer" in shown and not screen.rows
        await pilot.press("a", "o", "j")  # nothing to act on: nothing happens, nothing breaks
        assert not group_patches(demo)
        demo.set_options(query_api=True)
        await pilot.press("r")
        await wait_until(pilot, lambda: screen.rows and not screen.busy, "the rows")
        assert "signup_method" in screen.rows
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen), "back in triage")
    assert not worker_errors


async def test_a_read_only_session_sends_no_fix(demo, worker_errors):
    app = make_app(demo, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await drift_of(pilot)
        await on_row(pilot, screen, "signup_method")
        await pilot.press("a")
        await wait_until(pilot, lambda: "Read-only session" in screen_text(app), "the refusal")
        assert app.screen is screen and not group_patches(demo)
    assert not worker_errors


async def test_with_two_groups_a_asks_which_one(demo, worker_errors):
    data = demo.state.projects[1]
    invite = group(demo, "Invite")
    signed_up = data.definition_names["signed_up"]
    data.event_schemas["drift-test"] = {"id": "drift-test", "event_definition": signed_up,
                                        "property_group_id": invite["id"], "created_at": "2026-11-01T00:00:00Z",
                                        "updated_at": "2026-11-01T00:00:00Z"}
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await drift_of(pilot)
        await on_row(pilot, screen, "signup_method")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), "the picker")
        assert sorted(label for label, _ in app.screen.options) == ["Account", "Invite"]
        await paste(pilot, "Invite")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        await pilot.press("y")
        await wait_until(pilot, lambda: group_patches(demo), "the PATCH")
        [(key, body)] = group_patches(demo)
        assert key == invite["id"]
        assert sent(body) == [("invitee_email", "String", True), ("role", "String", False),
                              ("signup_method", "String", False)]
        assert body["properties"][1]["validation_rules"] == {"enum": ["member", "admin"]}  # kept as it was
        await wait_until(pilot, lambda: cells(screen, "signup_method")["group"] == "Invite", "the row")
    assert not worker_errors
