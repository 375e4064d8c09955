"""`:triage` in the app: the queues and their counts, and every key with the request it sends."""

from __future__ import annotations

import json

from tests.pilot import make_app, notes, paste, queries, screen_text, settle, wait_until, writes
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.prompt import PromptScreen
from tui.screens.triage import TriageScreen
from tui.triage.snooze import snooze_file

SIZE = (120, 40)


async def opened(pilot, queue: str = "undescribed") -> TriageScreen:
    app = pilot.app
    await settle(pilot)
    await pilot.press("7")
    await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen) and app.screen.result is not None
                     and not app.screen.busy, "the queues")
    screen = app.screen
    if queue != screen.queue:
        sidebar = screen.query_one("#triage-queues")
        sidebar.highlighted = next(i for i, o in enumerate(sidebar.options) if o.id == queue)
        await wait_until(pilot, lambda: screen.queue == queue, f"the {queue} queue")
    screen.table.focus()
    await pilot.pause()
    return screen


def queued(screen: TriageScreen) -> list[str]:
    return [screen.definitions[key].name for key in screen.table.visible_keys()]


def patches(demo) -> list[tuple[str, dict]]:
    return [(r.path.rstrip("/").rsplit("/", 1)[-1], r.body) for r in writes(demo) if r.method == "PATCH"]


async def test_the_sidebar_counts_every_queue_and_the_switcher_opens_it(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await paste(pilot, "triage")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen) and app.screen.result is not None
                         and not app.screen.busy, "the queues")
        screen = app.screen
        labels = [str(o.prompt) for o in screen.query_one("#triage-queues").options]
        counts = {q.kind.title: len(q.members) for q in screen.result.queues.values()}
        assert labels == [f"{title}  {count:,}" for title, count in counts.items()]
        assert counts["Hidden but arriving"] == 1 and "volumes from one HogQL query" in screen_text(app)
        queries = [r for r in demo.requests if r.path.rstrip("/").endswith("/query")]
        assert len(queries) == 1 and "GROUP BY event, day" in queries[0].body["query"]["query"]
    assert not worker_errors


async def test_describe_in_place_saves_and_moves_on(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        first, second = queued(screen)[:2]
        before = len(screen.result.queues["undescribed"].members)
        await pilot.press("d")
        await pilot.pause()
        await paste(pilot, "Sent when v and x happen")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        assert "Sent when v and x happen" in screen_text(app) and not patches(demo)
        await pilot.press("y")
        await wait_until(pilot, lambda: patches(demo), "the PATCH")
        await wait_until(pilot, lambda: first not in queued(screen), "the row to leave")
        key = screen.definitions[next(k for k, d in screen.definitions.items() if d.name == first)].id
        assert patches(demo) == [(key, {"description": "Sent when v and x happen"})]
        assert screen.current().name == second
        label = str(screen.query_one("#triage-queues").get_option("undescribed").prompt)
        assert label == f"Undescribed  {before - 1:,}"
    assert not worker_errors


async def test_verify_tag_snooze_and_undo(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("j", "j", "j")
        screen = await opened(pilot, "busy")
        assert screen.table.cursor_row == 0  # another queue opens at its top
        first, second = queued(screen)[:2]
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        await pilot.press("n")  # declined: nothing is sent, the row stays
        await wait_until(pilot, lambda: app.screen is screen, "the queue again")
        assert not patches(demo) and screen.current().name == first
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        await pilot.press("a")  # sent, and the next quick edits here go without a preview
        await wait_until(pilot, lambda: first not in queued(screen), "the verified row to leave")
        assert [body for _, body in patches(demo)] == [{"verified": True, "hidden": False}]
        assert screen.current().name == second
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "the tag prompt")
        await paste(pilot, "triaged")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(patches(demo)) == 2, "the tag PATCH")
        assert patches(demo)[1][1]["tags"][-1] == "triaged"
        await settle(pilot)
        current = screen.current().name
        await pilot.press("s")
        await wait_until(pilot, lambda: current not in queued(screen), "the snoozed row to leave")
        assert len(patches(demo)) == 2
        snoozed = json.loads(snooze_file().read_text())
        assert [list(ids) for ids in snoozed.values()] == [[screen.result and next(
            k for k, d in screen.definitions.items() if d.name == current)]]
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the undo preview")
        await pilot.press("y")
        await wait_until(pilot, lambda: len(patches(demo)) == 3, "the undo PATCH")
        assert "triaged" not in patches(demo)[2][1]["tags"]
    assert not worker_errors


