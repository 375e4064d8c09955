"""`/api/projects/{id}/event_definitions/`: PostHog Cloud's enterprise serializer behaviour."""

from __future__ import annotations

import re
from typing import Any

from starlette.responses import Response

from . import errors
from .clock import iso_z
from .data import Record
from .definitions_query import COUNT_CAP, LARGE_PROJECT, listing
from .routing import Ctx, limit_offset_page, no_content, ok, resource, scoped
from .tags import bulk_tags, tagify
from .users import CURRENT_USER_ID, USERS, user_basic
from .validate import bool_field, pk_field, string_field, string_list

BASE = "/api/projects/{project_id}/event_definitions"
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")


def get_definition(ctx: Ctx) -> Record:
    definition_id = ctx.path["id"]
    record = ctx.data.definitions.get(definition_id) if UUID_RE.match(definition_id) else None
    if record is None:
        raise errors.not_found()
    return record


FOSS_REFUSED = ("description", "verified", "hidden")


def apply_changes(ctx: Ctx, record: Record, body: dict[str, Any]) -> Record:
    """The enterprise serializer's writable fields and the hidden/verified rules."""
    if ctx.state.options.edition == "foss":
        refused = next((name for name in FOSS_REFUSED if name in body), None)
        if refused is not None:
            raise errors.validation("This field is not supported by this deployment.", refused)
    new = dict(record)
    if "description" in body:
        new["description"] = string_field(body, "description", allow_null=True, allow_blank=True)
    if "tags" in body:
        new["tags"] = tagify(string_list(body, "tags"))
    if "owner" in body:
        new["owner"] = user_basic(pk_field(body, "owner", USERS))
    if "default_columns" in body:
        new["default_columns"] = string_list(body, "default_columns")
    if "primary_property" in body:
        value = string_field(body, "primary_property", allow_null=True, max_length=400)
        # Cloud's enterprise serializer has no such field: the value is accepted and dropped.
        if ctx.legacy:
            new["primary_property"] = value
    if "enforcement_mode" in body:
        mode = body["enforcement_mode"]
        if mode not in ("allow", "reject"):
            raise errors.validation(f'"{mode}" is not a valid choice.', "enforcement_mode", "invalid_choice")
        if mode == "reject":
            raise errors.validation("Schema enforcement 'reject' mode is not enabled for this organization.",
                                    "enforcement_mode")
        new["enforcement_mode"] = mode
    if "post_to_slack" in body:
        bool_field(body, "post_to_slack")  # accepted and validated, never stored
    hidden = bool_field(body, "hidden", allow_null=True) if "hidden" in body else None
    verified = bool_field(body, "verified") if "verified" in body else None
    if hidden and verified:
        raise errors.validation("An event cannot be both hidden and verified")
    now = iso_z(ctx.state.clock())
    if verified is True:
        if not record["verified"]:
            new.update(verified_by=user_basic(CURRENT_USER_ID), verified_at=now)
        new.update(verified=True, hidden=False)
    elif verified is False:
        new.update(verified=False, verified_by=None, verified_at=None)
    if "hidden" in body:
        new["hidden"] = hidden
        if hidden:
            new.update(verified=False, verified_by=None, verified_at=None)
    new.update(updated_at=now, updated_by=user_basic(CURRENT_USER_ID), last_updated_at=now)
    return new


@scoped("event_definition:read")
async def list_definitions(ctx: Ctx) -> Response:
    rows, selective = listing(ctx.data, ctx.query, ctx.state.clock())
    large = len(ctx.data.definitions) > LARGE_PROJECT and not selective
    page = limit_offset_page(ctx, rows, count=min(len(rows), COUNT_CAP) if large else None,
                             full_page_next=large, strict=True)
    page["count_is_capped"] = large and len(rows) > COUNT_CAP
    return ok(page)


