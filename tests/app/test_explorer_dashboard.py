"""A dashboard's tile view on the demo backend: tiles and results as real dashboards hold them,
without query:read or run_insights, computing, snapshots where the server has them, layout,
refresh, back."""

from __future__ import annotations

import re

from tests.pilot import (
    gets,
    make_app,
    notes,
    query_values,
    screen_is,
    screen_text,
    search,
    settle,
    text_of,
    wait_until,
    writes,
)
from tui.app import PostHogApp
from tui.connection import Target
from tui.demo import DEMO_NO_QUERY_KEY
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import DetailScreen
from tui.screens.help import HelpScreen
from tui.screens.resource import ResourceScreen
from tui.screens.sharing import NoticeScreen
from tui.widgets.tiles.board import TileBoard


async def open_dashboard(pilot, name: str | None = None) -> DashboardScreen:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    if name:
        await search(pilot, name)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


async def test_enter_on_a_dashboard_shows_its_tiles_on_the_grid(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        assert text_of(app, "#topbar").startswith("posthog-tui · dashboard: Hedgebox KPIs")
        titles = ["Daily signed_up", "Daily plan_upgraded", "Total payment_failed", "Daily logged_in", "Signed up", "Uploaded a file"]
        assert len(screen.tiles) == len(titles)
        shown = screen_text(app)
        assert all(title in shown for title in titles)
        status = text_of(app, "#status")
        assert status.startswith("6 tiles · layout preserve") and "results from run_insights" in status
        assert gets(demo, "/run_insights")


async def test_dashboard_tiles_show_their_insight_results(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        shown = screen_text(app)
        assert "no data" not in shown
        assert "30063" in shown.replace(",", "")  # Daily signed_up's total in the seeded results


async def test_moving_between_tiles_describes_the_selected_one(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        first = text_of(app, "#tile-info")
        await pilot.press("l")
        second = text_of(app, "#tile-info")
        await pilot.press("h")
        assert first.startswith("Daily signed_up · insight") and "x0 y0" in first
        assert second.startswith("Daily plan_upgraded") and second != first
        assert text_of(app, "#tile-info") == first


async def test_capital_l_cycles_the_layout_mode(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        for mode in ("two_column", "full_width", "preserve"):
            await pilot.press("L")
            assert screen.board.mode == mode
            assert f"layout {mode}" in text_of(app, "#status")
        assert not screen.board.dirty  # a view mode, not an edit


async def test_r_reloads_the_dashboard(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        before = len(gets(demo, "/run_insights"))
        await pilot.press("r")
        await settle(pilot)
        assert len(gets(demo, "/run_insights")) == before + 1
        assert text_of(app, "#status").startswith("6 tiles")
        assert app.screen is screen


async def test_escape_goes_back_to_the_dashboard_list(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, ResourceScreen) and app.screen.spec.id == "dashboards"
        assert app.screen.selected().name == "Hedgebox KPIs"


async def test_enter_on_a_tile_opens_it(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "tile: Daily signed_up" in text_of(app, "#topbar")
        assert "30,063" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is screen


async def test_text_tiles_show_markup_literally(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot, "Experiments")
        assert "dashboard: [beta] Experiments" in text_of(app, "#topbar")
        assert "[b]not bold[/b] and [/] stay text" in screen_text(app)


async def test_tiles_load_without_the_session_only_endpoints(demo):
    # PostHog Cloud refuses stream_tiles to personal keys: the plain retrieve must do.
    demo.set_options(session_endpoints=False)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        assert len(screen.tiles) == 6
        assert gets(demo, f"/dashboards/{screen.dashboard.id}/")
        assert "Daily signed_up" in screen_text(app)


async def test_the_grid_fits_a_small_terminal(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        lines = [line.rstrip() for line in screen_text(app).splitlines()]
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        assert "Daily signed_up" in "\n".join(lines)
        assert lines[-2].strip().startswith("6 tiles")
        assert isinstance(app.screen.query_one(TileBoard), TileBoard)


def _no_query_app(demo) -> PostHogApp:
    return PostHogApp(Target(host=demo.url, project=demo.project_id, profile="demo"), api_key=DEMO_NO_QUERY_KEY)


async def test_real_dashboard_tiles_render_as_tables_bars_and_markdown(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot, "Growth funnel")
        shown = screen_text(app)
        # Retention: cohorts down, the share that came back each week across.
        assert re.search(r"cohort\s+people\s+Week 1\s+Week 2", shown) and re.search(r"\d+\.\d% +\d+\.\d%", shown)
        # Funnels: a bar per step with its count and the conversion from the first step.
        assert "36.3% converted" in shown and re.search(r"2 signed_up +█+░+ +614 · 49\.7%", shown)
        # HogQL and events tables: the columns the query named, timestamps readable.
        assert re.search(r"event\s+events\s+last_seen", shown)
        assert re.search(r"\$pageview +[\d,]+ +2026-11-\d\d \d\d:\d\d ", shown)
        assert re.search(r"plan_upgraded\s+user-\d+\s+(standard|pro|enterprise)\s+2026-11-", shown)
        # Markdown: headings, bullets and inline code without their markers; a link by its words.
        assert "Reading this board" in shown and "• Funnels convert within 14 days" in shown
        assert "HogQL over the" in shown
        for raw in ("##", "**", "`", "](", "{'", "Text"):
            assert raw not in shown.split("posthog-tui")[1], raw


async def test_enter_on_a_retention_tile_shows_the_same_table(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(pilot, "Growth funnel")
        screen.board.selected_id = next(t.id for t in screen.tiles.values()
                                        if t.insight and t.insight.name == "Weekly retention after signup")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        shown = screen_text(app)
        assert "RetentionQuery" in shown and re.search(r"table +cohort +people +Week 1", shown)
        assert all(len(line.rstrip()) <= 80 for line in shown.splitlines())


async def test_without_query_read_the_tiles_show_and_one_quiet_note_says_why(demo):
    app = _no_query_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        status = text_of(app, "#status")
        assert "lacks query:read" in status and "30063" in screen_text(app).replace(",", "")
        # The one toast is the key's missing scopes, said once at connect; the dashboard adds none.
        assert notes(app).startswith("This key lacks") and "\n" not in notes(app)
        assert len(gets(demo, "/run_insights")) <= 1
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert app.screen is not screen and "lacks query:read" in text_of(app, "#status")
        assert "\n" not in notes(app) and len(gets(demo, "/run_insights")) <= 1  # not asked again


async def test_servers_without_run_insights_show_the_tiles_with_the_same_kind_of_note(demo):
    demo.set_options(flavour="legacy")
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot)
        assert "no run_insights" in text_of(app, "#status") and notes(app) == ""
        assert "30063" in screen_text(app).replace(",", "")


async def test_uncomputed_insights_say_so_and_c_computes_them_with_a_blocking_read(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot, "Billing")
        assert "2 not computed yet (C computes them)" in text_of(app, "#status")
        assert screen_text(app).count("not computed yet · C computes it") == 2
        demo.requests.clear()
        await pilot.press("C")
        await wait_until(pilot, lambda: "not computed" not in text_of(app, "#status"), "the results")
        await settle(pilot)
        assert query_values(demo, "/run_insights", "refresh") == ["blocking"] and writes(demo) == []
        assert "not computed yet" not in screen_text(app) and "Computed 2 of 2 results." in notes(app)
        assert all(screen.results[t.id] for t in screen.tiles.values() if t.insight)


async def test_without_query_read_c_is_greyed_and_the_tiles_say_what_computing_needs(demo):
    app = _no_query_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot, "Billing")
        assert screen.check_action("compute", ()) is None
        assert "computing needs query:read" in screen_text(app)


async def test_current_servers_offer_no_snapshot_and_n_sends_nothing(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 50)) as pilot:
        screen = await open_dashboard(pilot)
        demo.requests.clear()
        await pilot.press("N")
        await settle(pilot)
        assert writes(demo) == [] and app.screen is screen and notes(app) == ""
        await pilot.press("question_mark")
        await screen_is(pilot, HelpScreen)
        shown = screen_text(app)
        assert "Snapshot" not in shown and "Add a text tile" in shown and "Remove the selected tile" in shown


async def test_older_servers_offer_the_snapshot_and_an_absent_one_is_said_once_in_the_status_line(demo):
    demo.set_options(flavour="legacy")  # current servers dropped snapshot and analyze_refresh_result
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot)
        demo.requests.clear()
        await pilot.press("N")
        await screen_is(pilot, NoticeScreen)
        assert [r.path.rsplit("/", 2)[-2] for r in writes(demo)] == ["snapshot", "analyze_refresh_result"]
        assert writes(demo)[1].body["cache_key"] and app.screen.text.strip()
        await pilot.press("escape")
        await screen_is(pilot, DashboardScreen)
        demo.set_options(session_endpoints=False)  # PostHog Cloud keeps them from personal keys
        demo.requests.clear()
        await pilot.press("N")
        await wait_until(pilot, lambda: "Dashboard snapshot is not available" in text_of(app, "#status"), "the note")
        assert "not available" not in notes(app) and screen.check_action("snapshot", ()) is False
        await pilot.press("N")
        await settle(pilot)
        assert len(writes(demo)) == 1  # the key is gone: nothing sent the second time


async def test_without_run_insights_c_computes_each_insight_on_its_own(demo):
    demo.set_options(flavour="legacy")
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dashboard(pilot, "Billing")
        assert "2 not computed yet (C computes them)" in text_of(app, "#status")
        demo.requests.clear()
        await pilot.press("C")
        await wait_until(pilot, lambda: "not computed" not in text_of(app, "#status"), "the results")
        await settle(pilot)
        computed = [r for r in demo.requests if "/insights/" in r.path]
        assert len(computed) == 2 and all(r.query.get("refresh") == ["blocking"] for r in computed)
        assert writes(demo) == [] and "not computed yet" not in screen_text(app)
        assert all(screen.results[t.id] for t in screen.tiles.values() if t.id in screen.results)
