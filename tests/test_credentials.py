import io
import os
import socket
import subprocess
import sys
import threading
import time

import keyring
import keyring.core
import pytest
from keyring.backends import fail, null

from tests.keyrings import MemoryKeyring
from tui.cli import account
from tui.demo import DEMO_NO_SCOPE_KEY, DEMO_PROJECT_ID
from tui.settings import key_store as credentials
from tui.settings.config import load_config, upsert_profile
from tui.settings.key_check import check_key
from tui.settings.key_store import (
    API_KEY_ENV,
    KEYRING_SERVICE,
    forget_api_key,
    keyring_status,
    resolve_api_key,
    resolve_api_key_async,
    store_api_key,
    store_api_key_async,
)

SECRET = "phx_test_secret_value_123"


class RaisingKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise RuntimeError("Unable to initialize SecretService: DBUS_SESSION_BUS_ADDRESS is unset")

    def set_password(self, service, username, password):
        raise RuntimeError(f"refused to store {password}")


class BlockingKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service, username):
        self.release.wait()
        return None


class UnavailableKeyring(MemoryKeyring):
    """Like SecretService set via PYTHON_KEYRING_BACKEND on a box without D-Bus."""

    @property
    def priority(self):
        raise RuntimeError("SecretStorage required")


class PlaintextKeyring(MemoryKeyring):
    pass


PlaintextKeyring.__module__ = "keyrings.alt.file"


@pytest.fixture(autouse=True)
def no_env_key(monkeypatch):
    monkeypatch.delenv(API_KEY_ENV, raising=False)


@pytest.fixture
def use_keyring():
    previous = keyring.core._keyring_backend

    def install(backend):
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.core._keyring_backend = previous


def test_key_is_read_from_a_secure_keyring(use_keyring):
    ring = use_keyring(MemoryKeyring())
    ring.store[(KEYRING_SERVICE, "prod")] = SECRET
    result = resolve_api_key("prod")
    assert (result.key, result.source) == (SECRET, "keyring")
    assert "MemoryKeyring" in result.reason
    assert SECRET not in repr(result)


def test_missing_key_says_which_profile(use_keyring):
    use_keyring(MemoryKeyring())
    result = resolve_api_key("prod")
    assert (result.key, result.source) == (None, "none")
    assert "no key stored for profile 'prod'" in result.reason


def test_env_var_wins_over_keyring(use_keyring, monkeypatch):
    ring = use_keyring(BlockingKeyring())
    monkeypatch.setenv(API_KEY_ENV, " phx_from_env ")
    started = time.perf_counter()
    result = resolve_api_key("prod", timeout=5)
    assert time.perf_counter() - started < 0.05
    assert (result.key, result.source, result.reason) == ("phx_from_env", "env", f"from {API_KEY_ENV}")
    ring.release.set()


def test_env_var_path_never_imports_keyring(tmp_path):
    code = (
        "import sys\n"
        "from tui.settings.key_store import resolve_api_key\n"
        "r = resolve_api_key('prod')\n"
        "print(r.source, r.key, 'keyring' in sys.modules)\n"
    )
    env = {**os.environ, API_KEY_ENV: "phx_env_only", "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30, check=True
    ).stdout
    assert out.split() == ["env", "phx_env_only", "False"]


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (fail.Keyring(), "no keyring backend is available"),
        (null.Keyring(), "the keyring is disabled (null backend)"),
        (RaisingKeyring(), "RuntimeError: Unable to initialize SecretService"),
        (UnavailableKeyring(), "is not usable: SecretStorage required"),
        (PlaintextKeyring(), "keyrings.alt.file.PlaintextKeyring is not a secure store"),
    ],
)
def test_unusable_backends_give_no_key_and_a_reason(use_keyring, backend, reason):
    use_keyring(backend)
    if isinstance(backend, MemoryKeyring):
        backend.store[(KEYRING_SERVICE, "prod")] = SECRET
    result = resolve_api_key("prod")
    assert (result.key, result.source) == (None, "none")
    assert reason in result.reason


def test_blocking_backend_times_out(use_keyring):
    ring = use_keyring(BlockingKeyring())
    started = time.perf_counter()
    result = resolve_api_key("prod", timeout=0.2)
    elapsed = time.perf_counter() - started
    ring.release.set()
    assert 0.2 <= elapsed < 1.0
    assert result.source == "none"
    assert "did not answer within 0.2 s" in result.reason


async def test_async_resolve_leaves_the_event_loop_free(use_keyring):
    import asyncio

    ring = use_keyring(BlockingKeyring())
    ticks = 0

    async def tick():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    result = await resolve_api_key_async("prod", timeout=0.2)
    ticker.cancel()
    ring.release.set()
    assert result.source == "none"
    assert ticks >= 10


