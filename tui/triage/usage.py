"""Where an event is used: the actions whose steps name it, the saved insights whose queries name it,
and the property groups of its event schema. Read from the lists the client already fetches (the
insights list carries each query), so it needs no Query API."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tui.api.models import Action, EventDefinition, EventSchema, Insight, PropertyGroup


@dataclass(frozen=True)
class Usage:
    actions: tuple[str, ...]
    insights: tuple[str, ...]
    schemas: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.actions or self.insights or self.schemas)

    def summary(self) -> str:
        return (f"{len(self.actions)} action{'s' * (len(self.actions) != 1)}, "
                f"{len(self.insights)} insight{'s' * (len(self.insights) != 1)}, "
                f"{'a schema' if self.schemas else 'no schema'}")

    def lines(self) -> list[str]:
        return ([f"schema: {name}" for name in self.schemas] + [f"action: {name}" for name in self.actions]
                + [f"insight: {name}" for name in self.insights])


def _named_events(node: Any) -> Iterator[str]:
    """Every event a query names: `{"kind": "EventsNode", "event": ...}` series, funnel steps,
    retention entities (`{"id": ..., "type": "events"}`) and legacy `filters` events."""
    if isinstance(node, dict):
        if isinstance(node.get("event"), str):
            yield node["event"]
        if node.get("type") == "events" and isinstance(node.get("id"), str):
            yield node["id"]
        for value in node.values():
            yield from _named_events(value)
    elif isinstance(node, list):
        for value in node:
            yield from _named_events(value)


@dataclass
class UsageIndex:
    """Built once per load; `of(definition)` is then a dictionary lookup."""

    actions: dict[str, list[str]]
    insights: dict[str, list[str]]
    schemas: dict[str, list[str]]

    @classmethod
    def build(cls, actions: Iterable[Action], insights: Iterable[Insight], schemas: Iterable[EventSchema],
              groups: Sequence[PropertyGroup]) -> UsageIndex:
        by_action: dict[str, list[str]] = {}
        for action in actions:
            for event in sorted({s.event for s in action.steps if s.event}):
                by_action.setdefault(event, []).append(action.name or f"action {action.id}")
        by_insight: dict[str, list[str]] = {}
        for insight in insights:
            if insight.deleted:
                continue
            for event in sorted(set(_named_events([insight.query, getattr(insight, "filters", None)]))):
                by_insight.setdefault(event, []).append(insight.name or insight.derived_name
                                                        or f"insight {insight.short_id or insight.id}")
        names = {g.id: g.name for g in groups}
        by_schema: dict[str, list[str]] = {}
        for schema in schemas:
            group = schema.property_group.name if schema.property_group else names.get(schema.property_group_id or "")
            if schema.event_definition and group:
                by_schema.setdefault(schema.event_definition, []).append(group)
        return cls(by_action, by_insight, by_schema)

    def of(self, definition: EventDefinition) -> Usage:
        return Usage(tuple(self.actions.get(definition.name, ())), tuple(self.insights.get(definition.name, ())),
                     tuple(sorted(self.schemas.get(definition.id, ()))))
