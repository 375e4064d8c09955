"""`schema_property_groups/` and `event_schemas/` (list, create and delete only)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from . import errors
from .clock import iso_z
from .data import ProjectData, Record
from .routing import Ctx, limit_offset_page, no_content, ok, resource, scoped
from .users import CURRENT_USER_ID, user_basic
from .validate import string_field

GROUPS = "/api/projects/{project_id}/schema_property_groups"
SCHEMAS = "/api/projects/{project_id}/event_schemas"
PROPERTY_TYPES = ("DateTime", "String", "Numeric", "Boolean", "Object", "Any")
_BOUNDS = {"minimum": "lower", "exclusiveMinimum": "lower", "maximum": "upper", "exclusiveMaximum": "upper"}


def group_out(data: ProjectData, group: Record) -> Record:
    events = [data.definitions[s["event_definition"]] for s in data.event_schemas.values()
              if s["property_group_id"] == group["id"] and s["event_definition"] in data.definitions]
    return {**group, "properties": sorted(group["properties"], key=lambda p: p["name"]),
            "events": sorted(({"id": e["id"], "name": e["name"]} for e in events), key=lambda e: e["name"])}


def _rules(rules: Any, property_type: str, attr: str) -> Any:
    if rules is None:
        return None
    bad = errors.validation("Invalid validation rules for this property type.", attr)
    if not isinstance(rules, dict) or property_type not in ("String", "Numeric"):
        raise bad
    if property_type == "String":
        negated = rules.get("not")
        if set(rules) == {"enum"}:
            inner = rules["enum"]
        elif set(rules) == {"not"} and isinstance(negated, dict) and set(negated) == {"enum"}:
            inner = negated["enum"]
        else:
            raise bad
        if not isinstance(inner, list) or not 1 <= len(inner) <= 1000 or not all(isinstance(v, str) for v in inner):
            raise bad
        return rules
    if not rules or any(k not in _BOUNDS or isinstance(v, bool) or not isinstance(v, (int, float))
                        for k, v in rules.items()):
        raise bad
    lower = [v for k, v in rules.items() if _BOUNDS[k] == "lower"]
    upper = [v for k, v in rules.items() if _BOUNDS[k] == "upper"]
    if len(lower) > 1 or len(upper) > 1 or (lower and upper and lower[0] >= upper[0]):
        raise bad
    return rules


def _properties(items: Any, now: str, rng_uuid: Any) -> list[Record]:
    """PATCH semantics: the nested `id` is read-only, so every listed row is created anew (new id and
    `created_at`) and the group's previous properties are all deleted, as PostHog's serializer does."""
    if not isinstance(items, list):
        raise errors.validation('Expected a list of items but got type "dict".', "properties", "not_a_list")
    result, names = [], set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise errors.validation("Invalid data. Expected a dictionary.", f"properties__{index}")
        name = (string_field(item, "name", allow_blank=True, attr=f"properties__{index}__name") or "").strip()
        if not name:
            raise errors.validation("Property name is required", f"properties__{index}__name")
        if len(name) > 200:
            raise errors.validation("Ensure this field has no more than 200 characters.",
                                    f"properties__{index}__name", "max_length")
        if name in names:
            raise errors.validation(f"A property named '{name}' already exists in this group", "properties")
        names.add(name)
        property_type = item.get("property_type", "String")
        if property_type not in PROPERTY_TYPES:
            raise errors.validation(f'"{property_type}" is not a valid choice.', f"properties__{index}__property_type",
                                    "invalid_choice")
        rules = _rules(item.get("validation_rules"), property_type, f"properties__{index}__validation_rules")
        result.append({
            "id": rng_uuid(), "name": name, "property_type": property_type,
            "is_required": bool(item.get("is_required", False)),
            "is_optional_in_types": bool(item.get("is_optional_in_types", False)),
            "validation_rules": rules, "description": item.get("description") or "",
            "created_at": now, "updated_at": now,
        })
    return result


def _get_group(ctx: Ctx) -> Record:
    group = ctx.data.property_groups.get(ctx.path["id"])
    if group is None:
        raise errors.not_found()
    return group


def _save_group(ctx: Ctx, group: Record | None) -> Record:
    body = ctx.fields()
    now = iso_z(ctx.state.clock())
    creating = group is None
    current: Record = group or {"id": ctx.data.new_uuid(), "name": "", "description": "", "properties": [],
                                "created_at": now, "created_by": user_basic(CURRENT_USER_ID)}
    new = dict(current)
    if creating or "name" in body:
        new["name"] = string_field(body, "name", required=True, max_length=400)
        clash = any(g["name"] == new["name"] and g["id"] != new["id"] for g in ctx.data.property_groups.values())
        if clash:
            detail = "A property group with this name already exists" + (" for this team" if creating else "")
            raise errors.validation(detail, "name")
    if "description" in body:
        new["description"] = string_field(body, "description", allow_null=True, allow_blank=True) or ""
    if "properties" in body:
        new["properties"] = _properties(body["properties"], now, ctx.data.new_uuid)
    new["updated_at"] = now
    ctx.data.property_groups[new["id"]] = new
    return group_out(ctx.data, new)


@scoped("event_definition:read")
async def list_groups(ctx: Ctx) -> Response:
    rows = sorted(ctx.data.property_groups.values(), key=lambda g: g["name"])
    search = ctx.query.get("search", "").lower()
    rows = [g for g in rows if search in g["name"].lower()]
    return ok(limit_offset_page(ctx, rows, serialize=lambda g: group_out(ctx.data, g)))


@scoped("event_definition:write")
async def create_group(ctx: Ctx) -> Response:
    return ok(_save_group(ctx, None), 201)


@scoped("event_definition:read")
async def retrieve_group(ctx: Ctx) -> Response:
    return ok(group_out(ctx.data, _get_group(ctx)))


@scoped("event_definition:write")
async def update_group(ctx: Ctx) -> Response:
    return ok(_save_group(ctx, _get_group(ctx)))


@scoped("event_definition:write")
async def delete_group(ctx: Ctx) -> Response:
    group = _get_group(ctx)
    del ctx.data.property_groups[group["id"]]
    for schema_id in [k for k, s in ctx.data.event_schemas.items() if s["property_group_id"] == group["id"]]:
        del ctx.data.event_schemas[schema_id]
    return no_content()


def schema_out(data: ProjectData, schema: Record) -> Record:
    group = data.property_groups[schema["property_group_id"]]
    return {"id": schema["id"], "event_definition": schema["event_definition"],
            "property_group": group_out(data, group), "created_at": schema["created_at"],
            "updated_at": schema["updated_at"]}


def _schema_target(ctx: Ctx, body: dict[str, Any]) -> tuple[str, str]:
    definition, group_id = body.get("event_definition"), body.get("property_group_id")
    for attr, value, known in (("event_definition", definition, ctx.data.definitions),
                               ("property_group_id", group_id, ctx.data.property_groups)):
        if value is None:
            raise errors.required(attr)
        if value not in known:
            raise errors.validation(f'Invalid pk "{value}" - object does not exist.', attr, "does_not_exist")
    for other in ctx.data.event_schemas.values():
        if (other["event_definition"], other["property_group_id"]) == (definition, group_id):
            name = ctx.data.property_groups[group_id]["name"]
            raise errors.validation(f"Property group '{name}' is already added to this event schema")
    return definition, group_id


@scoped("event_definition:read")
async def list_schemas(ctx: Ctx) -> Response:
    rows = sorted(ctx.data.event_schemas.values(), key=lambda s: s["created_at"], reverse=True)
    wanted = ctx.query.get("event_definition")
    if wanted:
        rows = [s for s in rows if s["event_definition"] == wanted]
    return ok(limit_offset_page(ctx, rows, serialize=lambda s: schema_out(ctx.data, s)))


@scoped("event_definition:write")
async def create_schema(ctx: Ctx) -> Response:
    definition, group_id = _schema_target(ctx, ctx.fields())
    now = iso_z(ctx.state.clock())
    schema = {"id": ctx.data.new_uuid(), "event_definition": definition, "property_group_id": group_id,
              "created_at": now, "updated_at": now}
    ctx.data.event_schemas[schema["id"]] = schema
    return ok(schema_out(ctx.data, schema), 201)


def _get_schema(ctx: Ctx) -> Record:
    schema = ctx.data.event_schemas.get(ctx.path["id"])
    if schema is None:
        raise errors.not_found()
    return schema


@scoped("event_definition:write")
async def delete_schema(ctx: Ctx) -> Response:
    del ctx.data.event_schemas[_get_schema(ctx)["id"]]
    return no_content()


ROUTES = [
    *resource(GROUPS, GET=list_groups, POST=create_group),
    *resource(GROUPS + "/{id}", GET=retrieve_group, PATCH=update_group, PUT=update_group, DELETE=delete_group),
    *resource(SCHEMAS, GET=list_schemas, POST=create_schema),
    # Only list, create and destroy are routed: GET, PATCH and PUT on a schema are 405, as on PostHog
    # (to change one, delete it and create another).
    *resource(SCHEMAS + "/{id}", DELETE=delete_schema),
]
