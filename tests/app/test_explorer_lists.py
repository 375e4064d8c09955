"""The resource lists on the demo backend: loading, the status line, filtering, server-side
filters and ordering, refresh, copy, export, relations, and API strings shown literally."""

from __future__ import annotations

import csv
import json
import re

from textual import events
from textual.widgets import Input

from tests.pilot import (
    events_queries,
    gets,
    make_app,
    paste,
    query_values,
    screen_text,
    search,
    settle,
    text_of,
    wait_until,
)
from tui.screens.dialogs.filter_form import FilterFormScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.resource import ResourceScreen

DEFINITIONS = "/event_definitions"


LISTS = [
    ("1", "event_definitions", "Event definitions", "2,000 of 2,000 loaded"),
    ("2", "property_groups", "Event schemas", "8 of 8 loaded"),
    ("3", "dashboards", "Dashboards", "12 of 12 loaded"),
    ("4", "events", "Events", "1,000 loaded · last 7 days · Query API · more at the end"),
    ("5", "actions", "Actions", "40 of 40 loaded"),
]


async def test_each_list_loads_and_counts_what_it_loaded(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key, resource, heading, status in LISTS:
            await pilot.press(key)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ResourceScreen) and screen.spec.id == resource
            assert text_of(app, "#status") == status
            assert screen.table.row_count == len(screen.objects) > 0
            top = text_of(app, "#topbar")
            assert top.startswith(f"posthog-tui · {heading} · demo") and "[read-only]" not in top


async def test_events_load_more_when_the_cursor_reaches_the_end(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert len(app.screen.objects) == 1000
        await pilot.press("G")
        await wait_until(pilot, lambda: len(app.screen.objects) > 1000, "a second batch of events")
        await settle(pilot)
        assert "2,000 loaded" in text_of(app, "#status")


async def test_asking_for_more_events_while_a_batch_is_coming_reads_the_pages_once(demo, worker_errors):
    demo.set_options(latency_ms=40)  # a batch takes a while, so the asks overlap
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: app.screen.more is not None and not app.screen.busy, "the first batch")
        screen = app.screen
        for _ in range(3):
            screen.load_more()
        await pilot.pause(0.05)
        screen.load()  # `r` while a batch is still coming replaces the listing
        screen.load_more()
        await wait_until(pilot, lambda: screen.more is not None and not screen.busy, "the new listing")
        await settle(pilot)
        assert not worker_errors, worker_errors
        assert len(screen.objects) == screen.table.row_count == 1000
        assert "1,000 loaded · last 7 days · Query API · more at the end" in text_of(app, "#status")


async def test_keys_typed_right_after_the_slash_go_into_the_filter(demo):
    # A terminal delivers "/file" in one read; the keys after `/` are queued before any
    # deferred focus change would run.
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key, char in [("slash", "/"), ("f", "f"), ("i", "i"), ("l", "l"), ("e", "e")]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "file"
        assert "shown" in text_of(app, "#status")


