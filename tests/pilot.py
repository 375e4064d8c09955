"""The one kit for driving the real app in a pilot: start it against a server, wait for a
condition, read what the screen shows, and the named scenes the snapshot tests and
`screenshots/generate.py` both render (so the README shows exactly what the tests check).
"""

from __future__ import annotations

import io
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerState

from tui.app import PostHogApp
from tui.connection import Target

# The top bar names the profile instead of the host, whose port changes on every run.
PROFILE = "demo"
# Every screen read here is also checked for API keys (see the autouse guard in conftest).
CAPTURES: list[str] = []

Scene = Callable[[Pilot], Awaitable[None]]


def make_app(server: Any, *, keymap: dict[str, str] | None = None, **target: Any) -> PostHogApp:
    """The app pointed at a test server (anything with `url`, and maybe `project_id`, `api_key`)."""
    target.setdefault("profile", PROFILE)
    return PostHogApp(
        Target(host=server.url, project=getattr(server, "project_id", 1), **target),
        api_key=getattr(server, "api_key", "phx_test_key_0000000000"),
        keymap=keymap,
    )


def idle(app: PostHogApp) -> bool:
    """Connected (or failed to), and no worker is loading anything."""
    if not app.ready.is_set():
        return False
    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        return False
    return not getattr(app.screen, "busy", False)


async def wait_until(pilot: Pilot, condition: Callable[[], Any], what: str = "", *, timeout: float = 10.0) -> Any:
    """Poll `condition` between short pauses; fail naming `what`, with the screen, if it never holds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what or condition}; screen:\n"
                        f"{screen_text(pilot.app)}")
        await pilot.pause(0.02)


async def settle(pilot: Pilot, timeout: float = 10.0) -> None:
    """Wait until every load has finished and the screen has been laid out again."""
    await pilot.pause()
    await wait_until(pilot, lambda: idle(pilot.app), "the app to finish loading", timeout=timeout)
    await pilot.pause()


def list_loaded(app: PostHogApp) -> bool:
    """The current list screen finished loading (with or without an error)."""
    screen = app.screen
    return hasattr(screen, "busy") and not screen.busy and (bool(screen.objects) or screen.error is not None)


async def loaded(pilot: Pilot, mode: str | None = None) -> None:
    """Switch to `mode` (a resource id) and wait until its rows are in."""
    app = pilot.app
    if mode is not None:
        await app.ready.wait()
        app.switch_mode(mode)
    await wait_until(pilot, lambda: getattr(app.screen, "objects", None) and not app.screen.busy, f"{mode} rows")


async def screen_is(pilot: Pilot, kind: type) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), kind.__name__)
    await pilot.pause()


async def paste(pilot: Pilot, text: str) -> None:
    """Put `text` into the focused input as a paste would: one change, not a key per letter
    (each simulated key costs ~60 ms; typing letter by letter is tested once, on purpose)."""
    focused = pilot.app.focused
    if hasattr(focused, "insert_text_at_cursor"):
        focused.insert_text_at_cursor(text)
    else:  # a TextArea
        focused.insert(text)
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
    text = console.export_text(styles=False)
    CAPTURES.append(text)
    return text


def status_text(app: PostHogApp) -> str:
    """The current screen's status line and the notifications shown, as plain text."""
    parts = [str(widget.content) for widget in app.screen.query("#status")]
    return " | ".join([*parts, notes(app)])


def notes(app: PostHogApp) -> str:
    """Every notification so far, as one text (toasts wrap, so the screen text may split words)."""
    return "\n".join(str(n.message) for n in app._notifications)


def _is_query(request: Any) -> bool:
    return request.method == "POST" and request.path.rstrip("/").endswith("/query")


def writes(server: Any) -> list[Any]:
    """Requests that may change something: not GETs, and not HogQL queries (POSTed, but reads)."""
    return [r for r in server.requests if r.method != "GET" and not _is_query(r)]


def queries(server: Any) -> list[Any]:
    """The Query API requests (`POST query/`), in order."""
    return [r for r in server.requests if _is_query(r)]


def gets(server: Any, path_part: str) -> list[Any]:
    """Recorded GET requests whose path contains `path_part`."""
    return [r for r in server.requests if r.method == "GET" and path_part in r.path]


def query_values(server: Any, path_part: str, name: str) -> list[str | None]:
    """The value of query parameter `name` in each recorded GET to `path_part` (None if absent)."""
    return [(r.query.get(name) or [None])[0] for r in gets(server, path_part)]


def events_queries(server: Any) -> list[dict[str, Any]]:
    """The EventsQuery nodes posted to the Query API, oldest first."""
    return [r.body["query"] for r in server.requests
            if r.method == "POST" and r.path.rstrip("/").endswith("/query") and isinstance(r.body, dict)
            and r.body.get("query", {}).get("kind") == "EventsQuery"]


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


