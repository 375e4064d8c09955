"""A project read into a `Setup`, with the server ids behind every natural key (what an apply needs).

Every kind is listed at once (the listings page concurrently), then each dashboard is read for its
tiles, a few at a time. Nothing is written: a pull only reads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from tui.setup import refs
from tui.setup.document import Setup, build
from tui.setup.kinds import BY_ID, PROPERTY, STEP, Shape, keeps_unknown


@dataclass(frozen=True)
class TileRef:
    """A tile of the project: its id, and its insight's id (None for a text tile)."""

    id: int
    insight_id: int | None = None


@dataclass
class Project:
    """A project as read: its setup, and what each natural key is on this server."""

    setup: Setup
    host: str = ""
    project_id: int | str = ""
    name: str = ""
    # (kind, key) -> the object's id (event schemas: the event definition's id).
    ids: dict[tuple[str, str], Any] = field(default_factory=dict)
    # (event name, property group name) -> the event schema's id.
    schema_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    # dashboard key -> its tiles in the file's order.
    tiles: dict[str, list[TileRef]] = field(default_factory=dict)
    # email (lower case) -> user id, from every user the project's objects name.
    users: dict[str, int] = field(default_factory=dict)
    pulled_at: datetime | None = None

    def describe(self) -> str:
        named = f"{self.name} (project {self.project_id})" if self.name else f"project {self.project_id}"
        return f"{named} on {self.host}" if self.host else named


def _extras(shape: Shape, obj: BaseModel) -> dict[str, Any]:
    return {k: v for k, v in (obj.model_extra or {}).items() if keeps_unknown(shape, k, v)}


def _users(project: Project, *people: Any) -> None:
    for person in people:
        email = getattr(person, "email", None)
        if email and getattr(person, "id", None) is not None:
            project.users.setdefault(email.strip().lower(), person.id)


async def pull(client: Any) -> Project:
    """Read the client's project: definitions, groups, schemas, actions, dashboards with their tiles."""
    host, project_id = client.host, client.project_id
    definitions, groups, schemas, actions, dashboards, name, me = await asyncio.gather(
        client.event_definitions.all(), client.property_groups.all(), client.event_schemas.all(),
        client.actions.all(), client.dashboards.all(), _project_name(client), _me(client))
    details = await _each(client, [d.id for d in dashboards])
    project = Project(Setup(), host=host, project_id=project_id, name=name, pulled_at=datetime.now(UTC))
    _users(project, me)
    warnings: list[str] = []
    raw: dict[str, list[dict[str, Any]]] = {
        "event_definitions": [_definition(project, d) for d in definitions],
        "property_groups": [_group(g) for g in groups],
        "event_schemas": _schemas(project, definitions, schemas, warnings),
        "actions": [],
        "dashboards": [],
    }
    action_names: dict[int, str] = {}
    for action in actions:
        if not action.name:
            warnings.append(f"action {action.id} has no name: it is not in the file")
            continue
        action_names[action.id] = action.name
        raw["actions"].append(_action(action))
        _users(project, action.created_by)
    # Dashboards sharing a name are keyed in the order of their ids ("Sales", "Sales #2").
    for dashboard in sorted(details, key=lambda d: (d.name or "", d.id)):
        if not dashboard.name:
            warnings.append(f"dashboard {dashboard.id} has no name: it is not in the file")
            continue
        raw["dashboards"].append(_dashboard(project, dashboard, action_names, warnings))
    project.setup = build(raw, origin=project.describe())
    project.setup.warnings = warnings
    _remember_ids(project, definitions, groups, actions, [d for d in details if d.name])
    return project


async def _project_name(client: Any) -> str:
    from tui.api.errors import ApiError

    try:
        return (await client.project(client.project_id)).name or ""
    except ApiError:
        return ""  # a key without project:read still pulls


async def _me(client: Any) -> Any:
    from tui.api.errors import ApiError

    try:
        return await client.me()
    except ApiError:
        return None  # the owners the objects name are still known


async def _each(client: Any, ids: Iterable[int]) -> list[Any]:
    """Each dashboard with its tiles, a few requests at a time, in the order given."""
    slots = asyncio.Semaphore(max(1, client.concurrency))

    async def one(dashboard_id: int) -> Any:
        async with slots:
            return await client.dashboards.get(dashboard_id)

    return list(await asyncio.gather(*(one(i) for i in ids)))


def _definition(project: Project, d: Any) -> dict[str, Any]:
    _users(project, d.owner, d.created_by, d.updated_by, d.verified_by)
    owner = d.owner.email if hasattr(d.owner, "email") else None
    return {"name": d.name, "description": d.description, "tags": d.tags, "verified": bool(d.verified),
            "hidden": bool(d.hidden), "owner": owner, "enforcement_mode": d.enforcement_mode,
            "default_columns": d.default_columns, **_extras(BY_ID["event_definitions"].shape, d)}