async def test_small_terminal_shows_rows_status_and_footer(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert len(lines) == 24
        assert lines[0].startswith("posthog-tui · Event definitions")
        assert "2,000 of 2,000 loaded" in lines[-2]
        assert "Open" in lines[-1] and "Filter" in lines[-1]  # the footer's first keys


async def test_api_strings_are_shown_literally_never_as_markup(demo):
    app = make_app(demo)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        for key, literal in [
            ("1", "[beta] checkout"),
            ("1", "[bold red]alert[/]"),
            ("3", "[beta] Experiments"),
            ("3", "Name with [markup] that must render literally."),
            ("5", "Viewed [beta] checkout"),
        ]:
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("slash")
            await paste(pilot, literal.split()[0])
            assert literal in screen_text(app)
            await pilot.press("escape")


async def test_a_definition_named_only_closing_markup_is_listed(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, "[/]")
        table = app.screen.table
        assert [app.screen.objects[k].name for k in table.visible_keys()] == ["[/]", "[bold red]alert[/]"]
        assert re.search(r"^\s*\[/\]\s{2,}", screen_text(app), re.MULTILINE)


async def test_slash_filters_as_you_type_then_enter_searches_the_server(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        rows = [screen.spec.cells(o) for o in screen.objects.values()]
        expected = sum(any("upload" in str(cell).lower() for cell in row) for row in rows)
        assert 0 < expected < len(rows)
        await pilot.press("slash", *"upload")
        assert screen.table.visible_count == expected
        assert text_of(app, "#status") == f"2,000 of 2,000 loaded · {expected:,} shown"
        assert set(query_values(demo, DEFINITIONS, "search")) == {None}  # typing never asks the server

        await pilot.press("enter")
        await settle(pilot)
        assert query_values(demo, DEFINITIONS, "search")[-1] == "upload"
        assert all("upload" in o.name for o in screen.objects.values())
        assert "search “upload”" in text_of(app, "#status")
        assert screen.table.has_focus


async def test_escape_clears_filter_then_search_and_never_quits(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await search(pilot, "upload")
        await pilot.press("slash")
        await paste(pilot, "seat")
        narrowed = screen.table.visible_count
        assert narrowed < screen.table.row_count

        await pilot.press("escape")  # first the local filter
        assert screen.table.visible_count == screen.table.row_count
        assert not screen.query_one("#filter", Input).display
        assert screen.filters.search == "upload"

        await pilot.press("escape")  # then the server search
        await settle(pilot)
        assert screen.filters.search == "" and len(screen.objects) == 2000
        assert query_values(demo, DEFINITIONS, "search")[-1] is None

        for _ in range(6):
            await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert any("top of the stack" in str(n.message) for n in app._notifications)


async def test_q_quits(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, "the app to exit")
    assert app.return_code == 0


async def test_r_refreshes_with_a_new_request(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(gets(demo, DEFINITIONS))
        await pilot.press("r")
        await settle(pilot)
        assert len(gets(demo, DEFINITIONS)) > before
        assert text_of(app, "#status") == "2,000 of 2,000 loaded"


async def test_y_copies_the_selected_name(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "y")
        assert app.clipboard == app.screen.selected().name == app.screen.table.get_row(app.screen.table.selected_key).cells[0]


async def test_ctrl_s_exports_what_is_shown_as_csv_or_json(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, "viewed")  # only what the filter shows is exported
        shown = app.screen.table.visible_count
        assert 0 < shown < app.screen.table.row_count
        for suffix in ("csv", "json"):
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), "the format picker")
            await paste(pilot, suffix)
            await pilot.press("enter")
            await wait_until(pilot, lambda suffix=suffix: list(tmp_path.rglob(f"*.{suffix}")), "the export file")
    (csv_path,) = tmp_path.rglob("actions-*.csv")
    rows = list(csv.reader(csv_path.open(encoding="utf-8")))
    # Every field of the objects, named as the API names them, not the columns drawn on screen.
    header = rows[0]
    assert {"id", "name", "steps", "created_at", "created_by"} <= set(header)
    name = header.index("name")
    assert len(rows) == shown + 1 and all("viewed" in r[name].lower() for r in rows[1:])
    (json_path,) = tmp_path.rglob("actions-*.json")
    objects = json.loads(json_path.read_text(encoding="utf-8"))
    assert len(objects) == shown and {"id", "name", "steps"} <= set(objects[0])


async def test_an_export_that_cannot_be_written_says_so_and_the_app_goes_on(demo, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), "the format picker")
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: any("Could not write the export" in str(n.message) for n in app._notifications),
            "the export error",
        )
        assert app.is_running and app.screen.table.row_count > 0


