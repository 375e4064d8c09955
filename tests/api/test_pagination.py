"""Each pagination style walked to the end: right count, no duplicates, `all()` == sequential walk."""

from __future__ import annotations

import asyncio
import gc
import json
import time
import weakref
from datetime import timedelta

import pytest
from scripted_http import FAST_RETRY, Reply

from tui.api import errors, models, pagination
from tui.api.client import PostHogClient
from tui.api.pagination import PageStyle, Turns


async def walk(resource, **params):
    pages = [page async for page in resource.pages(**params)]
    return pages, [row for page in pages for row in page.results]


def ids(rows):
    return [row.id for row in rows]


async def test_event_definitions_walk_reaches_count_without_duplicates(client, demo):
    pages, rows = await walk(client.event_definitions, limit=250)
    assert pages[0].count == len(rows) >= 2000
    assert len(set(ids(rows))) == len(rows)
    assert [p.offset for p in pages] == list(range(0, len(rows), 250))
    assert not pages[-1].has_more and pages[-1].next is None
    assert all(isinstance(r, models.EventDefinition) for r in rows)


async def test_event_definitions_all_equals_sequential_walk(client, demo):
    _, sequential = await walk(client.event_definitions, limit=300)
    demo.requests.clear()
    everything = await client.event_definitions.all(limit=300)
    assert ids(everything) == ids(sequential)
    assert len(demo.requests) == -(-len(everything) // 300)


async def test_stream_hands_over_every_page_once(client, demo):
    streamed = []
    await client.event_definitions.stream(streamed.append, limit=300)
    offsets = sorted(page.offset for page in streamed)
    assert offsets == list(range(0, offsets[-1] + 1, 300))
    _, sequential = await walk(client.event_definitions, limit=300)
    by_offset = sorted(streamed, key=lambda page: page.offset)
    assert [row.id for page in by_offset for row in page.results] == ids(sequential)


async def test_all_passes_filters_to_every_page(client, demo):
    custom = await client.event_definitions.all(event_type="event_custom", limit=100)
    assert custom and not any(d.name.startswith("$") for d in custom)
    pages = [r for r in demo.requests if r.path.endswith("/event_definitions/")]
    assert len(pages) > 1
    assert all(r.query.get("event_type") == ["event_custom"] for r in pages)


async def test_stream_accepts_an_async_page_callback(client):
    got = []

    async def on_page(page):
        got.append(len(page.results))

    await client.property_groups.stream(on_page, limit=2)
    assert sum(got) == len(await client.property_groups.all()) > 2


@pytest.mark.parametrize("name", ["property_groups", "event_schemas", "dashboards"])
async def test_offset_paginated_resources_walk_to_the_end(client, name):
    resource = getattr(client, name)
    pages, rows = await walk(resource, limit=2)
    assert len(pages) > 1
    assert pages[0].count == len(rows)
    assert len(set(ids(rows))) == len(rows)
    assert ids(await resource.all(limit=2)) == ids(rows)


async def test_projects_lists_every_project(client):
    projects = await client.projects(limit=1)
    assert client.project_id in [p.id for p in projects]
    assert len({p.id for p in projects}) == len(projects) >= 2


async def test_actions_counted_pages_walk_to_count(client, demo):
    pages, rows = await walk(client.actions, limit=3)
    assert len(pages) > 1
    assert pages[0].count == len(rows)
    assert pages[0].next is None and pages[0].has_more
    assert len(set(ids(rows))) == len(rows)
    assert ids(await client.actions.all(limit=3)) == ids(rows)
    assert all(r.query.get("offset") is None or r.query["offset"][0].isdigit() for r in demo.requests)


async def test_legacy_actions_list_is_everything_at_once(demo_options_server):
    srv = demo_options_server(flavour="legacy")
    async with PostHogClient(srv.url, srv.api_key, srv.project_id) as api:
        pages, rows = await walk(api.actions, limit=3)
        everything = await api.actions.all(limit=3)
    assert len(pages) == 1
    assert pages[0].count == len(rows) > 3
    assert not pages[0].has_more
    assert ids(everything) == ids(rows)
    assert len([r for r in srv.requests if r.path.endswith("/actions/")]) == 2


async def test_events_follow_next_to_the_end_without_duplicates(client, demo):
    now = (await client.events.page(limit=1)).results[0].timestamp
    after = (now - timedelta(days=30)).isoformat()
    demo.requests.clear()
    pages, rows = await walk(client.events, limit=500, after=after)
    assert len(pages) > 1
    assert len(set(ids(rows))) == len(rows)
    stamps = [r.timestamp for r in rows]
    assert stamps == sorted(stamps, reverse=True)
    assert [p.offset for p in pages] == [sum(len(p.results) for p in pages[:i]) for i in range(len(pages))]
    listings = [r for r in demo.requests if r.path.endswith("/events/")]
    assert all(r.query.get("after") == [after] for r in listings)
    assert len({tuple(r.query.get("before", [])) for r in listings}) == len(listings)
    everything = await client.events.all(limit=500, after=after)
    assert ids(everything) == ids(rows)


async def test_event_definition_count_is_capped_on_huge_projects(demo_options_server):
    srv = demo_options_server(event_definitions=60_000)
    async with PostHogClient(srv.url, srv.api_key, srv.project_id) as api:
        first = await api.event_definitions.page(limit=5000)
        everything = await api.event_definitions.all(limit=5000)
    assert first.count_is_capped and first.count == 10_000
    assert len(everything) == len({d.id for d in everything}) >= 60_000


async def test_all_fetches_remaining_pages_concurrently(client, demo):
    demo.set_options(latency_ms=150)
    started = time.monotonic()
    rows = await client.event_definitions.all(limit=200)
    elapsed = time.monotonic() - started
    pages = len([r for r in demo.requests if r.path.endswith("/event_definitions/")])
    assert pages >= 10 and len(rows) == len({r.id for r in rows})
    # One page at a time cannot take less than pages * 0.15 s, however idle or busy the machine.
    assert elapsed < pages * 0.15 * 0.95


async def test_all_can_start_at_an_offset(client):
    _, sequential = await walk(client.event_definitions, limit=400)
    assert ids(await client.event_definitions.all(limit=400, offset=800)) == ids(sequential[800:])


async def test_a_listing_leaves_its_rows_and_bodies_to_reference_counting(client):
    """Nothing of a listing waits for the collector: with its full passes held (`tui.collector`, while
    the triage is open) a listing read again and again must not pile up rows or response bodies."""
    await client.event_definitions.all(limit=200)  # connections and caches made before the count
    gc.collect()
    gc.disable()
    try:
        rows = await client.event_definitions.all(limit=200)
        assert len(rows) > 400
        first, last = weakref.ref(rows[0]), weakref.ref(rows[-1])
        del rows
        assert first() is None and last() is None
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        bodies = [r for o in gc.garbage for r in gc.get_referents(o) if isinstance(r, bytes) and len(r) > 20_000]
        assert not bodies
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


async def test_a_page_with_a_row_to_repair_still_lists_every_row(scripted):
    rows = [
        {"id": "a", "name": "fine", "tags": ["x"]},
        {"id": "b", "name": "odd", "tags": "not a list", "last_seen_at": "yesterday"},
    ]
    server = await scripted(Reply(200, json.dumps({"count": 2, "next": None, "results": rows})))
    async with PostHogClient(server.url, "phx_test", 1, **FAST_RETRY) as api:
        listed = await api.event_definitions.all()
    assert [d.name for d in listed] == ["fine", "odd"]
    assert listed[0].tags == ["x"] and listed[1].tags == [] and listed[1].last_seen_at is None


async def test_a_list_page_of_malformed_json_is_a_bad_response(scripted):
    server = await scripted(Reply(200, '{"count": 2, "results": [{"id": "a", "na'))
    async with PostHogClient(server.url, "phx_test", 1, **FAST_RETRY) as api:
        with pytest.raises(errors.BadResponseError, match="malformed or truncated JSON"):
            await api.event_definitions.page()


async def test_turns_give_each_slice_a_loop_turn_of_its_own():
    turns = Turns()
    ran: list[str] = []

    async def worker(name: str) -> None:
        async with turns.slice():
            ran.append(name)

    async def ticker() -> None:
        for _ in range(6):
            ran.append("tick")
            await asyncio.sleep(0)

    await asyncio.gather(worker("a"), worker("b"), worker("c"), ticker())
    slices = [i for i, item in enumerate(ran) if item != "tick"]
    # Between any two slices the rest of the loop (here the ticker) ran at least once.
    assert all(later - earlier > 1 for earlier, later in zip(slices, slices[1:]))


async def test_listings_read_at_once_decode_their_pages_in_loop_turns_of_their_own(client, monkeypatch):
    from tui.api.endpoints import base

    turn = 0
    decoded: list[int] = []

    async def ticker() -> None:
        nonlocal turn
        while True:
            turn += 1
            await asyncio.sleep(0)

    def parse(*args, **kwargs):
        decoded.append(turn)
        return pagination.parse_page_body(*args, **kwargs)

    monkeypatch.setattr(base, "parse_page_body", parse)
    counting = asyncio.create_task(ticker())
    try:
        await asyncio.gather(*(client.event_definitions.all(limit=100) for _ in range(3)))
    finally:
        counting.cancel()
    assert len(decoded) >= 60
    assert len(set(decoded)) == len(decoded)  # never two pages, of one listing or of two, in a turn


def fake_page(offset: int, ids: list[str], *, count: int | None = None, next_url: str | None = "x") -> models.Page:
    rows = [models.EventDefinition(id=i, name=i) for i in ids]
    return models.Page[models.EventDefinition](
        results=rows, count=count, next=next_url, offset=offset, has_more=bool(rows) and next_url is not None
    )


async def test_no_more_than_concurrency_requests_are_ever_created_at_once():
    in_flight = peak = calls = 0

    async def fetch(params):
        nonlocal in_flight, peak, calls
        calls += 1
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.001)
        in_flight -= 1
        offset = int(params.get("offset") or 0)
        return fake_page(offset, [f"r{offset + i}" for i in range(10)] if offset < 400 else [], count=100_000_000)

    pages = []
    end = await pagination.stream(PageStyle.OFFSET, fetch, {"limit": 10}, on_page=pages.append, concurrency=3)
    assert peak == 3
    assert end.rows == 400 and end.claimed == 100_000_000 and end.count_was_wrong
    # 40 full pages, the empty one at 400, and at most the two others then in flight.
    assert 41 <= calls <= 43


