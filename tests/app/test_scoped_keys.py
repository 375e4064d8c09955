"""Real PostHog keys: one limited to chosen projects logs in and lists them; the scopes a key
lacks are said up front and the writes they block are greyed out from the start."""

from __future__ import annotations

import os
import subprocess
import sys

from textual.widgets import ContentSwitcher, OptionList

from tests.pilot import make_app, paste, settle, wait_until, writes
from tui.demo import DEMO_READ_ONLY_KEY, DEMO_SCOPED_KEY
from tui.screens.login import LoginScreen
from tui.settings.key_check import check_key


async def test_a_project_scoped_key_logs_in_and_lists_its_projects(demo):
    demo.requests.clear()
    result = await check_key(demo.url, DEMO_SCOPED_KEY)
    assert result.ok, result.message
    assert [p.id for p in result.projects] == [demo.project_id] and result.current_project_id == demo.project_id
    assert result.missing == ()
    # The projects list, which such a key is refused, was not even asked for.
    assert not [r for r in demo.requests if r.path.rstrip("/") == "/api/projects"]


async def test_a_refusal_that_mentions_scope_is_not_taken_for_a_missing_scope(demo):
    from tui.api.client import PostHogClient
    from tui.api.errors import PermissionDeniedError
    from tui.settings.key_check import _check_failure

    async with PostHogClient(demo.url, DEMO_SCOPED_KEY, demo.project_id, max_retries=0) as client:
        try:
            await client.project_resource.page()
        except PermissionDeniedError as error:
            message = _check_failure(error, demo.url, 5)
    assert "scoped projects" in message and "lacks the" not in message


def test_login_on_the_command_line_with_a_scoped_key(demo, tmp_path):
    config = tmp_path / "config.toml"
    done = subprocess.run([sys.executable, "-m", "tui", "login", "--host", demo.url, "--profile", "scoped"],
                          input=DEMO_SCOPED_KEY + "\n", capture_output=True, text=True, timeout=60,
                          env={**os.environ, "POSTHOG_TUI_CONFIG": str(config)})
    assert done.returncode == 0, done.stderr
    assert f"project {demo.project_id} (Hedgebox)" in done.stdout
    assert f"project = {demo.project_id}" in config.read_text()


async def test_the_login_screen_lists_a_scoped_keys_projects(demo):
    from tui.app import PostHogApp

    app = PostHogApp(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen), "the login screen")
        await pilot.press("tab")
        await paste(pilot, demo.url)
        await pilot.press("tab")
        await paste(pilot, DEMO_SCOPED_KEY)
        await pilot.press("enter")
        steps = app.screen.query_one(ContentSwitcher)
        await wait_until(pilot, lambda: steps.current == "login-step-project", "the project step")
        projects = app.screen.query_one("#login-projects", OptionList)
        assert projects.option_count == 1 and "Hedgebox" in str(projects.get_option_at_index(0).prompt)


async def test_a_read_only_key_greys_out_writes_from_the_start(demo):
    app = make_app(demo)
    app._api_key = DEMO_READ_ONLY_KEY
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: "This key lacks" in "".join(str(n.message) for n in app._notifications),
                         "the scopes said up front")
        assert "event_definition:write" in app.guard.missing_scopes
        assert app.screen.check_action("edit", ()) is None  # greyed out before any refusal
        assert not writes(demo)