async def test_hide_and_delete_show_where_used_and_default_to_no(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, "duplicates")
        screen.table.move_cursor_to(next(k for k, d in screen.definitions.items() if d.name == "signed_up"))
        await pilot.pause()
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the hide question")
        question = app.screen
        assert "It is used by 1 action, 7 insights, a schema." in question._question
        assert question._items[:2] == ["schema: Account", "action: Signed up"]
        assert "insight: Daily signed_up" in question._items and len(question._items) == 9
        assert "schema: Account" in screen_text(app)
        await pilot.press("enter")  # the default answer is No
        await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen), "the queue again")
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the hide question")
        await pilot.press("y")
        await wait_until(pilot, lambda: patches(demo), "the hide PATCH")
        assert patches(demo)[0][1] == {"hidden": True, "verified": False}
        await settle(pilot)
        doomed = screen.current()
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the delete question")
        await pilot.press("y")
        await wait_until(pilot, lambda: any(r.method == "DELETE" for r in writes(demo)), "the DELETE")
        assert [r.path for r in writes(demo) if r.method == "DELETE"] == [
            f"/api/projects/1/event_definitions/{doomed.id}/"]
        await wait_until(pilot, lambda: doomed.id not in screen.definitions, "the deleted row to go")
    assert not worker_errors


async def test_bulk_delete_of_marked_rows_types_the_count_and_reports_the_one_that_failed(demo, worker_errors):
    from tui.screens.bulk import BulkScreen

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, "never_seen")
        await pilot.press("space", "j", "space", "j", "space")
        marked = [screen.definitions[key] for key in screen.table.selected_keys]
        assert len(marked) == 3
        # Deleted elsewhere meanwhile: its DELETE answers 404.
        demo.state.projects[1].definitions.pop(marked[1].id)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the typed confirmation")
        assert "Type 3 to delete 3 definitions." in app.screen._question
        await paste(pilot, "2")
        await pilot.press("enter")  # refused until the count itself is typed
        assert isinstance(app.screen, ConfirmScreen) and app.screen.query_one("#yes").disabled
        app.screen.query_one("#typed").value = ""
        await paste(pilot, "3")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkScreen) and app.screen.report is not None,
                         "the report")
        deletes = [r.path for r in writes(demo) if r.method == "DELETE"]
        assert [r.method for r in writes(demo)] == ["DELETE", "DELETE", "DELETE"]
        assert deletes == [f"/api/projects/1/event_definitions/{d.id}/" for d in marked]
        report = app.screen.report
        assert [o.id for o in report.updated] == [marked[0].id, marked[2].id]
        assert [label for label, _ in report.failed] == [marked[1].name]
        assert "2 deleted · 1 failed" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen), "the queue again")
        await settle(pilot)
        assert marked[0].id not in screen.definitions and marked[2].id not in screen.definitions
        assert not screen.table.selected_keys
    assert not worker_errors


async def test_where_used_and_open(demo, worker_errors):
    from tui.screens.detail import DetailScreen

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, "duplicates")
        screen.table.move_cursor_to(next(k for k, d in screen.definitions.items() if d.name == "signed_up"))
        await pilot.pause()
        await pilot.press("R")
        await wait_until(pilot, lambda: "is used by 1 action, 7 insights, a schema" in notes(app), "where used")
        assert "action: Signed up" in notes(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "the definition's detail")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen), "the queue again")
    assert not writes(demo) and not worker_errors


async def test_a_read_only_session_sends_nothing(demo, worker_errors):
    app = make_app(demo, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        first = queued(screen)[0]
        for key in ("v", "h", "x"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, TriageScreen)
        assert "Read-only session" in notes(app)
        assert writes(demo) == [] and queued(screen)[0] == first
    assert not worker_errors


async def test_without_the_query_api_the_volume_queues_say_why(demo, worker_errors):
    from tui.app import PostHogApp
    from tui.connection import Target
    from tui.demo import DEMO_NO_QUERY_KEY

    app = PostHogApp(Target(host=demo.url, project=demo.project_id, profile="demo"), api_key=DEMO_NO_QUERY_KEY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, "hidden_arriving")
        assert "needs the 30-day volumes" in screen_text(app) and not queued(screen)
        labels = [str(o.prompt) for o in screen.query_one("#triage-queues").options]
        assert "Hidden but arriving  —" in labels and labels[0].startswith("Undescribed  ")
    assert not worker_errors


async def test_merge_creates_an_action_for_every_variant_moves_description_and_tags_and_hides_the_rest(
        demo, worker_errors):
    from tui.screens.dialogs.picker import PickerScreen

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, "duplicates")
        by_name = {d.name: d for d in screen.definitions.values()}
        variants = ("Signed Up", "signed_up", "user_signed_up")
        screen.table.move_cursor_to(by_name["user_signed_up"].id)
        await pilot.pause()
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), "the canonical name")
        await paste(pilot, "signed_up  (")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview of every call")
        calls = [row[0] for row in app.screen._rows]
        assert calls[0] == "create action “signed_up”" and calls[-2:] == ["Signed Up: hidden", "user_signed_up: hidden"]
        assert writes(demo) == []
        await pilot.press("y")
        # The action, one PATCH for the canonical name's description and tags, two hides.
        await wait_until(pilot, lambda: len(writes(demo)) == 4, "every call")
        sent = [(r.method, r.path.split("/")[4], r.body) for r in writes(demo)]
        assert sent[0] == ("POST", "actions", {"name": "signed_up", "steps": [{"event": n} for n in (
            "signed_up", "Signed Up", "user_signed_up")]})
        canonical = by_name["signed_up"]
        best = max((by_name[n].description or "" for n in variants), key=len)
        tags = list(dict.fromkeys(t for n in ("signed_up", "Signed Up", "user_signed_up") for t in by_name[n].tags))
        patches_sent = {(r.path.split("/")[5], json.dumps(r.body, sort_keys=True))
                        for r in writes(demo)[1:] if r.method == "PATCH"}
        expected = {(by_name["Signed Up"].id, json.dumps({"hidden": True, "verified": False}, sort_keys=True)),
                    (by_name["user_signed_up"].id, json.dumps({"hidden": True, "verified": False}, sort_keys=True)),
                    (canonical.id, json.dumps({"description": best, "tags": tags}, sort_keys=True))}
        assert patches_sent == expected and not any(r.method == "DELETE" for r in writes(demo))
        await wait_until(pilot, lambda: not {"Signed Up", "signed_up"} & set(queued(screen)), "the cluster to leave")
    assert not worker_errors