@pytest.mark.parametrize("style", [PageStyle.OFFSET, PageStyle.CURSOR])
async def test_an_endless_listing_with_fresh_ids_stops_at_ten_thousand_pages(style):
    calls = 0

    async def fetch(params):
        nonlocal calls
        calls += 1
        return fake_page(int(params.get("offset") or 0), [f"r{calls}"], next_url=f"http://h/?before=c{calls}")

    with pytest.raises(errors.PageCapError) as caught:
        async for _ in pagination.walk(style, fetch, {"limit": 1}):
            pass
    assert calls == pagination.MAX_PAGES == 10_000
    assert caught.value.partial.delivered == 10_000


async def test_a_cursor_coming_back_to_any_earlier_page_is_a_loop_error():
    cursors = iter(["a", "b", "c", "b"])

    async def fetch(params):
        return fake_page(0, [f"r{len(seen)}"], next_url=f"http://h/?cursor={next(cursors)}")

    seen = []
    with pytest.raises(errors.CursorLoopError, match="led back to a page already read"):
        async for page in pagination.walk(PageStyle.CURSOR, fetch, {}):
            seen.append(page)
    assert len(seen) == 4


def test_the_next_events_page_starts_a_microsecond_after_the_last_row_and_keeps_the_query():
    page = fake_page(0, ["a"], next_url="http://elsewhere/e/?event=x&after=2026-01-01&before=2026-11-20T12%3A00%3A00%2B00%3A00")
    following = pagination.next_params(PageStyle.CURSOR, page, {"event": "x", "after": "2026-01-01"})
    assert following == {"event": "x", "after": "2026-01-01", "before": "2026-11-20T12:00:00.000001+00:00"}
