"""What each list showed last is painted at once on the next start, marked as cached, and the
live rows replace it without moving the cursor or dropping a typed filter; nothing acts on a
cached row; `--no-cache`, a damaged cache file, the file's mode and contents."""

from __future__ import annotations

import json
import os
import stat

from tests.pilot import make_app, notes, paste, settle, text_of, wait_until
from tui.listing import cache
from tui.resources import BY_ID
from tui.screens.edit import EditScreen
from tui.screens.resource import ResourceScreen

SLOW_MS = 1_500  # the live answer comes well after the cached rows are up


async def _run_once(demo, **target) -> None:
    """A first run: the list loads live and is kept for the next start."""
    app = make_app(demo, **target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)


def _place(demo, resource: str = "event_definitions") -> cache.Place:
    return cache.Place("demo", demo.url, demo.project_id, resource, {})


def _showing_cached(app) -> bool:
    screen = app.screen
    return isinstance(screen, ResourceScreen) and screen.table.row_count > 0 and screen.cached_at is not None


async def test_cached_rows_come_first_then_the_live_ones_keep_the_cursor_and_the_filter(demo):
    await _run_once(demo)
    demo.set_options(latency_ms=SLOW_MS)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _showing_cached(app), "the cached rows")
        screen = app.screen
        assert not screen.objects  # no request has come back yet
        assert "500 of 2,000 · cached just now · refreshing" in text_of(app, "#status")
        for _ in range(3):
            await pilot.press("j")
        key = screen.table.selected_key
        name = screen.table.get_row(key).cells[0]
        await pilot.press("slash")
        await paste(pilot, name[:-1])  # typed while the cached rows are shown
        await settle(pilot, timeout=20)
        assert screen.cached_at is None and key in screen.objects
        assert screen.table.selected_key == key
        assert screen.query_one("#filter").value == name[:-1] and screen.table.filter_text == name[:-1]
        assert "cached" not in text_of(app, "#status")


async def test_e_on_a_cached_row_waits_for_the_live_object(demo):
    await _run_once(demo)
    demo.set_options(latency_ms=SLOW_MS)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _showing_cached(app), "the cached rows")
        key = app.screen.table.selected_key
        await pilot.press("e")
        await wait_until(pilot, lambda: "Loading…" in notes(app), "the loading note")
        assert not isinstance(app.screen, EditScreen)
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen), "the edit form", timeout=20)
        await pilot.pause(0.3)
        assert "failed" not in notes(app).lower()
        assert BY_ID["event_definitions"].key(app.screen_stack[-2].objects[key]) == key


async def test_enter_on_a_cached_row_the_server_no_longer_has_says_it_is_gone(demo):
    await _run_once(demo)
    place = _place(demo)
    listing = cache.read(place, [c.key for c in BY_ID["event_definitions"].all_columns])
    assert listing is not None
    listing.rows.insert(0, ("gone-id", listing.rows[0][1]))
    cache.write(place, listing)
    demo.set_options(latency_ms=SLOW_MS)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _showing_cached(app), "the cached rows")
        assert app.screen.table.selected_key == "gone-id"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "gone from the server" in notes(app), "the row to be said gone", timeout=20)
        assert isinstance(app.screen, ResourceScreen)


async def test_the_dashboards_list_starts_from_the_cache_too(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
    demo.set_options(latency_ms=SLOW_MS)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready.wait()
        await pilot.press("3")
        await wait_until(pilot, lambda: _showing_cached(app) and app.screen.spec.id == "dashboards",
                         "the cached dashboards")
        await settle(pilot, timeout=20)
        assert app.screen.cached_at is None and len(app.screen.objects) == app.screen.table.row_count


async def test_no_cache_neither_shows_nor_keeps_a_list(demo):
    await _run_once(demo, cache=False)
    assert not _place(demo).path().exists()
    await _run_once(demo)
    assert _place(demo).path().exists()
    demo.set_options(latency_ms=SLOW_MS)
    app = make_app(demo, cache=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        assert app.screen.table.row_count == 0 and app.screen.cached_at is None
        await settle(pilot, timeout=20)


async def test_a_damaged_cache_file_is_ignored(demo):
    await _run_once(demo)
    path = _place(demo).path()
    path.write_bytes(b'{"version": 1, "rows": [[\x00 not json')
    demo.set_options(latency_ms=300)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.1)
        assert app.screen.cached_at is None
        await settle(pilot, timeout=20)
        assert app.screen.table.row_count == 2_000


async def test_the_cache_file_is_private_and_holds_no_key(demo):
    await _run_once(demo)
    path = _place(demo).path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text(encoding="utf-8")
    assert demo.api_key not in text and "phx_" not in text
    data = json.loads(text)
    assert data["version"] == cache.VERSION and data["count"] == 2_000 and len(data["rows"]) == cache.MAX_ROWS
    assert not [name for name in os.listdir(path.parent) if name.endswith(".tmp")]


async def test_the_filter_left_typed_is_what_the_next_start_shows(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, "signup")
        app.exit()
    demo.set_options(latency_ms=SLOW_MS)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _showing_cached(app), "the cached rows")
        assert app.screen.query_one("#filter").value == "signup" and app.screen.table.filter_text == "signup"
        await settle(pilot, timeout=20)


async def test_a_server_that_fails_leaves_the_cached_rows_up_and_says_so(demo):
    await _run_once(demo)
    demo.set_options(error_rate=1.0)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, timeout=30)
        screen = app.screen
        assert screen.table.row_count == cache.MAX_ROWS and screen.cached_at is not None
        assert "· cached just now · failed:" in text_of(app, "#status")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "The live list did not load" in notes(app), "the failure to be said")
        assert isinstance(app.screen, ResourceScreen)


async def test_read_only_and_protected_profiles_cache_like_any_other(demo):
    await _run_once(demo, read_only=True, protected=True)
    assert cache.read(_place(demo), [c.key for c in BY_ID["event_definitions"].all_columns]) is not None
