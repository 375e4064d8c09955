"""Listings end by what the pages hold, whatever `count` and `next` claim, and within bounds."""

from __future__ import annotations

import time
import tracemalloc
from datetime import timedelta

import pytest

from faults.hostile import LYING_COUNT, START
from tui.api import errors, pagination
from tui.api.client import PostHogClient

KEY = "phx_test_key_0000000000"
FAST = {"backoff_base": 0.01, "timeout": 2.0}
CONCURRENCY = 6


def client(server, **options) -> PostHogClient:
    return PostHogClient(server.url, KEY, 1, concurrency=CONCURRENCY, **{**FAST, **options})


def assert_once(rows, expected: int) -> None:
    assert len(rows) == len({row.id for row in rows}) == expected


async def test_lying_count_stops_at_the_first_short_page(hostile):
    server = await hostile("lying_count_big", rows=1_234)
    pages = []
    async with client(server) as api:
        end = await api.event_definitions.stream(pages.append, limit=500)
    assert_once(pagination.in_order(pages), 1_234)
    assert (end.rows, end.claimed, end.count_was_wrong) == (1_234, LYING_COUNT, True)
    # The pages at 0, 500 and the short one at 1000; at most a window of others in flight.
    assert len(server.requests) <= 3 + CONCURRENCY


async def test_lying_count_over_one_real_row_costs_at_most_one_window_of_requests(hostile):
    server = await hostile("lying_count_big", rows=1)
    async with client(server) as api:
        rows = await api.event_definitions.all()
    assert_once(rows, 1)
    assert len(server.requests) <= 1 + CONCURRENCY


async def test_lying_count_of_a_hundred_million_stays_small_and_quick(hostile):
    server = await hostile("lying_count_big", rows=1)
    tracemalloc.start()
    started = time.monotonic()
    try:
        async with client(server) as api:
            rows = await api.event_definitions.all()
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_once(rows, 1)
    assert peak < 50 * 2**20, f"peak {peak / 2**20:.1f} MB"
    assert elapsed < 5


async def test_count_that_is_too_small_does_not_truncate_the_listing(hostile):
    server = await hostile("lying_count_small", rows=2_000)
    async with client(server) as api:
        rows = await api.event_definitions.all()
        walked = [row async for page in api.event_definitions.pages(limit=500) for row in page.results]
    assert_once(rows, 2_000)
    assert_once(walked, 2_000)