def _group(g: Any) -> dict[str, Any]:
    shape = BY_ID["property_groups"].shape
    properties = [{"name": p.name, "property_type": p.property_type, "is_required": p.is_required,
                   "is_optional_in_types": p.is_optional_in_types, "description": p.description,
                   "validation_rules": p.validation_rules, **_extras(PROPERTY, p)} for p in g.properties]
    return {"name": g.name, "description": g.description, "properties": properties, **_extras(shape, g)}


def _schemas(project: Project, definitions: list[Any], schemas: list[Any], warnings: list[str]) -> list[dict]:
    names = {d.id: d.name for d in definitions}
    groups: dict[str, set[str]] = {}
    for schema in schemas:
        event = names.get(schema.event_definition or "")
        group = schema.property_group.name if schema.property_group else None
        if event is None or not group:
            warnings.append(f"event schema {schema.id} names no known event or group: it is not in the file")
            continue
        groups.setdefault(event, set()).add(group)
        project.schema_ids[(event, group)] = schema.id
    return [{"event": event, "property_groups": sorted(found)} for event, found in groups.items()]


def _action(a: Any) -> dict[str, Any]:
    shape = BY_ID["actions"].shape
    steps = [{**step.model_dump(exclude=set(STEP.read_only) | set(step.model_extra or {})),
              **_extras(STEP, step)} for step in a.steps]
    return {"name": a.name, "description": a.description, "tags": a.tags, "steps": steps,
            "post_to_slack": bool(a.post_to_slack), "slack_message_format": a.slack_message_format,
            **_extras(shape, a)}


def tile_order(tile: Any) -> tuple[int, int, int]:
    """Where a tile sits: top to bottom, then left to right on the wide layout (PostHog's `order`)."""
    box = tile.layouts.get("sm")
    if box is None or box.y is None:
        return (1 << 30, 0, tile.id)
    return (box.y, box.x or 0, tile.id)


def _layouts(tile: Any) -> dict[str, Any]:
    return {size: box.model_dump(exclude_none=True) for size, box in tile.layouts.items()}


def _dashboard(project: Project, dashboard: Any, action_names: dict[int, str], warnings: list[str]) -> dict:
    _users(project, dashboard.created_by)
    tiles, refs_out = [], []
    for tile in sorted(dashboard.tiles or [], key=tile_order):
        if tile.kind == "insight":
            insight = tile.insight
            missing: set[int] = set()
            query = refs.to_names(insight.query, action_names, missing)
            for action_id in sorted(missing):
                warnings.append(f"insight {insight.title!r} on dashboard {dashboard.name!r} uses action {action_id},"
                                " which the project does not list: the file keeps its id")
            tiles.append({"insight": {"name": insight.name, "description": insight.description,
                                      "tags": insight.tags, "query": query},
                          "layouts": _layouts(tile), "color": tile.color})
            refs_out.append(TileRef(tile.id, insight.id))
        elif tile.kind == "text":
            tiles.append({"text": tile.text.body or "", "layouts": _layouts(tile), "color": tile.color})
            refs_out.append(TileRef(tile.id))
        else:
            warnings.append(f"a {tile.kind.replace('_', ' ')} on dashboard {dashboard.name!r} is not in the file")
    project.tiles[str(dashboard.id)] = refs_out
    return {"name": dashboard.name, "description": dashboard.description, "pinned": dashboard.pinned,
            "tags": dashboard.tags, "restriction_level": dashboard.restriction_level,
            "sharing": bool(dashboard.is_shared), "filters": dashboard.filters, "tiles": tiles,
            **_extras(BY_ID["dashboards"].shape, dashboard)}


def _remember_ids(project: Project, definitions: list, groups: list, actions: list, dashboards: list) -> None:
    setup = project.setup
    for kind, objects, name in (("event_definitions", definitions, "name"), ("property_groups", groups, "name"),
                                ("actions", actions, "name")):
        by_name = {getattr(o, name): o.id for o in objects}
        for key in setup.of(kind):
            project.ids[(kind, key)] = by_name[key]
    for key in setup.of("event_schemas"):
        project.ids[("event_schemas", key)] = project.ids.get(("event_definitions", key))
    # Dashboards were keyed by name in id order; tiles were kept by dashboard id until now.
    ordered = sorted(dashboards, key=lambda d: (d.name, d.id))
    keys = list(setup.of("dashboards"))
    tiles = project.tiles
    project.tiles = {}
    for key, dashboard in zip(keys, ordered):
        project.ids[("dashboards", key)] = dashboard.id
        project.tiles[key] = tiles[str(dashboard.id)]
