"""Triage on a 10,000-definition project: the volume query, and the `:triage` screen's first paint.

    .venv/bin/python bench/triage.py [--definitions 10000] [--events 20000] [--latency-ms 20] [--runs 5]

The demo server runs in another process. First the one HogQL volume query (`GROUP BY event,
toDate(timestamp)` over 30 days) is timed through the client, `--runs` times. Then the real app
runs headless at 120x40: `7` opens the triage screen, and the time from the key to the first
frame drawn with the queues filled is measured, with the part after the inputs (definitions,
schemas, volumes) arrived, and the longest event-loop stall (5 ms heartbeat) meanwhile.
Targets: queues filled within 1 s of the volumes arriving; no stall over 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from common import DEMO_KEY, DEMO_PROJECT, demo_process, machine, print_table, spread
from ui_load import Heartbeat, next_repaint


async def volume_query(url: str, runs: int) -> tuple[list[float], int]:
    from tui.api.client import PostHogClient
    from tui.triage.load import load_volumes

    times, names = [], 0
    async with PostHogClient(url, DEMO_KEY, DEMO_PROJECT) as client:
        for _ in range(runs):
            started = time.perf_counter()
            volumes, problem = await load_volumes(client)
            times.append(time.perf_counter() - started)
            if volumes is None:
                raise RuntimeError(problem)
            names = len(volumes.daily)
    return times, names


async def screen(url: str) -> dict:
    import tui.triage.load as loading
    from tui.app import PostHogApp
    from tui.connection import Target
    from tui.screens.triage import TriageScreen

    arrived: list[float] = []
    original = loading.load

    async def timed(client, **options):
        inputs = await original(client, **options)
        arrived.append(time.perf_counter())
        return inputs

    loading.load = timed
    app = PostHogApp(Target(host=url, project=DEMO_PROJECT), api_key=DEMO_KEY)
    with Heartbeat() as beat:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.ready.wait()
            while getattr(app.screen, "busy", True):
                await asyncio.sleep(0.05)
            await pilot.pause(0.5)
            pressed = time.perf_counter()
            await pilot.press("7")
            deadline = time.monotonic() + 120
            while not (isinstance(app.screen, TriageScreen) and app.screen.result is not None):
                if time.monotonic() > deadline:
                    raise RuntimeError("the triage screen did not fill its queues")
                await asyncio.sleep(0.005)
            await next_repaint(app.screen.table)
            painted = time.perf_counter()
            result = {"open_s": painted - pressed, "after_inputs_s": painted - arrived[-1],
                      "stall_ms": beat.worst_between(pressed, painted) * 1000,
                      "definitions": len(app.screen.definitions),
                      "queues": {q.kind.title: len(q.members) for q in app.screen.result.queues.values()}}
    loading.load = original
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--definitions", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with demo_process(event_definitions=args.definitions, events=args.events, latency_ms=args.latency_ms) as url:
        times, names = asyncio.run(volume_query(url, args.runs))
        opened = asyncio.run(screen(url))
    print(f"triage of {opened['definitions']:,} event definitions, {args.events:,} events, "
          f"{args.latency_ms:g} ms added latency; {machine()}\n")
    print_table(("measure", "value", "target"), [
        (f"volume query ({names} events x days)", spread(times), ""),
        ("7 to the queues painted (s)", f"{opened['open_s']:.2f}", ""),
        ("inputs arrived to the queues painted (s)", f"{opened['after_inputs_s']:.2f}", "< 1"),
        ("max event-loop stall while opening (ms)", f"{opened['stall_ms']:.1f}", "< 50"),
    ])
    print()
    print_table(("queue", "definitions"), [(title, f"{count:,}") for title, count in opened["queues"].items()])


if __name__ == "__main__":
    main()
