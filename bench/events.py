"""Reading a week of events over a 50 ms link: the `events/` walk against the Query API.

    .venv/bin/python bench/events.py [--events 20000] [--latency-ms 50] [--windows 6] [--runs 3]

The events list has no count and no offsets worth using: each page's `next` carries the last
timestamp as the new `before`, so a plain walk is strictly sequential, 1,000 rows at a time.
The Query API answers up to 50,000 rows per EventsQuery and pages by keyset on
`(timestamp, uuid)`. Compared:
- naive: plain httpx following `next` at the default page size (100);
- events.all(): `client.events.all(after=..)` (pages of 1,000, the endpoint's cap);
- windowed: the week split into N time windows walked concurrently through the same client
  (same rate limiter, 240 requests/minute for this bucket), merged newest first, de-duplicated;
- query API: `client.query.event_pages(after=.., page_size=N)`, the listing a screen pages
  lazily, as `Event` models (the same objects `events.all()` returns), at two page sizes;
- query API, sliced: `client.query.all_events(after=.., before=.., windows=3)`, three time slices
  at once (the query cap), so the server answers one while the client decodes another;
- query API, columns: `client.query.events(select=[5 columns])`, only what the events table shows
  (rows, not models: the detail view fetches the whole event when one is opened).
The row count of each is printed next to the server's own count, so a walk that loses or
repeats rows at page boundaries shows up. The goal: the Query API at least 3x faster than
`events.all()`.
"""

from __future__ import annotations

import argparse
import asyncio
import math
from datetime import UTC, datetime, timedelta

import httpx
from common import DEMO_KEY, DEMO_PROJECT, demo_process, machine, median, print_table, spread, timed

from tui.api.client import PostHogClient

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
AFTER = NOW - timedelta(days=7, minutes=1)
BEFORE = NOW + timedelta(minutes=1)
PATH = f"/api/projects/{DEMO_PROJECT}/events/"
BASE = "events.all() (pages of 1,000)"
# What the events table shows: the rest of an event is fetched when one is opened.
LIST_COLUMNS = ["uuid", "event", "timestamp", "distinct_id", "properties.$current_url"]


async def naive(url: str) -> list[str]:
    ids: list[str] = []
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {DEMO_KEY}"}, timeout=30) as http:
        first = httpx.URL(url + PATH, params={"after": AFTER.isoformat(), "before": BEFORE.isoformat()})
        next_url: httpx.URL | str | None = first
        while next_url:
            data = (await http.get(next_url)).raise_for_status().json()
            ids.extend(row["id"] for row in data["results"])
            next_url = data["next"]
    return ids


async def ours(url: str) -> list[str]:
    async with PostHogClient(url, DEMO_KEY, DEMO_PROJECT) as client:
        rows = await client.events.all(after=AFTER.isoformat(), before=BEFORE.isoformat())
    return [row.id for row in rows]


async def windowed(url: str, windows: int) -> list[str]:
    """Equal time slices walked at once; slices overlap by 1 ms because both bounds are exclusive."""
    edges = [BEFORE - (BEFORE - AFTER) * i / windows for i in range(windows + 1)]
    async with PostHogClient(url, DEMO_KEY, DEMO_PROJECT) as client:
        slices = await asyncio.gather(
            *(
                client.events.all(after=(low - timedelta(milliseconds=1)).isoformat(), before=high.isoformat())
                for high, low in zip(edges, edges[1:])
            )
        )
    seen: set[str] = set()
    ids = []
    for rows in slices:
        for row in rows:
            if row.id not in seen:
                seen.add(row.id)
                ids.append(row.id)
    return ids


async def via_query(url: str, page_size: int) -> list[str]:
    async with PostHogClient(url, DEMO_KEY, DEMO_PROJECT) as client:
        pages = client.query.event_pages(after=AFTER.isoformat(), before=BEFORE.isoformat(), page_size=page_size)
        ids = [event.id async for page in pages for event in page.results]
        assert client.query.events_source == "query"
    return ids


async def via_query_columns(url: str) -> list[str]:
    async with PostHogClient(url, DEMO_KEY, DEMO_PROJECT) as client:
        pages = client.query.events(select=LIST_COLUMNS, after=AFTER.isoformat(), before=BEFORE.isoformat(),
                                    page_size=50_000)
        return [row[0] async for page in pages for row in page.results]


async def via_query_slices(url: str, windows: int) -> list[str]:
    async with PostHogClient(url, DEMO_KEY, DEMO_PROJECT) as client:
        rows = await client.query.all_events(after=AFTER, before=BEFORE, windows=windows)
    return [row.id for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--windows", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with demo_process(events=args.events, latency_ms=args.latency_ms, now=NOW.isoformat()) as url:
        asyncio.run(ours(url))  # warm-up
        asyncio.run(via_query(url, 10_000))  # warm-up: the server builds its query table once
        results = {
            "naive: follow `next`, default page 100": timed(1, lambda: naive(url)),
            BASE: timed(args.runs, lambda: ours(url)),
            f"windowed: {args.windows} time slices at once": timed(args.runs, lambda: windowed(url, args.windows)),
            "query API: event_pages, pages of 10,000": timed(args.runs, lambda: via_query(url, 10_000)),
            "query API: event_pages, pages of 50,000": timed(args.runs, lambda: via_query(url, 50_000)),
            "query API: all_events, 3 time slices at once": timed(args.runs, lambda: via_query_slices(url, 3)),
            "query API: events(), the table's 5 columns": timed(args.runs, lambda: via_query_columns(url)),
        }
    base = median(results[BASE][0])
    print(f"a week of events ({args.events:,} seeded), {args.latency_ms:g} ms added latency; {machine()}\n")
    rows = []
    for name, (times, ids) in results.items():
        speed = base / median(times)
        rows.append((name, f"{len(ids):,}", f"{len(set(ids)):,}", spread(times, "s", 1, 2), f"{speed:.2f}x"))
    print_table(("strategy", "rows", "unique", "time, median (min–max)", "faster than events.all()"), rows)
    sequential_floor = math.ceil(args.events / 1000) * args.latency_ms / 1000
    print(f"\nfloor of a sequential walk at 1,000 rows/page: {sequential_floor:.2f} s")


if __name__ == "__main__":
    main()
