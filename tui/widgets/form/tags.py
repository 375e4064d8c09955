"""Tags as chips plus an input: enter adds a tag, backspace in the empty input removes the last."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.api.tags import normalize_tags
from tui.text import safe


class _TagInput(Input):
    def action_delete_left(self) -> None:
        # An empty box has nothing to delete, so backspace reaches for the last chip instead.
        if not self.value:
            self.post_message(TagEditor.RemoveLast())
        else:
            super().action_delete_left()


def _distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))


class TagEditor(Widget):
    DEFAULT_CSS = """
    TagEditor { height: auto; width: 1fr; layout: vertical; }
    TagEditor > .tag-chips { height: auto; width: 1fr; }
    TagEditor > Input { width: 1fr; }
    """

    class Changed(Message):
        def __init__(self, editor: TagEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> TagEditor:
            return self.editor

    class RemoveLast(Message):
        pass

    def __init__(
        self,
        tags: Iterable[str] = (),
        *,
        placeholder: str = "add a tag, enter",
        compact: bool = True,
        normalized: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._tags: list[str] = []
        # PostHog tags are shown as the server will store them; other lists (column names) as typed.
        self._clean = normalize_tags if normalized else _distinct
        self._placeholder = placeholder
        self._compact = compact
        self._merge(tags)

    def compose(self) -> ComposeResult:
        yield Static(self._chips(), classes="tag-chips")
        yield _TagInput(placeholder=self._placeholder, compact=self._compact, id="tag-input")

    @property
    def tags(self) -> list[str]:
        """The chips, plus whatever is typed but not yet entered (so saving never drops it)."""
        pending = self.query_one(_TagInput).value if self.is_mounted else ""
        return self._clean([*self._tags, pending])

    def set_tags(self, tags: Iterable[str]) -> None:
        self._tags = []
        self._merge(tags)
        if self.is_mounted:
            self.query_one(_TagInput).value = ""
        self._refresh_chips()

    def add(self, tag: str) -> bool:
        added = self._merge([tag])
        self._refresh_chips()
        return added

    def remove_last(self) -> str | None:
        if not self._tags:
            return None
        removed = self._tags.pop()
        self._refresh_chips()
        return removed

    def focus(self, scroll_visible: bool = True) -> TagEditor:
        self.query_one(_TagInput).focus(scroll_visible)
        return self

    def _merge(self, tags: Iterable[str]) -> bool:
        before = len(self._tags)
        self._tags = self._clean([*self._tags, *tags])
        return len(self._tags) != before

    def _chips(self) -> Text:
        if not self._tags:
            return Text("no tags", style="dim")
        chips = Text()
        for tag in self._tags:
            chips.append(f" {safe(tag)} ", style="reverse")
            chips.append(" ")
        return chips

    def _refresh_chips(self) -> None:
        if self.is_mounted:
            self.query_one(".tag-chips", Static).update(self._chips())
            self.post_message(self.Changed(self))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.add(event.value)
            event.input.value = ""

    def on_tag_editor_remove_last(self, event: RemoveLast) -> None:
        event.stop()
        self.remove_last()