@scoped("event_definition:write")
async def create_definition(ctx: Ctx) -> Response:
    body = ctx.fields()
    name = string_field(body, "name", required=True, max_length=400)
    if name in ctx.data.definition_names:
        raise errors.validation(f"Event definition with name '{name}' already exists", "name", "unique")
    blank: Record = {
        "id": ctx.data.new_uuid(), "name": name, "owner": None, "description": None, "tags": [],
        "created_at": None, "updated_at": None, "updated_by": None, "last_seen_at": None, "last_updated_at": None,
        "verified": False, "verified_at": None, "verified_by": None, "hidden": False, "is_action": False,
        "action_id": None, "is_calculating": False, "last_calculated_at": None,
        "created_by": user_basic(CURRENT_USER_ID), "post_to_slack": False, "default_columns": [],
        "enforcement_mode": "allow", "primary_property": None, "media_preview_urls": [],
    }
    record = apply_changes(ctx, blank, body)
    ctx.data.definitions[record["id"]] = record
    ctx.data.definition_names[name] = record["id"]
    ctx.data.definitions_changed()
    return ok(record, 201)


@scoped("event_definition:read")
async def retrieve_definition(ctx: Ctx) -> Response:
    return ok(get_definition(ctx))


@scoped("event_definition:write")
async def update_definition(ctx: Ctx) -> Response:
    record = get_definition(ctx)
    new = apply_changes(ctx, record, ctx.fields())
    ctx.data.replace_definition(record, new)
    return ok(new)


@scoped("event_definition:write")
async def delete_definition(ctx: Ctx) -> Response:
    record = get_definition(ctx)
    del ctx.data.definitions[record["id"]]
    del ctx.data.definition_names[record["name"]]
    for schema_id in [k for k, s in ctx.data.event_schemas.items() if s["event_definition"] == record["id"]]:
        del ctx.data.event_schemas[schema_id]
    ctx.data.definitions_changed()
    return no_content()


@scoped("event_definition:read")
async def by_name(ctx: Ctx) -> Response:
    name = ctx.query.get("name")
    if not name:
        raise errors.plain_detail(400, "Missing required parameter: name")
    definition_id = ctx.data.definition_names.get(name)
    if definition_id is None:
        raise errors.plain_detail(404, f"Event definition '{name}' not found.")
    return ok(ctx.data.definitions[definition_id])


def _bulk_targets(ctx: Ctx, body: dict[str, Any]) -> tuple[list[Record], list[Record]]:
    ids = body.get("ids")
    if not isinstance(ids, list) or not ids:
        raise errors.validation("This field is required.", "ids", "required")
    if len(ids) > 500:
        raise errors.validation("Ensure this field has no more than 500 elements.", "ids", "max_length")
    found, skipped = [], []
    for raw in ids:
        record = ctx.data.definitions.get(str(raw))
        if record is None:
            skipped.append({"id": raw, "reason": "Not found"})
        else:
            found.append(record)
    return found, skipped


def tag_action(body: dict[str, Any]) -> tuple[str, list[str]]:
    action = body.get("action")
    if action not in ("add", "remove", "set"):
        raise errors.validation(f'"{action}" is not a valid choice.', "action", "invalid_choice")
    return action, string_list(body, "tags")


@scoped("event_definition:write")
async def bulk_update_tags(ctx: Ctx) -> Response:
    body = ctx.fields()
    found, skipped = _bulk_targets(ctx, body)
    action, tags = tag_action(body)
    updated = []
    for record in found:
        new = {**record, "tags": bulk_tags(record["tags"], action, tags)}
        ctx.data.replace_definition(record, new)
        updated.append({"id": new["id"], "tags": new["tags"]})
    return ok({"updated": updated, "skipped": skipped})


@scoped("event_definition:write")
async def bulk_update_verified(ctx: Ctx) -> Response:
    if ctx.state.options.edition == "foss":
        raise errors.validation("This field is not supported by this deployment.", "verified")
    body = ctx.fields()
    found, skipped = _bulk_targets(ctx, body)
    verified = bool_field(body, "verified", required=True)
    updated = []
    for record in found:
        new = apply_changes(ctx, record, {"verified": verified})
        ctx.data.replace_definition(record, new)
        updated.append({"id": new["id"], "verified": new["verified"]})
    return ok({"updated": updated, "skipped": skipped})


ROUTES = [
    *resource(BASE, GET=list_definitions, POST=create_definition),
    *resource(BASE + "/by_name", GET=by_name),
    *resource(BASE + "/bulk_update_tags", POST=bulk_update_tags),
    *resource(BASE + "/bulk_update_verified", POST=bulk_update_verified),
    *resource(BASE + "/{id}", GET=retrieve_definition, PATCH=update_definition, PUT=update_definition,
              DELETE=delete_definition),
]
