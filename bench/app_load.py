"""The whole app against a 100,000-definition project: event-loop stalls, filter, memory.

    .venv/bin/python bench/app_load.py [--definitions 100000] [--latency-ms 20]

End-to-end variant of `ui_load.py`: the real `PostHogApp` (client, pagination, models,
screen, table) in a headless `run_test(size=(120, 40))`, the demo server in another process.
A 5 ms heartbeat in the app's event loop records the longest stall from the app's start
until every definition is in the table; then filters are typed into the real filter box and
timed until the first frame drawn after the filter ran; RSS is that of this whole process (app,
client, models).
Targets: stall < 50 ms, filter < 50 ms, RSS < 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time

from common import DEMO_KEY, DEMO_PROJECT, demo_process, machine, print_table, spread
from ui_load import Heartbeat, memory, next_repaint

FILTERS = ("a", "billing", "billing_file_vi", "zzzz", "")
FILTER_ROUNDS = 5  # each filter is typed this many times; the table shows median (min–max)


async def run(url: str, expected: int) -> dict:
    from textual.widgets import Input

    from tui.app import PostHogApp
    from tui.connection import Target
    from tui.widgets.table.resource_table import ResourceTable

    result: dict = {"rss_start": memory()["VmRSS"]}
    app = PostHogApp(Target(host=url, project=DEMO_PROJECT), api_key=DEMO_KEY)
    started = time.perf_counter()
    with Heartbeat() as beat:
        async with app.run_test(size=(120, 40)) as pilot:
            deadline = time.monotonic() + 300
            screen = app.screen
            first_rows = None

            def shown() -> int:
                tables = screen.query(ResourceTable)
                return tables.first().row_count if tables else 0

            while getattr(screen, "busy", True) or shown() < expected:
                if first_rows is None and shown():
                    first_rows = time.perf_counter()
                if getattr(screen, "error", None) or time.monotonic() > deadline:
                    raise RuntimeError(f"listing did not finish: {getattr(screen, 'error', None)}")
                await asyncio.sleep(0.05)
                screen = app.screen
            table = screen.query_one(ResourceTable)
            await next_repaint(table)
            loaded = time.perf_counter()
            result["first_rows_s"] = (first_rows or loaded) - started
            result["load_s"] = loaded - started
            result["start_stall_ms"] = beat.worst_between(started, first_rows or loaded) * 1000
            result["max_stall_ms"] = beat.worst_between(first_rows or loaded, loaded) * 1000
            result["rows"] = table.row_count
            await pilot.pause()
            result.update(memory())

            await pilot.press("slash")
            box = screen.query_one("#filter", Input)
            frames = frame_times(screen)
            filters: dict[str, tuple[list[float], int]] = {text: ([], 0) for text in FILTERS}
            for _ in range(FILTER_ROUNDS):
                for text in FILTERS:
                    tick = time.perf_counter()
                    box.value = text
                    while table.filter_text != text:
                        await asyncio.sleep(0)
                    applied = time.perf_counter()
                    # The first frame drawn after the filter ran is the one showing its rows.
                    while not frames or frames[-1] < applied:
                        await asyncio.sleep(0)
                    painted = next(t for t in frames if t >= applied)
                    filters[text][0].append(painted - tick)
                    filters[text] = (filters[text][0], table.visible_count)
                    await pilot.pause()
            result["filters"] = filters
            result["max_stall_all_ms"] = beat.worst * 1000
    return result


def frame_times(screen) -> list[float]:
    """When each frame of `screen` was written out, from now on."""
    times: list[float] = []
    draw = screen._compositor_refresh

    def drawn() -> None:
        draw()
        times.append(time.perf_counter())

    screen._compositor_refresh = drawn
    return times


def count_definitions(url: str) -> int:
    """All definitions the server has (hand-written ones included), counted in a child process
    so the 100k decoded rows do not inflate this process's RSS; `count` is capped past 50k."""
    script = (
        "import httpx, sys; print(len(httpx.get(sys.argv[1], params={'limit': 10**7}, timeout=120,"
        f" headers={{'Authorization': 'Bearer {DEMO_KEY}'}}).json()['results']))"
    )
    path = f"{url}/api/projects/{DEMO_PROJECT}/event_definitions/"
    return int(subprocess.run([sys.executable, "-c", script, path], check=True, capture_output=True, text=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--definitions", type=int, default=100_000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    args = parser.parse_args()
    with demo_process(event_definitions=args.definitions, latency_ms=args.latency_ms) as url:
        expected = count_definitions(url)
        result = asyncio.run(run(url, expected))
    print(f"posthog-tui (headless 120x40) listing {expected:,} event definitions, "
          f"{args.latency_ms:g} ms added latency; {machine()}\n")
    rows = [
        ("rows in the table", f"{result['rows']:,}", ""),
        ("app start to first rows shown (s)", f"{result['first_rows_s']:.2f}", ""),
        ("app start to all rows shown (s)", f"{result['load_s']:.2f}", ""),
        ("max event-loop stall, start to first rows (ms)", f"{result['start_stall_ms']:.1f}", ""),
        ("max event-loop stall while rows stream in (ms)", f"{result['max_stall_ms']:.1f}", "< 50"),
        *[(f"filter {text!r} -> {shown:,} rows: repaint", spread(times, digits=1), "< 50 ms")
          for text, (times, shown) in result["filters"].items()],
        ("max event-loop stall, whole run incl. filters (ms)", f"{result['max_stall_all_ms']:.1f}", ""),
        ("RSS before the app (MB)", f"{result['rss_start']:.0f}", ""),
        ("VmRSS after all rows (MB)", f"{result['VmRSS']:.0f}", "< 150"),
        ("VmHWM after all rows (MB)", f"{result['VmHWM']:.0f}", ""),
    ]
    print_table(("measure", "value", "target"), rows)


if __name__ == "__main__":
    main()
