"""The HogQL console: run, errors beside the query, cancel, history, export, leaving, big answers."""

from __future__ import annotations

import asyncio
import csv
import json

from tests.pilot import make_app, notes, paste, screen_is, screen_text, settle, text_of, wait_until
from tui.console import history as history_module
from tui.console.completion import complete, word_before
from tui.console.history import CAP, QueryHistory
from tui.console.results import SLICE, slices
from tui.screens.console import ConsoleScreen
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.resource import ResourceScreen

COUNTS = "SELECT event, count() AS n FROM events WHERE timestamp > now() - INTERVAL 7 DAY GROUP BY event ORDER BY n DESC"


def query_posts(server):
    return [r for r in server.requests if r.method == "POST" and r.path.rstrip("/").endswith("/query")]


async def open_console(pilot) -> ConsoleScreen:
    await settle(pilot)
    await pilot.press("6")
    await screen_is(pilot, ConsoleScreen)
    return pilot.app.screen


async def test_the_editor_opens_with_the_cursor_after_the_starter_query(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        starter = console.editor.text
        await pilot.press("space", "x")
        assert console.editor.text == starter + " x"


async def type_query(pilot, console: ConsoleScreen, sql: str) -> None:
    console.editor.load_text("")
    console.editor.focus()
    await pilot.pause()
    await paste(pilot, sql)


async def run(pilot, console: ConsoleScreen) -> None:
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: console.query_id is None and not console.workers, "the run to finish")
    await pilot.pause()


