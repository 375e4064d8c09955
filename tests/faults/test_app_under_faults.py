"""The app keeps running and says what happened when the server misbehaves."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from faults.misbehaving import Misbehaving, definition_rows
from tests.pilot import list_loaded, make_app, screen_text, status_text, wait_until

SIZE = (120, 40)


@pytest.fixture
async def odd_server() -> AsyncIterator[Misbehaving]:
    server = await Misbehaving(definition_rows(1_200, odd=True)).start()
    yield server
    await server.close()


async def test_listing_with_every_third_request_failing_still_shows_every_row(demo, worker_errors):
    demo.set_options(fail_every_n=3)
    total = len(demo.state.projects[demo.project_id].definitions)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: list_loaded(app), timeout=20, what="the definitions list")
        assert app.screen.error is None
        assert len(app.screen.objects) == total
        assert f"{total:,} of {total:,} loaded" in status_text(app)
    assert any(r for r in demo.requests if r.method == "GET"), "no request reached the server"
    assert not worker_errors


async def test_rate_limited_listing_says_so_and_the_app_keeps_working(demo, worker_errors):
    demo.set_options(throttle_per_minute=3)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: list_loaded(app) and app.screen.error, timeout=15, what="a rate-limit error")
        assert "rate limiting" in status_text(app)
        assert "rate limiting" in screen_text(app)
        await pilot.press("3")  # dashboards: throttled as well, and said so
        await wait_until(pilot, lambda: app.screen.spec.id == "dashboards" and list_loaded(app), what="dashboards")
        assert "rate limiting" in status_text(app)
        demo.set_options(throttle_per_minute=None)
        demo.reset()
        await pilot.press("r")
        await wait_until(pilot, lambda: list_loaded(app) and not app.screen.error and app.screen.objects,
                         what="dashboards after the throttle lifted")
        assert app.is_running
    assert not worker_errors


async def test_non_json_answers_show_a_clear_error_not_a_crash(odd_server, worker_errors):
    odd_server.non_json_every = 1
    app = make_app(odd_server)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: list_loaded(app) and app.screen.error, what="the bad-response error")
        assert "JSON" in status_text(app)
        assert app.is_running
    assert not worker_errors


async def test_dropped_connections_and_odd_rows_still_list_every_row(odd_server, worker_errors):
    odd_server.drop_every = 2
    app = make_app(odd_server)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: list_loaded(app), timeout=20, what="the definitions list")
        assert app.screen.error is None, app.screen.error
        assert sorted(o.name for o in app.screen.objects.values()) == sorted(r["name"] for r in odd_server.rows)
        await pilot.press("enter")  # a row whose every field is null opens without trouble
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DetailScreen", what="the detail screen")
        assert "event_00000" in screen_text(app)
    assert not worker_errors


async def test_a_lying_count_leaves_the_app_responsive_and_small(hostile, worker_errors):
    from pathlib import Path

    def rss_mb() -> float:
        line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    server = await hostile("lying_count_big", rows=1)
    app = make_app(server)
    before = rss_mb()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app), what="the one real row")
        assert "1 of 1 loaded (the server claimed 100,000,000)" in status_text(app)
        await pilot.press("j", "k", "slash", "x", "escape")  # keys are answered at once
        # Growth, not size: after a whole suite the test process is large already.
        # The lying count once built 100 million coroutines, 8 GB within a minute.
        assert app.is_running and rss_mb() - before < 150
    assert rss_mb() - before < 100
    assert len(server.requests) < 20
    assert not worker_errors
