"""Actions and events: what people did, and the named combinations of it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..models import Action, ActionReference, Event, NotSupported, parse_model
from ..pagination import PageStyle
from .base import Endpoint, Resource

SOFT_DELETED = frozenset({"list", "get", "create", "update", "archive"})
ACTIONS = Endpoint("actions", Action, style=PageStyle.COUNTED, operations=SOFT_DELETED)
# The events list caps `limit` at 1000 and is throttled as a ClickHouse query.
EVENTS = Endpoint(
    "events",
    Event,
    style=PageStyle.CURSOR,
    operations=frozenset({"list", "get"}),
    bucket="query",
    bulk_page_size=1000,
)


class Actions(Resource[Action]):
    """List rows carry `reference_count` when listed with `include_reference_count=True`."""

    async def references(self, id: int) -> list[ActionReference]:
        """What uses the action (insights, experiments, cohorts, hog functions), at most 50."""
        data = await self.call("GET", id, "references")
        rows = data.get("results", []) if isinstance(data, dict) else data or []
        return [parse_model(ActionReference, row) for row in rows if isinstance(row, dict)]

    async def count(self, id: int) -> int | NotSupported:
        """Matching events over the last 3 months; only older servers still have the route."""
        data = await self.optional("Action event count", "GET", id, "count")
        if isinstance(data, NotSupported):
            return data
        count = data.get("count") if isinstance(data, dict) else None
        if isinstance(count, int):
            return count
        return NotSupported(feature="Action event count", detail="The server sent no count.")

    async def people(self, id: int, **params: Any) -> list[dict[str, Any]] | NotSupported:
        """People who performed the action (older servers only); person rows as sent."""
        data = await self.optional("Action people", "GET", "people", params={"id": id, **params})
        if isinstance(data, NotSupported):
            return data
        groups = data.get("results", []) if isinstance(data, dict) else data or []
        # 2022 servers wrap the persons in one `{people, count}` group per action.
        return [
            person
            for group in groups
            if isinstance(group, dict)
            for person in (group.get("people", []) if "people" in group else [group])
            if isinstance(person, dict)
        ]


class Events(Resource[Event]):
    async def values(
        self, key: str, event_name: str | Iterable[str] | None = None, value: str | None = None
    ) -> list[str]:
        """Recent values of a property; personal keys must name the event(s) on newer servers."""
        names = [event_name] if isinstance(event_name, str) else list(event_name or [])
        params = {"key": key, "event_name": names or None, "value": value}
        data = await self.call("GET", "values", params=params, bucket="values")
        rows = data.get("results", []) if isinstance(data, dict) else data
        found: list[str] = []
        for row in rows or []:
            item = row.get("name") if isinstance(row, dict) else row
            if item is not None:
                found.append(str(item))
        return found
