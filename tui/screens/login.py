"""Logging in: choose a server, check a personal API key, pick a project, maybe save the key.

The key lives only in a password Input and in the result; it is never shown, and messages come
from `check_key`, which scrubs it. Project names come from the server, so they reach widgets
as `rich.text.Text`, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
)
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from tui.keys import registry
from tui.settings.config import REGION_HOSTS, HostError, check_profile_name, validate_host
from tui.settings.key_check import CHECK_TIMEOUT, CheckResult, check_key, describe_missing, save_login_async
from tui.settings.key_store import API_KEY_ENV, KEYRING_TIMEOUT, KeyringOutcome, keyring_status_async
from tui.text import safe

_SELF_HOSTED = "self"
_REGION_LABELS = {"us": "US Cloud (us.posthog.com)", "eu": "EU Cloud (eu.posthog.com)"}


@dataclass(frozen=True)
class LoginResult:
    host: str
    project_id: int
    api_key: str = field(repr=False)
    profile_name: str | None
    save: bool

    async def persist(self) -> KeyringOutcome | None:
        """Write the profile (when there is a name) and, if chosen, the key into the keyring."""
        if not self.profile_name:
            return None
        return await save_login_async(
            self.profile_name, self.host, self.project_id, self.api_key, save_key=self.save
        )


class _KeyEntry(Screen[LoginResult | None]):
    """What both screens share: the keyring probe, the key check and the status line.

    Both compose `#login-key`, `#login-save`, `#login-keyring-note`, `#login-status`.
    """


    _keyring_timeout: float
    _check_timeout: float
    _can_save: bool = True

    def _init_entry(self, keyring_timeout: float, check_timeout: float) -> None:
        self._keyring_timeout = keyring_timeout
        self._check_timeout = check_timeout
        self._checking = False

    def compose_save_choice(self) -> ComposeResult:
        yield Checkbox("Save the key in the system keyring", id="login-save", disabled=True)
        yield Static("Checking the keyring ...", id="login-keyring-note")

    def show_status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#login-status", Static)
        status.update(Text(safe(message)))
        status.set_class(error, "-error")

    @work(group="login-keyring", exit_on_error=False)
    async def probe_keyring(self) -> None:
        usable, description = await keyring_status_async(timeout=self._keyring_timeout)
        box = self.query_one("#login-save", Checkbox)
        note = self.query_one("#login-keyring-note", Static)
        if not self._can_save:
            note.update("Run `posthog-tui login` to save a profile and its key.")
        elif usable:
            box.disabled = False
            box.value = True
            note.update(Text(safe(f"Keyring: {description}")))
        else:
            box.value = False
            note.update(
                Text(safe(f"The key cannot be saved: {description}. Set {API_KEY_ENV} to skip this step."))
            )

    def start_check(self, host_text: str, project_id: int | None = None) -> None:
        if self._checking:
            return
        try:
            host = validate_host(host_text)
        except HostError as exc:
            self.show_status(str(exc), error=True)
            return
        key = self.query_one("#login-key", Input).value.strip()
        if not key:
            self.show_status("Enter a personal API key.", error=True)
            return
        self._checking = True
        self.query_one("#login-check", Button).disabled = True
        self.show_status(f"Checking the key with {host} ...")
        self.run_check(host, key, project_id)

    @work(exclusive=True, group="login-check", exit_on_error=False)
    async def run_check(self, host: str, key: str, project_id: int | None) -> None:
        result = await check_key(host, key, project_id, timeout=self._check_timeout)
        self._check_done()
        if result.ok:
            self.key_accepted(result, key)
        else:
            self.show_status(result.message, error=True)

    def _check_done(self) -> None:
        self._checking = False
        self.query_one("#login-check", Button).disabled = False

    def key_accepted(self, result: CheckResult, key: str) -> None:
        raise NotImplementedError

    def save_chosen(self) -> bool:
        box = self.query_one("#login-save", Checkbox)
        return box.value and not box.disabled

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "login-check" and event.state == WorkerState.ERROR:
            self._check_done()
            error = event.worker.error
            self.show_status(
                f"Checking the key failed unexpectedly ({type(error).__name__}).", error=True
            )


class LoginScreen(_KeyEntry):
    """Two steps: server + key, then project + profile name + keyring choice."""

    KEY_SCOPES = ("login",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(
        self,
        host: str | None = None,
        profile_name: str | None = None,
        *,
        cancellable: bool = False,
        keyring_timeout: float = KEYRING_TIMEOUT,
        check_timeout: float = CHECK_TIMEOUT,
    ) -> None:
        super().__init__()
        self._init_entry(keyring_timeout, check_timeout)
        self._initial_host = host
        self._profile_name = profile_name or "default"
        self._cancellable = cancellable
        self._accepted: tuple[str, str] | None = None

    def _initial_region(self) -> tuple[str, str]:
        """(region, self-hosted address) for the host the screen was opened with."""
        if not self._initial_host:
            return "us", ""
        try:
            host = validate_host(self._initial_host)
        except HostError:
            return _SELF_HOSTED, self._initial_host
        region = next((r for r, url in REGION_HOSTS.items() if url == host), None)
        return (region, "") if region else (_SELF_HOSTED, host)

    def compose(self) -> ComposeResult:
        region, address = self._initial_region()
        with Vertical(id="login-panel"):
            yield Static("Log in to PostHog", id="login-title")
            with ContentSwitcher(initial="login-step-key", id="login-steps"):
                with Vertical(id="login-step-key"):
                    yield Label("Server")
                    with RadioSet(id="login-region"):
                        for name, label in _REGION_LABELS.items():
                            yield RadioButton(label, id=f"login-region-{name}", value=region == name)
                        yield RadioButton(
                            "Self-hosted", id="login-region-self", value=region == _SELF_HOSTED
                        )
                    # Always reachable with tab: typing an address chooses "Self-hosted".
                    yield Input(address, placeholder="https://posthog.example.com (self-hosted)", id="login-host",
                                select_on_focus=False)
                    yield Label("Personal API key")
                    yield Input(password=True, placeholder="phx_...", id="login-key")
                    yield Button("Check key", id="login-check", variant="primary")
                with Vertical(id="login-step-project"):
                    yield Label("Project")
                    yield OptionList(id="login-projects")
                    yield Label("Profile name")
                    yield Input(self._profile_name, id="login-profile")
                    yield from self.compose_save_choice()
                    yield Button("Open project", id="login-done", variant="primary")
            yield Static(id="login-status")

    def on_mount(self) -> None:
        self.probe_keyring()
        # With a host already known, the key is the only thing left to type.
        self.query_one("#login-key" if self._initial_host else "#login-region").focus()

    def _region(self) -> str:
        pressed = self.query_one("#login-region", RadioSet).pressed_button
        return (pressed.id or "").removeprefix("login-region-") if pressed else "us"

    @on(RadioSet.Changed, "#login-region")
    def _region_changed(self) -> None:
        if self._region() == _SELF_HOSTED:
            self.query_one("#login-host", Input).focus()

    @on(Input.Changed, "#login-host")
    def _address_typed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.query_one("#login-region-self", RadioButton).value = True

    def unsaved(self) -> str | None:
        return "the API key being entered" if self.query_one("#login-key", Input).value else None

    @on(Button.Pressed, "#login-check")
    @on(Input.Submitted, "#login-host, #login-key")
    def _check(self) -> None:
        region = self._region()
        host_text = self.query_one("#login-host", Input).value if region == _SELF_HOSTED else region
        self.start_check(host_text)

    def key_accepted(self, result: CheckResult, key: str) -> None:
        self._accepted = (result.host, key)
        projects = self.query_one("#login-projects", OptionList)
        projects.clear_options()
        projects.add_options(
            Option(Text(safe(f"{p.name or 'Unnamed project'}  (id {p.id})")), id=str(p.id))
            for p in result.projects
        )
        ids = [p.id for p in result.projects]
        projects.highlighted = ids.index(result.current_project_id)
        self.query_one("#login-steps", ContentSwitcher).current = "login-step-project"
        projects.focus()
        who = result.user.email if result.user and result.user.email else "this key"
        lacks = f" The key lacks: {describe_missing(result.missing)}." if result.missing else ""
        self.show_status(f"Signed in as {who} on {result.host}. Pick a project.{lacks}")

    @on(OptionList.OptionSelected, "#login-projects")
    def _project_chosen(self) -> None:
        self.query_one("#login-profile", Input).focus()

    @on(Button.Pressed, "#login-done")
    @on(Input.Submitted, "#login-profile")
    def _finish(self) -> None:
        assert self._accepted is not None
        projects = self.query_one("#login-projects", OptionList)
        name = self.query_one("#login-profile", Input).value.strip()
        try:
            check_profile_name(name)
        except ValueError as exc:
            self.show_status(str(exc), error=True)
            return
        option = projects.get_option_at_index(projects.highlighted or 0)
        host, key = self._accepted
        self.dismiss(LoginResult(host, int(option.id or 0), key, name, self.save_chosen()))

    def action_back(self) -> None:
        steps = self.query_one("#login-steps", ContentSwitcher)
        if steps.current == "login-step-project":
            steps.current = "login-step-key"
            self.query_one("#login-key", Input).focus()
            self.show_status("")
        elif self._cancellable:
            self.dismiss(None)


class KeyPromptScreen(_KeyEntry, ModalScreen[LoginResult | None]):
    """Host and project are known (flags or profile) but no key was found."""

    KEY_SCOPES = ("key_prompt",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(
        self,
        host: str,
        project_id: int,
        profile_name: str | None = None,
        *,
        keyring_timeout: float = KEYRING_TIMEOUT,
        check_timeout: float = CHECK_TIMEOUT,
    ) -> None:
        super().__init__()
        self._init_entry(keyring_timeout, check_timeout)
        self._host = host
        self._project_id = project_id
        self._profile_name = profile_name
        self._can_save = profile_name is not None

    def compose(self) -> ComposeResult:
        with Vertical(id="key-prompt"):
            where = f"{self._host}, project {self._project_id}"
            if self._profile_name:
                where = f"profile {self._profile_name}: {where}"
            yield Static(Text(safe(f"Personal API key for {where}")), id="key-prompt-title")
            yield Input(password=True, placeholder="phx_...", id="login-key")
            yield from self.compose_save_choice()
            yield Button("Check key", id="login-check", variant="primary")
            yield Static(id="login-status")

    def on_mount(self) -> None:
        self.probe_keyring()
        self.query_one("#login-key", Input).focus()

    @on(Button.Pressed, "#login-check")
    @on(Input.Submitted, "#login-key")
    def _check(self) -> None:
        self.start_check(self._host, self._project_id)

    def key_accepted(self, result: CheckResult, key: str) -> None:
        self.dismiss(
            LoginResult(result.host, self._project_id, key, self._profile_name, self.save_chosen())
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
