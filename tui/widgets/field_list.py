"""One object's fields as a list of (name, value) rows that wrap: a long name or description is
read whole, not cut at the column's edge."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.keys import registry
from tui.text import safe

Section = tuple[str, Sequence[tuple[str, str]]]
NAME_WIDTH = 22


class FieldList(OptionList, inherit_bindings=False):
    """Sections of fields; the highlight moves between fields (section titles are skipped)."""

    DEFAULT_CSS = """
    FieldList, FieldList:focus { height: 1fr; border: none; padding: 0 1; background: $surface;
        scrollbar-gutter: stable; }
    FieldList > .option-list--option-disabled { color: $text-accent; text-style: bold; }
    """

    KEY_SCOPES = ("fields",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.values: dict[str, str] = {}  # field key ("section.position.name") -> value
        self.headings: list[str] = []

    def show(self, sections: Sequence[Section]) -> None:
        """Replace the fields, keeping the highlight on the same field where it still exists."""
        kept = self.highlighted_key
        self.values.clear()
        self.headings = [title for title, _ in sections]
        options: list[Option] = []
        for index, (title, fields) in enumerate(sections):
            options.append(Option(Text(f"── {safe(title)}"), id=f"§{index}", disabled=True))
            for position, (name, value) in enumerate(fields):
                key = f"{index}.{position}.{name}"
                self.values[key] = value
                options.append(Option(_row(name, value), id=key))
        self.clear_options()
        self.add_options(options)
        keys = [o.id for o in options if not o.disabled]
        if keys:
            self.highlighted = self.get_option_index(kept if kept in keys else keys[0])

    def move_to(self, key: str) -> bool:
        """Highlight the field `key`; False when there is none."""
        if key not in self.values:
            return False
        self.highlighted = self.get_option_index(key)
        return True

    @property
    def highlighted_key(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id


def _row(name: str, value: str) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=NAME_WIDTH, no_wrap=False, style="dim")
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text(safe(name)), Text(safe(value, multiline=True)))
    return grid
