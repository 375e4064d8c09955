import socket

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widgets import Checkbox, ContentSwitcher, Input, OptionList, Static

from tui.demo import DEMO_NO_SCOPE_KEY, DEMO_PROJECT_ID
from tui.screens.login import KeyPromptScreen, LoginResult, LoginScreen
from tui.settings.locations import styles_dir

UNSET = object()


class MemoryKeyring(KeyringBackend):
    priority = -1  # never chosen by keyring's own detection

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        raise AssertionError("the screens must not write to the keyring themselves")

    def delete_password(self, service, username):
        pass


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.core._keyring_backend
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.core._keyring_backend = previous


class Harness(App[None]):
    CSS_PATH = styles_dir() / "login.tcss"

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.login = screen
        self.result: object = UNSET

    def on_mount(self) -> None:
        self.push_screen(self.login, self.finished)

    def finished(self, result: LoginResult | None) -> None:
        self.result = result


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def status(app: App) -> str:
    """The status line's text, which must also be on screen, not pushed below the bottom."""
    line = app.screen.query_one("#login-status", Static)
    region = line.region
    assert region.height > 0 and region.bottom <= app.size.height
    return str(line.render())


async def paste(pilot, text: str) -> None:
    """Keys are pasted, not typed: one press per character would cost ~60 ms each."""
    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()


async def paste_key_and_check(pilot, key: str) -> None:
    await paste(pilot, key)
    await pilot.press("enter")
    await settle(pilot)


async def test_keyboard_login_returns_host_project_key_and_save_choice(demo):
    app = Harness(LoginScreen(demo.url))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.focused.id == "login-key"
        await paste(pilot, demo.api_key)
        assert app.focused.value == demo.api_key
        assert demo.api_key not in app.export_screenshot()
        await pilot.press("enter")
        await settle(pilot)

        assert app.screen.query_one(ContentSwitcher).current == "login-step-project"
        projects = app.screen.query_one("#login-projects", OptionList)
        assert app.focused is projects
        assert projects.get_option_at_index(projects.highlighted).id == str(DEMO_PROJECT_ID)
        assert app.screen.query_one("#login-save", Checkbox).value is True
        assert "Signed in as" in status(app)
        assert demo.api_key not in app.export_screenshot()

        await pilot.press("enter")
        assert app.focused.id == "login-profile"
        await pilot.press("ctrl+u", *"work", "enter")
        await pilot.pause()
    assert app.result == LoginResult(demo.url, DEMO_PROJECT_ID, demo.api_key, "work", True)
    assert demo.api_key not in repr(app.result)


