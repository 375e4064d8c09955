"""`?`: the keys of the screen you came from, from the action registry."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.keys import registry as actions
from tui.keys.palette import key_label, valid_here

SCOPE_TITLES = {
    "app": "Everywhere",
    "resource": "Lists",
    "events": "Events",
    "detail": "This object",
    "dashboard": "Dashboard",
}

NAVIGATION = (
    ("j / k, ↓ / ↑", "move"),
    ("g / G, home / end", "first / last row"),
    ("pgup / pgdn", "page"),
    ("ctrl+u / ctrl+d", "half page"),
    ("space, v", "mark a row, mark a range"),
    ("ctrl+p", "command palette"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", show=False, id="help.up"),
    ]

    def __init__(self, origin: Screen) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        scopes = (*getattr(self.origin, "ACTION_SCOPES", ()), "app")
        # Action ids are for remapping keys; below 100 columns the descriptions need the room.
        wide = self.app.size.width >= 100
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("what", ratio=1)
        if wide:
            table.add_column("id", style="dim", no_wrap=True)
        read_only = getattr(self.app, "read_only", False)
        for scope in scopes:
            rows = [a for a in actions.for_scopes(scope) if valid_here(self.origin, a)]
            if not rows:
                continue
            table.add_row(Text(SCOPE_TITLES.get(scope, scope), style="underline"))
            for action in rows:
                what = action.description + (" (disabled: read-only)" if action.writes and read_only else "")
                table.add_row(Text(key_label(self.app, action)), Text(what), *((Text(action.id),) if wide else ()))
        table.add_row(Text("Moving around", style="underline"))
        for keys, what in NAVIGATION:
            table.add_row(Text(keys), Text(what))
        with VerticalScroll(id="help"):
            yield Static(Text(f"Keys here: {getattr(self.origin, 'heading', '') or type(self.origin).__name__}", style="bold"))
            yield Static(table)
            yield Static(Text("Remap any key by its id (shown when the terminal is 100+ columns wide) under [keymap] in the config file (posthog-tui locate).", style="dim"))

    def action_scroll(self, delta: int) -> None:
        self.query_one("#help", VerticalScroll).scroll_relative(y=delta)
