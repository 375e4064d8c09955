"""A form over one PostHog object that knows what changed: built from FieldSpecs and a dict.

Nothing here resets what the user typed except an explicit `reset()`: errors are shown beside
fields, never by rebuilding them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tui.forms import diff
from tui.forms.fields import FieldSpec, read_value
from tui.forms.validate import validate
from tui.keys import registry
from tui.text import safe
from tui.widgets.form.field import FieldBox, RowEditor, RowsEditor

__all__ = ["EditForm", "FieldBox", "RowEditor", "RowsEditor"]

Choices = Mapping[str, Sequence[tuple[str, Any]]]


class EditForm(Widget):
    """Fields for one object; `changes()` is the PATCH body, `show_errors` places messages."""

    DEFAULT_CSS = """
    EditForm { height: 1fr; width: 1fr; }
    EditForm > VerticalScroll { height: 1fr; padding: 0 1; }
    EditForm #form-error { display: none; color: $text-error; margin-bottom: 1; }
    EditForm.-has-error #form-error { display: block; }
    """

    KEY_SCOPES = ("form",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    class Submitted(Message):
        """The user asked to save (ctrl+s); the screen decides what that means."""

        def __init__(self, form: EditForm) -> None:
            super().__init__()
            self.form = form

        @property
        def control(self) -> EditForm:
            return self.form

    def __init__(
        self,
        specs: Sequence[FieldSpec],
        original: Mapping[str, Any],
        *,
        choices: Choices | None = None,
        users: Mapping[int, str] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.specs = list(specs)
        self.original = dict(original)
        # What the fields showed when the form opened (for a new object: its defaults).
        self.shown = dict(original)
        self._choices = dict(choices or {})
        self._users = users

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form-scroll"):
            yield Static("", id="form-error")
            for spec in self.specs:
                yield FieldBox(spec, self._raw(spec), choices=self._choices.get(spec.name),
                               users=self._users)

    def _raw(self, spec: FieldSpec) -> Any:
        # Display wants the object as sent (a user dict keeps its name); values are read later.
        if spec.name in self.original:
            return self.original[spec.name]
        return read_value(spec, self.original)

    def field(self, name: str) -> FieldBox:
        return self.query_one(f"#form-scroll > #field-{name}", FieldBox)

    def edited(self) -> dict[str, Any]:
        return {spec.name: self.field(spec.name).value for spec in self.specs if not spec.read_only}

    def changes(self) -> dict[str, Any]:
        return diff.changes(self.original, self.edited(), self.specs)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes())

    @property
    def edited_anything(self) -> bool:
        """Whether anything differs from what the form showed when it opened."""
        return bool(diff.changes(self.shown, self.edited(), self.specs))

    def validate(self, *, show: bool = True) -> dict[str, str]:
        """Client-side checks; with `show`, the messages replace those on screen."""
        errors = validate(self.edited(), self.specs)
        if show:
            self.clear_errors()
            self.show_errors(errors)
        return errors

    def show_errors(self, errors: Mapping[str | None, str]) -> None:
        """Put each message beside its field; a server `attr` like `steps__0__url` works too."""
        loose: list[str] = []
        first: Widget | None = None
        for attr, message in errors.items():
            box = self._place(attr, message)
            if box is None:
                loose.append(message if attr is None else f"{attr}: {message}")
            first = first or box
        if loose:
            self.query_one("#form-error", Static).update(Content(safe("\n".join(loose), multiline=True)))
            self.add_class("-has-error")
            first = self.query_one("#form-error")
        if first is not None:
            self.query_one("#form-scroll").scroll_to_widget(first, animate=False)

    def _place(self, attr: str | None, message: str) -> Widget | None:
        if attr is None:
            return None
        name, _, rest = attr.partition("__")
        spec = next((s for s in self.specs if name in (s.name, s.read_key)), None)
        if spec is None:
            return None
        box = self.field(spec.name)
        index, _, column = rest.partition("__")
        if index.isdigit() and isinstance(box.input_widget, RowsEditor):
            # Nested server errors name the row and column: `steps__0__url_matching`.
            cell = box.input_widget.cell(int(index), column)
            if cell is not None:
                box = cell
            else:
                message = f"#{int(index) + 1}: {message}"
        box.set_error(message)
        return box

    def clear_errors(self) -> None:
        for box in self.query(FieldBox):
            box.set_error(None)
        self.query_one("#form-error", Static).update("")
        self.remove_class("-has-error")

    def reset(self, original: Mapping[str, Any] | None = None) -> None:
        """Discard edits: back to `original` (e.g. the server's answer after a save)."""
        if original is not None:
            self.original = dict(original)
        self.clear_errors()
        for spec in self.specs:
            self.field(spec.name).load(self._raw(spec))

    def focus_first(self) -> None:
        for spec in self.specs:
            if not spec.read_only:
                self.field(spec.name).focus_input()
                return

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))
