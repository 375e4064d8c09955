"""Endpoint-specific calls on event definitions, actions and events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from .errors import NotFoundError
from .models import Action, BulkUpdateResult, Event, EventDefinition, NotSupported, parse_model
from .resources import Resource

TagAction = Literal["add", "remove", "set"]


class EventDefinitions(Resource[EventDefinition]):
    async def by_name(self, name: str) -> EventDefinition | None:
        """The definition with exactly this name, or None when the project has none."""
        try:
            data = await self.call("GET", "by_name", params={"name": name})
        except NotFoundError:
            return None
        return self._parse(data)

    async def bulk_update_tags(
        self, ids: Iterable[str], action: TagAction, tags: Iterable[str]
    ) -> BulkUpdateResult:
        body = {"ids": list(ids), "action": action, "tags": list(tags)}
        return parse_model(BulkUpdateResult, await self.call("POST", "bulk_update_tags", body=body) or {})

    async def bulk_update_verified(self, ids: Iterable[str], verified: bool) -> BulkUpdateResult:
        body = {"ids": list(ids), "verified": verified}
        data = await self.call("POST", "bulk_update_verified", body=body)
        return parse_model(BulkUpdateResult, data or {})


class Actions(Resource[Action]):
    async def count(self, id: int) -> int | NotSupported:
        """Matching events over the last 3 months; only older servers still have the route."""
        data = await self.optional("Action event count", "GET", id, "count")
        if isinstance(data, NotSupported):
            return data
        if isinstance(data, dict) and isinstance(data.get("count"), int):
            return data["count"]
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
