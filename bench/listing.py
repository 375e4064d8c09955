"""Fetching every event definition of a 10,000-definition project over a 50 ms link.

    .venv/bin/python bench/listing.py [--definitions 10000] [--latency-ms 50] [--runs 5]

The demo server runs in its own process with `latency_ms` added to every answer. Compared:
- naive: one plain httpx loop following `next` at the server's default page size (100);
- posthog-tui: `client.event_definitions.all()` (big pages, the rest fetched concurrently);
- floor: latency x the fewest sequential round trips at our page size and concurrency
  (the first page tells the count, then ceil(pages left / concurrency) waves), which the
  rate limit (480 requests/minute, a burst far above the pages needed) does not constrain.
Also shown: the same concurrent plan with plain httpx and no model parsing (what the
transfer alone costs), to tell network waiting from our own work.
"""

from __future__ import annotations

import argparse
import asyncio
import math
from dataclasses import replace

import httpx
from common import DEMO_KEY, DEMO_PROJECT, demo_process, machine, median, print_table, spread, timed

from tui.api.client import EVENT_DEFINITIONS, PostHogClient

HEADERS = {"Authorization": f"Bearer {DEMO_KEY}"}
PATH = f"/api/projects/{DEMO_PROJECT}/event_definitions/"


async def naive(url: str) -> int:
    rows = 0
    async with httpx.AsyncClient(headers=HEADERS, timeout=30) as http:
        next_url: str | None = url + PATH
        while next_url:
            data = (await http.get(next_url)).raise_for_status().json()
            rows += len(data["results"])
            next_url = data["next"]
    return rows


async def ours(url: str, page: int | None = None, concurrency: int | None = None) -> int:
    """`all()` as shipped, or with another page size / concurrency (for `--grid`)."""
    async with PostHogClient(url, DEMO_KEY, DEMO_PROJECT) as client:
        if concurrency:
            client.concurrency = concurrency
        if page:
            client.event_definitions.spec = replace(EVENT_DEFINITIONS, bulk_page_size=page)
        return len(await client.event_definitions.all())


async def transfer_only(url: str, page: int, concurrency: int) -> int:
    """Our request plan, raw JSON only: first page, then the rest `concurrency` at a time."""
    limits = httpx.Limits(max_connections=10, max_keepalive_connections=10)
    async with httpx.AsyncClient(base_url=url, headers=HEADERS, timeout=30, limits=limits) as http:
        first = (await http.get(PATH, params={"limit": page})).json()
        gate = asyncio.Semaphore(concurrency)

        async def one(offset: int) -> int:
            async with gate:
                return len((await http.get(PATH, params={"limit": page, "offset": offset})).json()["results"])

        rest = await asyncio.gather(*(one(o) for o in range(page, first["count"], page)))
    return len(first["results"]) + sum(rest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--definitions", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--grid", action="store_true", help="also try other page sizes and concurrencies")
    args = parser.parse_args()
    page = EVENT_DEFINITIONS.bulk_page_size
    concurrency = PostHogClient("http://x", "k", 1).concurrency
    latency = args.latency_ms / 1000

    grid: list[tuple[int, int, list[float]]] = []
    with demo_process(event_definitions=args.definitions, latency_ms=args.latency_ms) as url:
        asyncio.run(ours(url))  # warm-up: server caches and first imports
        naive_t, naive_rows = timed(max(1, args.runs // 2), lambda: naive(url))
        ours_t, ours_rows = timed(args.runs, lambda: ours(url))
        raw_t, raw_rows = timed(args.runs, lambda: transfer_only(url, page, concurrency))
        if args.grid:
            for size, workers in ((500, 10), (1000, 6), (1000, 10), (2000, 6), (250, 10)):
                grid.append((size, workers, timed(args.runs, lambda size=size, workers=workers: ours(url, size, workers))[0]))

    pages = math.ceil(ours_rows / page)
    rounds = 1 + math.ceil((pages - 1) / concurrency)
    floor = latency * rounds
    naive_rounds = math.ceil(naive_rows / 100)
    fmt = lambda values: spread(values, "s", 1, 2)  # noqa: E731
    print(f"{ours_rows:,} event definitions, {args.latency_ms:g} ms added latency; {machine()}")
    print(f"page size {page}, concurrency {concurrency}: {pages} requests in {rounds} sequential rounds\n")
    print_table(
        ("strategy", "rows", "requests", "time, median (min–max)", "vs ours"),
        [
            ("naive: follow `next`, default page 100", f"{naive_rows:,}", str(naive_rounds), fmt(naive_t),
             f"{median(naive_t) / median(ours_t):.1f}x slower"),
            ("posthog-tui: event_definitions.all()", f"{ours_rows:,}", str(pages), fmt(ours_t), "1.0x"),
            ("same plan, raw httpx + json, no models", f"{raw_rows:,}", str(pages), fmt(raw_t),
             f"{median(raw_t) / median(ours_t):.2f}x"),
            (f"floor: {rounds} rounds x {args.latency_ms:g} ms", "", "", f"{floor:.2f} s",
             f"ours is {median(ours_t) / floor:.2f}x the floor" if floor else ""),
        ],
    )
    print("\ntargets: >= 10x faster than naive, <= 1.5x the floor")
    if grid:
        print()
        rows = []
        for size, workers, times in grid:
            waves = 1 + math.ceil((math.ceil(ours_rows / size) - 1) / workers)
            rows.append((f"page {size}, concurrency {workers}", str(waves), fmt(times),
                         f"{median(times) / (latency * waves):.2f}x" if latency else ""))
        print_table(("all() with", "rounds", "time, median (min–max)", "vs its floor"), rows)


if __name__ == "__main__":
    main()
