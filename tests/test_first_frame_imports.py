"""The first frame never waits for the network layer: no httpx, pydantic or API models are
imported on the way to it in the main thread, with or without a cached list to paint, and the
client's imports begun in a thread at start (`connection.start_early`) may still be running when
it is drawn."""

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
columns = [c.key for c in spec.all_columns]
rows = [(str(i), tuple(f"cell {i}" for _ in columns)) for i in range(cache.MAX_ROWS)]
cache.write(cache.Place("p", "http://127.0.0.1:9", 1, spec.id, {}), cache.Listing(columns=columns, rows=rows))
"""


# The client's imports begin in a thread as the app starts; httpx is held up until the first
# frame is up, so a first frame that waited for the client would never come.
EARLY = """
import importlib.machinery, sys, threading
from tui.app import PostHogApp
from tui.connection import Target, start_early

frame_drawn = threading.Event()


class HeldUp:
    # Finders run under the global import lock: the wait is in the module's execution instead.
    def find_spec(self, name, path=None, target=None):
        if name != "httpx":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        spec.loader = self.Loader(spec.loader)
        return spec

    class Loader:
        def __init__(self, loader):
            self.loader = loader

        def create_module(self, spec):
            return self.loader.create_module(spec)

        def exec_module(self, module):
            frame_drawn.wait(30)
            self.loader.exec_module(module)


sys.meta_path.insert(0, HeldUp())
target = Target(host="http://127.0.0.1:9", project=1, profile="p")
start_early(target, api_key="phx_not_used")


class FirstFrame(PostHogApp):
    def connect(self):
        early = [t.name for t in threading.enumerate() if t.name == "posthog-tui-early-start"]
        print("httpx" in sys.modules and hasattr(sys.modules["httpx"], "AsyncClient"), early, flush=True)
        frame_drawn.set()
        super().connect()
        self.set_timer(0.1, self.wait_for_client)

    async def wait_for_client(self):
        await self.ready.wait()
        print(type(self.connection.client).__name__, flush=True)
        self.exit()


FirstFrame(target, api_key="phx_not_used").run(headless=True, size=(120, 40))
"""


def test_the_first_frame_does_not_wait_for_the_imports_begun_at_start():
    done = subprocess.run([sys.executable, "-c", EARLY], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["False ['posthog-tui-early-start']", "PostHogClient"]


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
