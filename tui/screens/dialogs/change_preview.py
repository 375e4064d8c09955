"""The last look before a write: what will change, and what changed on the server meanwhile."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Static

Row = tuple[str, str, str]
MAX_LINES = 8
MAX_CHARS = 600


def _cell(value: str) -> Text:
    # Long bodies (a 4,000-character text tile) would push the buttons off screen.
    lines = value[:MAX_CHARS].splitlines() or [""]
    clipped = len(value) > MAX_CHARS or len(lines) > MAX_LINES
    text = "\n".join(lines[:MAX_LINES]) + (" …" if clipped else "")
    return Text(text, overflow="fold")


def _table(table_id: str, headers: Sequence[str], rows: Sequence[Row]) -> DataTable:
    table: DataTable = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
    table.add_columns(*headers)
    for row in rows:
        table.add_row(*map(_cell, row), height=None)
    return table


class ChangePreview(ModalScreen[bool]):
    """(field, old, new) rows and an optional conflict warning; y/enter saves, n/esc cancels."""

    DEFAULT_CSS = """
    ChangePreview { align: center middle; }
    ChangePreview > #dialog {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ChangePreview #title { text-style: bold; margin-bottom: 1; }
    ChangePreview DataTable { height: auto; max-height: 14; width: 1fr; }
    ChangePreview #warning { color: $text-warning; text-style: bold; margin-top: 1; }
    ChangePreview #conflicts { max-height: 8; }
    ChangePreview #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ChangePreview #buttons Button { margin-left: 2; }
    """

    # Priority so that enter confirms even while the table (which binds enter) has focus.
    BINDINGS = [
        Binding("y", "confirm", "Save", id="change_preview.confirm", priority=True),
        Binding("enter", "confirm", "Save", id="change_preview.confirm_enter", show=False,
                priority=True),
        Binding("n", "cancel", "Cancel", id="change_preview.cancel", priority=True),
        Binding("escape", "cancel", "Cancel", id="change_preview.cancel_escape", show=False,
                priority=True),
    ]

    def __init__(
        self,
        rows: Sequence[Row],
        *,
        title: str = "Save these changes?",
        warning: str | None = None,
        conflict_rows: Sequence[Row] = (),
    ) -> None:
        """`rows` from `tui.forms.diff.preview_rows`; `conflict_rows` = (field, when loaded, now)."""
        super().__init__()
        self._rows = list(rows)
        self._title = title
        self._conflict_rows = list(conflict_rows)
        self._warning = warning or (
            "Changed on the server since you loaded it:" if self._conflict_rows else None
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self._title), id="title")
            if self._rows:
                yield _table("changes", ("Field", "Old", "New"), self._rows)
            else:
                yield Static("Nothing to save.", id="nothing")
            if self._warning:
                yield Static(Content(self._warning), id="warning")
            if self._conflict_rows:
                yield _table("conflicts", ("Field", "When loaded", "On the server now"),
                             self._conflict_rows)
            with Horizontal(id="buttons"):
                yield Button("Save (y)", id="confirm", variant="primary", compact=True)
                yield Button("Cancel (n)", id="cancel", compact=True)

    def on_mount(self) -> None:
        # Buttons are for the mouse: with focus on one, enter would mean two different things.
        for button in self.query(Button):
            button.can_focus = False

    def action_confirm(self) -> None:
        self.dismiss(bool(self._rows))

    def action_cancel(self) -> None:
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm" and bool(self._rows))
