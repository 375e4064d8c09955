"""`/api/projects/{id}/dashboards/`: list, create, retrieve, PATCH (incl. tiles and soft delete),
DELETE (405), and the collection-level actions."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from . import errors
from .clock import iso_z
from .dashboards_model import basic_out, detail_out, find_dashboard, get_dashboard, live_tiles
from .data import ProjectData, Record
from .layout import xs_stack
from .params import truthy
from .routes_definitions import tag_action
from .routing import Ctx, limit_offset_page, ok, resource, scoped
from .shapes import TILE_DISPLAY_FIELDS, dashboard_record, insight_record, text_record, tile_record
from .tags import bulk_tags, tagify
from .users import CURRENT_USER_ID, user_basic
from .validate import bool_field, dict_field, string_field, string_list

BASE = "/api/projects/{project_id}/dashboards"
UNLISTED_TAGS = ("llm-analytics", "mcp-analytics")


@scoped("dashboard:read")
async def list_dashboards(ctx: Ctx) -> Response:
    rows = [d for d in ctx.data.dashboards.values() if not d["deleted"]]
    mode = ctx.query.get("creation_mode")
    rows = [d for d in rows if d["creation_mode"] == mode] if mode else [
        d for d in rows if d["creation_mode"] != "unlisted"]
    if truthy(ctx.query.get("exclude_generated")):
        rows = [d for d in rows if d["creation_mode"] != "unlisted"]
    tags = ctx.query.getlist("tags")
    if tags:
        rows = [d for d in rows if set(tags) & set(d["tags"])]
    search = ctx.query.get("search")
    if search:
        if len(search) > 200:
            raise errors.validation("Search query is too long.", "search")
        needle = search.lower()
        rows = [d for d in rows if needle in (d["name"] or "").lower() or needle in (d["description"] or "").lower()
                or any(needle in t.lower() for t in d["tags"])]
    rows.sort(key=lambda d: (not d["pinned"], (d["name"] or "").lower(), d["id"]))

    def serialize(dashboard: Record) -> Record:
        row = {**basic_out(ctx.data, dashboard), "tiles": None}
        if search:
            row["search_match_type"] = "exact"
        return row

    return ok(limit_offset_page(ctx, rows, serialize=serialize))


def duplicate_tile(data: ProjectData, tile: Record, dashboard_id: int, *, deep: bool, when: str) -> Record:
    insight_id, text_id = tile["insight_id"], tile["text_id"]
    if deep and insight_id:
        insight_id = data.next_id("insight")
        source = data.insights[tile["insight_id"]]
        data.insights[insight_id] = {**source, "id": insight_id, "short_id": data.new_token(8),
                                     "name": f"{source['name']} (Copy)", "created_at": when}
    if deep and text_id:
        text_id = text_record(data, data.texts[text_id]["body"], when)
    return tile_record(data, dashboard_id, insight_id=insight_id, text_id=text_id,
                       **{k: tile[k] for k in TILE_DISPLAY_FIELDS})


@scoped("dashboard:write")
async def create_dashboard(ctx: Ctx) -> Response:
    body = ctx.fields()
    if body.get("use_dashboard") is not None and body.get("use_template"):
        raise errors.validation("`use_dashboard` and `use_template` cannot be used together")
    source = None
    if body.get("use_dashboard") is not None:
        source = find_dashboard(ctx.data, body["use_dashboard"])
        if source is None:
            raise errors.validation(f"Dashboard {body['use_dashboard']} does not exist", "use_dashboard")
    now = iso_z(ctx.state.clock())
    name = string_field(body, "name", allow_null=True, allow_blank=True, max_length=400)
    mode = "duplicate" if source else "template" if body.get("use_template") else "default"
    dashboard = dashboard_record(ctx.data, name if name is not None else (source or {}).get("name"), now,
                                 creation_mode=mode, created_by=user_basic(CURRENT_USER_ID))
    _apply_fields(ctx, dashboard, body)
    if source:
        for tile in live_tiles(ctx.data, source["id"]):
            duplicate_tile(ctx.data, tile, dashboard["id"], deep=bool(body.get("duplicate_tiles")), when=now)
    return ok(detail_out(ctx.data, dashboard), 201)


def _apply_fields(ctx: Ctx, dashboard: Record, body: dict[str, Any]) -> None:
    if "name" in body:
        dashboard["name"] = string_field(body, "name", allow_null=True, allow_blank=True, max_length=400)
    if "description" in body:
        dashboard["description"] = string_field(body, "description", allow_null=True, allow_blank=True) or ""
    if "pinned" in body:
        dashboard["pinned"] = bool_field(body, "pinned")
    if "tags" in body:
        dashboard["tags"] = tagify(string_list(body, "tags"))
    for key in ("filters", "variables"):
        value = dict_field(body, key)
        if value:  # PostHog ignores falsy values here, so `{}` cannot clear them
            dashboard[key] = value
    if "restriction_level" in body:
        if body["restriction_level"] not in (21, 37):
            raise errors.validation(f'"{body["restriction_level"]}" is not a valid choice.', "restriction_level",
                                    "invalid_choice")
        dashboard["restriction_level"] = body["restriction_level"]
    if "quick_filter_ids" in body:
        ids = body["quick_filter_ids"] or []
        if ids:  # the demo project has no quick filters, so any id is unknown
            raise errors.validation(f"Quick filter {ids[0]} does not exist.", "quick_filter_ids")
        dashboard["quick_filter_ids"] = []
    for key in ("last_accessed_at", "last_refresh", "breakdown_colors", "data_color_theme_id"):
        if key in body:
            dashboard[key] = body[key]


def _soft_delete(ctx: Ctx, dashboard: Record, deleted: bool, delete_insights: bool) -> None:
    """Archiving soft-deletes every tile; restoring revives every tile of the dashboard, also the ones
    removed before it was archived (PostHog keeps no record of which were which)."""
    for tile in ctx.data.tiles.values():
        if tile["dashboard_id"] != dashboard["id"]:
            continue
        if deleted and not tile["deleted"] and delete_insights and tile["insight_id"]:
            others = [t for t in ctx.data.tiles.values() if t["insight_id"] == tile["insight_id"]
                      and not t["deleted"] and t["dashboard_id"] != dashboard["id"]]
            if not others:
                ctx.data.insights[tile["insight_id"]]["deleted"] = True
        tile["deleted"] = deleted
    dashboard["deleted"] = deleted


def _update_tiles(ctx: Ctx, dashboard: Record, items: Any) -> None:
    if not isinstance(items, list):
        raise errors.validation('Expected a list of items but got type "dict".', "tiles", "not_a_list")
    data, now = ctx.data, iso_z(ctx.state.clock())
    for item in items:
        if not isinstance(item, dict):
            continue
        tile = data.tiles.get(item.get("id")) if isinstance(item.get("id"), int) else None
        if tile and tile["dashboard_id"] != dashboard["id"]:
            tile = None
        if tile and tile["deleted"]:
            # PostHog looks tiles up without the removed ones and then inserts a row with that id,
            # which the database refuses: a removed tile cannot be revived through this PATCH.
            raise errors.server_error()
        display = {k: item[k] for k in TILE_DISPLAY_FIELDS if k in item}
        if isinstance(item.get("text"), dict):
            body = string_field(item["text"], "body", required=True, max_length=4000, attr="text__body")
            text_id = item["text"].get("id")
            if text_id in data.texts and any(t["text_id"] == text_id and t["dashboard_id"] == dashboard["id"]
                                             for t in data.tiles.values()):
                data.texts[text_id].update(body=body, last_modified_at=now,
                                           last_modified_by=user_basic(CURRENT_USER_ID))
            else:
                text_id = text_record(data, body, now)
            if tile is None:
                tile = tile_record(data, dashboard["id"], text_id=text_id, **display)
            tile["text_id"] = text_id
        if tile is None:
            continue  # PostHog skips unknown tile ids without an error
        tile.update(display)
        if "deleted" in item:
            tile["deleted"] = bool(item["deleted"])


@scoped("dashboard:read")
async def retrieve_dashboard(ctx: Ctx) -> Response:
    dashboard = get_dashboard(ctx)
    dashboard["last_accessed_at"] = iso_z(ctx.state.clock())
    return ok(detail_out(ctx.data, dashboard))


@scoped("dashboard:write")
async def update_dashboard(ctx: Ctx) -> Response:
    body = ctx.fields()
    restoring = "deleted" in body and not body["deleted"]
    dashboard = get_dashboard(ctx, allow_deleted=restoring)
    _apply_fields(ctx, dashboard, body)
    if "deleted" in body and bool(body["deleted"]) != dashboard["deleted"]:
        _soft_delete(ctx, dashboard, bool(body["deleted"]), bool(body.get("delete_insights")))
    if "tiles" in body:
        _update_tiles(ctx, dashboard, body["tiles"])
    for item in body.get("duplicate_tiles") or []:
        tile = ctx.data.tiles.get(item.get("id")) if isinstance(item, dict) else None
        if tile and tile["dashboard_id"] == dashboard["id"]:
            copy = duplicate_tile(ctx.data, tile, dashboard["id"], deep=True, when=iso_z(ctx.state.clock()))
            if "layouts" in item:
                copy["layouts"] = item["layouts"]
    return ok(detail_out(ctx.data, dashboard))


@scoped("dashboard:write")
async def destroy_dashboard(ctx: Ctx) -> Response:
    get_dashboard(ctx, allow_deleted=True)
    raise errors.empty(405)


@scoped("session:dashboard:write")
async def bulk_update_tags(ctx: Ctx) -> Response:
    body = ctx.fields()
    ids = body.get("ids")
    if not isinstance(ids, list) or not ids:
        raise errors.required("ids")
    if len(ids) > 500:
        raise errors.validation("Ensure this field has no more than 500 elements.", "ids", "max_length")
    action, tags = tag_action(body)
    updated, skipped = [], []
    for raw in ids:
        dashboard = find_dashboard(ctx.data, raw)
        if dashboard is None:
            skipped.append({"id": raw, "reason": "Not found"})
            continue
        dashboard["tags"] = bulk_tags(dashboard["tags"], action, tags)
        updated.append({"id": dashboard["id"], "tags": dashboard["tags"]})
    return ok({"updated": updated, "skipped": skipped})


@scoped("session:dashboard:write")
async def create_from_template_json(ctx: Ctx) -> Response:
    template = ctx.fields().get("template")
    if not isinstance(template, dict) or not isinstance(template.get("template_name"), str):
        raise errors.validation("Invalid template: 'template_name' is a required property", "template")
    tiles = template.get("tiles") or []
    if not isinstance(tiles, list) or not all(isinstance(t, dict) for t in tiles):
        raise errors.validation("Invalid template: 'tiles' must be a list of objects", "template")
    now = iso_z(ctx.state.clock())
    dashboard = dashboard_record(ctx.data, template["template_name"], now, creation_mode="template",
                                 description=template.get("dashboard_description") or "",
                                 tags=tagify(t for t in template.get("tags") or [] if isinstance(t, str)),
                                 filters=template.get("dashboard_filters") or {},
                                 created_by=user_basic(CURRENT_USER_ID))
    stack = xs_stack([int(((t.get("layouts") or {}).get("sm") or {}).get("h", 5)) for t in tiles])
    for tile, xs in zip(tiles, stack, strict=True):
        layouts = {"sm": {"x": 0, "y": xs["y"], "w": 6, "h": xs["h"]}, **(tile.get("layouts") or {}), "xs": xs}
        if tile.get("type") == "TEXT":
            tile_record(ctx.data, dashboard["id"], text_id=text_record(ctx.data, str(tile.get("body", "")), now),
                        layouts=layouts, color=tile.get("color"))
            continue
        insight = insight_record(ctx.data, str(tile.get("name") or "Untitled"), tile.get("query"), now,
                                 description=tile.get("description") or "", created_by=user_basic(CURRENT_USER_ID))
        tile_record(ctx.data, dashboard["id"], insight_id=insight["id"], layouts=layouts, color=tile.get("color"))
    return ok(detail_out(ctx.data, dashboard))


@scoped("session:dashboard:write")
async def create_unlisted_dashboard(ctx: Ctx) -> Response:
    tag = ctx.fields().get("tag")
    if not tag:
        raise errors.plain_error(400, "tag is required")
    if tag not in UNLISTED_TAGS:
        raise errors.plain_error(400, f"Unknown template tag: {tag}")
    if any(d["creation_mode"] == "unlisted" and tag in d["tags"] and not d["deleted"]
           for d in ctx.data.dashboards.values()):
        raise errors.plain_error(409, f"Unlisted dashboard with tag '{tag}' already exists")
    title = "LLM analytics" if tag == "llm-analytics" else "MCP analytics"
    dashboard = dashboard_record(ctx.data, title, iso_z(ctx.state.clock()), creation_mode="unlisted", tags=[tag],
                                 created_by=user_basic(CURRENT_USER_ID))
    text_id = text_record(ctx.data, f"{title}: generated dashboard.", dashboard["created_at"])
    tile_record(ctx.data, dashboard["id"], text_id=text_id,
                layouts={"sm": {"x": 0, "y": 0, "w": 12, "h": 2}, "xs": {"x": 0, "y": 0, "w": 1, "h": 2}})
    return ok(detail_out(ctx.data, dashboard), 201)


ROUTES = [
    *resource(BASE, GET=list_dashboards, POST=create_dashboard),
    *resource(BASE + "/bulk_update_tags", POST=bulk_update_tags),
    *resource(BASE + "/create_from_template_json", POST=create_from_template_json),
    *resource(BASE + "/create_unlisted_dashboard", POST=create_unlisted_dashboard),
    *resource(BASE + "/{id}", GET=retrieve_dashboard, PATCH=update_dashboard, PUT=update_dashboard,
              DELETE=destroy_dashboard),
]
