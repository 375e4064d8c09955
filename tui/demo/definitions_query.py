"""Filtering and ordering of the event definitions list, as PostHog's taxonomy search does it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from . import errors
from .clock import iso_z
from .data import ProjectData, Record
from .params import parse_json_list, truthy
from .seed import CORE_EVENTS

ORDER_FIELDS = {"name", "last_seen_at", "last_seen_at::date", "created_at", "created_at::date"}
DEFAULT_ORDER = ("-last_seen_at::date", "name")
# Mirrors PostHog's thresholds: above them the count is bounded and the default order is by name.
LARGE_PROJECT = 50_000
NAME_ORDER_PROJECT = 100_000
COUNT_CAP = 10_000
EVENT_TYPES = {"event", "event_custom", "event_posthog", "all", "action_event"}
_CORE = frozenset(CORE_EVENTS)


def _sorted(rows: list[Record], terms: tuple[str, ...]) -> list[Record]:
    """Rows in `terms` order, nulls last either way (stable sorts from the last term to the first)."""
    for term in reversed(terms):
        name = term.lstrip("-")
        if name == "__length__":
            rows = sorted(rows, key=lambda r: len(r["name"]))
            continue
        column = name.removesuffix("::date")
        present = [r for r in rows if r[column] is not None]
        missing = [r for r in rows if r[column] is None]
        if name.endswith("::date"):
            present.sort(key=lambda r: r[column][:10], reverse=term.startswith("-"))
        else:
            present.sort(key=lambda r: r[column], reverse=term.startswith("-"))
        rows = present + missing
    return rows


def ordered(data: ProjectData, terms: tuple[str, ...]) -> list[Record]:
    """All definitions in `terms` order, cached until definitions are added or removed."""
    cached = data.definition_orders.get(terms)
    if cached is None:
        cached = data.definition_orders[terms] = _sorted(list(data.definitions.values()), terms)
    return cached


def default_terms(data: ProjectData) -> tuple[str, ...]:
    return ("name",) if len(data.definitions) > NAME_ORDER_PROJECT else DEFAULT_ORDER


def warm_default_order(data: ProjectData) -> None:
    ordered(data, default_terms(data))


def order_terms(raw: str | None, data: ProjectData, searching: bool) -> tuple[str, ...]:
    if not raw:
        return ("__length__", "name") if searching else default_terms(data)
    terms = [t.strip() for t in raw.split(",") if t.strip().lstrip("-") in ORDER_FIELDS]
    return (*terms, "name") if terms else default_terms(data)


def listing(data: ProjectData, query: Any, now: datetime) -> tuple[list[Record], bool]:
    """The filtered, ordered rows and whether the filters are selective enough for an exact count."""
    event_type = query.get("event_type", "event")
    if event_type not in EVENT_TYPES:
        raise errors.validation(f'"{event_type}" is not a valid choice.', "event_type", "invalid_choice")
    search = query.get("search", "").strip()
    terms = order_terms(query.get("ordering"), data, bool(search))
    checks = []
    if event_type == "event_custom":
        checks.append(lambda r: not r["name"].startswith("$"))
    elif event_type == "event_posthog":
        checks.append(lambda r: r["name"].startswith("$"))
    if search:
        words = [w.lower() for w in search.split()]
        checks.append(lambda r: all(w in r["name"].lower() for w in words))
    if truthy(query.get("exclude_hidden")):
        checks.append(lambda r: not r["hidden"])
    if truthy(query.get("exclude_stale")):
        stale = iso_z(now - timedelta(days=30))
        checks.append(lambda r: r["last_seen_at"] is None or r["last_seen_at"] >= stale)
    verified = (query.get("verified") or "").lower()
    if verified == "true":
        checks.append(lambda r: r["verified"] or r["name"] in _CORE)
    elif verified == "false":
        checks.append(lambda r: not r["verified"] and r["name"] not in _CORE)
    names = {n for raw in query.getlist("names") for n in raw.split(",") if n}
    if names:
        checks.append(lambda r: r["name"] in names)
    tags = parse_json_list(query.get("tags"))
    if tags:
        wanted = set(tags)
        checks.append(lambda r: bool(wanted.intersection(r["tags"])))
    excluded = set(parse_json_list(query.get("excluded_properties")))
    if excluded:
        checks.append(lambda r: r["name"] not in excluded)
    if not checks:
        return ordered(data, terms), False
    # Filter before sorting unless the order is already cached: filtered sets are usually small.
    cached = data.definition_orders.get(terms)
    source = cached if cached is not None else data.definitions.values()
    rows = [r for r in source if all(check(r) for check in checks)]
    return (rows if cached is not None else _sorted(rows, terms)), bool(search or names or tags)