def test_store_and_forget_round_trip(use_keyring):
    ring = use_keyring(MemoryKeyring())
    stored = store_api_key("prod", SECRET)
    assert stored.ok and "saved the key for profile 'prod'" in stored.message
    assert ring.store == {(KEYRING_SERVICE, "prod"): SECRET}
    assert resolve_api_key("prod").key == SECRET
    assert forget_api_key("prod").message == "removed the key for profile 'prod' from the keyring"
    assert ring.store == {}
    again = forget_api_key("prod")
    assert again.ok and again.message == "no key was stored for profile 'prod'"


def test_plaintext_keyring_is_never_written(use_keyring):
    ring = use_keyring(PlaintextKeyring())
    outcome = store_api_key("prod", SECRET)
    assert not outcome.ok
    assert "not a secure store" in outcome.message
    assert ring.store == {}


def test_store_failure_message_never_contains_the_key(use_keyring):
    use_keyring(RaisingKeyring())
    outcome = store_api_key("prod", SECRET)
    assert not outcome.ok
    assert "RuntimeError: refused to store [key]" in outcome.message
    assert SECRET not in outcome.message


async def test_async_store_uses_the_keyring(use_keyring):
    ring = use_keyring(MemoryKeyring())
    assert (await store_api_key_async("p", SECRET)).ok
    assert ring.store[(KEYRING_SERVICE, "p")] == SECRET


@pytest.mark.parametrize(
    ("backend", "usable", "text"),
    [
        (MemoryKeyring(), True, "tests.keyrings.MemoryKeyring"),
        (fail.Keyring(), False, "no keyring backend is available"),
        (PlaintextKeyring(), False, "not a secure store"),
        (UnavailableKeyring(), False, "SecretStorage required"),
    ],
)
def test_keyring_status(use_keyring, backend, usable, text):
    use_keyring(backend)
    ok, description = keyring_status()
    assert ok is usable
    assert text in description


def test_keyring_status_times_out(use_keyring, monkeypatch):
    def slow_backend():
        time.sleep(5)

    monkeypatch.setattr(credentials, "_secure_backend", slow_backend)
    assert keyring_status(timeout=0.2) == (
        False,
        "the keyring did not answer within 0.2 s (a locked keyring may be waiting for an "
        "unlock prompt)",
    )


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_check_key_accepts_a_good_key_and_finds_the_current_project(demo):
    result = await check_key(demo.url, demo.api_key)
    assert result.ok, result.message
    assert result.host == demo.url
    assert result.current_project_id == DEMO_PROJECT_ID
    assert DEMO_PROJECT_ID in [p.id for p in result.projects]
    # Who the key belongs to, what the key may do (scopes said up front), then its projects.
    assert [r.path for r in demo.requests] == [
        "/api/users/@me/",
        "/api/personal_api_keys/@current/",
        "/api/projects/",
    ]


async def test_check_key_reports_a_rejected_key(demo):
    result = await check_key(demo.url, "phx_not_a_real_key_42")
    assert not result.ok
    assert result.message.startswith(f"{demo.url} rejected this key (401)")
    assert "phx_not_a_real_key_42" not in result.message


async def test_check_key_names_the_missing_scope(demo):
    result = await check_key(demo.url, DEMO_NO_SCOPE_KEY)
    assert not result.ok
    assert result.message.startswith("This key lacks the 'user:read' scope")


async def test_check_key_refuses_a_project_the_key_cannot_see(demo):
    result = await check_key(demo.url, demo.api_key, 987654)
    assert not result.ok
    assert result.message.startswith("Project 987654 is not visible to this key. It can see: ")
    assert f"{DEMO_PROJECT_ID} (" in result.message


async def test_check_key_reports_an_unreachable_host(closed_port):
    host = f"http://127.0.0.1:{closed_port}"
    result = await check_key(host, SECRET, timeout=2)
    assert not result.ok
    assert result.message == f"Could not connect to {host}. Check the address and your network."


async def test_check_key_reports_a_silent_server():
    with socket.socket() as sock:
        # Listening without ever accepting: the connect succeeds, the answer never comes.
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        host = f"http://127.0.0.1:{sock.getsockname()[1]}"
        result = await check_key(host, SECRET, timeout=0.3)
    assert result.message == f"{host} did not answer within 0.3 s. Check the address or try again."


@pytest.mark.parametrize(
    ("host", "key", "message"),
    [
        ("http://posthog.example.com", SECRET, "Refusing plain http for posthog.example.com"),
        ("us", "  ", "Enter a personal API key."),
        ("us", "phc_project_token", "That is a project API key (phc_...)"),
    ],
)
async def test_check_key_refuses_before_any_request(host, key, message):
    result = await check_key(host, key)
    assert not result.ok and result.message.startswith(message)


