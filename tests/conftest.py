"""Shared fixtures: an isolated environment and demo servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
for _name in list(os.environ):
    # The app's TEXTUAL_ settings go; the snapshot plugin's own (set at session start) stay.
    if _name == "NO_COLOR" or (_name.startswith("TEXTUAL_") and not _name.startswith("TEXTUAL_SNAPSHOT")) or _name in ("POSTHOG_PERSONAL_API_KEY", "POSTHOG_TUI_CONFIG"):
        del os.environ[_name]
# The app's config, state, data and cache folders: a fresh place per run, never the user's.
_HOME = tempfile.mkdtemp(prefix="posthog-tui-tests-")
for _kind in ("CONFIG", "STATE", "DATA", "CACHE"):
    os.environ[f"XDG_{_kind}_HOME"] = os.path.join(_HOME, _kind.lower())

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
    demo_server.set_options(latency_ms=0.0, error_rate=0.0, throttle_per_minute=None, flavour="current", edition="cloud",
                            session_endpoints=True, query_api=True, query_seconds=0.0, fail_every_n=None, stall_every_n=None, truncate_every_n=None)
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


@pytest.fixture(autouse=True)
def own_state_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test remembers its last profile in a folder of its own, never the user's."""
    from tui.settings import locations

    folder = tmp_path_factory.mktemp("state") / locations.APP_NAME
    monkeypatch.setattr(locations, "state_dir", lambda: folder)


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
    from tests.pilot import CAPTURES

    CAPTURES.clear()
    yield
    leaks = [s for s in _SECRETS for text in (*captures, *CAPTURES, caplog.text) if s in text]
    assert not leaks, f"an API key appeared on screen or in a log line: {sorted(set(leaks))}"


@pytest.fixture
def worker_errors(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, BaseException]]]:
    """Errors that escaped any worker. Workers started with `exit_on_error=False` would
    otherwise fail silently; every test that drives the app asserts this stays empty."""
    from textual.worker import Worker

    failures: list[tuple[str, BaseException]] = []
    run = Worker._run

    async def recording(self: Worker, app: Any) -> None:
        await run(self, app)
        if self.error is not None and not isinstance(self.error, asyncio.CancelledError):
            failures.append((self.name, self.error))

    monkeypatch.setattr(Worker, "_run", recording)
    yield failures


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
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")

    return install


@pytest.fixture(autouse=True)
def fresh_state_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the app remembers between runs (archived objects, last profile, cached lists) starts empty."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def memory_keyring(monkeypatch, tmp_path):
    """A keyring in memory that the app trusts, and a config file of the test's own."""
    import keyring

    from tests.keyrings import MemoryKeyring

    previous = keyring.core._keyring_backend
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    # The credentials module refuses backends it does not trust; this one stands in for a
    # real Secret Service in the tests.
    monkeypatch.setattr("tui.settings.key_store._backend_problem", lambda _backend: None)
    monkeypatch.setenv("POSTHOG_TUI_CONFIG", str(tmp_path / "config.toml"))
    yield backend
    keyring.core._keyring_backend = previous
