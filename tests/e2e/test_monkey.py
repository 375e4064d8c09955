"""Thousands of random keys against the app while the server fails every 7th request: no crash."""

from __future__ import annotations

import asyncio
import os
import random
import time
from pathlib import Path

import pytest
from textual import events

from tests.pilot import make_app

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

SEED = int(os.environ.get("MONKEY_SEED", "20261120"))
SEEDS = [SEED + n for n in range(5)]
# MONKEY_BURST=1 posts keys back to back with no pause at all (a held key on a fast terminal):
# it finds races the paced run does not, so it is for hunting, not for CI.
BURST = os.environ.get("MONKEY_BURST") == "1"
BUDGET_SECONDS = 12.0  # a seed; five seeds run
MAX_KEYS = 4_000
# A loaded machine may get through few keys in the budget; a seed still sends at least this many.
MIN_KEYS = 200
# Key name -> the character a terminal sends. Everything but quitting (q, ctrl+c, ctrl+q), the
# external editor (E suspends the app to run $EDITOR) and the command palette (ctrl+p): Textual
# 8.2.8's palette raises KeyError in OptionList._move_page when pagedown arrives while its list
# is being refilled, in any app (reproduced with a bare `App`), which would hide our own bugs.
CHARACTERS = {"enter": "\r", "escape": "\x1b", "tab": "\t", "backspace": "\x7f", "slash": "/", "colon": ":",
              "space": " ", "question_mark": "?"}
KEYS = (
    ["up", "down", "up", "down", "pageup", "pagedown", "home", "end", "left", "right", "tab", "shift+tab"] * 3
    + ["enter", "enter", "escape", "escape", "escape", "slash", "colon", "space", "backspace", "question_mark"]
    + list("12345") + list("abcdefghijklmnoprstuvwxyz") + list("ADRTJKLNv")
    + ["ctrl+s", "ctrl+t", "f1", "delete"]
)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@pytest.mark.parametrize("seed", SEEDS)
async def test_random_keys_with_a_failing_server_never_crash_the_app(demo, worker_errors, tmp_path, monkeypatch, request,
                                                                      seed):
    monkeypatch.chdir(tmp_path)  # exports land here
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("EDITOR", "true")
    demo.set_options(fail_every_n=7)
    rng = random.Random(seed)
    app = make_app(demo)
    sent = 0
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        before = rss_mb()
        deadline = time.monotonic() + BUDGET_SECONDS
        while sent < MIN_KEYS or (sent < MAX_KEYS and time.monotonic() < deadline):
            # Posted as the driver does, 2 ms apart, without waiting for the app to go idle
            # after each key (as `pilot.press` does, at ~50 ms a key).
            for key in [rng.choice(KEYS) for _ in range(20)]:
                char = CHARACTERS.get(key, key if len(key) == 1 else None)
                app.post_message(events.Key(key, char))
                await (asyncio.sleep(0) if BURST else pilot.pause(0.002))
            sent += 20
            await pilot.pause(0.02)
            assert app.is_running, f"the app stopped after {sent} keys (seed {seed})"
        await pilot.pause(0.3)
        after = rss_mb()
        screens = [type(s).__name__ for s in app.screen_stack]
    assert app.return_code in (None, 0)
    assert not worker_errors, worker_errors
    writes = sum(1 for r in demo.requests if r.method not in ("GET", "HEAD"))
    report = (f"monkey{' (burst)' if BURST else ''}: {sent} keys (seed {seed}), {len(demo.requests)} requests ({writes} writes), "
              f"RSS {before:.0f} -> {after:.0f} MB ({after - before:+.0f} MB), final stack {screens}")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(report)