async def test_t_cycles_the_event_type_on_the_server(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for expected in ("event_custom", "event_posthog", None):
            await pilot.press("t")
            await settle(pilot)
            assert query_values(demo, DEFINITIONS, "event_type")[-1] == expected
            names = [o.name for o in app.screen.objects.values()]
            if expected == "event_posthog":
                assert names and all(n.startswith("$") for n in names)
                assert "type: PostHog events" in text_of(app, "#status")
        assert len(app.screen.objects) == 2000


async def test_o_cycles_the_server_ordering(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert query_values(demo, DEFINITIONS, "ordering")[-1] == "name"
        table = app.screen.table
        names = [table.get_row(k).cells[0] for k in table.visible_keys()]
        assert names == sorted(names, key=str.lower) or names == sorted(names)
        await pilot.press("o")
        await settle(pilot)
        assert query_values(demo, DEFINITIONS, "ordering")[-1] == "-created_at"


async def test_t_and_o_do_nothing_on_a_list_without_those_filters(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        before = len(demo.requests)
        await pilot.press("t", "o")
        await settle(pilot)
        assert len(demo.requests) == before and app.screen.spec.id == "actions"


async def test_f_picks_a_definition_flag_sent_to_the_server(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), "the filter picker")
        labels = [label for label, _ in app.screen.options]
        # Each choice says whether it is in force: ● on, ○ off.
        assert "● hidden: hidden shown" in labels and "○ hidden: hidden excluded" in labels
        assert "○ verified: verified" in labels
        await paste(pilot, "hidden excluded")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResourceScreen)
        assert query_values(demo, DEFINITIONS, "exclude_hidden")[-1] == "true"
        assert not any(getattr(o, "hidden", False) for o in app.screen.objects.values())
        assert "hidden: hidden excluded" in text_of(app, "#status")
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), "the filter picker again")
        labels = [label for label, _ in app.screen.options]
        assert "● hidden: hidden excluded" in labels and "○ hidden: hidden shown" in labels


async def test_f_on_events_sends_the_filter_form_to_the_server(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterFormScreen), "the filter form")
        await paste(pilot, "$pageview")
        await pilot.press("enter")
        await settle(pilot)
        assert events_queries(demo)[-1]["event"] == "$pageview"
        assert "last 7 days · Query API" in text_of(app, "#status")
        assert {o.event for o in app.screen.objects.values()} == {"$pageview"}


async def test_enter_on_events_search_sends_the_event_name(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await search(pilot, "logged_in")
        assert events_queries(demo)[-1]["event"] == "logged_in"
        assert {o.event for o in app.screen.objects.values()} == {"logged_in"}


async def test_capital_t_toggles_the_live_tail_on_events(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("T")
        assert "live tail" in text_of(app, "#status")
        before = len(events_queries(demo))
        newest = next(iter(app.screen.objects.values())).timestamp
        app.screen.poll_tail()
        await settle(pilot)
        assert len(events_queries(demo)) == before + 1
        assert events_queries(demo)[-1]["after"] == newest.isoformat()  # only what is newer
        assert not gets(demo, "/events/")
        await pilot.press("T")
        assert "live tail" not in text_of(app, "#status")


async def test_capital_r_opens_a_related_list_filtered_by_the_row(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "signed_up")
        definitions = app.screen
        definition = definitions.selected()
        for pick, resource, sent in [
            ("Events", "events", lambda: events_queries(demo)[-1]["event"] == definition.name),
            ("Schema", "event_schemas",
             lambda: query_values(demo, "/event_schemas", "event_definition")[-1] == str(definition.id)),
        ]:
            await pilot.press("R")
            await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), "the relations menu")
            assert [label for label, _ in app.screen.options] == ["Schema", "Events", "Actions using it"]
            await paste(pilot, pick)
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ResourceScreen) and screen.spec.id == resource
            assert sent()
            assert screen.objects
            await pilot.press("escape")
            assert app.screen is definitions


async def test_related_actions_keep_only_actions_on_that_event(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "file_uploaded")
        await pilot.press("R")
        await paste(pilot, "actions")
        await pilot.press("enter")
        await settle(pilot)
        actions = list(app.screen.objects.values())
        assert actions and all(any(s.event == "file_uploaded" for s in a.steps) for a in actions)
        assert "Actions on file_uploaded" in text_of(app, "#topbar")


