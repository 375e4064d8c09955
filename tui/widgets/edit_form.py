"""A form over one PostHog object that knows what changed: built from FieldSpecs and a dict.

Nothing here resets what the user typed except an explicit `reset()`: errors are shown beside
fields, never by rebuilding them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.validation import Integer
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, Switch, TextArea

from tui.forms import diff
from tui.forms.fields import FieldSpec, parse_int, parse_json, read_value
from tui.forms.validate import validate, validate_value
from tui.widgets.rows_editor import RowEditor, RowsEditor
from tui.widgets.tag_editor import TagEditor

__all__ = ["EditForm", "FieldBox", "RowEditor", "RowsEditor"]

Choices = Mapping[str, Sequence[tuple[str, Any]]]


class FieldBox(Widget):
    """One field: label, input widget, optional help line and an error line."""

    DEFAULT_CSS = """
    FieldBox { height: auto; layout: horizontal; margin-bottom: 1; }
    FieldBox > .field-label { width: 18; padding-right: 1; color: $text-muted; }
    FieldBox:focus-within > .field-label { color: $accent; text-style: bold; }
    FieldBox > .field-body { width: 1fr; height: auto; }
    FieldBox > .field-body > .field-help { color: $text-muted; }
    FieldBox > .field-body > .field-error { display: none; color: $text-error; }
    FieldBox.-has-error > .field-body > .field-error { display: block; }
    FieldBox.-has-error > .field-label { color: $text-error; }
    FieldBox.-rows { layout: vertical; }
    FieldBox.-rows > .field-label { width: 1fr; }
    FieldBox TextArea { height: 4; padding: 0; }
    FieldBox TextArea.-json { height: 5; }
    FieldBox Switch { border: none; padding: 0; height: 1; }
    FieldBox Switch:focus { border: none; background-tint: $foreground 15%; }
    FieldBox .user-row { height: 1; }
    FieldBox .user-row > Input { width: 14; }
    FieldBox .user-row > .user-label { width: 1fr; padding-left: 1; color: $text-muted; }
    FieldBox > .field-body > .read-only { color: $text-muted; }
    """

    def __init__(
        self,
        spec: FieldSpec,
        value: Any,
        *,
        choices: Sequence[tuple[str, Any]] | None = None,
        users: Mapping[int, str] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id or f"field-{spec.name}", classes=classes)
        self.spec = spec
        self._initial = value
        self._choices = choices if choices is not None else spec.choices or ()
        self._users = dict(users or {})
        self.set_class(spec.kind == "rows", "-rows")

    def compose(self) -> ComposeResult:
        spec = self.spec
        yield Label(spec.label + (" *" if spec.required else ""), classes="field-label", markup=False)
        with Vertical(classes="field-body"):
            yield from self._inputs()
            if spec.help and not spec.read_only:
                yield Static(Content(spec.help), classes="field-help")
            yield Static("", classes="field-error")

    def _inputs(self) -> ComposeResult:
        spec, value, wid = self.spec, self._initial, f"input-{self.spec.name}"
        kind = spec.kind
        if spec.read_only:
            yield Static(Text(diff.display_text(spec, value)), id=wid, classes="read-only")
        elif kind == "text":
            yield Input(value or "", id=wid, compact=True)
        elif kind == "textarea":
            yield TextArea(value or "", id=wid, compact=True, soft_wrap=True)
        elif kind == "json":
            text = "" if value is None else json.dumps(value, indent=2, ensure_ascii=False)
            yield TextArea(text, id=wid, compact=True, classes="-json")
        elif kind == "bool":
            yield Switch(bool(value), id=wid)
        elif kind == "enum":
            options = [(Text(label), choice) for label, choice in self._choices]
            if value is not None and all(choice != value for _, choice in options):
                options.append((Text(str(value)), value))  # a value this client does not know
            yield Select(
                options, value=Select.NULL if value is None else value, id=wid, compact=True,
                allow_blank=not spec.required or not options, prompt="(none)",
            )
        elif kind == "tags":
            yield TagEditor(value or [], id=wid)
        elif kind == "rows":
            yield RowsEditor(spec, value or [], id=wid)
        else:  # int, user
            ident = read_value(spec, {spec.name: value})
            box = Input("" if ident is None else str(ident), id=wid, compact=True, type="integer",
                        validators=[Integer()], valid_empty=True)
            if kind == "user":
                if isinstance(value, dict) and ident is not None:
                    self._users.setdefault(ident, diff.user_label(value))
                with Horizontal(classes="user-row"):
                    yield box
                    yield Static(self._user_text(ident), classes="user-label")
            else:
                yield box

    def _user_text(self, ident: Any) -> Text:
        if ident is None:
            return Text("no owner")
        return Text(self._users.get(ident, f"user {ident}"))

    @property
    def input_widget(self) -> Widget:
        return self.query_one(f"#input-{self.spec.name}")

    @property
    def value(self) -> Any:
        kind, widget = self.spec.kind, self.input_widget
        if isinstance(widget, TextArea):
            return parse_json(widget.text) if kind == "json" else widget.text
        if isinstance(widget, Input):
            return parse_int(widget.value) if kind in ("int", "user") else widget.value
        if isinstance(widget, Switch):
            return widget.value
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, TagEditor):
            return widget.tags
        if isinstance(widget, RowsEditor):
            return widget.value
        return self._initial

    def load(self, value: Any) -> None:
        """Replace the field's content with `value` (used only by an explicit reset)."""
        self._initial = value
        self.set_error(None)
        self.refresh(recompose=True)

    def set_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-has-error")
        if self.is_mounted:
            self.query_one(".field-error", Static).update(Content(message or ""))

    def focus_input(self) -> None:
        self.input_widget.focus()

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _live_check(self, event: TextArea.Changed | Input.Changed) -> None:
        if event.control is not self.input_widget or self.spec.kind not in ("json", "int", "user"):
            return
        value = self.value
        self.set_error(validate_value(self.spec, value))
        if self.spec.kind == "user":
            label = self._user_text(value) if isinstance(value, int | None) else Text("")
            self.query_one(".user-label", Static).update(label)


class EditForm(Widget):
    """Fields for one object; `changes()` is the PATCH body, `show_errors` places messages."""

    DEFAULT_CSS = """
    EditForm { height: 1fr; width: 1fr; }
    EditForm > VerticalScroll { height: 1fr; padding: 0 1; }
    EditForm #form-error { display: none; color: $text-error; margin-bottom: 1; }
    EditForm.-has-error #form-error { display: block; }
    """

    BINDINGS = [Binding("ctrl+s", "submit", "Save", id="edit_form.submit")]

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
            self.query_one("#form-error", Static).update(Content("\n".join(loose)))
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