async def test_the_marked_rows_as_one_yaml_document_with_a_conflict_and_one_undo(demo, editor_script, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, "naming")
        by_name = {d.name: d for d in screen.definitions.values()}
        for name in ("Signed Up", "FolderCreated"):
            screen.table.move_cursor_to(by_name[name].id)
            await pilot.press("space")
        # Changed on the server after the queue was read: the preview shows it.
        demo.state.projects[1].definitions[by_name["Signed Up"].id]["description"] = "Changed meanwhile."
        old = by_name["FolderCreated"].description
        signed = by_name["Signed Up"].description
        editor_script((f"description: {old}", "description: Folder made from the sidebar."),
                      (f"description: {signed}\n  tags: []", f"x_description: {signed}\n  tags: growth, signup"))
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the document's problem")
        assert "Signed Up: unknown field x_description" in app.screen._question
        editor_script(("x_description:", "description:"))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        preview = app.screen
        assert ("Signed Up: tags", "—", "growth, signup") in preview._rows
        assert ("FolderCreated: description", old, "Folder made from the sidebar.") in preview._rows
        assert [row[0] for row in preview._conflict_rows] == ["Signed Up: description"]
        await pilot.press("y")
        await wait_until(pilot, lambda: len(patches(demo)) == 2, "two PATCHes")
        assert sorted(patches(demo)) == sorted([(by_name["Signed Up"].id, {"tags": ["growth", "signup"]}),
                                                (by_name["FolderCreated"].id,
                                                 {"description": "Folder made from the sidebar."})])
        await settle(pilot)
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the undo preview")
        assert "Edited 2 event definitions as one document" in app.screen._title
        await pilot.press("y")
        await wait_until(pilot, lambda: len(patches(demo)) == 4, "both undone")
        assert {body == {"tags": []} or body == {"description": old} for _, body in patches(demo)[2:]} == {True}
    assert not worker_errors


async def test_schema_drift_samples_the_events_and_flags_the_required_property_they_lack(demo, worker_errors):
    from tui.screens.triage_drift import DriftScreen

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, "duplicates")
        screen.table.move_cursor_to(next(k for k, d in screen.definitions.items() if d.name == "signed_up"))
        await pilot.pause()
        await pilot.press("D")
        await wait_until(pilot, lambda: isinstance(app.screen, DriftScreen) and app.screen.rows, "the drift")
        drift = app.screen
        assert drift.table.visible_keys()[0] == "account_id"
        assert drift.rows["account_id"].problem == "missing from 100%"
        sample = [r.body["query"] for r in queries(demo)][-1]
        assert sample["values"] == {"event": "signed_up"} and "SELECT properties FROM events" in sample["query"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, "triage again")
        screen.table.move_cursor_to(next(k for k, d in screen.definitions.items() if d.name == "Signed Up"))
        await pilot.press("D")
        await wait_until(pilot, lambda: "has no event schema" in notes(app), "the note")
        assert app.screen is screen
    assert not worker_errors


async def test_the_volumes_are_queried_once_a_session_and_again_on_r(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        def queries() -> int:
            return sum(1 for r in demo.requests if r.path.rstrip("/").endswith("/query"))

        await opened(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await opened(pilot)
        assert queries() == 1
        await pilot.press("r")
        await wait_until(pilot, lambda: queries() == 2 and not app.screen.busy, "the volumes again")
        await settle(pilot)
        assert app.screen.result is not None
    assert not worker_errors


async def test_the_open_screen_holds_the_full_collector_passes_and_leaving_frees_its_definitions(demo, worker_errors):
    from tui.collector import full_passes_held

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not full_passes_held()
        screen = await opened(pilot)
        assert full_passes_held() and screen.definitions and screen.result is not None
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, TriageScreen), "the list again")
        await settle(pilot)
        assert not full_passes_held()
        assert screen.definitions == {} and screen.result is None
    assert not worker_errors