async def test_endless_fresh_offsets_stop_at_the_page_cap_with_a_typed_error(hostile, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_PAGES", 30)
    server = await hostile("endless_offsets")
    pages = []
    async with client(server) as api:
        with pytest.raises(errors.PageCapError) as caught:
            await api.event_definitions.stream(pages.append, limit=100)
    assert len(server.requests) == 30
    partial = caught.value.partial
    assert partial.delivered == sum(len(p.results) for p in pages) == 3_000
    assert partial.resume_offset == 3_000 and partial.resume["offset"] == 3_000
    assert "30 pages" in str(caught.value)


async def test_endless_fresh_cursor_stops_at_the_page_cap_with_a_typed_error(hostile, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_PAGES", 25)
    server = await hostile("endless_cursor")
    async with client(server) as api:
        with pytest.raises(errors.PageCapError):
            await api.events.all(limit=10)
    assert len(server.requests) == 25


@pytest.mark.parametrize("walker", ["all", "pages"])
async def test_a_cursor_alternating_between_two_values_is_a_cursor_loop_error(hostile, walker):
    server = await hostile("alternating_cursor")
    async with client(server) as api:
        with pytest.raises(errors.CursorLoopError):
            if walker == "all":
                await api.events.all(limit=10)
            else:
                async for _ in api.events.pages(limit=10):
                    pass
    assert len(server.requests) <= 6


async def test_events_sharing_the_boundary_timestamp_are_all_listed_once(hostile):
    # 40 events, four per timestamp: pages of six always cut a group in two.
    stamps = [START - timedelta(seconds=index // 4) for index in range(40)]
    server = await hostile("events", stamps=stamps)
    after = (START - timedelta(days=1)).isoformat()
    async with client(server) as api:
        query = {"limit": 6, "after": after, "event": "pageview"}
        pages = [page async for page in api.events.pages(**query)]
        everything = await api.events.all(**query)
    walked = [row for page in pages for row in page.results]
    assert_once(walked, 40)
    # The repeated boundary rows get room of their own: every page still brings six new ones.
    assert [len(page.results) for page in pages] == [6] * 6 + [4]
    assert [row.id for row in everything] == [row.id for row in walked]
    stamps_seen = [row.timestamp for row in walked]
    assert stamps_seen == sorted(stamps_seen, reverse=True)
    queries = server.queries()
    assert all(q["after"] == [after] and q["event"] == ["pageview"] for q in queries)
    # Each next page asks from 1 µs after the previous page's last row.
    assert queries[1]["before"] == [(stamps[5] + timedelta(microseconds=1)).isoformat()]


async def test_more_events_on_one_timestamp_than_fit_on_a_page_still_end_the_listing(hostile):
    # The widened page comes back unchanged: the server's own `next` moves past the group.
    stamps = [START] * 5 + [START - timedelta(seconds=1)] * 2
    server = await hostile("events", stamps=stamps)
    async with client(server) as api:
        rows = await api.events.all(limit=3)
    assert [row.timestamp for row in rows] == [START] * 3 + [START - timedelta(seconds=1)] * 2
    assert len(server.requests) == 3



async def test_a_listing_that_runs_out_of_retries_says_how_far_it_got_and_resumes_the_rest(demo):
    demo.set_options(fail_every_n=4)
    pages = []
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, max_retries=0, **FAST) as api:
        with pytest.raises(errors.ServerError) as caught:
            await api.event_definitions.stream(pages.append, limit=300)
        partial = caught.value.partial
        assert partial is not None and partial.delivered == sum(len(p.results) for p in pages) > 0
        assert partial.resume_offset % 300 == 0
        before = {p.offset for p in pages}
        assert all(offset in before for offset in range(0, partial.resume_offset, 300))
        demo.set_options(fail_every_n=None)
        demo.requests.clear()
        end = await api.event_definitions.stream(pages.append, resume=partial)
    resumed = [int(r.query.get("offset", ["0"])[0]) for r in demo.requests]
    assert min(resumed) == partial.resume_offset
    rows = pagination.in_order(pages)
    assert len(rows) == len({r.id for r in rows}) == 2_000
    assert end.rows == 2_000 - partial.resume_offset


async def test_a_cursor_listing_that_fails_part_way_resumes_from_its_cursor(demo):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, max_retries=0, **FAST) as api:
        newest = (await api.events.page(limit=1)).results[0].timestamp
        after = (newest - timedelta(days=30)).isoformat()
        complete = await api.events.all(limit=200, after=after)
        demo.set_options(fail_every_n=3)
        demo.requests.clear()
        got = []
        with pytest.raises(errors.ServerError) as caught:
            async for page in api.events.pages(limit=200, after=after):
                got += page.results
        partial = caught.value.partial
        assert partial.delivered == len(got) > 0 and partial.resume_offset is None
        assert partial.resume["after"] == after and "before" in partial.resume
        demo.set_options(fail_every_n=None)
        async for page in api.events.pages(resume=partial):
            assert page.offset == len(got)
            got += page.results
    assert [row.id for row in got] == [row.id for row in complete]


async def test_walking_pages_one_by_one_also_stops_at_the_first_short_page(hostile):
    server = await hostile("lying_count_big", rows=1_234)
    async with client(server) as api:
        pages = [page async for page in api.event_definitions.pages(limit=500)]
    assert [len(page.results) for page in pages] == [500, 500, 234]
    assert len(server.requests) == 3
