"""Pick a person by name or email (an owner), or "no owner": the people load while it opens.

Type to narrow (every word must be in the name or the email, or its letters in order: `hhog`
finds Hana Hedgehog), up/down move while typing, tab goes to the list (j/k move there, `/` back
to the filter), enter picks, esc backs out with nothing picked. When the people cannot be
listed (a key without the scope, an older server), the dialog says why and offers nobody.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.keys import registry
from tui.text import one_line, safe

# The people, or anything else: the sentence saying why there are none (`str()` of it is shown).
Loader = Callable[[], Awaitable[Sequence[Any] | Any]]


@dataclass(frozen=True)
class Picked:
    """What was picked: a person (with `id`, `first_name`, `last_name`, `email`), or None for nobody."""

    person: Any | None


def person_label(person: Any) -> str:
    """`First Last <email>`, or as much of it as the person has."""
    name = " ".join(p for p in (getattr(person, "first_name", None), getattr(person, "last_name", None)) if p)
    email = getattr(person, "email", None)
    if name and email:
        return f"{name} <{email}>"
    return name or (f"<{email}>" if email else f"user {getattr(person, 'id', '?')}")


def _folded(text: str) -> str:
    """Lower case without accents: `zoe` finds Zoë (Ø has no accent to drop: `ø` is typed as is)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _in_order(needle: str, hay: str) -> bool:
    letters = iter(hay)
    return all(ch in letters for ch in needle)


def rank(query: str, label: str) -> int | None:
    """How well `label` matches what was typed (lower is better), or None when it does not."""
    words, hay = _folded(query).split(), _folded(label)
    if not words:
        return 2
    if hay.startswith(" ".join(words)) or hay.startswith("<" + " ".join(words)):
        return 0
    if all(w in hay for w in words):
        return 1 if any(f" {w}" in f" {hay}" or f"<{w}" in hay for w in words) else 2
    if all(_in_order(w, hay) for w in words):
        return 3
    return None


class PeoplePicker(ModalScreen[Picked | None]):
    """`PeoplePicker(title, load, current=owner_id)`: dismissed with `Picked(person)`, `Picked(None)`
    for "no owner", or None when backed out."""

    KEY_SCOPES = ("people",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, title: str, load: Loader, *, current: Any = None, nobody: str = "no owner") -> None:
        super().__init__()
        self.title_text = title
        self.load = load
        self.current = current
        self.nobody = nobody
        self.people: list[Any] | None = None  # None until loaded (or when they cannot be)
        self.problem: str | None = None
        self._shown: list[Any] = []  # the options' values, in order: a person, or None for nobody

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="people-picker"):
            yield Label(Content(safe(self.title_text)), id="picker-title")
            yield Input(placeholder="name or email", id="picker-input")
            yield OptionList(id="picker-list")
            yield Static(Content("reading the people…"), id="people-status")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._read()

    @work(exclusive=True, group="people", exit_on_error=False)
    async def _read(self) -> None:
        answer = await self.load()
        if isinstance(answer, (list, tuple)):
            self.people = sorted(answer, key=lambda p: _folded(person_label(p)))
            self._say(f"{len(self.people):,} people · enter picks · tab: the list · esc: back")
        else:
            self.problem = str(answer)
            self._say(f"Nobody to pick: {self.problem}")
        self._fill(self.query_one(Input).value)

    def _say(self, text: str) -> None:
        self.query_one("#people-status", Static).update(Content(safe(text)))

    def matches(self, text: str) -> list[Any]:
        """The values shown for `text`, best first (None: nobody, first while nothing is typed)."""
        if self.people is None:
            return []
        entries = [None, *self.people]
        scored = [(score, i) for i, value in enumerate(entries)
                  if (score := rank(text, self.nobody if value is None else person_label(value))) is not None]
        return [entries[i] for _, i in sorted(scored)]

    def _fill(self, text: str) -> None:
        listing = self.query_one(OptionList)
        self._shown = self.matches(text)
        listing.clear_options()
        listing.add_options([Option(Content(self._label(value)), id=str(i)) for i, value in enumerate(self._shown)])
        if listing.option_count:
            ids = [getattr(value, "id", None) for value in self._shown]
            start = ids.index(self.current) if not text.strip() and self.current in ids else 0
            listing.highlighted = start

    def _label(self, value: Any) -> str:
        label = self.nobody if value is None else one_line(person_label(value))
        now = (value is None and self.current is None) or (value is not None and value.id == self.current)
        return f"{label}  (now)" if now else label

    @on(Input.Changed, "#picker-input")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self._pick(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def _pick(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self._shown):
            self.dismiss(Picked(self._shown[index]))

    def action_move(self, delta: int) -> None:
        listing = self.query_one(OptionList)
        if listing.option_count:
            listing.highlighted = ((listing.highlighted or 0) + delta) % listing.option_count

    def action_switch_focus(self) -> None:
        target = self.query_one(Input) if self.query_one(OptionList).has_focus else self.query_one(OptionList)
        target.focus()

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
