"""A searchable pick-one list: resource switching, relations, dashboards, formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.keys import registry
from tui.text import safe


class PickerScreen(ModalScreen[Any]):
    """Type to narrow, up/down to move, tab completes, enter picks, esc cancels."""

    KEY_SCOPES = ("picker",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, title: str, options: list[tuple[str, Any]], *, placeholder: str = "type to narrow") -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(Content(safe(self.title_text)), id="picker-title")
            yield Input(placeholder=self.placeholder, id="picker-input")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self._fill("")

    def _matches(self, text: str) -> list[tuple[str, Any]]:
        words = text.lower().split()
        return [(label, value) for label, value in self.options if all(w in label.lower() for w in words)]

    def _fill(self, text: str) -> None:
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options([Option(Content(safe(label)), id=str(i))
                             for i, (label, _) in enumerate(self._matches(text))])
        if listing.option_count:
            listing.highlighted = 0

    @on(Input.Changed, "#picker-input")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-input")
    def _submit(self) -> None:
        self._pick(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option_index)

    def _pick(self, index: int | None) -> None:
        matches = self._matches(self.query_one(Input).value)
        if index is not None and 0 <= index < len(matches):
            self.dismiss(matches[index][1])

    def action_move(self, delta: int) -> None:
        listing = self.query_one(OptionList)
        if listing.option_count:
            listing.highlighted = ((listing.highlighted or 0) + delta) % listing.option_count

    def action_complete(self) -> None:
        listing = self.query_one(OptionList)
        matches = self._matches(self.query_one(Input).value)
        # The highlight may still belong to the list before the last keystroke refilled it.
        if listing.highlighted is not None and 0 <= listing.highlighted < len(matches):
            field = self.query_one(Input)
            field.value = matches[listing.highlighted][0]
            field.cursor_position = len(field.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_export_format(screen: Screen[Any], title: str, then: Callable[[str], object]) -> None:
    """The CSV-or-JSON question every export starts with; `then` gets the answer."""

    def chosen(fmt: str | None) -> None:
        if fmt:
            then(fmt)

    screen.app.push_screen(PickerScreen(title, [("CSV", "csv"), ("JSON", "json")]), chosen)

