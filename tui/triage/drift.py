"""Schema drift: recent events of one name, sampled through the Query API, against the properties
its event schema's property groups declare. Per property: how often it is present and which types
arrive; flagged when a required one is missing from more than 1 % of the events, when a type does
not match, and when a property the schema lacks is on most events.

The two fixes the drift view offers are new property lists for a group (`with_property`,
`made_optional`): PostHog recreates every property of a group on PATCH, so a fix always sends the
whole list, built from the rows the server last gave, never from property ids."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.api.models import PropertyGroupProperty

SAMPLE = 1000
SAMPLE_QUERY = ("SELECT properties FROM events WHERE event = {event} AND timestamp > now() - INTERVAL 30 DAY "
                f"ORDER BY timestamp DESC LIMIT {SAMPLE}")
MISSING_SHARE = 0.01
# A property the schema lacks is worth adding when at least this share of events has it.
FREQUENT_SHARE = 0.5


@dataclass(frozen=True)
class PropertyDrift:
    name: str
    declared: str | None  # the schema's type; None for a property the schema lacks
    required: bool
    present: float  # share of the sampled events that have it
    types: tuple[str, ...]  # the types seen, most common first
    # Short, beside the other columns: "missing from 12%" (a required one), "type mismatch", "not in the schema".
    problem: str | None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int | float):
        return "Numeric"
    if isinstance(value, dict | list):
        return "Object"
    if isinstance(value, str):
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return "String"
        return "DateTime"
    return "Null"


def _fits(declared: str, seen: str) -> bool:
    # A date arrives as a string; a string schema takes one that happens to read as a date.
    return declared in ("Any", seen) or (declared, seen) in (("String", "DateTime"), ("DateTime", "String"))


def parse_samples(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """The `properties` column of the sample query: a JSON object per row (text or already decoded)."""
    found = []
    for row in rows:
        value = row[0] if isinstance(row, list | tuple) and row else row
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                continue
        if isinstance(value, dict):
            found.append(value)
    return found


def census(events: Sequence[dict[str, Any]]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """How many events have each property, and with which types."""
    present: Counter[str] = Counter()
    types: dict[str, Counter[str]] = {}
    for event in events:
        for name, value in event.items():
            present[name] += 1
            types.setdefault(name, Counter())[_kind(value)] += 1
    return present, types


def top_properties(events: Sequence[dict[str, Any]], limit: int = 10) -> list[tuple[str, float, tuple[str, ...]]]:
    """The properties most events have: name, share of the events, types seen (most common first)."""
    present, types = census(events)
    total = len(events) or 1
    return [(name, count / total, tuple(kind for kind, _ in types[name].most_common()))
            for name, count in present.most_common(limit)]


def drift(declared: Sequence[PropertyGroupProperty], events: Sequence[dict[str, Any]]) -> list[PropertyDrift]:
    """The schema's properties first (flagged ones before the rest), then frequent ones it lacks.

    A name two groups declare is one row: the first group's type, required when any group requires it."""
    declared = _merged(declared)
    total = len(events) or 1
    present, types = census(events)
    rows = []
    for prop in declared:
        share = present[prop.name] / total
        seen = tuple(kind for kind, _ in types.get(prop.name, Counter()).most_common())
        problem = None
        if prop.is_required and 1 - share > MISSING_SHARE:
            problem = f"missing from {1 - share:.0%}"
        elif prop.property_type and any(not _fits(prop.property_type, kind) for kind in seen if kind != "Null"):
            problem = "type mismatch"
        rows.append(PropertyDrift(prop.name, prop.property_type or "Any", prop.is_required, share, seen, problem))
    names = {prop.name for prop in declared}
    extra = [PropertyDrift(name, None, False, count / total,
                           tuple(kind for kind, _ in types[name].most_common()), "not in the schema")
             for name, count in present.most_common()
             if name not in names and not name.startswith("$") and count / total >= FREQUENT_SHARE]
    return sorted(rows, key=lambda r: r.problem is None) + extra


def _merged(declared: Sequence[PropertyGroupProperty]) -> list[PropertyGroupProperty]:
    by_name: dict[str, PropertyGroupProperty] = {}
    for prop in declared:
        first = by_name.get(prop.name)
        if first is None:
            by_name[prop.name] = prop
        elif prop.is_required and not first.is_required:
            by_name[prop.name] = first.model_copy(update={"is_required": True})
    return list(by_name.values())


def property_type(types: Sequence[str]) -> str:
    """The `property_type` a property arriving with these observed types gets: the one type seen
    (dates and strings read as String, since a date arrives as a string), else Any."""
    seen = {kind for kind in types if kind != "Null"}
    if seen <= {"String", "DateTime"} and len(seen) == 2:
        return "String"
    return seen.pop() if len(seen) == 1 else "Any"


def with_property(properties: Sequence[dict[str, Any]], name: str, kind: str) -> list[dict[str, Any]]:
    """The group's whole property list with `name` added (optional, of type `kind`), in the server's
    order (by name), the others as they were."""
    rows = [dict(row) for row in properties]
    if any(row.get("name") == name for row in rows):
        return rows
    at = next((i for i, row in enumerate(rows) if str(row.get("name", "")) > name), len(rows))
    return [*rows[:at], {"name": name, "property_type": kind, "is_required": False, "description": ""}, *rows[at:]]


def made_optional(properties: Sequence[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """The group's whole property list with `name` no longer required (everything else as it was)."""
    return [{**row, "is_required": False} if row.get("name") == name else dict(row) for row in properties]
