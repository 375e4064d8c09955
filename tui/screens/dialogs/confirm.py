"""A yes/no question, No by default; protected profiles make the user type a name first."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui.keys import registry
from tui.text import safe

MAX_ITEMS = 8


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #dialog {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: thick $error; background: $surface; padding: 0 1;
    }
    ConfirmScreen #question { text-style: bold; }
    ConfirmScreen #items { color: $text-muted; margin-top: 1; }
    ConfirmScreen #typed-prompt { margin-top: 1; }
    ConfirmScreen #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen #buttons Button { margin-left: 2; }
    """

    KEY_SCOPES = ("confirm",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(
        self,
        question: str,
        items: Sequence[str] = (),
        *,
        typed_confirmation: str | None = None,
        yes_label: str = "Yes",
        no_label: str = "No",
    ) -> None:
        """`question` names the action; `items` are the objects' names (listed, and counted)."""
        super().__init__()
        self._question = question
        self._items = list(items)
        self._typed = typed_confirmation
        self._yes_label = yes_label
        self._no_label = no_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            count = len(self._items)
            suffix = f" ({count} items)" if count > 1 else ""
            yield Static(Content(safe(self._question + suffix)), id="question")
            if self._items:
                yield Static(self._item_list(), id="items")
            if self._typed is not None:
                prompt = Content.assemble("Type ", (self._typed, "bold"), " to confirm:")
                yield Static(prompt, id="typed-prompt")
                yield Input(placeholder=self._typed, id="typed")
            with Horizontal(id="buttons"):
                yield Button(self._yes_label, id="yes", variant="error",
                             disabled=self._typed is not None)
                yield Button(self._no_label, id="no")

    def _item_list(self) -> Text:
        shown = self._items[:MAX_ITEMS]
        text = Text("\n".join(f"• {safe(name)}" for name in shown))
        if len(self._items) > MAX_ITEMS:
            text.append(f"\n… and {len(self._items) - MAX_ITEMS} more")
        return text

    def on_mount(self) -> None:
        self.query_one("#typed" if self._typed is not None else "#no").focus()

    @property
    def confirmed_text_matches(self) -> bool:
        return self._typed is None or self.query_one("#typed", Input).value == self._typed

    @on(Input.Changed, "#typed")
    def _typed_changed(self) -> None:
        self.query_one("#yes", Button).disabled = not self.confirmed_text_matches

    @on(Input.Submitted, "#typed")
    def _typed_submitted(self) -> None:
        if self.confirmed_text_matches:
            self.dismiss(True)

    def action_answer(self, yes: bool) -> None:
        if yes and not self.confirmed_text_matches:
            self.app.bell()
            return
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "yes")
