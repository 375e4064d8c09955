"""Nested rows inside an edit form: an action's steps, a property group's properties.

FieldBox (in edit_form) holds a RowsEditor and each RowEditor holds FieldBoxes, so the two
modules import each other; this side imports lazily, when a row is composed or queried.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Button, Static

from tui.forms.fields import FieldSpec, blank_row, read_value


def _field_box():
    from tui.widgets.edit_form import FieldBox

    return FieldBox


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
            yield _field_box()(column, read_value(column, self._row))

    @property
    def value(self) -> dict[str, Any]:
        return {**self.kept, **{box.spec.name: box.value for box in self.query_children(_field_box())}}

    def field(self, name: str) -> Widget | None:
        try:
            return self.query_one(f"#field-{name}", _field_box())
        except NoMatches:
            return None

    def focus_first(self) -> None:
        self.query_children(_field_box()).first().focus_input()


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

    # Priority: Input and TextArea bind ctrl+x to cut; inside a row it removes the row instead.
    BINDINGS = [
        Binding("ctrl+n", "add_row", "Add row", id="rows_editor.add_row", priority=True),
        Binding("ctrl+x", "remove_row", "Remove row", id="rows_editor.remove_row", priority=True),
        Binding("alt+up", "move_row(-1)", "Move up", id="rows_editor.move_up", priority=True),
        Binding("alt+down", "move_row(1)", "Move down", id="rows_editor.move_down", priority=True),
    ]

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
