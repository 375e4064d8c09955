"""The Textual application: connection, navigation between resources, global actions."""

from __future__ import annotations

import asyncio
from functools import partial

from textual import work
from textual.app import App
from textual.binding import Binding

from tui import actions
from tui.commands import ActionCommands
from tui.paths import styles_dir
from tui.resources import BY_ID, switchable
from tui.screens.resource import ResourceScreen
from tui.session import Session, Target, open_demo, open_remote


class PostHogApp(App[None]):
    TITLE = "posthog-tui"
    CSS_PATH = [styles_dir() / "app.tcss"]
    COMMANDS = App.COMMANDS | {ActionCommands}
    BINDINGS = [*actions.bindings("app"), Binding("ctrl+c", "quit", show=False, id="app.quit_ctrl_c")]
    MODES = {spec.id: partial(ResourceScreen, spec) for spec in switchable()}

    def __init__(self, target: Target, *, keymap: dict[str, str] | None = None, api_key: str | None = None) -> None:
        super().__init__()
        self.target = target
        self.session: Session | None = None
        self.ready = asyncio.Event()
        self.connect_error: str | None = None
        self._api_key = api_key
        self.user_keymap = dict(keymap or {})

    @property
    def read_only(self) -> bool:
        return self.target.read_only

    def on_mount(self) -> None:
        if self.user_keymap:
            self.update_keymap(self.user_keymap)
        # The first frame is drawn before any network or keyring work starts.
        self.switch_mode("event_definitions")
        self.connect()

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        try:
            if self.target.demo:
                self.session = await open_demo(self.target)
            else:
                if self._api_key is None:
                    self._api_key = await self._ask_for_key()
                if self._api_key is None:
                    self.connect_error = "No API key: set POSTHOG_PERSONAL_API_KEY or run `posthog-tui login`."
                    return
                self.session = await open_remote(self.target, self._api_key)
            self.sub_title = self.session.describe()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message on screen
            self.connect_error = f"Could not connect: {exc}"
            self.notify(self.connect_error, severity="error", timeout=10)
        finally:
            self.ready.set()

    async def _ask_for_key(self) -> str | None:
        from tui.screens.login import KeyPromptScreen

        result = await self.push_screen_wait(KeyPromptScreen(self.target.host, self.target.project, self.target.profile))
        return result.api_key if result else None

    async def client(self):
        """The API client once connected, or None (the reason is already on screen)."""
        await self.ready.wait()
        return self.session.client if self.session else None

    # Global actions -------------------------------------------------------------------
    def action_goto(self, resource: str) -> None:
        self.switch_mode(resource)

    def action_switch_resource(self) -> None:
        from tui.screens.switcher import SwitchScreen

        def chosen(resource: str | None) -> None:
            if resource:
                self.switch_mode(resource) if resource in self.MODES else self.push_screen(ResourceScreen(BY_ID[resource]))

        self.push_screen(SwitchScreen(), chosen)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def allow_write(self, action_id: str) -> bool:
        """Whether a write may start; says why on screen when it may not."""
        if self.read_only:
            self.notify(
                f"Read-only session: '{actions.get(action_id).description}' is disabled "
                "(started with --read-only or a read-only profile).",
                severity="warning",
            )
            return False
        return True

    def show_error(self, error: BaseException, doing: str) -> None:
        self.notify(f"{doing} failed: {error}", severity="error", timeout=8)

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.close()
