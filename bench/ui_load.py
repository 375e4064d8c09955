"""How the list widget copes with big PostHog lists, next to stock DataTable.

    .venv/bin/python bench/ui_load.py            # ResourceTable at 100k and 10k, DataTable at 10k

Each scenario runs in its own process (so peak RSS is its own) inside a headless
`run_test(size=(120, 40))` app. Rows stream in pages of 1,000 with `await asyncio.sleep(0)`
between pages, as a loader worker would post them, while a 5 ms heartbeat records the longest
time the event loop could not run it. Then each filter string is applied and timed until the
screen has repainted. Targets: stall < 50 ms, filter repaint < 50 ms, RSS < 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

PAGE = 1_000
HEARTBEAT = 0.005
FILTERS = ("a", "page", "checkout_step_9", "zzzz", "")
WORDS = (
    "$pageview $autocapture $identify signup_completed checkout_step insight_viewed "
    "dashboard_loaded feature_flag_called survey_sent billing_updated export_started"
).split()
TAGS = ("growth", "billing", "core", "web", "mobile", "deprecated", "[beta]", "[/]")


def event_definition_rows(count: int, seed: int = 7):
    """Pages of (key, cells) shaped like /event_definitions results, made one page at a time."""
    rng = random.Random(seed)
    for start in range(0, count, PAGE):
        page = []
        for index in range(start, min(start + PAGE, count)):
            name = f"{rng.choice(WORDS)}_{index}"
            seen = None if rng.random() < 0.1 else f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T12:00:00Z"
            tags = ", ".join(rng.sample(TAGS, rng.randint(0, 3)))
            cells = (name, rng.randint(0, 5_000_000), rng.randint(0, 900), seen, rng.random() < 0.3, tags)
            page.append((str(uuid.UUID(int=rng.getrandbits(128))), cells))
        yield page


COLUMN_SPECS = [
    ("name", "Name", {}),
    ("volume", "30d volume", {"align": "right", "ratio": 0}),
    ("queries", "30d queries", {"align": "right", "ratio": 0}),
    ("last_seen", "Last seen", {"ratio": 0}),
    ("verified", "Verified", {"ratio": 0}),
    ("tags", "Tags", {}),
]


def memory() -> dict[str, float]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


class Heartbeat:
    """Longest gap beyond its own period between wake-ups of a 5 ms sleeper."""

    def __init__(self) -> None:
        self.worst = 0.0
        # (when it ended, how long) of every gap, so a caller can look at one phase only.
        self.gaps: list[tuple[float, float]] = []
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(HEARTBEAT)
            after = time.perf_counter()
            gap = after - before - HEARTBEAT
            self.gaps.append((after, gap))
            self.worst = max(self.worst, gap)

    def worst_between(self, start: float, end: float) -> float:
        """Longest gap that ended within [start, end] (perf_counter seconds)."""
        return max((gap for when, gap in self.gaps if start <= when <= end), default=0.0)

    def __enter__(self) -> Heartbeat:
        self._task = asyncio.create_task(self._run())
        return self

    def __exit__(self, *exc) -> None:
        assert self._task is not None
        self._task.cancel()


async def next_repaint(widget) -> None:
    done = asyncio.get_running_loop().create_future()
    widget.call_after_refresh(done.set_result, None)
    await done


async def run_scenario(kind: str, count: int) -> dict:
    from rich.text import Text
    from textual.app import App
    from textual.widgets import DataTable

    from tui.widgets.table.resource_table import Column, ResourceTable, Row

    class BenchApp(App):
        def compose(self):
            if kind == "resource":
                yield ResourceTable([Column(k, label, **opts) for k, label, opts in COLUMN_SPECS])
            else:
                yield DataTable(cursor_type="row")

    app = BenchApp()
    result: dict = {"kind": kind, "rows": count}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        result["rss_before"] = memory()["VmRSS"]
        if kind == "resource":
            table = app.query_one(ResourceTable)

            def add(page):
                table.append_rows([Row(key, cells) for key, cells in page])

            def apply_filter(text):
                table.filter(text)

        else:
            table = app.query_one(DataTable)
            for key, label, _ in COLUMN_SPECS:
                table.add_column(label, key=key)
            stored: list[tuple] = []

            def as_cells(cells):
                # Text, because DataTable would read str cells as markup ("[/]" crashes it).
                return [Text("" if value is None else str(value)) for value in cells]

            def add(page):
                stored.extend(page)
                table.add_rows([as_cells(cells) for _, cells in page])

            def apply_filter(text):
                # DataTable has no filter: an app has to rebuild it with the matching rows.
                needle = text.lower()
                table.clear()
                table.add_rows(
                    as_cells(cells)
                    for _, cells in stored
                    if needle in " ".join(map(str, cells)).lower()
                )

        table.focus()
        # Made beforehand: generating them costs more than adding them, and is not the widget's.
        pages = list(event_definition_rows(count))
        pages.reverse()
        # What is alive now stays out of the collector's full passes, as `PostHogApp` does
        # after start-up (for both widgets alike).
        gc.freeze()
        await pilot.pause()
        appends = []
        started = time.perf_counter()
        with Heartbeat() as beat:
            while pages:
                page = pages.pop()
                tick = time.perf_counter()
                add(page)
                appends.append(time.perf_counter() - tick)
                await asyncio.sleep(0)
            await next_repaint(table)
            result["stream_s"] = time.perf_counter() - started
        result["max_stall_ms"] = beat.worst * 1000
        result["append_ms_max"] = max(appends) * 1000
        result["append_ms_mean"] = sum(appends) / len(appends) * 1000
        await pilot.pause()
        result.update(memory())

        filters = {}
        for text in FILTERS:
            tick = time.perf_counter()
            apply_filter(text)
            call = time.perf_counter() - tick
            await next_repaint(table)
            filters[text] = ((time.perf_counter() - tick) * 1000, call * 1000)
            await pilot.pause()
        result["filters"] = filters
    return result


def run_in_subprocess(kind: str, count: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--worker", kind, str(count)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def print_table(results: list[dict]) -> None:
    heads = [f"{'ResourceTable' if r['kind'] == 'resource' else 'DataTable'} {r['rows']:,}" for r in results]
    rows: list[tuple[str, list[str]]] = [
        ("stream all pages (s)", [f"{r['stream_s']:.2f}" for r in results]),
        ("max event-loop stall (ms)", [f"{r['max_stall_ms']:.1f}" for r in results]),
        ("append per 1,000-row page, mean/max (ms)", [f"{r['append_ms_mean']:.1f} / {r['append_ms_max']:.1f}" for r in results]),
    ]
    for text in FILTERS:
        rows.append(
            (f"filter {text!r}: repaint (call) ms", [f"{r['filters'][text][0]:.1f} ({r['filters'][text][1]:.1f})" for r in results])
        )
    rows += [
        ("RSS before rows (MB)", [f"{r['rss_before']:.0f}" for r in results]),
        ("VmRSS after all rows (MB)", [f"{r['VmRSS']:.0f}" for r in results]),
        ("VmHWM after all rows (MB)", [f"{r['VmHWM']:.0f}" for r in results]),
    ]
    first = max(len(name) for name, _ in rows)
    widths = [max(len(h), *(len(values[i]) for _, values in rows)) for i, h in enumerate(heads)]
    print(f"{'':<{first}}  " + "  ".join(h.rjust(w) for h, w in zip(heads, widths)))
    for name, values in rows:
        print(f"{name:<{first}}  " + "  ".join(v.rjust(w) for v, w in zip(values, widths)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "ROWS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, count = args.worker
        print(json.dumps(asyncio.run(run_scenario(kind, int(count)))))
        return
    scenarios = [("resource", 100_000), ("resource", 10_000), ("datatable", 10_000)]
    print_table([run_in_subprocess(kind, count) for kind, count in scenarios])


if __name__ == "__main__":
    main()
