"""Driving the real app against a demo server: start it, wait for it, read what it shows.

Also the named scenes (a screen reached by keys, fully loaded) that the snapshot tests and
`screenshots/generate.py` both render, so the README shows exactly what the tests check.
"""

from __future__ import annotations

import io
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerState

from tui.app import PostHogApp
from tui.connection import Target

# The top bar names the profile instead of the host, whose port changes on every run.
PROFILE = "demo"

Scene = Callable[[Pilot], Awaitable[None]]


def make_app(server: Any, *, read_only: bool = False, keymap: dict[str, str] | None = None) -> PostHogApp:
    target = Target(host=server.url, project=server.project_id, profile=PROFILE, read_only=read_only)
    return PostHogApp(target, api_key=server.api_key, keymap=keymap)


def idle(app: PostHogApp) -> bool:
    """Connected (or failed to), and no worker is loading anything."""
    if not app.ready.is_set():
        return False
    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        return False
    return not getattr(app.screen, "busy", False)


async def wait_until(pilot: Pilot, condition: Callable[[], Any], what: str, timeout: float = 8.0) -> None:
    """Poll `condition` between short pauses; fail naming `what` if it never holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await pilot.pause(0.02)


async def settle(pilot: Pilot, timeout: float = 8.0) -> None:
    """Wait until every load has finished and the screen has been laid out again."""
    await pilot.pause()
    await wait_until(pilot, lambda: idle(pilot.app), "the app to finish loading", timeout)
    await pilot.pause()


async def paste(pilot: Pilot, text: str) -> None:
    """Put `text` into the focused input as a paste would: one change, not a key per letter
    (each simulated key costs ~60 ms; typing letter by letter is tested once, on purpose)."""
    pilot.app.focused.insert_text_at_cursor(text)
    await pilot.pause()


async def search(pilot: Pilot, text: str) -> None:
    """`/`, the text, enter: the list's server-side search, then wait for the reload."""
    await pilot.press("slash")
    await paste(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


def text_of(app: PostHogApp, selector: str) -> str:
    """The plain text of a Static on the active screen (`#status`, `#topbar`, ...)."""
    return str(app.screen.query_one(selector, Static).render())


def screen_text(app: PostHogApp) -> str:
    """Everything on the terminal as plain text, as a user would read it (modals included)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def gets(server: Any, path_part: str) -> list[Any]:
    """Recorded GET requests whose path contains `path_part`."""
    return [r for r in server.requests if r.method == "GET" and path_part in r.path]


def query_values(server: Any, path_part: str, name: str) -> list[str | None]:
    """The value of query parameter `name` in each recorded GET to `path_part` (None if absent)."""
    return [(r.query.get(name) or [None])[0] for r in gets(server, path_part)]


# Scenes --------------------------------------------------------------------------------------
def _goto(keys: tuple[str, ...], ready: Callable[[PostHogApp], bool] | None = None) -> Scene:
    async def scene(pilot: Pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if ready is not None:
            await wait_until(pilot, lambda: ready(pilot.app), "the scene to be ready")
            await settle(pilot)

    return scene


def _dashboard_shown(app: PostHogApp) -> bool:
    status = text_of(app, "#status")
    return "results from run_insights" in status or "unavailable" in status


SCENES: dict[str, Scene] = {
    "definitions": _goto(()),
    "property-groups": _goto(("2",)),
    "dashboards": _goto(("3",)),
    # The first dashboard in the list is the pinned product overview, the busiest grid.
    "dashboard": _goto(("3", "enter"), _dashboard_shown),
    "events": _goto(("4",)),
    "actions": _goto(("5",)),
    "detail": _goto(("j", "enter")),
    "help": _goto(("question_mark",)),
}
