"""The app in a browser for demos: `posthog-tui serve --demo` in headless Chromium."""

from __future__ import annotations

import pytest

from e2e import browser

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120),
              pytest.mark.skipif(not browser.available(), reason="Chromium is not installed (CI installs it)")]

DEMO_KEY_PREFIX = "phx_demo_"


def test_the_served_demo_shows_the_definitions_and_never_sends_the_key():
    seen = browser.visit(until="loaded")
    traffic = "".join(seen.frames)
    assert "Event definitions" in traffic and "2,000 of 2,000 loaded" in traffic
    assert DEMO_KEY_PREFIX not in seen.html and DEMO_KEY_PREFIX not in traffic
    assert seen.screenshot.startswith(b"\x89PNG")
    assert "Serving posthog-tui at http://127.0.0.1:" in seen.server_output
    assert all("127.0.0.1" not in url for url in seen.refused)  # only outside requests were refused


def test_serve_warns_before_binding_anything_but_loopback():
    import subprocess
    import sys

    # 192.0.2.1 is a documentation address no machine has: the bind fails, after the warning.
    done = subprocess.run([sys.executable, "-m", "tui", "serve", "--demo", "--host-address", "192.0.2.1",
                           "--port", "9"], capture_output=True, text=True, timeout=30)
    assert "warning: serving on 192.0.2.1, not loopback" in done.stderr
    assert done.returncode == 1 and "could not serve on 192.0.2.1:9" in done.stderr
    assert "Traceback" not in done.stderr
