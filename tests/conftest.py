"""Shared fixtures: an isolated environment and demo servers on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
for _name in list(os.environ):
    if _name == "NO_COLOR" or _name.startswith("TEXTUAL_") or _name == "POSTHOG_PERSONAL_API_KEY":
        del os.environ[_name]

from tui.demo import DemoOptions, DemoServer  # noqa: E402 - after the environment is settled

DEMO_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    """One seeded demo server for the whole run (fixed clock); use `demo` to get it reset."""
    with DemoServer(DemoOptions(now=DEMO_NOW)) as server:
        yield server


@pytest.fixture
def demo(demo_server: DemoServer) -> DemoServer:
    """The session demo server with its seeded state restored, options back to defaults and
    no recorded requests, so each test may write freely."""
    demo_server.set_options(latency_ms=0.0, error_rate=0.0, throttle_per_minute=None, flavour="current",
                            session_endpoints=True, fail_every_n=None, stall_every_n=None, truncate_every_n=None)
    demo_server.reset()
    return demo_server


@pytest.fixture
def demo_options_server() -> Iterator[Callable[..., DemoServer]]:
    """Start servers with other options: `demo_options_server(flavour="legacy")`; stopped at teardown."""
    started: list[DemoServer] = []

    def start(**options: Any) -> DemoServer:
        server = DemoServer(DemoOptions(**{"now": DEMO_NOW, **options})).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


_SECRETS = ("phx_demo_", "phx_unreachable_key_123", "phx_secret_in_error")


@pytest.fixture(autouse=True)
def no_key_on_screen_or_in_logs(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fails any test whose screen captures (pilot screenshots and snapshots) or log lines
    contain an API key: the whole suite doubles as the check that keys never leak."""
    from textual.app import App

    captures: list[str] = []
    original = App.export_screenshot

    def recording(self: App, *args: Any, **kwargs: Any) -> str:
        svg = original(self, *args, **kwargs)
        captures.append(svg)
        return svg

    monkeypatch.setattr(App, "export_screenshot", recording)
    yield
    leaks = [s for s in _SECRETS for text in (*captures, caplog.text) if s in text]
    assert not leaks, f"an API key appeared on screen or in a log line: {sorted(set(leaks))}"
