"""`:diff` in the app, and `C` on marked rows: the same plan and apply as the command line."""

from __future__ import annotations

from tests.pilot import make_app, notes, paste, screen_text, settle, text_of, wait_until
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.dialogs.prompt import PromptScreen
from tui.screens.diff import DiffScreen
from tui.screens.diff_apply import SetupApplyScreen
from tui.screens.help import HelpScreen
from tui.setup.document import dump
from tui.setup.pull import pull

from .conftest import writes


def _diff(app) -> DiffScreen:
    screen = app.screen
    assert isinstance(screen, DiffScreen), type(screen).__name__
    return screen


async def _planned(pilot, timeout: float = 20.0) -> DiffScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, DiffScreen) and app.screen.plan is not None
                     and not app.screen.busy, "the plan", timeout=timeout)
    await pilot.pause()
    return _diff(app)


async def _pick(pilot, title: str, choice: str) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen) and app.screen.title_text.startswith(title),
                     f"the picker {title!r}")
    await paste(pilot, choice)
    await pilot.press("enter")


async def _open_diff(pilot, choice: str) -> DiffScreen:
    await settle(pilot)
    await pilot.press("colon")
    await paste(pilot, "diff")
    await pilot.press("enter")
    await _pick(pilot, "Compare this project with", choice)
    return await _planned(pilot)


async def _apply(pilot) -> None:
    app = pilot.app
    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
    await pilot.press("y")
    await wait_until(pilot, lambda: isinstance(app.screen, SetupApplyScreen) and app.screen.report is not None,
                     "the report", timeout=30)
    assert "requests in" in text_of(app, "#setup-apply-status")
    await pilot.press("escape")


async def test_diff_lists_changes_by_kind_shows_fields_and_applies_only_the_included(small_demo, worker_errors):
    app = make_app(small_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_diff(pilot, "Staging")
        shown = screen_text(app)
        assert "Hedgebox (1) → Hedgebox Staging (project 2)" in shown
        assert "Event definitions (" in shown and "[x] + $ai_generation" in shown
        tree = screen.query_one("#diff-tree")
        update = next(i for i in range(tree.last_line + 1) if "~ $autocapture" in str(tree.get_node_at_line(i).label))
        tree.cursor_line = update
        await pilot.press("enter")
        await pilot.pause()
        assert "Update event definition $autocapture" in text_of(app, "#diff-fields")
        assert "→" in text_of(app, "#diff-fields")
        tree.cursor_line = 1  # the first change: $ai_generation, a create
        await pilot.press("space")
        await pilot.pause()
        assert "[ ] + $ai_generation" in screen_text(app)
        assert f"{len(screen.plan.pending) - 1} included" in text_of(app, "#diff-status")
        await _apply(pilot)
        screen = await _planned(pilot)
        assert [c.id for c in screen.plan.pending] == ["event_definitions/$ai_generation"]
    staging = small_demo.state.projects[2].definition_names
    assert "billing_file_viewed" in staging and "$ai_generation" not in staging
    assert worker_errors == []


async def test_e_edits_the_plan_as_yaml_and_plans_again(small_demo, editor_script, worker_errors):
    editor_script(("Account created from any platform.", "Edited in the editor."))
    app = make_app(small_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_diff(pilot, "Staging")
        before = len(screen.plan.pending)
        await pilot.press("e")
        await wait_until(pilot, lambda: screen.plan.by_id()["actions/Signed up"].desired["description"]
                         == "Edited in the editor.", "the edited plan")
        assert len(screen.plan.pending) == before and screen.plan.source.endswith("(edited)")
    assert writes(small_demo) == [] and worker_errors == []


async def test_x_swaps_the_sides(small_demo, worker_errors):
    app = make_app(small_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_diff(pilot, "Staging")
        assert screen.plan.target.project_id == 2
        await pilot.press("x")
        await wait_until(pilot, lambda: screen.plan.target.project_id == 1 and not screen.busy, "the swap")
        assert "Hedgebox Staging" in screen.plan.source and "~ signed_up" in screen_text(app)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        shown = screen_text(app)
        for key_help in ("Include or exclude the change", "Apply the included changes", "Swap sides"):
            assert key_help in shown, key_help
    assert worker_errors == []


async def test_a_setup_file_diffs_against_this_project(small_demo, connect, tmp_path, worker_errors):
    path = tmp_path / "staging.yaml"
    path.write_text(dump((await pull(connect(small_demo, 2))).setup))
    app = make_app(small_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        await paste(pilot, "diff")
        await pilot.press("enter")
        await _pick(pilot, "Compare this project with", "file")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "the file prompt")
        await paste(pilot, str(path))
        await pilot.press("enter")
        screen = await _planned(pilot)
        assert screen.plan.source == str(path) and screen.plan.target.project_id == 1
        assert "event_definitions/signup_v2_started" in {c.id for c in screen.plan.pending}
    assert worker_errors == []


async def test_c_copies_the_marked_rows_and_what_they_need_to_another_project(small_demo, worker_errors):
    app = make_app(small_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        kpis = next(d["id"] for d in small_demo.state.projects[1].dashboards.values() if d["name"] == "Hedgebox KPIs")
        assert app.screen.table.move_cursor_to(str(kpis))
        await pilot.press("space", "C")
        await _pick(pilot, "Copy 1 dashboard to", "Staging")
        screen = await _planned(pilot)
        ids = {c.id for c in screen.plan.changes}
        # The dashboard's insights use two actions: they come along.
        assert ids == {"dashboards/Hedgebox KPIs", "actions/Signed up", "actions/Uploaded a file"}
        assert screen.heading == "Copy"
        await _apply(pilot)
        await _planned(pilot)
    staging = small_demo.state.projects[2]
    assert "Hedgebox KPIs" in {d["name"] for d in staging.dashboards.values()}
    assert len(staging.definitions) == 24  # nothing else was copied
    assert worker_errors == []


async def test_a_read_only_session_applies_nothing(small_demo, worker_errors):
    app = make_app(small_demo, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_diff(pilot, "Staging")
        await pilot.press("a")
        await wait_until(pilot, lambda: "read-only" in notes(app), "the refusal")
        assert isinstance(app.screen, DiffScreen)
    assert writes(small_demo) == [] and worker_errors == []


async def test_leaving_the_side_picker_goes_back_where_it_was(small_demo, worker_errors):
    app = make_app(small_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = type(app.screen)
        await pilot.press("colon")
        await paste(pilot, "diff")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen) and app.screen.title_text.startswith(
            "Compare"), "the side picker")
        await pilot.press("escape")
        await wait_until(pilot, lambda: type(app.screen) is before, "the list again")
    assert worker_errors == []