async def _edit_form(pilot: Pilot) -> None:
    """The actions list, then `e` on the first action: the form, focus on its name."""
    from tui.screens.edit import EditScreen

    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, EditScreen), "the form")
    await pilot.pause(0.3)


async def _preview(pilot: Pilot) -> None:
    """A description changed in the middle of a long text: the preview shows the changed words."""
    from tui.screens.dialogs.change_preview import ChangePreview

    await _edit_form(pilot)
    form = pilot.app.screen.form
    form.field("description").input_widget.text = (
        "Counts every account created, from the web app, the mobile apps and the public API, including "
        "invited members; used by the activation funnel and the weekly growth report.")
    form.field("name").input_widget.value += " (all platforms)"
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangePreview), "the preview")
    await pilot.pause(0.3)


async def _sharing(pilot: Pilot) -> None:
    from tui.screens.sharing import SharingScreen

    await _goto(("3", "enter"), _dashboard_shown)(pilot)
    await pilot.press("s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SharingScreen) and pilot.app.screen.config, "sharing")
    await pilot.pause(0.3)


async def _dashboard_kinds(pilot: Pilot) -> None:
    """A dashboard with what real ones hold beside trends: funnels, retention, HogQL and events
    tables, markdown notes."""
    await _goto(("3",))(pilot)
    await search(pilot, "Growth funnel")
    await _goto(("enter",), _dashboard_shown)(pilot)


def _dashboard_shown(app: PostHogApp) -> bool:
    status = text_of(app, "#status")
    return "results from run_insights" in status or "unavailable" in status


async def _diff(pilot: Pilot) -> None:
    """`:diff` against the staging project, sides swapped (staging's setup onto Hedgebox), on a change."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("colon")
    await paste(pilot, "diff")
    await pilot.press("enter")
    await wait_until(pilot, lambda: getattr(app.screen, "title_text", "").startswith("Compare"), "the sides")
    await paste(pilot, "Staging")
    await pilot.press("enter")
    await wait_until(pilot, lambda: getattr(app.screen, "plan", None) is not None and not app.screen.busy, "a plan")
    await pilot.press("x")
    await wait_until(pilot, lambda: app.screen.plan.target.project_id == 1 and not app.screen.busy, "the swap")
    tree = app.screen.query_one("#diff-tree")
    line = next(i for i in range(tree.last_line + 1) if "signed_up" in str(tree.get_node_at_line(i).label))
    tree.move_cursor(tree.get_node_at_line(line))
    await pilot.press("enter")
    await settle(pilot)


async def _console(pilot: Pilot) -> None:
    """`6`, the starter query run (events by count over the week), the results focused."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("6")
    await wait_until(pilot, lambda: getattr(app.screen, "heading", "") == "HogQL console", "the console")
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: app.screen.columns and app.screen.query_id is None, "the answer")
    await pilot.press("ctrl+o")
    await settle(pilot)


async def _triage_drift(pilot: Pilot) -> None:
    """Triage, `signed_up` in the near-duplicates queue, then `D`: a required property its events lack
    and two they carry that its schema does not declare."""
    app = pilot.app
    await _goto(("7",), lambda app: getattr(app.screen, "result", None) is not None)(pilot)
    triage: Any = app.screen
    sidebar = triage.query_one("#triage-queues")
    sidebar.highlighted = next(i for i, o in enumerate(sidebar.options) if o.id == "duplicates")
    await wait_until(pilot, lambda: triage.queue == "duplicates", "the near-duplicates")
    triage.table.focus()
    triage.table.move_cursor_to(next(k for k, d in triage.definitions.items() if d.name == "signed_up"))
    await pilot.press("D")
    await wait_until(pilot, lambda: getattr(app.screen, "rows", None) and not app.screen.busy, "the drift rows")
    await settle(pilot)


SCENES: dict[str, Scene] = {
    "definitions": _goto(()),
    "property-groups": _goto(("2",)),
    "dashboards": _goto(("3",)),
    # The first dashboard in the list is the pinned product overview, the busiest grid.
    "dashboard": _goto(("3", "enter"), _dashboard_shown),
    "dashboard-kinds": _dashboard_kinds,
    "events": _goto(("4",)),
    "actions": _goto(("5",)),
    "detail": _goto(("j", "enter")),
    "help": _goto(("question_mark",)),
    "edit": _edit_form,
    "preview": _preview,
    "sharing": _sharing,
    "diff": _diff,
    "console": _console,
    "triage": _goto(("7",), lambda app: getattr(app.screen, "result", None) is not None),
    "triage-drift": _triage_drift,
}
