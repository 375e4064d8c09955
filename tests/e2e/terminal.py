"""The app in a real terminal: a tmux session on a private socket, keys in, screen text out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)")


class Terminal:
    """`posthog-tui` running in a detached tmux session of a fixed size.

    Every capture is kept, so a test can check afterwards what was ever on screen.
    """

    def __init__(self, args: list[str], env: dict[str, str], width: int = 100, height: int = 30) -> None:
        self.socket = f"posthog-tui-e2e-{os.getpid()}-{time.monotonic_ns()}"
        self.captures: list[str] = []
        environment = [f"-e{name}={value}" for name, value in env.items()]
        command = " ".join([sys.executable, "-m", "tui", *args])
        self._tmux("new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height), "-c", str(ROOT),
                   *environment, command)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True,
                              text=True, timeout=10).stdout

    def screen(self) -> str:
        text = self._tmux("capture-pane", "-p", "-J", "-t", "app")
        self.captures.append(text)
        return text

    def press(self, *keys: str) -> None:
        """tmux key names (`Enter`, `Escape`, `C-s`) or literal characters."""
        for key in keys:
            self._tmux("send-keys", "-t", "app", key)
            # A key right after Escape would be read as alt+key (an escape sequence).
            time.sleep(0.3 if key == "Escape" else 0.05)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "app", "-l", text)

    def wait_for(self, *texts: str, timeout: float = 15.0) -> str:
        """Poll the screen until every text is on it; fail with the last screen otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"never saw {texts!r} on screen; last screen:\n{screen}")
            time.sleep(0.05)

    def history(self) -> str:
        """The whole scrollback, escapes included (what a terminal recorder would keep)."""
        text = self._tmux("capture-pane", "-p", "-e", "-S", "-", "-t", "app")
        self.captures.append(text)
        return text

    def record(self, path: Path) -> None:
        """From now on, every byte the app writes to the terminal also goes to `path`."""
        self._tmux("pipe-pane", "-o", "-t", "app", f"cat >> {path}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)
