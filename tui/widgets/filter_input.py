"""The filter box above a table of rows."""

from __future__ import annotations

from textual.widgets import Input

from tui.keys import registry
from tui.widgets.table.resource_table import ResourceTable


class FilterInput(Input):
    """The filter box above a list; `down` goes back to the rows."""

    KEY_SCOPES = ("filter",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def action_leave(self) -> None:
        self.screen.query_one(ResourceTable).focus()
