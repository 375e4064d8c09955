"""The `:` prompt: switch resource by name, alias or prefix; or project, profile, diff, the console."""

from __future__ import annotations

from typing import Any

from tui.resources import switchable
from tui.screens.dialogs.picker import PickerScreen

PROJECT = "@project"
PROFILE = "@profile"
DIFF = "@diff"
CONSOLE = "@console"
TRIAGE = "@triage"
_EXTRA = {PROJECT: ("project",), PROFILE: ("profile",), DIFF: ("diff",), CONSOLE: ("sql", "hogql", "console"),
          TRIAGE: ("triage",)}


class SwitchScreen(PickerScreen):
    def __init__(self) -> None:
        specs = switchable()
        options = [(f"{spec.title} ({spec.number}) {' '.join(spec.aliases)}", spec.id) for spec in specs]
        options += [("project: switch project", PROJECT), ("profile: switch profile", PROFILE),
                    ("diff: compare the setup with another project, profile or file", DIFF),
                    ("sql: the HogQL console (6) hogql console", CONSOLE),
                    ("triage (7): the event definitions that need work", TRIAGE)]
        self._names: dict[Any, tuple[str, ...]] = {spec.id: spec.names() for spec in specs} | _EXTRA
        super().__init__(":switch to", options,
                         placeholder="definitions, schemas, dashboards, events, actions, project, profile")

    def _matches(self, text: str) -> list[tuple[str, Any]]:
        """An exact name or alias first (`ev` is the events alias, though "Event definitions"
        starts with it too), then names it begins, then anything it appears in."""
        typed = text.strip().lower()
        found = super()._matches(text)
        if not typed:
            return found

        def rank(option: tuple[str, Any]) -> int:
            names = self._names.get(option[1], ())
            if typed in names:
                return 0
            return 1 if any(name.startswith(typed) for name in names) else 2

        return sorted(found, key=rank)
