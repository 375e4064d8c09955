"""Driving the app in a pilot: start it against a server, wait for a condition, read the screen.

Shared by the fault, fuzz and monkey tests (import as `from faults.driving import ...`).
"""

from __future__ import annotations

import asyncio
import html
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.worker import Worker

from tui.app import PostHogApp
from tui.connection import Target

_SVG_TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")


def app_for(server: Any, **target: Any) -> PostHogApp:
    """The app pointed at a test server (anything with `url`, `project_id`, `api_key`)."""
    return PostHogApp(
        Target(host=server.url, project=getattr(server, "project_id", 1), **target),
        api_key=getattr(server, "api_key", "phx_test_key_0000000000"),
    )


async def wait_until(pilot: Any, condition: Callable[[], Any], timeout: float = 10.0, what: str = "") -> Any:
    """Pause in small steps until `condition()` is truthy; fail with the screen's text if it never is."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what or condition}; screen:\n{screen_text(pilot.app)}")
        await pilot.pause(0.05)


def screen_text(app: PostHogApp) -> str:
    """Everything on screen as plain text (the SVG screenshot's text runs, one per styled span)."""
    return "".join(html.unescape(run) for run in _SVG_TEXT.findall(app.export_screenshot())).replace("\xa0", " ")


def status_text(app: PostHogApp) -> str:
    """The current screen's status line (and the notifications shown), as plain text."""
    parts = [str(widget.content) for widget in app.screen.query("#status")]
    parts += [str(n.message) for n in app._notifications]
    return " | ".join(parts)


def loaded(app: PostHogApp) -> bool:
    """The current list screen finished loading (with or without an error)."""
    screen = app.screen
    return hasattr(screen, "busy") and not screen.busy and (bool(screen.objects) or screen.error is not None)


@pytest.fixture
def worker_errors(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, BaseException]]]:
    """Errors that escaped any worker. Workers started with `exit_on_error=False` would
    otherwise fail silently; every test that drives the app asserts this stays empty."""
    failures: list[tuple[str, BaseException]] = []
    run = Worker._run

    async def recording(self: Worker, app: Any) -> None:
        await run(self, app)
        if self.error is not None and not isinstance(self.error, asyncio.CancelledError):
            failures.append((self.name, self.error))

    monkeypatch.setattr(Worker, "_run", recording)
    yield failures