async def test_ctrl_r_runs_the_query_asynchronously_and_shows_the_answer(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        await type_query(pilot, console, COUNTS)
        await run(pilot, console)
        table = console.table
        assert [c.label for c in table.columns] == ["event", "n"]
        assert table.row_count > 3 and console.rows[0][0] == "$pageview"
        assert "rows in" in text_of(app, "#status") and not console.query_one("#console-error").display
        body = query_posts(demo)[-1].body
        assert body["refresh"] == "async" and body["query"] == {"kind": "HogQLQuery", "query": COUNTS}
        assert any(r.method == "GET" and "/query/" in r.path for r in demo.requests)  # polled


async def test_colon_sql_opens_the_console_and_esc_backs_out_keeping_the_text(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for name in ("sql", "hogql", "console"):
            await pilot.press("colon")
            await paste(pilot, name)
            await pilot.press("enter")
            await screen_is(pilot, ConsoleScreen)
            console = app.screen
            await type_query(pilot, console, f"SELECT event FROM events -- {name}")
            await pilot.press("escape")
            await screen_is(pilot, ResourceScreen)
            assert "The query stays here" in notes(app)
        await pilot.press("6")
        await screen_is(pilot, ConsoleScreen)
        assert app.screen is console and console.editor.text == "SELECT event FROM events -- console"


async def test_a_bad_query_shows_the_servers_error_under_the_editor(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        await type_query(pilot, console, "SELECT e.event FROM events e JOIN persons p ON p.id = e.person_id")
        await run(pilot, console)
        line = text_of(app, "#console-error")
        assert console.query_one("#console-error").display and "JOIN is not supported" in line
        assert "failed after" in text_of(app, "#status")
        assert "Traceback" not in notes(app)
        await type_query(pilot, console, COUNTS)
        await run(pilot, console)
        assert not console.query_one("#console-error").display  # a good run clears it


async def test_esc_while_running_cancels_the_query_on_the_server(demo):
    demo.set_options(query_seconds=5.0)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        await type_query(pilot, console, COUNTS)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "esc cancels" in text_of(app, "#status"), "the spinner")
        assert "running" in text_of(app, "#status")
        started = console.query_id
        await pilot.press("escape")
        await pilot.press("ctrl+r", "escape")  # an esc right after ctrl+r cancels too, it does not leave
        assert app.screen is console
        await wait_until(pilot, lambda: any(r.method == "DELETE" for r in demo.requests), "the cancel")
        await wait_until(pilot, lambda: len([r for r in demo.requests if r.method == "DELETE"]) == 2, "both cancels")
        assert [r.path.rstrip("/").rsplit("/", 1)[-1] for r in demo.requests if r.method == "DELETE"][0] == started
        assert "cancelled" in text_of(app, "#status") and console.query_id is None
        assert app.screen is console  # esc while running cancels; it does not leave
        assert "failed" not in notes(app)


async def test_a_new_run_supersedes_and_cancels_the_running_one(demo):
    demo.set_options(query_seconds=5.0)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        await type_query(pilot, console, COUNTS)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: console.query_id and query_posts(demo), "the first run")
        first = console.query_id
        demo.set_options(query_seconds=0.0)
        await type_query(pilot, console, "SELECT event FROM events LIMIT 3")
        await run(pilot, console)
        assert [r.path.rstrip("/").rsplit("/", 1)[-1] for r in demo.requests if r.method == "DELETE"] == [first]
        assert console.table.row_count == 3 and [c.label for c in console.table.columns] == ["event"]


async def test_history_is_kept_across_app_instances_and_walked_with_ctrl_up_down(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        for sql in ("SELECT event FROM events LIMIT 1", "SELECT event FROM events LIMIT 2",
                    "SELECT event FROM events LIMIT 1"):
            await type_query(pilot, console, sql)
            await run(pilot, console)
    assert json.loads(history_module.history_file().read_text()) == [
        "SELECT event FROM events LIMIT 2", "SELECT event FROM events LIMIT 1"]
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        await type_query(pilot, console, "SELECT half typed")
        await pilot.press("ctrl+up")
        assert console.editor.text == "SELECT event FROM events LIMIT 1"
        await pilot.press("ctrl+up")
        assert console.editor.text == "SELECT event FROM events LIMIT 2"
        assert console.unsaved()  # the draft waits behind the history: quitting now would drop it
        await pilot.press("ctrl+down", "ctrl+down")
        assert console.editor.text == "SELECT half typed"  # past the newest: what was being typed


async def test_ctrl_n_completes_tables_columns_and_the_projects_event_names(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        await settle(pilot)  # the event names are in
        await type_query(pilot, console, "SELECT ev")
        await pilot.press("ctrl+n")
        assert console.editor.text == "SELECT event" and "event, events" in notes(app)
        await paste(pilot, "s FROM events WHERE event = 'file_up")
        await pilot.press("ctrl+n")
        assert console.editor.text == "SELECT events FROM events WHERE event = 'file_uploaded"
        await paste(pilot, " AND zzzq")
        await pilot.press("ctrl+n")
        assert console.editor.text.endswith("zzzq") and "Nothing to complete here." in notes(app)


def test_completion_inserts_what_every_match_shares():
    assert complete("ti", ["timestamp", "toStartOfDay("]) == ("mestamp", ["timestamp"])
    assert complete("SEL", ["SELECT"]) == ("ECT", ["SELECT"])
    assert complete("sel", ["SELECT"]) == ("ECT", ["SELECT"])  # HogQL keywords ignore case
    assert complete("file_", ["file_uploaded", "file_downloaded"]) == ("", ["file_uploaded", "file_downloaded"])
    assert complete("", ["events"]) == ("", [])
    assert word_before("WHERE properties.$brow") == "properties.$brow" and word_before("x = '") == ""


def test_answer_rows_become_one_cell_per_column_in_slices():
    rows = [["a", 1, {"k": [1]}], ["b"], ["c", 2, None, "extra"], "lone"]
    parts = list(slices(rows, 3, size=3))
    assert [len(p) for p in parts] == [3, 1]
    assert [r.key for p in parts for r in p] == ["0", "1", "2", "3"]
    assert [r.cells for p in parts for r in p] == [
        ("a", 1, '{"k":[1]}'), ("b", None, None), ("c", 2, None), ("lone", None, None)]


def test_history_keeps_the_newest_200_once_each(tmp_path):
    history = QueryHistory(tmp_path / "h.json")
    for i in range(CAP + 20):
        history.add(f"SELECT {i}")
    history.add("SELECT 30")
    again = QueryHistory(tmp_path / "h.json").entries
    assert len(again) == CAP and again[-1] == "SELECT 30" and again.count("SELECT 30") == 1
    assert again[0] == "SELECT 20"
    (tmp_path / "h.json").write_text("{not json")
    assert QueryHistory(tmp_path / "h.json").entries == []


async def test_the_results_filter_copy_and_export_the_rows_shown(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        await type_query(pilot, console, COUNTS)
        await run(pilot, console)
        console.table.focus()
        await pilot.press("slash")
        await paste(pilot, "pageview")
        await pilot.press("enter")
        assert console.table.visible_count == 1 and "1 shown" in text_of(app, "#status")
        await pilot.press("y")
        assert app.clipboard == f"$pageview\t{console.rows[0][1]}"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), "the format picker")
        await paste(pilot, "CSV")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Exported 1 rows to" in notes(app), "the export")
        path = notes(app).split("Exported 1 rows to ", 1)[1].splitlines()[0].strip()
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == ["event", "n"] and rows[1][0] == "$pageview" and int(rows[1][1]) > 0


async def test_quitting_with_a_query_never_run_asks_first(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        await type_query(pilot, console, "SELECT event FROM events LIMIT 9")
        await pilot.press("escape")
        await screen_is(pilot, ResourceScreen)
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "HogQL console: a query typed and not run yet" in str(app.screen._items)
        await pilot.press("n")
        assert app.is_running
        await pilot.press("6")
        await screen_is(pilot, ConsoleScreen)
        await run(pilot, console)  # run: nothing is unsaved any more
        assert console.unsaved() is None
        await pilot.press("escape")
        await screen_is(pilot, ResourceScreen)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, "the app to quit without asking")


async def test_question_mark_in_the_results_lists_the_console_keys(demo):
    from tui.screens.help import HelpScreen

    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        await pilot.press("question_mark")  # in the editor: typed
        assert "?" in console.editor.text and not isinstance(app.screen, HelpScreen)
        await run(pilot, console)
        console.table.focus()
        await pilot.pause()
        await pilot.press("question_mark")
        await screen_is(pilot, HelpScreen)
        text = screen_text(app)
        for words in ("The HogQL console", "ctrl+r", "run before the one shown", "Export the results", "console.run"):
            assert words in text, words


async def test_a_50000_row_answer_fills_the_table_in_slices_giving_the_loop_turns(demo):
    # The stall itself is measured in bench/console.py (worst 30 ms); here: the loop got a turn
    # between slices, so keys are answered while the rows go in.
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        console = await open_console(pilot)
        rows = [[f"event_{i % 97}", f"2026-11-20T11:{i % 60:02d}:00Z", i] for i in range(50_000)]
        turns = 0
        done = False

        async def beat() -> None:
            nonlocal turns
            while not done:
                await asyncio.sleep(0)
                turns += 1

        task = asyncio.ensure_future(beat())
        await console.show_answer(["event", "timestamp", "n"], rows)
        done = True
        await task
        assert console.table.row_count == 50_000
        assert turns >= 50_000 // SLICE, f"the loop ran {turns} times while {50_000 // SLICE} slices went in"
