"""What a list asks the server for: the cycles a key steps through, the search, the filter form
and the fixed parameters of a relation; and how they read in the status line and the picker."""

from __future__ import annotations

from typing import Any

from tui.resources.base import Choice, Cycle, ResourceSpec

ON = "●"
OFF = "○"


class ListFilters:
    def __init__(self, spec: ResourceSpec, fixed: dict[str, Any] | None = None) -> None:
        self.spec = spec
        self.fixed = {k: v for k, v in (fixed or {}).items() if v is not None}
        self.cycles: list[Cycle] = [c for c in (spec.scope, spec.order, *spec.flags) if c is not None]
        self.choice = {cycle.label: 0 for cycle in self.cycles}
        self.search = ""
        self.form: dict[str, str] = {}

    def params(self) -> dict[str, Any]:
        merged = dict(self.spec.base_params)
        for cycle in self.cycles:
            merged.update(cycle.choices[self.choice[cycle.label]].params)
        if self.search and self.spec.search_param:
            merged[self.spec.search_param] = self.search
        merged.update(self.form)
        merged.update(self.fixed)
        return merged

    def step(self, cycle: Cycle) -> str:
        """Move `cycle` to its next choice; what it is now, for a short notice."""
        self.choice[cycle.label] = (self.choice[cycle.label] + 1) % len(cycle.choices)
        return f"{cycle.label}: {cycle.choices[self.choice[cycle.label]].label}"

    def chosen(self, cycle: Cycle) -> Choice:
        return cycle.choices[self.choice[cycle.label]]

    def describe(self) -> str:
        parts = [
            f"{cycle.label}: {cycle.choices[self.choice[cycle.label]].label}"
            for cycle in self.cycles
            if self.choice[cycle.label]
        ]
        if self.search:
            parts.append(f"{self.spec.search_param} “{self.search}”")
        parts.extend(f"{k}={v}" for k, v in {**self.form, **self.fixed}.items())
        return " · ".join(parts)

    def flag_options(self) -> list[tuple[str, tuple[str, int]]]:
        """The picker's lines for the flag filters, the choice in force marked on each."""
        return [
            (f"{ON if self.choice[cycle.label] == i else OFF} {cycle.label}: {choice.label}", (cycle.label, i))
            for cycle in self.spec.flags
            for i, choice in enumerate(cycle.choices)
        ]
