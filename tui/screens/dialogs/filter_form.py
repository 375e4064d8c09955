"""A small form of server-side filters (events: name, people, time range, properties)."""

from __future__ import annotations

import json

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.api.tags import normalize_tags
from tui.keys import registry
from tui.resources.base import FilterField
from tui.text import safe


def check(field: FilterField, value: str) -> str | None:
    """Why a value would be refused by the server, caught before sending it."""
    if field.kind == "json" and value:
        try:
            parsed = json.loads(value)
        except ValueError as exc:
            return f"{field.label}: not valid JSON ({exc.msg})"
        if not isinstance(parsed, (list, dict)):
            return f"{field.label}: expected a JSON list of property filters"
    return None


def _cleaned(field: FilterField, value: str) -> str:
    # The dashboards tag filter matches the stored spelling exactly: " Growth" finds nothing.
    return ",".join(normalize_tags(value.split(","))) if field.kind == "tag" else value.strip()


class FilterFormScreen(ModalScreen[dict[str, str] | None]):
    """Enter applies (empty fields are dropped), esc cancels."""

    KEY_SCOPES = ("filter_form",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, title: str, fields: tuple[FilterField, ...], values: dict[str, str]) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.values = values

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-form"):
            yield Label(Content(self.title_text), id="filter-form-title")
            for field in self.fields:
                yield Label(Content(field.label), classes="filter-form-label")
                yield Input(self.values.get(field.param, ""), placeholder=field.placeholder, id=f"ff-{field.param}",
                            select_on_focus=False)
            yield Label("enter applies · esc cancels · empty fields are ignored", id="filter-form-hint")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _apply(self) -> None:
        values = {f.param: _cleaned(f, self.query_one(f"#ff-{f.param}", Input).value) for f in self.fields}
        for field in self.fields:
            problem = check(field, values[field.param])
            if problem:
                self.query_one("#filter-form-hint", Label).update(Content(safe(problem)))
                return
        self.dismiss({k: v for k, v in values.items() if v})

    def action_cancel(self) -> None:
        self.dismiss(None)
