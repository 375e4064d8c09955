"""The first frame is drawn before the network layer exists: no httpx, pydantic or API models are
imported on the way to it (they load off the event loop while the screen is up)."""

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
        # `connect` is what the app runs once the first frame is on screen.
        print(",".join(sorted(m for m in HEAVY if m in sys.modules)) or "-")
        self.exit()


FirstFrame(Target(host="http://127.0.0.1:9", project=1, profile="p")).run(headless=True, size=(120, 40))
"""


def test_nothing_heavy_is_imported_before_the_first_frame():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "-"