async def test_events_fall_back_to_the_events_list_when_the_query_api_is_off(demo):
    demo.set_options(query_api=False)
    app = make_app(demo)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        status = text_of(app, "#status")
        assert "last 7 days · events/ (Query API unavailable: Endpoint not found.)" in status
        assert app.screen.objects and app.screen.table.row_count == len(app.screen.objects)
        assert query_values(demo, "/events/", "after")[-1] == "-7d"  # the same window, explicitly
        await pilot.press("T")
        before = len(gets(demo, "/events/"))
        app.screen.poll_tail()
        await settle(pilot)
        assert len(gets(demo, "/events/")) == before + 1  # the live tail takes the same way


async def test_events_window_widens_through_the_filter_form(demo):
    app = make_app(demo)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert events_queries(demo)[-1]["after"] == "-7d"
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterFormScreen), "the filter form")
        app.screen.query_one("#ff-after", Input).value = "-30d"
        await pilot.press("enter")
        await settle(pilot)
        assert events_queries(demo)[-1]["after"] == "-30d"
        assert "last 30 days · Query API" in text_of(app, "#status")


async def test_events_for_a_key_without_query_read_try_the_events_list_and_name_the_scope(demo):
    """PostHog guards `events/` with `query:read` too: the fallback is tried, and the refusal says why."""
    from tui.app import PostHogApp
    from tui.connection import Target
    from tui.demo import DEMO_NO_QUERY_KEY

    app = PostHogApp(Target(host=demo.url, project=demo.project_id, profile="demo"), api_key=DEMO_NO_QUERY_KEY)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert "failed: API key missing required scope 'query:read'" in text_of(app, "#status")
        assert events_queries(demo) and query_values(demo, "/events/", "after") == ["-7d"]


def _volume_queries(demo) -> int:
    return sum(1 for r in demo.requests if r.path.rstrip("/").endswith("/query")
               and "GROUP BY event, day" in r.body["query"]["query"])


async def test_definitions_show_each_events_30_days_from_one_query_sortable_and_asked_again_on_r(demo):
    from collections import Counter

    app = make_app(demo)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        table = app.screen.table
        # Counted here from the demo's own event log, which spans a week.
        counted = Counter(r["event"] for r in demo.state.projects[demo.project_id].log.rows)
        names = {key: table.get_row(key).cells[0] for key in table.visible_keys()}
        shown = {names[key]: table.get_row(key).cells[-2] for key in names}
        assert {name: n for name, n in shown.items() if n} == dict(counted)
        assert _volume_queries(demo) == 1
        trend = table.get_row(next(k for k, n in names.items() if n == "$pageview")).cells[-1]
        assert len(trend) == 30 and trend.strip() and set(trend) <= set(" ▁▂▃▄▅▆▇█")
        assert "30 days" in screen_text(app) and "Per day, 30 days" in screen_text(app)
        for _ in range(3):  # last seen → name → created → 30-day volume
            await pilot.press("o")
            await settle(pilot)
        assert app.screen.filters.describe() == "order: 30-day volume"
        volumes = [table.get_row(key).cells[-2] for key in table.visible_keys()]
        assert volumes == sorted(volumes, reverse=True) and names[table.visible_keys()[0]] == "$pageview"
        # The server was never asked to order by volume: it cannot.
        assert set(query_values(demo, DEFINITIONS, "ordering")) <= {None, "name", "-created_at"}
        await pilot.press("r")
        await wait_until(pilot, lambda: _volume_queries(demo) == 2, "the volumes again")
        await settle(pilot)
        assert [table.get_row(key).cells[-2] for key in table.visible_keys()] == volumes


async def test_definitions_without_the_query_api_say_why_their_volumes_are_missing(demo):
    demo.set_options(query_api=False)
    app = make_app(demo)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: "Endpoint not found" in text_of(app, "#status"), "the reason")
        table = app.screen.table
        assert {table.get_row(key).cells[-2] for key in table.visible_keys()} == {None}
