"""`?`: the keys that work where you are (the focused widget, its screen, then everywhere)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.keys import registry
from tui.keys.palette import live_keys
from tui.text import safe


class HelpScreen(ModalScreen[None]):
    KEY_SCOPES = ("help",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, origin: Screen) -> None:
        super().__init__()
        self.origin = origin
        # Read now, while `origin` is still the active screen.
        self.groups = list(live_keys(origin))

    def compose(self) -> ComposeResult:
        # Action ids are for remapping keys; below 100 columns the descriptions need the room.
        wide = self.app.size.width >= 100
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("what", ratio=1)
        if wide:
            table.add_column("id", style="dim", no_wrap=True)
        keymap = getattr(self.app, "user_keymap", {})
        read_only = getattr(self.app, "read_only", False)
        for _node, scope, actions in self.groups:
            table.add_row(Text(registry.SCOPE_TITLES.get(scope, scope), style="underline"))
            for action in actions:
                what = (action.help or action.description) + (" (disabled: read-only)" if action.writes and read_only
                                                               else "")
                table.add_row(Text(registry.key_label(keymap, action, every=True)), Text(what),
                              *((Text(action.id),) if wide else ()))
        with VerticalScroll(id="help"):
            title = getattr(self.origin, "heading", "") or type(self.origin).__name__
            yield Static(Text(safe(f"Keys here: {title}"), style="bold"))
            yield Static(table)
            yield Static(Text("ctrl+p opens the command palette. Remap any key by its id (shown when the terminal "
                              "is 100+ columns wide) under [keymap] in the config file (posthog-tui locate).",
                              style="dim"))

    def action_scroll(self, delta: int) -> None:
        self.query_one("#help", VerticalScroll).scroll_relative(y=delta)
