"""The filter box above a table of rows."""

from __future__ import annotations

from textual.widgets import Input

from tui.keys import registry
from tui.widgets.table.resource_table import ResourceTable


class FilterInput(Input):
    """The filter box above a list; `down` goes back to the rows."""

    KEY_SCOPES = ("filter",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def open(self) -> None:
        """Show the box and take the focus at once, not after the queue (as `focus()` does), so
        no key typed right after `/` runs one of the list's keys."""
        self.display = True
        self.screen.set_focus(self)

    def action_leave(self) -> None:
        self.screen.query_one(ResourceTable).focus()
