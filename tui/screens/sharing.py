"""A dashboard's public sharing (link, token, passwords) and its snapshot analysis."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.keys import registry
from tui.resources import formatting as fmt
from tui.screens.worker_errors import ReportWorkerErrors
from tui.text import safe

SCOPE = "sharing_configuration:write"


class NoticeScreen(ModalScreen[None]):
    """Text to read once (a new password) or at length (an analysis); c copies it."""

    KEY_SCOPES = ("notice",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, title: str, text: str, *, note: str | None = None) -> None:
        super().__init__()
        self.title_text, self.text, self.note = title, text, note

    def compose(self) -> ComposeResult:
        with Vertical(id="notice"):
            yield Static(Content(safe(self.title_text)), id="notice-title")
            with VerticalScroll(id="notice-scroll"):
                yield Static(Text(safe(self.text, multiline=True)), id="notice-text")
            if self.note:
                yield Static(Content(safe(self.note)), id="notice-note")
        yield Footer()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify("Copied.", timeout=2)

    def action_close(self) -> None:
        self.dismiss(None)


class SharingScreen(ReportWorkerErrors, ModalScreen[None]):
    KEY_SCOPES = ("sharing",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, dashboard: Any) -> None:
        super().__init__()
        self.dashboard = dashboard
        self.config: Any = None
        self.link: str | None = None
        self._share_link: Any = None  # the client's way from a sharing config to its address

    def compose(self) -> ComposeResult:
        with Vertical(id="sharing"):
            name = self.dashboard.name or f"dashboard {self.dashboard.id}"
            yield Static(Content(safe(f"Sharing · {name}")), id="sharing-title")
            yield Static("loading…", id="sharing-state")
            yield Static("Passwords", id="sharing-passwords-title")
            yield OptionList(id="sharing-passwords")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="sharing", exit_on_error=False)
    async def load(self) -> None:
        from tui.api.errors import ApiError

        client = await self.app.client()
        if client is None:
            return
        self._share_link = client.dashboards.share_link
        try:
            self.show(await client.dashboards.sharing(self.dashboard.id))
        except ApiError as exc:
            self.query_one("#sharing-state", Static).update(Content(safe(f"Could not load sharing: {exc}")))

    def show(self, config: Any) -> None:
        self.config = config
        self.link = self._share_link(config) if self._share_link else None
        state = Text()
        state.append("Public link: ")
        state.append("ON" if config.enabled else "off", style="bold green" if config.enabled else "bold")
        link = safe(self.link or "—") if config.enabled else "(enable sharing to get one)"
        state.append(f"\nLink: {link}")
        state.append(f"\nPassword required: {'yes' if config.password_required else 'no'}")
        self.query_one("#sharing-state", Static).update(state)
        listing = self.query_one(OptionList)
        listing.clear_options()
        active = [p for p in config.share_passwords if p.is_active is not False]
        listing.add_options([
            Option(Text(safe(" · ".join(x for x in (p.note or "(no note)", p.created_by_email or "",
                                                    fmt.when(p.created_at)) if x))),
                   id=str(p.id))
            for p in active
        ] or [Option(Text("none"), id="", disabled=True)])
        if active:
            listing.highlighted = 0

    async def _write(self, what: str, call, *, question: str | None = None, yes: str = "Yes") -> tuple[bool, Any]:
        """Every sharing change: through the write gate (one question when `question` is
        given, which a protected project turns into typing its name), then one call."""
        from tui.api.errors import ApiError

        if self.config is None:
            return False, None
        guard = self.app.guard
        approval = await (guard.confirm(question, SCOPE, yes_label=yes) if question else guard.ask(what, SCOPE))
        if approval is None:
            return False, None
        try:
            with approval:
                return True, await call(await self.app.client())
        except ApiError as exc:
            self.app.show_error(exc, what)
            return False, None

    @work(exclusive=True, group="sharing-write", exit_on_error=False)
    async def action_toggle_enabled(self) -> None:
        on = not (self.config and self.config.enabled)
        question = None if on else "Turn the public link off? Anyone using it loses access."
        sent, config = await self._write(f"Turn sharing {'on' if on else 'off'}",
                                         lambda c: c.dashboards.update_sharing(self.dashboard.id, {"enabled": on}),
                                         question=question, yes="Turn off")
        if sent:
            self.show(config)

    @work(exclusive=True, group="sharing-write", exit_on_error=False)
    async def action_rotate(self) -> None:
        sent, config = await self._write("Rotate the sharing token",
                                         lambda c: c.dashboards.refresh_sharing(self.dashboard.id),
                                         question="Make a new link? The current link stops working.", yes="Rotate")
        if sent:
            self.show(config)
            self.notify("New link made; the old one no longer works.", timeout=4)

    @work(exclusive=True, group="sharing-write", exit_on_error=False)
    async def action_toggle_password(self) -> None:
        on = not (self.config and self.config.password_required)
        # Turning protection off opens the link to anyone who has it: that one asks.
        question = None if on else "Turn password protection off? Anyone with the link can then open the dashboard."
        sent, config = await self._write(f"Password protection {'on' if on else 'off'}",
                                         lambda c: c.dashboards.update_sharing(self.dashboard.id,
                                                                               {"password_required": on}),
                                         question=question, yes="Turn off")
        if sent:
            self.show(config)

    @work(exclusive=True, group="sharing-write", exit_on_error=False)
    async def action_new_password(self) -> None:
        from tui.screens.dialogs.prompt import PromptScreen

        if self.config is None:
            return
        problem = self.app.guard.refusal(SCOPE)
        if problem is not None:  # before asking for a note that could not be sent
            self.notify(Content(problem), severity="warning")
            return
        note = await self.app.push_screen_wait(PromptScreen("Note for the new password (optional)",
                                                            note="The server generates the password."))
        if note is None:
            return
        sent, created = await self._write("Create a sharing password",
                                          lambda c: c.dashboards.create_sharing_password(self.dashboard.id,
                                                                                         note=note or None))
        if not sent:
            return
        await self.app.push_screen_wait(NoticeScreen(
            "New password: shown only this once", created.password or "",
            note="c copies it · esc closes (it cannot be shown again)"))
        self.load()

    @work(exclusive=True, group="sharing-write", exit_on_error=False)
    async def action_delete_password(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if not option.id:
            return
        sent, _ = await self._write("Delete a sharing password",
                                    lambda c: c.dashboards.delete_sharing_password(self.dashboard.id, option.id),
                                    question=f"Delete the password “{option.prompt}”?", yes="Delete")
        if sent:
            self.notify("Password deleted.", timeout=3)
            self.load()

    def action_copy_link(self) -> None:
        if self.link and self.config.enabled:
            self.app.copy_to_clipboard(self.link)
            self.notify("Link copied.", timeout=2)
        else:
            self.notify("Sharing is off: there is no link to copy.", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)


async def snapshot_and_analyze(screen: Any, dashboard: Any) -> Any:
    """Cache the dashboard's results, then show the server's summary of what changed.

    Current PostHog has neither endpoint (and Cloud keeps them from personal keys): that answer
    is returned (a `NotSupported`) for the screen to say once, not shown as an error. Otherwise
    True when the analysis was shown, False when a call failed (the error is on screen).
    """
    from tui.api.errors import ApiError
    from tui.api.models import NotSupported

    app = screen.app
    client = await app.client()
    if client is None:
        return False
    try:
        key = await client.dashboards.snapshot(dashboard.id)
        if isinstance(key, NotSupported):
            return key
        app.notify("Snapshot taken; asking the server what changed…", timeout=3)
        analysis = await client.dashboards.analyze_refresh_result(dashboard.id, key)
    except ApiError as exc:
        app.show_error(exc, "Snapshot and analysis")
        return False
    if isinstance(analysis, NotSupported):
        return analysis
    name = dashboard.name or f"dashboard {dashboard.id}"
    await app.push_screen_wait(NoticeScreen(f"What changed on {name}", analysis or "(no answer)"))
    return True
