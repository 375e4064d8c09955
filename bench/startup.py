"""Start-up as a user sees it: from process start to the first data rows in a real terminal.

    .venv/bin/python bench/startup.py [--runs 5] [--harlequin PATH]

Each run opens a new tmux window at 120x40 (private socket `-L bench`) running the command,
then polls `capture-pane` every 10 ms. Two moments are recorded from just before the window
is created: the first frame (the top bar text) and the first data rows (a table row with a
timestamp, i.e. an event definition; for the cached start, one shown under a "cached" status).
The floor is a bare Textual app that shows one static table of the same shape; its "first
frame" is the first capture with any text. One warm-up run of each is discarded (file cache).

Commands: the start from the cache (a server 150 ms away, so the live rows cannot be the first
ones), first live rows with `--no-cache` against a server 0 ms and 150 ms away, `--demo`, the
floor, and harlequin if `--harlequin` names its executable (its full frame, as the issue measured).
Goals: cache <= 1.3x the floor; live rows <= 1.5x the floor plus one round trip; --demo <= 1.5x.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import DEMO_KEY, DEMO_PROJECT, ROOT, demo_process, machine, median, print_table, spread

SOCKET = ("tmux", "-L", "bench")
SESSION = "startup"
POLL = 0.01
LATENCY_MS = 150
FLOOR = "floor: bare Textual app, one static table"
CACHED = f"posthog-tui --host, first rows from the cache (server {LATENCY_MS} ms away)"
LIVE = "posthog-tui --host --no-cache, first live rows, server 0 ms away"
LIVE_FAR = f"posthog-tui --host --no-cache, first live rows, server {LATENCY_MS} ms away"
DEMO = "posthog-tui --demo --no-cache"
HARLEQUIN = "harlequin (in-memory DuckDB), full frame"
ROW = re.compile(r"^\s+\S+\s+\d{4}-\d\d-\d\d \d\d:\d\d", re.M)
# name: (goal as a multiple of the floor, seconds of round trip allowed on top)
GOALS = {CACHED: (1.3, 0.0), LIVE: (1.5, 0.0), LIVE_FAR: (1.5, LATENCY_MS / 1000), DEMO: (1.5, 0.0)}


def has_rows(screen: str) -> bool:
    return ROW.search(screen) is not None


def has_cached_rows(screen: str) -> bool:
    return "· cached " in screen and has_rows(screen)


def harlequin_frame(screen: str) -> bool:
    return "memory db" in screen and "Query Results" in screen

FLOOR_APP = '''
from textual.app import App
from textual.widgets import DataTable, Footer, Static

class Floor(App):
    def compose(self):
        yield Static("floor · one static table")
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Name", "Last seen", "Tags", "Description")
        table.add_rows((f"event_{i}", f"2026-11-22 {i % 24:02d}:00", "core", "static row") for i in range(40))

Floor().run()
'''


def tmux(*args: str) -> str:
    return subprocess.run([*SOCKET, *args], check=True, capture_output=True, text=True).stdout


def one_run(command: str, first_frame: str | None, rows_shown: Callable[[str], bool] = has_rows,
            timeout: float = 20.0, linger: float = 0.0) -> tuple[float, float]:
    """Seconds to the first frame and to the first data row of `command` in a fresh window
    (left running `linger` seconds more, e.g. for the app to write its cache)."""
    started = time.perf_counter()
    tmux("new-window", "-d", "-t", SESSION, "-n", "run", "-c", str(ROOT), command)
    frame = rows = None
    try:
        while rows is None:
            now = time.perf_counter() - started
            if now > timeout:
                raise RuntimeError(f"no rows after {timeout:g} s from: {command}")
            screen = tmux("capture-pane", "-p", "-t", f"{SESSION}:run")
            if frame is None and (screen.strip() if first_frame is None else first_frame in screen):
                frame = now
            if rows_shown(screen):
                rows = now
                frame = frame if frame is not None else now
            time.sleep(POLL)
        time.sleep(linger)
    finally:
        tmux("kill-window", "-t", f"{SESSION}:run")
    return frame, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--harlequin", help="the harlequin executable, to measure it in the same run")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is required")
    python = sys.executable
    with (tempfile.TemporaryDirectory() as tmp, demo_process() as near,
          demo_process(latency_ms=LATENCY_MS) as far):
        floor_file = Path(tmp) / "floor_app.py"
        floor_file.write_text(FLOOR_APP)
        env = f"env XDG_CONFIG_HOME={tmp} XDG_CACHE_HOME={tmp}/cache POSTHOG_PERSONAL_API_KEY={DEMO_KEY}"
        app = f"{env} {python} -m tui"

        def remote(url: str) -> str:
            return f"{app} --host {url} --project {DEMO_PROJECT}"

        commands: dict[str, tuple[str, str | None, Callable[[str], bool]]] = {
            CACHED: (remote(far), "posthog-tui ·", has_cached_rows),
            LIVE: (f"{remote(near)} --no-cache", "posthog-tui ·", has_rows),
            LIVE_FAR: (f"{remote(far)} --no-cache", "posthog-tui ·", has_rows),
            DEMO: (f"{app} --demo --no-cache", "posthog-tui ·", has_rows),
            FLOOR: (f"{python} {floor_file}", None, has_rows),
        }
        if args.harlequin:
            commands[HARLEQUIN] = (f"{args.harlequin}", None, harlequin_frame)
        tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", "-e", "COLORTERM=truecolor")
        tmux("set-option", "-t", SESSION, "remain-on-exit", "off")
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        try:
            # The list as a first run leaves it in the cache: loaded in full, then kept.
            one_run(remote(far), "posthog-tui ·", linger=3.0)
            for command, marker, rows_shown in commands.values():
                one_run(command, marker, rows_shown)  # warm-up
            for _ in range(args.runs):
                # Interleaved, so a busy moment on the machine hits all alike.
                for name, (command, marker, rows_shown) in commands.items():
                    results[name].append(one_run(command, marker, rows_shown))
                    time.sleep(0.2)
        finally:
            subprocess.run([*SOCKET, "kill-session", "-t", SESSION], capture_output=True)

    floor = median([r for _, r in results[FLOOR]])
    print(f"120x40 tmux, capture-pane every {POLL * 1000:.0f} ms, {args.runs} runs each; {machine()}\n")
    print_table(
        ("command", "first frame, median (min–max)", "first data rows, median (min–max)"),
        [(name, spread([f for f, _ in runs]), spread([r for _, r in runs])) for name, runs in results.items()],
    )
    print()
    for name, runs in results.items():
        rows = median([r for _, r in runs])
        if name in GOALS:
            ratio, trip = GOALS[name]
            goal = ratio * floor + trip
            verdict = "met" if rows <= goal else f"missed by {(rows - goal) * 1000:.0f} ms"
            allowed = f"{ratio}x the floor" + (f" + {trip * 1000:.0f} ms" if trip else "")
            print(f"{name}: {rows / floor:.2f}x the floor; goal <= {allowed} = {goal * 1000:.0f} ms: {verdict}")
        elif name != FLOOR:
            print(f"{name}: {rows / floor:.2f}x the floor")


if __name__ == "__main__":
    main()
