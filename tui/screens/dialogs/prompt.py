"""One line of text asked for in a small dialog."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.keys import registry
from tui.text import safe


class PromptScreen(ModalScreen[str | None]):
    """One line of text: enter answers, esc cancels."""

    KEY_SCOPES = ("prompt",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, question: str, *, value: str = "", placeholder: str = "", password: bool = False,
                 note: str | None = None) -> None:
        super().__init__()
        self.question, self.value, self.placeholder = question, value, placeholder
        self.password, self.note = password, note

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Label(Content(safe(self.question)), id="prompt-question")
            yield Input(self.value, placeholder=self.placeholder, password=self.password, id="prompt-input",
                        select_on_focus=False)
            if self.note:
                yield Static(Content(safe(self.note)), id="prompt-note")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
