"""The Textual application: the connection, the write gate, global keys, and navigation."""

from __future__ import annotations

import asyncio
import gc
from functools import partial
from typing import Any

from textual import events, work
from textual.app import App
from textual.content import Content

from tui.connection import Connection, Target, open_demo, open_remote, stored_key
from tui.keys import registry
from tui.keys.palette import ActionCommands
from tui.navigation import Navigation
from tui.resources import switchable
from tui.screens.guard import WriteGate
from tui.screens.resource import ResourceScreen
from tui.screens.worker_errors import ReportWorkerErrors
from tui.settings.locations import styles_dir
from tui.text import safe

CONSOLE = "console"  # the name the console screen is installed under
BROWSE_ONLY = frozenset(registry.action_name(a) for a in registry.for_scopes("app") if a.browse_only)


def config_problem() -> str | None:
    """What is wrong with the config file, or None; pydantic is imported here, off the event loop."""
    from tui.settings.config import ConfigError, load_config

    try:
        load_config()
    except ConfigError as exc:
        return str(exc)
    return None


class PostHogApp(Navigation, ReportWorkerErrors, App[None]):
    TITLE = "posthog-tui"
    # Read with the app's own: a screen's CSS_PATH read on its first push makes Textual parse every
    # source again and restyle every node (~45 ms for triage, `7` with 10,000 definitions).
    CSS_PATH = [styles_dir() / name for name in ("app.tcss", "login.tcss", "editing.tcss", "triage.tcss")]
    COMMANDS = App.COMMANDS | {ActionCommands}
    KEY_SCOPES = ("app",)
    BINDINGS = registry.bindings(*KEY_SCOPES)
    MODES = {spec.id: partial(ResourceScreen, spec) for spec in switchable()}

    def __init__(self, target: Target | None, *, keymap: dict[str, str] | None = None,
                 api_key: str | None = None) -> None:
        super().__init__()
        self.target = target
        self.connection: Connection | None = None
        self.guard = WriteGate(self)
        self.ready = asyncio.Event()
        self.connect_error: str | None = None
        self._api_key = api_key
        self.user_keymap = registry.normalize_keymap(keymap or {})
        self.projects: list = []
        # Bumped whenever the project or profile changes: screens reload when they see a new one.
        self.generation = 0

    @property
    def read_only(self) -> bool:
        return self.guard.read_only

    @property
    def protected(self) -> bool:
        return bool(self.target and self.target.protected)

    def refresh_chrome(self) -> None:
        from tui.widgets.topbar import TopBar

        for bar in self.screen.query(TopBar):
            bar.refresh_text()
        self.refresh_bindings()

    def chrome_text(self) -> str:
        """Profile, host and project for every screen's top bar."""
        if self.connection is None:
            return "connecting…" if not self.ready.is_set() else "not connected"
        flags = "".join((" [read-only]" if self.read_only else "", " [PROTECTED]" if self.protected else ""))
        return f"{self.connection.describe()}{flags}"

    def on_mount(self) -> None:
        if self.user_keymap:
            self.update_keymap(self.user_keymap)
        # The first frame is drawn before any network or keyring work starts.
        self.switch_mode("event_definitions")
        self.call_after_refresh(self.connect)
        # What start-up built (modules, classes, the screen: ~70k objects) lives for the process.
        # Kept out of the collector's full passes, it no longer costs ~25 ms per pass while the
        # client is imported and a long list streams in.
        self.call_after_refresh(gc.freeze)

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        self.ready.clear()
        self.connect_error = None
        try:
            if self.target is None:
                await self._first_run_login()
            if self.target is None:
                self.connect_error = "Not logged in: run `posthog-tui login` or restart and fill in the login screen."
            elif self.target.check_config and (problem := await asyncio.to_thread(config_problem)):
                self.connect_error = problem
            elif self.target.demo:
                self.connection = await open_demo(self.target, self.guard)
            else:
                self.connection = await self._open_with_a_key()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message on screen
            self.connect_error = f"Could not connect: {exc}"
        finally:
            if self.generation == 0:
                # The client's modules join what start-up built (see `on_mount`); the young
                # generations are collected first so the connect's own garbage is not kept.
                gc.collect(1)
                gc.freeze()
            self.generation += 1
            self.ready.set()
        if self.connect_error:
            self.notify(Content(self.connect_error), severity="error", timeout=10)
        if self.connection is not None:
            # The key's scopes and the project's name shape the chrome: lists do not wait for them.
            await self._read_the_key()
            await self._name_project()
        self.refresh_chrome()

    async def _first_run_login(self) -> None:
        from tui.screens.login import LoginScreen

        result = await self.push_screen_wait(LoginScreen())
        if result is None:
            return
        await self._persist(result)
        self.target = Target(host=result.host, project=result.project_id, profile=result.profile_name)
        self._api_key = result.api_key

    async def _open_with_a_key(self) -> Connection | None:
        """The key from the environment, the keyring or the prompt; a key that cannot be sent at
        all (a control character, a non-ASCII one) is said so and asked for again."""
        from tui.api.errors import InvalidApiKeyError

        assert self.target is not None
        from_store = True
        while True:
            await self._find_key(from_store=from_store)
            if self._api_key is None:
                self.connect_error = "No API key: set POSTHOG_PERSONAL_API_KEY or run `posthog-tui login`."
                return None
            try:
                return await open_remote(self.target, self._api_key, self.guard)
            except InvalidApiKeyError as exc:
                self.notify(str(exc), severity="error", timeout=10)
                self._api_key, from_store = None, False  # the stored key is the unusable one

    async def _find_key(self, *, from_store: bool = True) -> None:
        """Keyring (off the UI thread, time-boxed), then the masked prompt."""
        from tui.screens.login import KeyPromptScreen

        assert self.target is not None
        if self._api_key is None and self.target.profile and from_store:
            found = await stored_key(self.target.profile)
            self._api_key = found.key
            if found.key is None and found.reason:
                self.notify(Content(found.reason), severity="warning", timeout=6)
        if self._api_key is None and self.target.host and self.target.project:
            prompt = KeyPromptScreen(self.target.host, self.target.project, self.target.profile)
            result = await self.push_screen_wait(prompt)
            if result is not None:
                await self._persist(result)
                self._api_key = result.api_key

    async def _persist(self, result: Any) -> None:
        from tui.settings.config import ConfigError

        try:
            outcome = await result.persist()
        except (ConfigError, ValueError) as exc:  # the key works; only saving the profile failed
            self.notify(f"The profile was not saved: {exc}", severity="warning", timeout=10)
            return
        if outcome is not None and not outcome.ok:
            self.notify(Content(outcome.message), severity="warning", timeout=8)

    async def _read_the_key(self) -> None:
        """Writes the key's scopes do not allow are greyed out from the start, and what it lacks
        is said once, instead of after the first refusal."""
        from tui.api.errors import ApiError
        from tui.settings.key_check import describe_missing, missing_scopes

        assert self.connection is not None
        try:
            key = await self.connection.client.personal_key()
        except ApiError:
            return  # older servers do not describe keys: refusals then teach the app
        missing = missing_scopes(key)
        for scope in missing:
            self.guard.note_missing(scope)
        if missing:
            self.notify(f"This key lacks: {describe_missing(missing)}.", severity="warning", timeout=8)

    async def _name_project(self) -> None:
        from tui.api.errors import ApiError

        connection = self.connection
        assert connection is not None
        try:
            projects = await connection.client.projects()
        except ApiError:
            return  # lists still work with project:read missing
        self.projects = projects
        for project in projects:
            if project.id == connection.project_id:
                connection.project_name = project.name or ""

    async def client(self) -> Any:
        """The API client once connected, or None (the reason is already on screen)."""
        await self.ready.wait()
        return self.connection.client if self.connection else None

    # Keys that belong to the browsing screens --------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in BROWSE_ONLY and not getattr(self.screen, "BROWSING", False):
            # In a form or on the login screen, printable keys are the form's.
            return False
        return True

    # Leaving --------------------------------------------------------------------------
    def all_screens(self) -> list[Any]:
        """Every open screen of every mode, bottom of each stack first."""
        # Each mode keeps its own stack; Textual exposes only the current one publicly.
        stacked = [screen for stack in self._screen_stacks.values() for screen in stack]
        # The console is kept when left (see `open_console`), with whatever was typed in it.
        kept = [self.get_screen(CONSOLE)] if self.is_screen_installed(CONSOLE) else []
        return stacked + [screen for screen in kept if screen not in stacked]

    def unsaved_work(self) -> list[str]:
        """What the user typed and has not saved, on any screen of any mode."""
        found = [getattr(screen, "unsaved", lambda: None)() for screen in self.all_screens()]
        return [what for what in found if what]

    def action_quit_browsing(self) -> None:
        """`q`: a printable key, so it quits only from the browsing screens (see check_action)."""
        self.action_quit()

    @work(group="leave", exclusive=True, exit_on_error=False)
    async def action_quit(self) -> None:
        if await self._may_drop_unsaved("Quit"):
            self.exit()

    async def _may_drop_unsaved(self, verb: str) -> bool:
        """Whether the user agreed to drop unsaved work (True at once when there is none)."""
        from tui.screens.dialogs.confirm import ConfirmScreen

        unsaved = self.unsaved_work()
        if not unsaved:
            return True
        question = f"{verb} and drop what is not saved?"
        return bool(await self.push_screen_wait(ConfirmScreen(question, unsaved, yes_label=f"{verb} anyway")))

    # Global actions -------------------------------------------------------------------
    def action_goto(self, resource: str) -> None:
        """Land on the resource's list; a screen left open there with unsaved input stays."""
        self.switch_mode(resource)
        stack = self.screen_stack
        keep = next((i for i, s in enumerate(stack) if getattr(s, "unsaved", lambda: None)()), None)
        while len(self.screen_stack) > (keep + 1 if keep is not None else 1):
            self.pop_screen()
        if keep is not None:
            self.notify("Unsaved changes are still open here.", timeout=4)

    def action_triage(self) -> None:
        from tui.screens.triage import TriageScreen

        if not isinstance(self.screen, TriageScreen):
            self.push_screen(TriageScreen())

    def action_open_console(self) -> None:
        """`6` or `:sql`: the one console of the session, its text as it was left."""
        from tui.screens.console import ConsoleScreen

        if not self.is_screen_installed(CONSOLE):
            self.install_screen(ConsoleScreen(), CONSOLE)
        console = self.get_screen(CONSOLE)
        if self.screen is console:
            return
        for mode, stack in self._screen_stacks.items():
            if console in stack:  # left open under another mode (a number key from its results)
                self.switch_mode(mode)
                while self.screen is not console:
                    self.pop_screen()
                return
        self.push_screen(console)

    def action_switch_resource(self) -> None:
        from tui.screens.dialogs.switcher import CONSOLE as CONSOLE_CHOICE
        from tui.screens.dialogs.switcher import DIFF, PROFILE, PROJECT, TRIAGE, SwitchScreen

        def chosen(resource: str | None) -> None:
            if resource == PROJECT:
                self.action_switch_project()
            elif resource == PROFILE:
                self.action_switch_profile()
            elif resource == CONSOLE_CHOICE:
                self.action_open_console()
            elif resource == DIFF:
                from tui.screens.diff import DiffScreen

                self.push_screen(DiffScreen())
            elif resource == TRIAGE:
                self.action_triage()
            elif resource in self.MODES:
                self.action_goto(resource)
            elif resource:
                self.open_list(resource)

        self.push_screen(SwitchScreen(), chosen)

    @work(exclusive=True, group="switch", exit_on_error=False)
    async def action_switch_project(self) -> None:
        from tui.api.errors import ApiError
        from tui.screens.dialogs.picker import PickerScreen

        client = await self.client()
        connection = self.connection
        if client is None or connection is None:
            return
        try:
            projects = self.projects or await client.projects()
        except ApiError as exc:
            self.show_error(exc, "Listing projects")
            return
        options = [(f"{p.name} ({p.id})", p) for p in projects]
        project = await self.push_screen_wait(PickerScreen("Switch project", options))
        if project is None or project.id == connection.project_id:
            return
        if not await self._may_drop_unsaved("Switch project"):
            return
        client.project_id = connection.project_id = project.id
        connection.project_name = project.name or ""
        if self.target is not None:
            self.target.project = project.id
        await self._restart_views()

    @work(exclusive=True, group="switch", exit_on_error=False)
    async def action_switch_profile(self) -> None:
        from tui.screens.dialogs.picker import PickerScreen
        from tui.settings.config import ConfigError, load_config

        try:
            config = load_config()
        except ConfigError as exc:
            self.notify(Content(str(exc)), severity="error", timeout=10)
            return
        options = [(f"{name} · {p.host} · project {p.project}", name) for name, p in config.profiles.items()]
        if not options:
            self.notify("No profiles yet: `posthog-tui login` saves one.", severity="warning")
            return
        name = await self.push_screen_wait(PickerScreen("Switch profile", options))
        if name is None or not await self._may_drop_unsaved("Switch profile"):
            return
        profile = config.profiles[name]
        if self.connection is not None:
            await self.connection.close()
            self.connection = None
        self.target = Target(host=profile.host, project=profile.project, profile=name, read_only=profile.read_only,
                             protected=profile.protected,
                             cache=config.cache and (self.target is None or self.target.cache))
        self._api_key = None
        self.projects = []
        self.guard.missing_scopes.clear()
        self.ready.clear()  # before the worker starts, so reloading lists wait for the new session
        self.connect()
        await self._restart_views()

    async def _restart_views(self) -> None:
        """Drop every screen of the old project: lists reload for the new one."""
        self.generation += 1
        current = self.current_mode
        for mode in list(self.MODES):
            if mode != current:
                await self.remove_mode(mode)
                self.add_mode(mode, self.MODES[mode])
        while len(self.screen_stack) > 1:
            self.pop_screen()
        # A flow waiting on a screen just dropped (an open form) would wait for ever.
        self.workers.cancel_node(self.screen)
        self.refresh_chrome()
        reload = getattr(self.screen, "load", None)
        if reload is not None:
            reload()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_help_anywhere(self) -> None:
        self.action_help()

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    async def on_event(self, event: events.Event) -> None:
        # A paste is the one way a person puts control characters into an input (a key press
        # never does): made safe here, before any input widget gets it and draws it raw.
        if isinstance(event, events.Paste) and not event.is_forwarded and not event.text.isprintable():
            event.text = safe(event.text, multiline=True)
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """A terminal delivers `/abc` in one read. `a`, `b` and `c` were sent to the list before
        `/` moved the focus to the filter, so they bubble here unread (an input stops the keys it
        takes): they go where the focus is now, instead of being lost."""
        from textual.widgets import Input, TextArea

        focused, character = self.focused, event.character
        if not event.is_printable or not character:
            return
        if isinstance(focused, Input):
            focused.insert_text_at_cursor(character)
        elif isinstance(focused, TextArea) and not focused.read_only:
            focused.insert(character)
        else:
            return
        event.stop()

    def notify(self, message: str | Content, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast, from any screen or widget: its text never goes through markup and reaches
        the terminal with no control characters (server errors quote server text: `rel[/]dup`)."""
        text = message.plain if isinstance(message, Content) else str(message)
        super().notify(safe(text, multiline=True), title=safe(title), severity=severity, timeout=timeout,
                       markup=False)

    def show_error(self, error: BaseException, doing: str) -> None:
        scope = getattr(error, "missing_scope", None)
        if scope:
            # The key's scopes shape the UI for the rest of the session.
            self.guard.note_missing(scope)
        self.notify(Content(f"{doing} failed: {error}"), severity="error", timeout=8)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        # The lists as the user leaves them (filter, order) are what the next start shows; by
        # the time the app unmounts, its screens are gone.
        for screen in self.all_screens():
            getattr(screen, "remember", lambda: None)()
        super().exit(*args, **kwargs)

    async def on_unmount(self) -> None:
        if self.connection is not None:
            await self.connection.close()
