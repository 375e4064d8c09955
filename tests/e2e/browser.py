"""`posthog-tui serve --demo` opened in headless Chromium: what the page and its websocket carry.

Shared by the browser test and `screenshots/generate.py`. Every request the page makes outside
127.0.0.1 (the web font the page links) is refused, so nothing leaves the machine.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The flags a root user in a closed network needs (no sandbox, no background traffic).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


@dataclass
class Visit:
    html: str = ""
    frames: list[str] = field(default_factory=list)  # websocket traffic both ways, as text
    refused: list[str] = field(default_factory=list)  # requests that would have left 127.0.0.1
    screenshot: bytes = b""
    server_output: str = ""


def available() -> bool:
    return Path(CHROMIUM).exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def visit(until: str = "loaded", timeout: float = 40.0, size: tuple[int, int] = (1280, 800)) -> Visit:
    """Serve the demo, open it, wait until the app has drawn `until`, take a screenshot."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "tui", "serve", "--demo", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = Visit()
    try:
        _wait_for_port(port, timeout)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": size[0], "height": size[1]})

            def guard(route) -> None:
                if urlsplit(route.request.url).hostname == "127.0.0.1":
                    route.continue_()
                else:
                    seen.refused.append(route.request.url)
                    route.abort()

            def websocket(ws) -> None:
                ws.on("framereceived", lambda frame: seen.frames.append(_text(frame)))
                ws.on("framesent", lambda frame: seen.frames.append(_text(frame)))

            page.route("**/*", guard)
            page.on("websocket", websocket)
            page.goto(f"http://127.0.0.1:{port}/")
            seen.html = page.content()
            deadline = time.monotonic() + timeout
            while until not in "".join(seen.frames):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the page never showed {until!r}")
                page.wait_for_timeout(200)
            page.wait_for_timeout(1000)  # let the last frame paint
            seen.screenshot = page.screenshot()
            browser.close()
    finally:
        server.terminate()
        seen.server_output = server.communicate(timeout=20)[0]
    return seen


def _text(frame: str | bytes) -> str:
    return frame if isinstance(frame, str) else frame.decode("utf-8", "replace")


def _wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listened on port {port}")
