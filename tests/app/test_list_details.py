"""Lists at their edges: the filter box, counts after a write, 80 columns, long names, the archive."""

from __future__ import annotations

import httpx

from tests.pilot import loaded, make_app, paste, screen_is, screen_text, settle, text_of, wait_until
from tui.screens.detail import DetailScreen
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.edit import EditScreen
from tui.screens.resource import ResourceScreen
from tui.widgets.table.resource_table import ResourceTable

LONG_NAME = "checkout_" + "_".join(f"step{i}" for i in range(40)) + "_completed_on_the_very_last_page"


async def test_down_leaves_the_filter_box_for_the_rows(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, "viewed")
        assert app.focused.id == "filter"
        await pilot.press("down")
        assert isinstance(app.focused, ResourceTable)
        await pilot.press("j")
        assert app.screen.table.cursor_row == 1 and app.screen.query_one("#filter").value == "viewed"


async def test_counts_stay_true_after_a_create_and_a_delete(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "property_groups")
        count = len(app.screen.objects)
        assert text_of(app, "#status").startswith(f"{count:,} of {count:,} loaded")
        await pilot.press("n")
        await screen_is(pilot, EditScreen)
        await paste(pilot, "Coupons")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, ResourceScreen) and len(app.screen.objects) == count + 1)
        await settle(pilot)
        assert text_of(app, "#status").startswith(f"{count + 1:,} of {count + 1:,} loaded")
        await pilot.press("d")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: len(app.screen.objects) == count, "the delete")
        assert text_of(app, "#status").startswith(f"{count:,} of {count:,} loaded")


async def test_at_80_columns_low_priority_columns_leave_instead_of_all_shrinking(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = screen_text(app).splitlines()[1]
        assert "Tags" in header and "Description" not in header and "Owner" not in header
        assert "…" not in header
        widths = dict(zip([c.key for c in app.screen.table.columns], app.screen.table._widths, strict=True))
        assert widths["tags"] >= 10 and widths["description"] == 0
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = screen_text(app).splitlines()[1]
        # The 30 days' sparkline outranks owner and description at 120 columns.
        assert all(label in header for label in ("Tags", "30 days", "Per day, 30 days"))
        assert "Owner" not in header and "Description" not in header
    app = make_app(demo)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        header = screen_text(app).splitlines()[1]
        assert all(label in header for label in ("Tags", "Owner", "Description", "Per day, 30 days"))


async def test_the_detail_shows_a_long_name_whole(demo):
    with httpx.Client(base_url=f"{demo.url}/api/projects/{demo.project_id}",
                      headers={"Authorization": f"Bearer {demo.api_key}"}) as api:
        api.post("/event_definitions/", json={"name": LONG_NAME}).raise_for_status()
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        key = next(k for k, o in app.screen.objects.items() if o.name == LONG_NAME)
        app.screen.table.move_cursor_to(key)
        await pilot.press("enter")
        await screen_is(pilot, DetailScreen)
        await pilot.pause()
        shown = "".join(line.strip(" ▊▎") for line in screen_text(app).splitlines())
        assert LONG_NAME in shown.replace(" ", "")


async def test_the_archived_view_outlives_the_session(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        dashboard = app.screen.selected()
        await pilot.press("d")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: str(dashboard.id) not in app.screen.objects, "the archive")
    app = make_app(demo)  # a new session: what was archived is still there to restore
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, "dashboards")
        await pilot.press("A")
        await screen_is(pilot, PickerScreen)
        assert [label for label, _ in app.screen.options] == [dashboard.name]
        await pilot.press("enter")
        await wait_until(pilot, lambda: str(dashboard.id) in app.screen.objects, "the restore")
        await pilot.press("A")
        await wait_until(pilot, lambda: "Nothing archived" in "".join(str(n.message) for n in app._notifications))


async def test_a_listing_that_fails_part_way_keeps_its_rows_and_r_loads_only_the_rest(demo):
    demo.set_options(latency_ms=150)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: getattr(app.screen, "objects", None), "the first page")
        demo.set_options(fail_every_n=1, latency_ms=0)  # every request from now on fails
        screen = app.screen
        await wait_until(pilot, lambda: not screen.busy, "the listing to give up", timeout=30)
        shown = screen.table.row_count
        status = text_of(app, "#status")
        assert 0 < shown < 2000 and f"{shown:,} of 2,000 loaded · failed:" in status
        assert "r loads the rest" in status
        resume_offset = screen.resume.resume_offset
        demo.set_options(fail_every_n=None)
        demo.requests.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: not screen.busy and screen.table.row_count == 2000, "the rest")
        offsets = [int((r.query.get("offset") or ["0"])[0]) for r in demo.requests if "event_definitions" in r.path]
        assert offsets and min(offsets) >= resume_offset > 0
        assert len(set(screen.objects)) == 2000 and text_of(app, "#status").startswith("2,000 of 2,000 loaded")
