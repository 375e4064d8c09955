"""Names and values full of markup, control characters, right-to-left text, emoji and 10,000
characters are shown literally on every screen, and nothing raises."""

from __future__ import annotations

import httpx
import pytest

from tests.pilot import list_loaded, make_app, screen_text, wait_until
from tui.widgets.table.resource_table import ResourceTable

HOSTILE = {
    "markup": "zz-markup [/] [bold]x[/bold] [link=y]z",
    "control": "zz-control a\x1b[31mb\x07c\x00d",
    "rtl": "zz-rtl مرحبا بالعالم שלום",
    "emoji": "zz-emoji 🦔 📦 ✅ 👨‍👩‍👧",
    "long": "zz-long " + "W" * 392,  # the server's 400-character cap on names
}
LONG_DESCRIPTION = "D" * 9_990 + " [/]END"


def body_for(resource: str, name: str) -> dict:
    described = {"name": name, "description": LONG_DESCRIPTION}
    if resource == "actions":
        return {**described, "steps": [{"event": name, "url": name, "url_matching": "contains"}]}
    if resource == "schema_property_groups":
        return {**described, "properties": [{"name": name[:200], "property_type": "String", "is_required": False}]}
    return described


def create_hostile(demo, resource: str) -> None:
    headers = {"Authorization": f"Bearer {demo.api_key}"}
    for name in HOSTILE.values():
        answer = httpx.post(f"{demo.url}/api/projects/{demo.project_id}/{resource}/",
                            json=body_for(resource, name), headers=headers, timeout=10)
        assert answer.status_code == 201, answer.text


def literal_on_screen(app, text: str, width: int = 30) -> None:
    """The text as typed (markup not interpreted), up to its first control character and as
    far as a column `width` wide shows it (the narrowest name column at 120 columns has 35)."""
    shown = screen_text(app)
    visible = text[: next((i for i, ch in enumerate(text) if not ch.isprintable()), len(text))]
    lines = "\n".join(line for line in shown.splitlines() if "zz-" in line or "beta" in line)
    assert visible[:width] in shown, lines


@pytest.mark.parametrize(
    ("resource", "key", "opened"),
    [
        ("event_definitions", "1", "DetailScreen"),
        ("schema_property_groups", "2", "DetailScreen"),
        ("dashboards", "3", "DashboardScreen"),
        ("actions", "5", "DetailScreen"),
    ],
)
async def test_hostile_names_show_literally_in_the_list_and_the_opened_object(demo, worker_errors, resource, key, opened):
    create_hostile(demo, resource)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(key)
        await wait_until(pilot, lambda: list_loaded(app) and str(app.screen.spec.number) == key, what=f"list {key}")
        await pilot.press("slash", *"zz-", "enter")
        table = app.screen.query_one(ResourceTable)
        await wait_until(pilot, lambda: table.visible_count == len(HOSTILE), what="the hostile rows only")
        by_name = {obj.name: k for k, obj in app.screen.objects.items()}
        for label, name in HOSTILE.items():
            assert name in by_name, f"{label} row missing"
            row_key = by_name[name]
            assert table.get_row(row_key).cells[app.screen.spec.columns.index(
                next(c for c in app.screen.spec.columns if c.key == "name"))] == name
            table.move_cursor_to(row_key)
            await pilot.pause()
            literal_on_screen(app, name)
            await pilot.press("enter")
            await wait_until(pilot, lambda: type(app.screen).__name__ == opened, what=f"{label} opened")
            await pilot.pause(0.1)
            # The detail's section column is 22 wide. The dashboard view names the dashboard only
            # in its one-line top bar, which wraps a long unbroken name out of sight.
            literal_on_screen(app, name, 7 if opened == "DashboardScreen" and label == "long" else 16)
            await pilot.press("escape")
            await wait_until(pilot, lambda: hasattr(app.screen, "objects"), what="back to the list")
        assert app.is_running
    assert not worker_errors


async def test_hostile_descriptions_of_ten_thousand_characters_are_kept_whole_in_the_detail(demo, worker_errors):
    create_hostile(demo, "event_definitions")
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app), what="definitions")
        target = next(k for k, o in app.screen.objects.items() if o.name == HOSTILE["markup"])
        app.screen.table.move_cursor_to(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DetailScreen", what="the detail")
        assert LONG_DESCRIPTION in app.screen.fields.values.values()
        assert "DDDDDDDDDD" in screen_text(app)
    assert not worker_errors


async def test_markup_like_event_names_show_literally_in_the_events_list_and_detail(demo, worker_errors):
    # The demo has no route to send events; its seeded week includes a markup-like name.
    name = "[beta] checkout"
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: list_loaded(app) and app.screen.spec.id == "events", what="events")
        await pilot.press("slash", *name, "enter")  # enter asks the server for exactly this event
        await wait_until(pilot, lambda: list_loaded(app) and app.screen.filters.search == name, what="that event only")
        assert app.screen.objects and all(o.event == name for o in app.screen.objects.values())
        literal_on_screen(app, name)
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DetailScreen", what="the event")
        literal_on_screen(app, name)
    assert not worker_errors
