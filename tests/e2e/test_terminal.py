"""posthog-tui in a real terminal against a demo server: real keys, the real screen, and what
the server received."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from e2e.terminal import Terminal, needs_tmux
from tui.demo import DemoOptions, DemoServer

pytestmark = [pytest.mark.e2e, needs_tmux, pytest.mark.timeout(90)]

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer(DemoOptions(now=NOW)) as demo:
        yield demo


@pytest.fixture
def terminal(server, tmp_path) -> Iterator[Terminal]:
    server.reset()
    env = {
        "POSTHOG_PERSONAL_API_KEY": server.api_key,
        # A fresh config home: no profile or keymap of the machine running the tests.
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),  # no list cached by an earlier test
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "TEXTUAL_ANIMATIONS": "none",
    }
    term = Terminal(["--host", server.url, "--project", str(server.project_id)], env, width=100, height=30)
    yield term
    try:
        history = term.history()
    finally:
        term.close()
    assert all(server.api_key not in capture for capture in [*term.captures, history]), "the API key was on screen"


def paths(server, method: str = "GET") -> list[str]:
    return [r.path.rstrip("/").removeprefix(f"/api/projects/{server.project_id}/") for r in server.requests
            if r.method == method]


def test_browsing_with_real_keys_shows_each_resource_and_asks_the_server_for_it(server, terminal):
    total = len(server.state.projects[server.project_id].definitions)
    terminal.wait_for("posthog-tui · Event definitions", f"{total:,} of {total:,} loaded")

    terminal.press("3")
    terminal.wait_for("posthog-tui · Dashboards", "Hedgebox KPIs", "Product analytics")

    terminal.press(":")
    terminal.type("actions")
    terminal.press("Enter")
    actions = server.state.projects[server.project_id].actions
    listed = sorted(a["name"] for a in actions.values() if not a.get("deleted"))
    first_action, all_loaded = listed[0], f"{len(listed)} of {len(listed)} loaded"
    terminal.wait_for("posthog-tui · Actions", all_loaded)

    terminal.press("/")
    terminal.type(first_action[:6])
    screen = terminal.wait_for(" shown")
    assert first_action[:6] in screen
    terminal.press("Escape")  # clears the filter and gives the keys back to the list
    terminal.wait_for("posthog-tui · Actions", all_loaded)

    terminal.press("3")
    terminal.wait_for("posthog-tui · Dashboards", "Hedgebox KPIs")
    terminal.press("/")
    terminal.type("Product")
    terminal.press("Enter")  # asks the server to search, then the list holds the match
    terminal.wait_for("Product analytics", "1 of 1 loaded")
    terminal.press("Enter")
    terminal.wait_for("dashboard: Product analytics")
    terminal.press("Escape")
    terminal.wait_for("posthog-tui · Dashboards", "Product analytics")

    got = paths(server)
    assert "event_definitions" in got and "actions" in got and "dashboards" in got
    dashboard_id = next(d["id"] for d in server.state.projects[server.project_id].dashboards.values()
                        if d["name"] == "Product analytics")
    assert any(p.startswith(f"dashboards/{dashboard_id}") for p in got), got
    searches = [r.query.get("search") for r in server.requests if r.path.rstrip("/").endswith("/dashboards")]
    assert ["Product"] in searches
    # The definitions list's volume query is a POST that only reads.
    assert set(paths(server, "POST")) <= {"query"} and not paths(server, "PATCH"), "browsing must not write"


def test_editing_a_description_with_real_keys_sends_one_patch_with_only_that_change(server, terminal):
    total = len(server.state.projects[server.project_id].definitions)
    terminal.wait_for("posthog-tui · Event definitions", f"{total:,} of {total:,} loaded")
    terminal.press("e")  # the first row
    terminal.wait_for("Edit event definition", "ctrl+s save")
    terminal.type("Checked in a terminal. ")  # the description box has the focus
    terminal.press("C-s")
    terminal.wait_for("Save event definition", "Description")
    terminal.press("y")
    screen = terminal.wait_for("Saved event definition", "posthog-tui · Event definitions")
    assert "Edit event definition" not in screen

    patches = [r for r in server.requests if r.method == "PATCH"]
    assert len(patches) == 1, patches
    assert set(patches[0].body) == {"description"}
    assert "Checked in a terminal. " in patches[0].body["description"]
    saved = server.state.projects[server.project_id].definitions[patches[0].path.rstrip("/").rsplit("/", 1)[-1]]
    assert saved["description"] == patches[0].body["description"]


def test_escape_sequences_in_server_data_never_reach_the_terminal(server, terminal, tmp_path):
    import httpx

    attacks = "\x1b]52;c;aGVsbG8=\x1b\\ \x1b]2;pwned\x07 \x1b]8;;http://x\x1b\\ \x9b2J \u202e"
    with httpx.Client(base_url=f"{server.url}/api/projects/{server.project_id}",
                      headers={"Authorization": f"Bearer {server.api_key}"}) as api:
        api.post("/event_definitions/", json={"name": "aaa-esc " + attacks, "description": attacks}).raise_for_status()
    recording = tmp_path / "terminal.bytes"
    terminal.record(recording)
    terminal.wait_for("loaded")
    terminal.press("/")
    terminal.type("aaa-esc")
    terminal.wait_for("aaa-esc ␛]52")
    terminal.press("Down", "Enter")
    terminal.wait_for("event definition: aaa-esc")
    terminal.press("y")
    terminal.wait_for("Copied")
    written = recording.read_bytes()
    assert b"aaa-esc" in written  # the recording holds what was drawn
    for payload in (b"\x1b]52;c;aGVsbG8=", b"\x1b]2;pwned", b"\x1b]8;;http://x", "\u202e".encode()):
        assert payload not in written, payload
    assert "\u241b]52;c;aGVsbG8=".encode() in written  # drawn, as an inert ␛