@pytest.fixture
def cfg_path(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("POSTHOG_TUI_CONFIG", str(path))
    return path


def feed_stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_cmd_login_checks_the_key_and_saves_profile_and_key(demo, cfg_path, use_keyring, monkeypatch, capsys):
    ring = use_keyring(MemoryKeyring())
    feed_stdin(monkeypatch, demo.api_key + "\n")
    assert account.login(demo.url, None, "work") == 0
    out = capsys.readouterr()
    assert demo.api_key not in out.out + out.err
    assert f"Profile 'work': {demo.url}, project {DEMO_PROJECT_ID} (Hedgebox)" in out.out
    assert "Saved the key for profile 'work'" in out.out
    cfg = load_config(cfg_path)
    assert cfg.default_profile == "work"
    assert (cfg.profiles["work"].host, cfg.profiles["work"].project) == (demo.url, DEMO_PROJECT_ID)
    assert ring.store == {(KEYRING_SERVICE, "work"): demo.api_key}


def test_cmd_login_without_a_secure_keyring_still_saves_the_profile(demo, cfg_path, use_keyring, monkeypatch, capsys):
    use_keyring(fail.Keyring())
    feed_stdin(monkeypatch, demo.api_key + "\n")
    assert account.login(demo.url, DEMO_PROJECT_ID, None) == 0
    out = capsys.readouterr().out
    assert "The key was not saved: no keyring backend is available" in out
    assert f"Set {API_KEY_ENV} before starting posthog-tui." in out
    assert "default" in load_config(cfg_path).profiles


def test_cmd_login_with_a_bad_key_writes_nothing(demo, cfg_path, use_keyring, monkeypatch, capsys):
    ring = use_keyring(MemoryKeyring())
    feed_stdin(monkeypatch, "phx_wrong_key_123\n")
    assert account.login(demo.url, None, None) == 1
    err = capsys.readouterr().err
    assert "rejected this key (401)" in err and "Traceback" not in err
    assert not cfg_path.exists() and ring.store == {}


def test_cmd_login_again_keeps_the_profiles_project(demo, cfg_path, use_keyring, monkeypatch):
    use_keyring(MemoryKeyring())
    upsert_profile("work", host=demo.url, project=2, protected=True)
    feed_stdin(monkeypatch, demo.api_key + "\n")
    assert account.login(None, None, "work") == 0
    prof = load_config(cfg_path).profiles["work"]
    assert (prof.host, prof.project, prof.protected) == (demo.url, 2, True)


@pytest.mark.parametrize(
    ("host", "profile", "code", "message"),
    [
        (None, None, 2, "No host given: pass --host"),
        ("http://posthog.example.com", None, 1, "Refusing plain http"),
        ("us", "bad name", 1, "Invalid profile name 'bad name'"),
    ],
)
def test_cmd_login_refuses_bad_arguments_before_asking_for_a_key(
    cfg_path, monkeypatch, capsys, host, profile, code, message
):
    feed_stdin(monkeypatch, "")
    assert account.login(host, None, profile) == code
    assert message in capsys.readouterr().err


def test_cmd_logout_forgets_the_default_profiles_key(cfg_path, use_keyring, capsys):
    ring = use_keyring(MemoryKeyring())
    upsert_profile("prod", host="us", project=1)
    ring.store[(KEYRING_SERVICE, "prod")] = SECRET
    assert account.logout() == 0
    assert ring.store == {}
    assert "Removed the key for profile 'prod' from the keyring." in capsys.readouterr().out
    assert list(load_config(cfg_path).profiles) == ["prod"]


def test_cmd_logout_reports_an_unusable_keyring(cfg_path, use_keyring, capsys):
    use_keyring(fail.Keyring())
    assert account.logout("prod") == 1
    assert "No keyring backend is available" in capsys.readouterr().err


@pytest.mark.parametrize(
    "stored",
    [SECRET + "\n", f"  {SECRET}\r\n", SECRET.encode(), (SECRET + "\n").encode()],
    ids=["trailing-newline", "spaces-and-crlf", "bytes", "bytes-with-newline"],
)
def test_a_key_stored_with_whitespace_or_as_bytes_comes_back_as_clean_text(use_keyring, stored):
    ring = use_keyring(MemoryKeyring())
    ring.store[(KEYRING_SERVICE, "prod")] = stored
    result = resolve_api_key("prod")
    assert (result.key, result.source) == (SECRET, "keyring")


def test_a_key_stored_as_undecodable_bytes_is_refused_with_a_reason(use_keyring):
    ring = use_keyring(MemoryKeyring())
    ring.store[(KEYRING_SERVICE, "prod")] = b"\xff\xfephx_garbage"
    result = resolve_api_key("prod")
    assert (result.key, result.source) == (None, "none")
    assert result.reason.startswith("the key stored for profile 'prod' in tests.keyrings.MemoryKeyring is not text")
    assert "garbage" not in result.reason
