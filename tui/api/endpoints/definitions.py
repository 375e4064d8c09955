"""Event definitions, their property groups and the schemas joining them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ..errors import NotFoundError
from ..models import BulkUpdateResult, EventDefinition, EventSchema, PropertyGroup, parse_model
from .base import CRUD, Endpoint, Resource, writes

TagAction = Literal["add", "remove", "set"]


class EventDefinitions(Resource[EventDefinition]):
    async def by_name(self, name: str) -> EventDefinition | None:
        """The definition with exactly this name, or None when the project has none."""
        try:
            data = await self.call("GET", "by_name", params={"name": name})
        except NotFoundError:
            return None
        return self._parse(data)

    @writes
    async def bulk_update_tags(
        self, ids: Iterable[str], action: TagAction, tags: Iterable[str]
    ) -> BulkUpdateResult:
        body = {"ids": list(ids), "action": action, "tags": list(tags)}
        return parse_model(BulkUpdateResult, await self.call("POST", "bulk_update_tags", body=body) or {})

    @writes
    async def bulk_update_verified(self, ids: Iterable[str], verified: bool) -> BulkUpdateResult:
        body = {"ids": list(ids), "verified": verified}
        data = await self.call("POST", "bulk_update_verified", body=body)
        return parse_model(BulkUpdateResult, data or {})



EVENT_DEFINITIONS = Endpoint("event_definitions", EventDefinition, write_refs={"owner": "owner"})
PROPERTY_GROUPS = Endpoint("schema_property_groups", PropertyGroup)
# Event schemas are list, create and delete only (to change one, delete it and create another);
# the group is read nested and written by id.
EVENT_SCHEMAS = Endpoint(
    "event_schemas",
    EventSchema,
    operations=CRUD - {"get", "update"},
    write_refs={"property_group": "property_group_id"},
)
