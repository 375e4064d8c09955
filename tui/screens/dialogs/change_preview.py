"""The last look before a write: what will change, and what changed on the server meanwhile.

Each changed field shows its old and new value as a diff: the words that go are struck out
and marked `-`, the words that come are underlined and marked `+`, so the change reads
without colour (NO_COLOR) and however long the value is.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.forms.word_diff import Line, diff_lines
from tui.keys import registry
from tui.text import safe

Row = tuple[str, str, str]
_STYLES = {"same": "", "removed": "strike red", "added": "underline bold green"}
_MARKS = {" ": "  ", "-": "- ", "+": "+ "}


def change_text(old: str, new: str) -> Text:
    """The diff of one field as styled text (never markup: the values are outside text)."""
    text = Text()
    for line in diff_lines(safe(old, multiline=True), safe(new, multiline=True)):
        _append(text, line)
    text.rstrip()
    return text


def _append(text: Text, line: Line) -> None:
    text.append(_MARKS[line.mark], style="bold" if line.mark != " " else "dim")
    for piece in line.pieces:
        text.append(piece.text, style=_STYLES[piece.kind] or ("dim" if line.mark == " " else ""))
    text.append("\n")


def _field_block(label: str, old: str, new: str) -> Static:
    body = Text(safe(label), style="bold")
    body.append("\n")
    body.append_text(change_text(old, new))
    return Static(body, classes="change")


class ChangePreview(ModalScreen[bool]):
    """(field, old, new) rows and an optional conflict warning; y/enter sends, n/esc cancels.

    With `stop_asking` (a label for it), `a` sends too and sets `stop_asked`: quick writes that
    follow one another (a triage queue) may then go without a preview for the rest of the screen.
    """

    DEFAULT_CSS = """
    ChangePreview { align: center middle; }
    ChangePreview > #dialog {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ChangePreview #title { text-style: bold; margin-bottom: 1; }
    ChangePreview #changes { height: auto; max-height: 24; }
    ChangePreview .change { margin-bottom: 1; }
    ChangePreview #warning { color: $text-warning; text-style: bold; margin-top: 1; }
    ChangePreview #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ChangePreview #buttons Button { margin-left: 2; }
    """

    KEY_SCOPES = ("preview",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(
        self,
        rows: Sequence[Row],
        *,
        title: str = "Save these changes?",
        warning: str | None = None,
        conflict_rows: Sequence[Row] = (),
        stop_asking: str | None = None,
    ) -> None:
        """`rows` from `tui.forms.diff.preview_rows`; `conflict_rows` = (field, when loaded, now)."""
        super().__init__()
        self._rows = list(rows)
        self._title = title
        self._conflict_rows = list(conflict_rows)
        self._stop_asking = stop_asking
        self.stop_asked = False
        self._warning = warning or (
            "Changed on the server since you loaded it:" if self._conflict_rows else None
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(safe(self._title)), id="title")
            with VerticalScroll(id="changes"):
                if not self._rows:
                    yield Static("Nothing to save.", id="nothing")
                for label, old, new in self._rows:
                    yield _field_block(label, old, new)
                if self._warning:
                    yield Static(Content(self._warning), id="warning")
                for label, loaded, now in self._conflict_rows:
                    yield _field_block(f"{label} (when loaded → on the server now)", loaded, now)
            with Horizontal(id="buttons"):
                yield Button("Send (y)", id="confirm", variant="primary", compact=True)
                if self._stop_asking:
                    yield Button(f"Send, {self._stop_asking} (a)", id="always", compact=True)
                yield Button("Cancel (n)", id="cancel", compact=True)

    def on_mount(self) -> None:
        # Buttons are for the mouse: with focus on one, enter would mean two different things.
        for button in self.query(Button):
            button.can_focus = False

    def action_scroll(self, lines: int) -> None:
        self.query_one("#changes", VerticalScroll).scroll_relative(y=lines, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._stop_asking is not None if action == "confirm_always" else True

    def action_confirm(self) -> None:
        self.dismiss(bool(self._rows))

    def action_confirm_always(self) -> None:
        self.stop_asked = bool(self._rows)
        self.dismiss(bool(self._rows))

    def action_cancel(self) -> None:
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "always":
            self.action_confirm_always()
            return
        self.dismiss(event.button.id == "confirm" and bool(self._rows))
