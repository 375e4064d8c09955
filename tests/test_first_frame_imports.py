"""The first frame is drawn before the network layer exists: no httpx, pydantic or API models are
imported on the way to it (they load off the event loop while the screen is up), with or without
a cached list to paint."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from tui.app import PostHogApp
from tui.connection import Target

HEAVY = ("httpx", "pydantic", "tui.api.client", "tui.api.models", "tui.api.session", "keyring")


class FirstFrame(PostHogApp):
    def connect(self):
        # `connect` is what the app runs once the first frame is on screen; the cached rows are
        # painted by then or a moment later, so both are looked at after a short wait.
        self.set_timer(0.3, self.report)

    def report(self):
        print(",".join(sorted(m for m in HEAVY if m in sys.modules)) or "-", self.screen.table.row_count)
        self.exit()


FirstFrame(Target(host="http://127.0.0.1:9", project=1, profile="p")).run(headless=True, size=(120, 40))
"""

WRITE_CACHE = """
from tui.listing import cache
from tui.resources import BY_ID

spec = BY_ID["event_definitions"]
columns = [c.key for c in spec.columns]
rows = [(str(i), tuple(f"cell {i}" for _ in columns)) for i in range(cache.MAX_ROWS)]
cache.write(cache.Place("p", "http://127.0.0.1:9", 1, spec.id, {}), cache.Listing(columns=columns, rows=rows))
"""


def _first_frame() -> tuple[str, int]:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    heavy, rows = done.stdout.strip().splitlines()[-1].split()
    return heavy, int(rows)


def test_nothing_heavy_is_imported_before_the_first_frame():
    assert _first_frame() == ("-", 0)


def test_nothing_heavy_is_imported_to_paint_a_cached_list():
    subprocess.run([sys.executable, "-c", WRITE_CACHE], check=True, timeout=60)
    assert _first_frame() == ("-", 500)
