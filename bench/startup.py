"""Start-up as a user sees it: from process start to the first data rows in a real terminal.

    .venv/bin/python bench/startup.py [--runs 9]

Each run opens a new tmux window at 120x40 (private socket `-L bench`) running the command,
then polls `capture-pane` every 10 ms. Two moments are recorded from just before the window
is created: the first frame (the top bar text) and the first data rows (a table row with a
timestamp, i.e. a loaded event definition). The floor is a bare Textual app that shows one
static table of the same shape; its "first frame" is the first capture with any text.
One warm-up run of each is discarded (file cache). Target: first rows within 1.5x the floor.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DEMO_KEY, DEMO_PROJECT, ROOT, demo_process, machine, median, print_table, spread

SOCKET = ("tmux", "-L", "bench")
SESSION = "startup"
POLL = 0.01
FLOOR = "floor: bare Textual app, one static table"
ROW = re.compile(r"^\s+\S+\s+\d{4}-\d\d-\d\d \d\d:\d\d", re.M)

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


def one_run(command: str, first_frame: str | None, timeout: float = 20.0) -> tuple[float, float]:
    """Seconds to the first frame and to the first data row of `command` in a fresh window."""
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
            if ROW.search(screen):
                rows = now
                frame = frame if frame is not None else now
            time.sleep(POLL)
    finally:
        tmux("kill-window", "-t", f"{SESSION}:run")
    return frame, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is required")
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp, demo_process() as url:
        floor_file = Path(tmp) / "floor_app.py"
        floor_file.write_text(FLOOR_APP)
        # A remote host is the everyday case; --demo also seeds and starts its server in-process.
        remote = f"env XDG_CONFIG_HOME={tmp} POSTHOG_PERSONAL_API_KEY={DEMO_KEY} {python} -m tui --host {url} --project {DEMO_PROJECT}"
        commands = {
            "posthog-tui --demo": (f"{python} -m tui --demo", "posthog-tui ·"),
            "posthog-tui --host <demo server in another process>": (remote, "posthog-tui ·"),
            FLOOR: (f"{python} {floor_file}", None),
        }
        tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", "-e", "COLORTERM=truecolor")
        tmux("set-option", "-t", SESSION, "remain-on-exit", "off")
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        try:
            for _name, (command, marker) in commands.items():
                one_run(command, marker)  # warm-up
            for _ in range(args.runs):
                # Interleaved, so a busy moment on the machine hits both alike.
                for name, (command, marker) in commands.items():
                    results[name].append(one_run(command, marker))
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
        if name != FLOOR:
            print(f"{name}: first data rows at {median([r for _, r in runs]) / floor:.2f}x the floor (target <= 1.5x)")


if __name__ == "__main__":
    main()
