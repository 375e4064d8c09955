"""Helpers for driving the real app against the demo server."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable

import pytest

from tui.app import PostHogApp
from tui.connection import Target


def make_app(server, **target) -> PostHogApp:
    return PostHogApp(Target(host=server.url, project=server.project_id, **target), api_key=server.api_key)


async def until(pilot, condition: Callable[[], object], timeout: float = 8.0) -> None:
    """Wait for `condition`, bounded; fails with the screen's text when it never holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"condition never held; screen:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


def screen_text(app) -> str:
    """What the terminal shows, as plain text (the SVG screenshot without its markup)."""
    svg = app.export_screenshot()
    body = svg[svg.index("<g transform"):] if "<g transform" in svg else svg
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


def notes(app) -> str:
    """Every notification so far, as one text (toasts wrap, so the screen text may split words)."""
    return "\n".join(str(n.message) for n in app._notifications)


def writes(server) -> list:
    return [r for r in server.requests if r.method != "GET"]


async def loaded(pilot, mode: str | None = None) -> None:
    """Switch to `mode` (a resource id) and wait until its rows are in."""
    app = pilot.app
    if mode is not None:
        await app.ready.wait()
        app.switch_mode(mode)
    await until(pilot, lambda: getattr(app.screen, "objects", None) and not app.screen.busy)


@pytest.fixture
def editor_script(tmp_path, monkeypatch):
    """Set $EDITOR to a tiny Python script that applies `replace` (old -> new) to the file."""

    def install(*replacements: tuple[str, str]) -> None:
        script = tmp_path / "editor.py"
        pairs = repr(list(replacements))
        script.write_text(
            "import sys, pathlib\n"
            "p = pathlib.Path(sys.argv[1])\n"
            "text = p.read_text()\n"
            f"for old, new in {pairs}:\n"
            "    assert old in text, (old, text)\n"
            "    text = text.replace(old, new)\n"
            "p.write_text(text)\n"
        )
        import sys

        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")

    return install
