"""One field of an edit form, and the nested rows some fields hold.

A FieldBox may hold a RowsEditor (an action's steps, a property group's properties) whose
RowEditors hold FieldBoxes again: the recursive pair lives in one module.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.validation import Integer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, Switch, TextArea

from tui.forms import diff
from tui.forms.fields import TEXT_KINDS, FieldSpec, blank_row, parse_int, parse_json, read_value
from tui.forms.validate import validate_value
from tui.keys import registry
from tui.text import first_control, safe
from tui.widgets.form.tags import TagEditor


class UserInput(Input):
    """A person's id, typed, or picked by name: asks its screen for the people picker."""

    KEY_SCOPES = ("user_field",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    class PickPerson(Message):
        def __init__(self, field: FieldBox) -> None:
            super().__init__()
            self.field = field

    def action_pick_person(self) -> None:
        field = next((node for node in self.ancestors if isinstance(node, FieldBox)), None)
        if field is not None:
            self.post_message(self.PickPerson(field))


class FieldBox(Widget):
    """One field: label, input widget, optional help line and an error line."""

    DEFAULT_CSS = """
    FieldBox { height: auto; layout: horizontal; margin-bottom: 1; }
    FieldBox > .field-label { width: 18; padding-right: 1; color: $text-muted; }
    FieldBox.-focused > .field-label { color: $accent; text-style: bold; }
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
    FieldBox .switch-row { height: 1; }
    FieldBox .switch-row > .switch-state { width: auto; padding-left: 1; }
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
        self._entered = False
        self.set_class(spec.kind == "rows", "-rows")

    def compose(self) -> ComposeResult:
        spec = self.spec
        yield Label(spec.label + (" *" if spec.required else ""), classes="field-label", markup=False)
        with Vertical(classes="field-body"):
            yield from self._inputs()
            if spec.help and not spec.read_only:
                yield Static(Content(spec.help), classes="field-help")
            if _unprintable(spec, self._initial):
                yield Static("Holds control characters: E edits it as YAML.", classes="field-help")
            yield Static("", classes="field-error")

    def _inputs(self) -> ComposeResult:
        spec, value, wid = self.spec, self._initial, f"input-{self.spec.name}"
        kind = spec.kind
        if spec.read_only or _unprintable(spec, value):
            # A server value holding control characters is shown made safe, and left alone:
            # putting it in an input would edit (and send) the safe stand-ins instead.
            yield Static(Text(safe(diff.display_text(spec, value), multiline=True)), id=wid, classes="read-only")
        elif kind == "text":
            # Entering a field puts the cursor after what is there: typing adds, never replaces.
            yield Input(value or "", id=wid, compact=True, select_on_focus=False)
        elif kind == "textarea":
            yield TextArea(value or "", id=wid, compact=True, soft_wrap=True)
        elif kind == "json":
            text = "" if value is None else json.dumps(value, indent=2, ensure_ascii=False)
            yield TextArea(text, id=wid, compact=True, classes="-json")
        elif kind == "bool":
            # The state in words too: a coloured block alone is invisible with NO_COLOR.
            with Horizontal(classes="switch-row"):
                yield Switch(bool(value), id=wid)
                yield Static(_on_off(bool(value)), classes="switch-state")
        elif kind == "enum":
            options = [(Text(safe(label)), choice) for label, choice in self._choices]
            if value is not None and all(choice != value for _, choice in options):
                options.append((Text(safe(value)), value))  # a value this client does not know
            yield Select(
                options, value=Select.NULL if value is None else value, id=wid, compact=True,
                allow_blank=not spec.required or not options, prompt="(none)",
            )
        elif kind == "tags":
            yield TagEditor(value or [], normalized=spec.normalized, id=wid)
        elif kind == "rows":
            yield RowsEditor(spec, value or [], id=wid)
        else:  # int, user
            ident = read_value(spec, {spec.name: value})
            # Not type="integer": that input drops what is not a digit as it is typed, so "1e3"
            # would quietly become user 13; anything else is refused beside the field instead.
            box = (UserInput if kind == "user" else Input)(
                "" if ident is None else str(ident), id=wid, compact=True, validators=[Integer()], valid_empty=True,
                select_on_focus=False)
            if kind == "user":
                if isinstance(value, dict) and ident is not None:
                    self._users.setdefault(ident, diff.user_label(value))
                with Horizontal(classes="user-row"):
                    yield box
                    yield Static(self._user_text(ident), classes="user-label")
            else:
                yield box

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Set by hand: the `:focus-within` style was left on a field after focus moved on.
        self.add_class("-focused")
        widget = event.widget
        if isinstance(widget, TextArea) and widget is self.input_widget and not self._entered:
            self._entered = True
            widget.move_cursor(widget.document.end)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.remove_class("-focused")

    @on(Switch.Changed)
    def _switched(self, event: Switch.Changed) -> None:
        if event.switch is self.input_widget:
            self.query_one(".switch-state", Static).update(_on_off(event.value))

    def set_user(self, user: Any | None) -> None:
        """A person picked by name (None: nobody): their id in the box, their name beside it."""
        ident = None if user is None else user.id
        if user is not None and ident is not None:
            self._users[ident] = diff.user_label(user.model_dump())
        box = self.input_widget
        assert isinstance(box, Input)
        box.value = "" if ident is None else str(ident)
        box.cursor_position = len(box.value)

    def _user_text(self, ident: Any) -> Text:
        if ident is None:
            return Text("no owner")
        return Text(safe(self._users.get(ident, f"user {ident}")))

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
            self.query_one(".field-error", Static).update(Content(safe(message or "", multiline=True)))

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


def _unprintable(spec: FieldSpec, value: Any) -> bool:
    return spec.kind in TEXT_KINDS and isinstance(value, str) and (
        first_control(value, multiline=spec.kind == "textarea") is not None)


def _on_off(value: bool) -> str:
    return "On" if value else "Off"


class RowEditor(Vertical):
    """One nested entry (a property or an action step); keeps the keys it does not edit."""

    DEFAULT_CSS = """
    RowEditor { height: auto; border: round $border-blurred; padding: 0 1; }
    RowEditor:focus-within { border: round $border; }
    RowEditor FieldBox { margin-bottom: 0; }
    RowEditor FieldBox > .field-label { width: 14; }
    """

    def __init__(self, spec: FieldSpec, row: Mapping[str, Any]) -> None:
        super().__init__()
        self.spec = spec
        self.kept = {key: row[key] for key in spec.keep if key in row}
        self._row = row

    def compose(self) -> ComposeResult:
        for column in self.spec.columns:
            yield FieldBox(column, read_value(column, self._row))

    @property
    def value(self) -> dict[str, Any]:
        return {**self.kept, **{box.spec.name: box.value for box in self.query_children(FieldBox)}}

    def field(self, name: str) -> Widget | None:
        try:
            return self.query_one(f"#field-{name}", FieldBox)
        except NoMatches:
            return None

    def focus_first(self) -> None:
        self.query_children(FieldBox).first().focus_input()


class RowsEditor(Widget):
    """An editable list of nested rows: add, remove and (where order matters) move them."""

    DEFAULT_CSS = """
    RowsEditor { height: auto; width: 1fr; }
    RowsEditor > #rows { height: auto; }
    RowsEditor > .rows-empty { color: $text-muted; }
    RowsEditor > Horizontal { height: auto; }
    RowsEditor > Horizontal > Button { min-width: 10; }
    RowsEditor > Horizontal > .rows-keys { color: $text-muted; padding-left: 1; width: 1fr; }
    """

    KEY_SCOPES = ("rows",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, spec: FieldSpec, rows: Sequence[Mapping[str, Any]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spec = spec
        self._initial = [row for row in rows if isinstance(row, Mapping)]

    def compose(self) -> ComposeResult:
        with Vertical(id="rows"):
            yield from (RowEditor(self.spec, row) for row in self._initial)
        yield Static("Nothing here yet.", classes="rows-empty")
        keys = "ctrl+n add · ctrl+x remove" + (" · alt+↑/↓ move" if self.spec.reorderable else "")
        with Horizontal():
            yield Button("+ Add", id="add-row", compact=True)
            yield Static(keys, classes="rows-keys", markup=False)

    def on_mount(self) -> None:
        self._renumber()

    @property
    def rows(self) -> list[RowEditor]:
        return list(self.query_one("#rows").query_children(RowEditor))

    @property
    def value(self) -> list[dict[str, Any]]:
        return [row.value for row in self.rows]

    def focused_row(self) -> RowEditor | None:
        focused = self.screen.focused
        ancestors = focused.ancestors_with_self if focused is not None else []
        return next((n for n in ancestors if isinstance(n, RowEditor) and n in self.rows), None)

    def focus(self, scroll_visible: bool = True) -> RowsEditor:
        rows = self.rows
        if rows:
            rows[0].focus_first()
        else:
            self.query_one("#add-row").focus(scroll_visible)
        return self

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move_row":
            return self.spec.reorderable and self.focused_row() is not None
        if action == "remove_row":
            return self.focused_row() is not None
        return True

    async def action_add_row(self) -> None:
        row = RowEditor(self.spec, blank_row(self.spec))
        await self.query_one("#rows").mount(row)
        self._renumber()
        row.focus_first()

    async def action_remove_row(self) -> None:
        # check_action guarantees a focused row; focus moves to the row that takes its place.
        row = self.focused_row()
        index = self.rows.index(row)
        await row.remove()
        self._renumber()
        rest = self.rows
        if rest:
            rest[min(index, len(rest) - 1)].focus_first()
        else:
            self.query_one("#add-row").focus()

    def action_move_row(self, step: int) -> None:
        row = self.focused_row()
        rows = self.rows
        target = rows.index(row) + step
        if 0 <= target < len(rows):
            where = {"before": rows[target]} if step < 0 else {"after": rows[target]}
            self.query_one("#rows").move_child(row, **where)
            self._renumber()
            self.call_after_refresh(row.scroll_visible)

    def cell(self, index: int, column: str) -> Widget | None:
        rows = self.rows
        return rows[index].field(column) if 0 <= index < len(rows) else None

    @on(Button.Pressed, "#add-row")
    async def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_add_row()

    def _renumber(self) -> None:
        rows = self.rows
        for index, row in enumerate(rows, 1):
            row.border_title = f"{index}"
        self.query_one(".rows-empty").display = not rows
