"""From a fresh install to a project: first-run login, key prompt, switching, scopes, banners."""

from __future__ import annotations

import stat

from textual import events
from textual.widgets import ContentSwitcher, Input

from tests.pilot import make_app, screen_text, settle, text_of, wait_until
from tui.app import PostHogApp
from tui.connection import Target, start_early
from tui.demo import DEMO_NO_SCOPE_KEY, DEMO_PROJECT_ID
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.login import KeyPromptScreen, LoginScreen
from tui.screens.resource import ResourceScreen


async def paste(pilot, text: str) -> None:
    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()


def rows(app: PostHogApp) -> int:
    return app.screen.query_one("#table").row_count


async def test_first_run_logs_in_saves_the_profile_and_key_then_lists_definitions(demo, memory_keyring, tmp_path):
    app = PostHogApp(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "the login screen")
        await pilot.press("down", "down", "enter")  # self-hosted
        await paste(pilot, demo.url)
        await pilot.press("tab")
        await paste(pilot, demo.api_key)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: app.screen.query_one(ContentSwitcher).current == "login-step-project", "the project step"
        )
        await pilot.press("enter")
        app.screen.query_one("#login-profile", Input).value = "home"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ResourceScreen) and rows(app) > 0, "definitions")
        await settle(pilot)
        assert "home · 127.0.0.1 · Hedgebox (1)" in text_of(app, "#topbar")
        assert demo.api_key not in app.export_screenshot()
    config = tmp_path / "config.toml"
    assert "[profiles.home]" in config.read_text()
    assert demo.api_key not in config.read_text()
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert memory_keyring.store[("posthog-tui", "home")] == demo.api_key


async def test_host_and_project_without_a_key_ask_for_it(demo, memory_keyring):
    app = PostHogApp(Target(host=demo.url, project=demo.project_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, KeyPromptScreen) and getattr(app.focused, "id", None) == "login-key",
            "the key prompt",
        )
        await paste(pilot, demo.api_key)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ResourceScreen) and rows(app) > 0, "definitions")
        assert demo.api_key not in app.export_screenshot()


async def test_a_key_in_the_keyring_is_used_without_asking(demo, memory_keyring):
    memory_keyring.set_password("posthog-tui", "work", demo.api_key)
    app = PostHogApp(Target(host=demo.url, project=demo.project_id, profile="work"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: rows(app) > 0, "definitions loaded with the stored key")
        assert not isinstance(app.screen, KeyPromptScreen)


async def test_a_config_file_read_without_validation_is_validated_before_connecting(demo, tmp_path, monkeypatch):
    # The start took host and project from a first read; the unknown key is found after the
    # first frame, and the app says so instead of connecting.
    monkeypatch.setenv("POSTHOG_TUI_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "config.toml").write_text(
        f'[profiles.p]\nhost = "{demo.url}"\nproject = {demo.project_id}\ncolour = "red"\n')
    target = Target(host=demo.url, project=demo.project_id, profile="p", check_config=True)
    app = PostHogApp(target, api_key=demo.api_key)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app.ready.is_set, "the start to give up")
        assert app.connection is None
        assert app.connect_error and "profiles.p.colour: unknown key" in app.connect_error
        await wait_until(pilot, lambda: "failed: Invalid config file" in screen_text(app), "the error on screen")


async def test_the_keyring_lookup_begun_at_start_gives_the_key(demo, memory_keyring, monkeypatch):
    memory_keyring.set_password("posthog-tui", "work", demo.api_key)
    target = Target(host=demo.url, project=demo.project_id, profile="work")
    start_early(target)

    async def no_second_lookup(profile: str, **_: object) -> None:
        raise AssertionError("the keyring was asked again")

    monkeypatch.setattr("tui.settings.key_store.resolve_api_key_async", no_second_lookup)
    app = PostHogApp(target)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: rows(app) > 0, "definitions loaded with the key found at start")
        assert not isinstance(app.screen, KeyPromptScreen)


async def test_switching_project_reloads_the_lists_from_the_new_project(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert rows(app) >= 2000
        await pilot.press("colon")
        await paste(pilot, "project")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen) and "Switch project" in app.screen.title_text, "project picker")
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.connection.project_id != DEMO_PROJECT_ID, "the switch")
        await settle(pilot)
        second = app.connection.project_id
        assert any(r.path.startswith(f"/api/projects/{second}/event_definitions") for r in demo.requests)
        assert 0 < rows(app) < 2000
        assert f"({second})" in text_of(app, "#topbar")


async def test_a_missing_scope_is_named_and_writes_needing_it_are_refused(demo):
    app = PostHogApp(Target(host=demo.url, project=demo.project_id, profile="p"), api_key=DEMO_NO_SCOPE_KEY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = text_of(app, "#status")
        assert "missing required scope 'event_definition:read'" in status
        assert "event_definition:read" in app.guard.missing_scopes
        app.guard.note_missing("event_definition:write")
        assert await app.guard.ask("Edit", "event_definition:write") is None
        await pilot.pause()
        assert any("lacks the 'event_definition:write' scope" in str(n.message) for n in app._notifications)


async def test_protected_profile_shows_a_banner_and_read_only_says_so(demo):
    target = Target(host=demo.url, project=demo.project_id, profile="prod", protected=True, read_only=True)
    app = PostHogApp(target, api_key=demo.api_key)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one("#topbar")
        assert bar.has_class("-protected")
        assert "[read-only]" in text_of(app, "#topbar") and "[PROTECTED]" in text_of(app, "#topbar")
        assert await app.guard.ask("Edit") is None
        await pilot.pause()
        assert any("Read-only session" in str(n.message) for n in app._notifications)


async def test_an_unreachable_host_is_a_message_not_a_crash():
    app = PostHogApp(Target(host="http://127.0.0.1:9", project=1, profile="x"), api_key="phx_unreachable_key_123")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, timeout=30)
        assert "127.0.0.1" in text_of(app, "#status")
        assert "phx_unreachable_key_123" not in app.export_screenshot()


async def test_on_the_login_screen_the_apps_keys_are_typed_not_run(demo, memory_keyring):
    app = PostHogApp(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "the login screen")
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "login-region", "focus")
        await pilot.press(*":1q?P")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen) and app.is_running
        await pilot.press("tab", *"1:q?P")  # the address box takes them as text
        assert app.screen.query_one("#login-host", Input).value == "1:q?P"
