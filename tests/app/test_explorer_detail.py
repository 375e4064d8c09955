"""The detail screen of each resource: its sections, copy, refresh, relations, back."""

from __future__ import annotations

import pytest

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
from tui.screens.detail import DetailScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.resource import ResourceScreen


def field_rows(screen: DetailScreen) -> dict[str, str]:
    """name -> value of every field row (section headings left out)."""
    return {key.split(".", 2)[2]: value for key, value in screen.fields.values.items()}


def headings(screen: DetailScreen) -> list[str]:
    return screen.fields.headings


async def open_detail(pilot, key: str, query: str | None = None) -> tuple[ResourceScreen, DetailScreen]:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    if query:
        await search(pilot, query)
    listing = pilot.app.screen
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DetailScreen)
    return listing, pilot.app.screen


@pytest.mark.parametrize(
    ("key", "query", "top", "sections", "fields"),
    [
        ("1", "signed_up", "event definition: signed_up", ["signed_up", "Schema: Account"], {"verified", "events", "per day"}),
        ("2", None, "property group: Account", ["Account", "Properties", "Events using it"], {"description"}),
        ("4", "$pageview", "event: ", ["$pageview", "Properties"], {"distinct id", "$current_url"}),
        ("5", "Viewed [beta] checkout", "action: Viewed [beta] checkout",
         ["Viewed [beta] checkout", "Step 1", "Used by"], {"Slack message format", "event"}),
    ],
)
async def test_enter_opens_the_detail_of_the_row(demo, key, query, top, sections, fields):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        listing, detail = await open_detail(pilot, key, query)
        assert top in text_of(app, "#topbar")
        assert headings(detail)[: len(sections)] == sections
        assert fields <= set(field_rows(detail))
        assert "R related · y copy · esc back" in text_of(app, "#status")
        await pilot.press("escape")
        assert app.screen is listing


async def test_detail_shows_api_strings_literally(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, "5", "Viewed [beta] checkout")
        shown = screen_text(app)
        assert "action: Viewed [beta] checkout" in shown
        assert "Name with [markup] text." in shown


async def test_y_on_a_field_copies_its_value(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        listing, detail = await open_detail(pilot, "1")
        definition = detail.obj
        await pilot.press("y")  # the first field: the id (section headings are passed over)
        assert app.clipboard == str(definition.id)
        await pilot.press("j", "y")  # the description
        assert app.clipboard == definition.description


async def test_r_on_a_detail_fetches_the_object_again(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        _, detail = await open_detail(pilot, "1", "signed_up")
        path = f"/event_definitions/{detail.obj.id}"
        before = len(gets(demo, path))
        await pilot.press("r")
        await settle(pilot)
        assert len(gets(demo, path)) == before + 1
        assert field_rows(detail)["id"] == str(detail.obj.id)


async def test_capital_r_on_a_detail_opens_its_related_events(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        _, detail = await open_detail(pilot, "1", "signed_up")
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), "the relations menu")
        await paste(pilot, "events")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResourceScreen) and app.screen.spec.id == "events"
        assert events_queries(demo)[-1]["event"] == "signed_up"
        assert {e.event for e in app.screen.objects.values()} == {"signed_up"}
        await pilot.press("escape")
        assert app.screen is detail


async def test_capital_r_does_nothing_where_there_are_no_relations(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        _, detail = await open_detail(pilot, "4")
        await pilot.press("R")
        await pilot.pause()
        assert app.screen is detail


async def test_enter_on_an_event_property_lists_its_recent_values(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        _, detail = await open_detail(pilot, "4", "$pageview")
        first_property = next(k for k in detail.fields.values if k.startswith("1."))  # section 1: Properties
        assert detail.fields.move_to(first_property)
        key = first_property.split(".", 2)[2]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen), "the values picker")
        assert query_values(demo, "/events/values", "key")[-1] == key
        values = [v for _, v in app.screen.options]
        assert values and values[0]
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is detail, "the picker to close")
        assert app.clipboard == values[0]


async def test_an_older_server_shows_an_actions_count_and_people(demo_options_server):
    server = demo_options_server(flavour="legacy", event_definitions=50, events=300)
    app = make_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        _, detail = await open_detail(pilot, "5")
        await wait_until(pilot, lambda: "Usage (last 3 months)" in headings(detail), "the usage")
        assert "matching events" in field_rows(detail) and "people" in field_rows(detail)


async def test_an_action_used_by_an_insight_says_so_in_the_list_and_the_detail(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        used = [o for o in app.screen.objects.values() if o.reference_count]
        assert used, "the demo has actions used by insights"
        assert query_values(demo, "/actions", "include_reference_count")[-1] == "true"
        app.screen.table.move_cursor_to(str(used[0].id))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen) and "Used by" in headings(app.screen))
        await wait_until(pilot, lambda: any(k.startswith("insight") for k in field_rows(app.screen)), "the insight")


async def test_a_definitions_detail_shows_its_30_days_and_its_most_common_properties(demo):
    from collections import Counter

    rows = [r for r in demo.state.projects[demo.project_id].log.rows if r["event"] == "file_uploaded"]
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        _, detail = await open_detail(pilot, "1", "file_uploaded")
        await wait_until(pilot, lambda: any(h.startswith("Top properties") for h in headings(detail)), "more")
        fields = field_rows(detail)
        assert fields["events"] == f"{len(rows):,}" and len(fields["per day"]) == 30
        busiest, count = Counter(r["timestamp"][:10] for r in rows).most_common(1)[0]
        assert fields["busiest day"] == f"{busiest} · {count:,}"
        # Every sampled file_uploaded event has file_id (the seed gives file events one).
        assert fields["file_id"].startswith("on 100% · String")
        assert f"Top properties · {len(rows):,} recent events" in headings(detail)
