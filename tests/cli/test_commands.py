"""Every command of `posthog-tui` run as a real process, as a user runs it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tui import __version__

TIMEOUT = 60


def run(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, input=stdin,
                          timeout=TIMEOUT, env={**os.environ, **(env or {})})


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '# my profiles\ndefault_profile = "prod"\n\n[profiles.prod]\nhost = "https://eu.posthog.com"\n'
        'project = 12345\nprotected = true\n'
    )
    return path


def test_version_and_help():
    assert run("--version").stdout.strip() == f"posthog-tui {__version__}"
    shown = run("--help").stdout
    for command in ("login", "logout", "profiles", "locate", "demo-server"):
        assert command in shown


@pytest.mark.parametrize("command", ["login", "logout", "demo-server"])
def test_each_command_has_help(command):
    done = run(command, "--help")
    assert done.returncode == 0 and f"posthog-tui {command}" in done.stdout


def test_locate_prints_every_path_and_the_override(config):
    done = run("locate", env={"POSTHOG_TUI_CONFIG": str(config)})
    assert done.returncode == 0, done.stderr
    assert f"config file  {config}  (from POSTHOG_TUI_CONFIG)" in done.stdout
    assert {"config dir", "data dir", "state dir"} <= {line[:12].strip() for line in done.stdout.splitlines()}


def test_profiles_prints_the_table(config):
    done = run("profiles", env={"POSTHOG_TUI_CONFIG": str(config)})
    assert done.returncode == 0, done.stderr
    assert "prod" in done.stdout and "https://eu.posthog.com" in done.stdout and "protected" in done.stdout


def test_a_broken_config_is_a_message_not_a_traceback(tmp_path):
    broken = tmp_path / "config.toml"
    broken.write_text("[profiles.x]\nhost = 3\n")
    for args in (("profiles",), ("--profile", "x")):
        done = run(*args, env={"POSTHOG_TUI_CONFIG": str(broken)})
        assert done.returncode in (1, 2) and "Traceback" not in done.stderr
        assert "profiles.x.host" in done.stderr


def test_a_keymap_naming_a_widget_key_is_accepted_and_a_bad_key_string_is_named(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keymap]\n"resource_table.cursor_down" = "n"\n"resource.refresh" = "ctrl+nope"\n')
    done = run("--profile", "none", env={"POSTHOG_TUI_CONFIG": str(path)})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "resource.refresh: 'ctrl+nope': unknown key 'nope'" in done.stderr
    assert "resource_table.cursor_down" not in done.stderr


def test_login_checks_the_key_and_saves_the_profile(demo, tmp_path):
    path = tmp_path / "config.toml"
    done = run("login", "--host", demo.url, "--profile", "work", stdin=demo.api_key + "\n",
               env={"POSTHOG_TUI_CONFIG": str(path)})
    assert done.returncode == 0, done.stderr
    assert "Profile 'work'" in done.stdout and demo.api_key not in done.stdout + done.stderr
    assert "[profiles.work]" in path.read_text()


def test_logout_without_a_keyring_says_so(config):
    done = run("logout", env={"POSTHOG_TUI_CONFIG": str(config)})
    assert "Traceback" not in done.stderr and "keyring" in (done.stdout + done.stderr).lower()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_demo_server_serves_and_prints_its_url_and_key():
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "tui", "demo-server", "--port", str(port), "--definitions", "50"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                answer = httpx.get(f"{url}/api/projects/1/event_definitions/", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the demo server never answered")
        assert answer.status_code == 401  # no key sent: the server is real about auth
    finally:
        process.terminate()
        output = process.communicate(timeout=TIMEOUT)[0]
    assert url in output and "phx_demo_" in output


def _cached_list(profile: str) -> Path:
    from tui.listing import cache

    place = cache.Place(profile, "https://eu.posthog.com", 12345, "event_definitions")
    cache.write(place, cache.Listing(columns=["name"], rows=[("1", ("signup",))]))
    assert place.path().exists()
    return place.path()


def test_cache_clear_empties_the_cache():
    kept = [_cached_list("prod"), _cached_list("home")]
    done = run("cache", "clear")
    assert done.returncode == 0, done.stderr
    assert "Removed 2 cached lists" in done.stdout and not any(path.exists() for path in kept)


def test_cache_clear_of_one_profile_keeps_the_others():
    prod, home = _cached_list("prod"), _cached_list("home")
    done = run("cache", "clear", "--profile", "prod")
    assert done.returncode == 0, done.stderr
    assert not prod.exists() and home.exists()


def test_logout_drops_that_profiles_cache(config):
    prod, home = _cached_list("prod"), _cached_list("home")
    run("logout", env={"POSTHOG_TUI_CONFIG": str(config)})
    assert not prod.exists() and home.exists()
