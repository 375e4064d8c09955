"""A 50,000-row HogQL answer into the console: the worst event-loop stall while it arrives and fills.

    .venv/bin/python bench/console.py [--events 50000] [--latency-ms 20] [--runs 3]

The real `PostHogApp` in a headless `run_test(size=(120, 40))`, the demo server (seeded with
`--events` events) in another process. `6` opens the console, the query
`SELECT uuid, event, timestamp, distinct_id FROM events LIMIT 50000` is put in the editor and `ctrl+r`
runs it (async start, status polls, the answer decoded, rows put into the table a slice at a time).
A 5 ms heartbeat in the app's event loop (`ui_load.Heartbeat`) records the longest stall from the
key press until every row is in the table and drawn. Target: stall < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from common import DEMO_KEY, DEMO_PROJECT, demo_process, machine, print_table, spread
from ui_load import Heartbeat, next_repaint

QUERY = "SELECT uuid, event, timestamp, distinct_id FROM events LIMIT {rows}"


async def run(url: str, rows: int) -> dict:
    from tui.app import PostHogApp
    from tui.connection import Target
    from tui.screens.console import ConsoleScreen

    app = PostHogApp(Target(host=url, project=DEMO_PROJECT), api_key=DEMO_KEY)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.ready.wait()
        await pilot.press("6")
        while not isinstance(app.screen, ConsoleScreen):
            await asyncio.sleep(0.01)
        console = app.screen
        console.editor.load_text(QUERY.format(rows=rows))
        await pilot.pause()
        with Heartbeat() as beat:
            started = time.perf_counter()
            await pilot.press("ctrl+r")
            deadline = time.monotonic() + 300
            while not console.rows:
                if time.monotonic() > deadline or console.query_one("#console-error").display:
                    raise RuntimeError(f"the query did not finish: {console.outcome}")
                await asyncio.sleep(0)
            answered = time.perf_counter()
            while console.table.row_count < len(console.rows):
                await asyncio.sleep(0.01)
            await next_repaint(console.table)
            shown = time.perf_counter()
        return {"rows": console.table.row_count, "total_s": shown - started, "answer_s": answered - started,
                "stall_s": beat.worst_between(started, shown), "answer_stall_s": beat.worst_between(started, answered),
                "fill_stall_s": beat.worst_between(answered + 0.001, shown)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    with demo_process(events=args.events, event_definitions=200, latency_ms=args.latency_ms) as url:
        for _ in range(args.runs):
            results.append(asyncio.run(run(url, args.events)))
    print(f"posthog-tui (headless 120x40) HogQL console, {results[0]['rows']:,} rows, "
          f"{args.latency_ms:g} ms added latency, {args.runs} runs; {machine()}\n")
    rows = [
        ("rows in the table", f"{results[0]['rows']:,}", ""),
        ("ctrl+r to the answer decoded (s)", spread([r["answer_s"] for r in results], "s", 1, 2), ""),
        ("ctrl+r to every row drawn (s)", spread([r["total_s"] for r in results], "s", 1, 2), ""),
        ("max event-loop stall, ctrl+r to the answer decoded (ms)", spread([r["answer_stall_s"] for r in results]), ""),
        ("max event-loop stall while rows fill the table (ms)", spread([r["fill_stall_s"] for r in results]), ""),
        ("max event-loop stall, ctrl+r to every row drawn (ms)", spread([r["stall_s"] for r in results]), "< 50"),
    ]
    print_table(("measure", "value", "target"), rows)


if __name__ == "__main__":
    main()