async def test_self_hosted_region_is_chosen_with_the_keyboard(demo):
    app = Harness(LoginScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.focused.id == "login-region"
        await pilot.press("tab")  # tab reaches the address box at once
        assert app.focused.id == "login-host"
        await pilot.press("shift+tab", "down", "down", "enter")
        assert app.focused.id == "login-host"
        await paste(pilot, demo.url)
        await pilot.press("tab")
        assert app.focused.id == "login-key"
        await paste_key_and_check(pilot, demo.api_key)
        assert app.screen.query_one(ContentSwitcher).current == "login-step-project"


async def test_typing_an_address_chooses_self_hosted(demo):
    app = Harness(LoginScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await paste(pilot, demo.url)
        assert app.screen.query_one("#login-region-self").value
        await pilot.press("tab")
        await paste_key_and_check(pilot, demo.api_key)
        assert app.screen.query_one(ContentSwitcher).current == "login-step-project"


@pytest.mark.parametrize(
    ("host", "key", "message"),
    [
        (None, "phx_not_a_real_key_42", "rejected this key (401)"),
        (None, DEMO_NO_SCOPE_KEY, "This key lacks the 'user:read' scope"),
        ("closed", "phx_not_a_real_key_42", "Could not connect to http://127.0.0.1:"),
        ("http://posthog.example.com", "phx_not_a_real_key_42", "Refusing plain http"),
        (None, "", "Enter a personal API key."),
    ],
)
async def test_login_failures_are_shown_and_the_key_is_not(demo, host, key, message):
    if host == "closed":
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            host = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app = Harness(LoginScreen(host or demo.url))
    async with app.run_test() as pilot:
        await settle(pilot)
        await paste_key_and_check(pilot, key)
        assert message in status(app)
        assert app.screen.query_one("#login-status").has_class("-error")
        assert app.screen.query_one(ContentSwitcher).current == "login-step-key"
        assert not app.screen.query_one("#login-check").disabled
        if key:
            assert key not in app.export_screenshot()
    assert app.result is UNSET


async def test_unexpected_check_failure_is_shown_without_details(monkeypatch):
    async def broken_check(*args, **kwargs):
        raise RuntimeError("boom phx_secret_in_error")

    monkeypatch.setattr("tui.screens.login.check_key", broken_check)
    app = Harness(KeyPromptScreen("us", 1, "prod"))
    async with app.run_test() as pilot:
        await settle(pilot)
        await paste_key_and_check(pilot, "phx_secret_in_error")
        assert status(app) == "Checking the key failed unexpectedly (RuntimeError)."
        assert not app.screen.query_one("#login-check").disabled
        assert "phx_secret_in_error" not in app.export_screenshot()
    assert app.result is UNSET


async def test_escape_steps_back_and_never_leaves_a_required_login(demo):
    app = Harness(LoginScreen(demo.url))
    async with app.run_test() as pilot:
        await settle(pilot)
        await paste_key_and_check(pilot, demo.api_key)
        await pilot.press("escape")
        assert app.screen.query_one(ContentSwitcher).current == "login-step-key"
        assert app.focused.id == "login-key"
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, LoginScreen)
    assert app.result is UNSET


async def test_escape_cancels_a_cancellable_login():
    app = Harness(LoginScreen(cancellable=True))
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("escape")
    assert app.result is None


async def test_bad_profile_name_keeps_the_screen_open(demo):
    app = Harness(LoginScreen(demo.url))
    async with app.run_test() as pilot:
        await settle(pilot)
        await paste_key_and_check(pilot, demo.api_key)
        app.screen.query_one("#login-profile", Input).value = "no spaces"
        await pilot.click("#login-done")
        await pilot.pause()
        assert "Invalid profile name 'no spaces'" in status(app)
    assert app.result is UNSET


async def test_unusable_keyring_disables_saving_and_points_to_the_env_var(demo):
    keyring.set_keyring(fail.Keyring())
    app = Harness(LoginScreen(demo.url))
    async with app.run_test() as pilot:
        await settle(pilot)
        await paste_key_and_check(pilot, demo.api_key)
        box = app.screen.query_one("#login-save", Checkbox)
        assert box.disabled and not box.value
        note = str(app.screen.query_one("#login-keyring-note", Static).render())
        assert "The key cannot be saved: no keyring backend is available" in note
        assert "POSTHOG_PERSONAL_API_KEY" in note
        await pilot.press("enter", "enter")
    assert app.result.save is False


async def test_key_prompt_returns_a_checked_key(demo):
    app = Harness(KeyPromptScreen(demo.url, DEMO_PROJECT_ID, "prod"))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#login-save", Checkbox).disabled
        await paste_key_and_check(pilot, demo.api_key)
    assert app.result == LoginResult(demo.url, DEMO_PROJECT_ID, demo.api_key, "prod", True)


async def test_key_prompt_refuses_a_key_that_cannot_see_the_project(demo):
    app = Harness(KeyPromptScreen(demo.url, 987654, "prod"))
    async with app.run_test() as pilot:
        await settle(pilot)
        await paste_key_and_check(pilot, demo.api_key)
        assert "Project 987654 is not visible to this key" in status(app)
        assert demo.api_key not in app.export_screenshot()
    assert app.result is UNSET


async def test_key_prompt_without_profile_offers_no_saving_and_escape_cancels(demo):
    app = Harness(KeyPromptScreen(demo.url, DEMO_PROJECT_ID))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.screen.query_one("#login-save", Checkbox).disabled
        note = str(app.screen.query_one("#login-keyring-note", Static).render())
        assert "posthog-tui login" in note
        await pilot.press("escape")
    assert app.result is None
