"""`/api/projects/{id}/insights/`: saved insights, the same records dashboard tiles show.

Creating or patching with `dashboards: [ids]` places (or removes) a tile on each; DELETE is 405
(soft delete with `deleted: true`, which also removes the insight's tiles). `refresh=blocking`
on retrieve computes a result that was never computed, as run_insights does.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from . import errors
from .clock import iso_z
from .dashboards_model import insight_out
from .data import ProjectData, Record
from .insight_compute import refresh
from .routing import Ctx, limit_offset_page, ok, resource, scoped
from .shapes import insight_record, tile_record
from .tags import tagify
from .users import CURRENT_USER_ID, user_basic
from .validate import bool_field, string_field, string_list

BASE = "/api/projects/{project_id}/insights"
REFRESH_MODES = ("force_cache", "blocking", "force_blocking")


def refresh_mode(ctx: Ctx) -> str:
    mode = ctx.query.get("refresh") or "force_cache"
    if mode not in REFRESH_MODES:
        raise errors.validation(f'"{mode}" is not a valid choice.', "refresh", "invalid_choice")
    return mode


def _get(ctx: Ctx, *, allow_deleted: bool = False) -> Record:
    insight = ctx.data.insights.get(ctx.int_path("id"))
    if insight is None or (insight["deleted"] and not allow_deleted):
        raise errors.not_found()
    return insight


def _dashboard_ids(ctx: Ctx, raw: Any) -> list[int]:
    if not isinstance(raw, list):
        raise errors.validation(f'Expected a list of items but got type "{type(raw).__name__}".', "dashboards",
                                "not_a_list")
    ids = []
    for value in raw:
        dashboard = ctx.data.dashboards.get(value) if isinstance(value, int) else None
        if dashboard is None or dashboard["deleted"]:
            raise errors.validation(f'Invalid pk "{value}" - object does not exist.', "dashboards", "does_not_exist")
        ids.append(value)
    return ids


def place_on(data: ProjectData, insight: Record, dashboard_ids: list[int]) -> None:
    """Tiles exactly on `dashboard_ids`: a removed tile there is revived, others get a new tile without a
    layout (the dashboard places it at the bottom), and tiles on dashboards not listed are removed."""
    tiles = [t for t in data.tiles.values() if t["insight_id"] == insight["id"]]
    for dashboard_id in dict.fromkeys(dashboard_ids):
        existing = next((t for t in tiles if t["dashboard_id"] == dashboard_id), None)
        if existing is None:
            tile_record(data, dashboard_id, insight_id=insight["id"])
        else:
            existing["deleted"] = False
    for tile in tiles:
        if tile["dashboard_id"] not in dashboard_ids:
            tile["deleted"] = True


def _apply(ctx: Ctx, insight: Record, body: dict[str, Any]) -> None:
    # DRF trims string fields, so what comes back can differ from what was sent.
    if "name" in body:
        name = string_field(body, "name", allow_null=True, allow_blank=True, max_length=400)
        insight["name"] = insight["derived_name"] = name.strip() if name is not None else None
    if "description" in body:
        insight["description"] = (string_field(body, "description", allow_null=True, allow_blank=True) or "").strip()
    if "query" in body:
        if body["query"] is not None and not isinstance(body["query"], dict):
            raise errors.validation("Query must be a valid JSON object", "query")
        if body["query"] != insight["query"]:  # another query: the cached result no longer applies
            insight.update(query=body["query"], result=None, last_refresh=None, is_cached=False)
    if "tags" in body:
        insight["tags"] = tagify(string_list(body, "tags"))
    for flag in ("favorited", "saved"):
        if flag in body:
            insight[flag] = bool_field(body, flag)
    insight["last_modified_at"] = iso_z(ctx.state.clock())


@scoped("insight:read")
async def list_insights(ctx: Ctx) -> Response:
    rows = [i for i in ctx.data.insights.values() if not i["deleted"]]
    short_id = ctx.query.get("short_id")
    if short_id:
        rows = [i for i in rows if i["short_id"] == short_id]
    search = (ctx.query.get("search") or "").lower()
    if search:
        rows = [i for i in rows if search in f"{i['name'] or ''} {i['derived_name'] or ''} {i['description']}".lower()]
    rows.sort(key=lambda i: (i["last_modified_at"] or "", i["id"]), reverse=True)
    return ok(limit_offset_page(ctx, rows, serialize=lambda i: insight_out(ctx.data, i)))


@scoped("insight:write")
async def create_insight(ctx: Ctx) -> Response:
    body = ctx.fields()
    dashboards = _dashboard_ids(ctx, body["dashboards"]) if body.get("dashboards") is not None else []
    insight = insight_record(ctx.data, None, None, iso_z(ctx.state.clock()), created_by=user_basic(CURRENT_USER_ID))
    _apply(ctx, insight, body)
    place_on(ctx.data, insight, dashboards)
    return ok(insight_out(ctx.data, insight), 201)


@scoped("insight:read")
async def retrieve_insight(ctx: Ctx) -> Response:
    insight = _get(ctx)
    refresh(ctx.data, insight, refresh_mode(ctx), ctx.state.clock())
    return ok(insight_out(ctx.data, insight))


@scoped("insight:write")
async def update_insight(ctx: Ctx) -> Response:
    body = ctx.fields()
    restoring = "deleted" in body and not body["deleted"]
    insight = _get(ctx, allow_deleted=restoring)
    _apply(ctx, insight, body)
    if body.get("deleted"):
        insight["deleted"] = True
        for tile in ctx.data.tiles.values():
            if tile["insight_id"] == insight["id"]:
                tile["deleted"] = True
    else:
        insight["deleted"] = False
        if body.get("dashboards") is not None:
            place_on(ctx.data, insight, _dashboard_ids(ctx, body["dashboards"]))
    return ok(insight_out(ctx.data, insight))


@scoped("insight:write")
async def destroy_insight(ctx: Ctx) -> Response:
    _get(ctx, allow_deleted=True)
    raise errors.empty(405)


ROUTES = [
    *resource(BASE, GET=list_insights, POST=create_insight),
    *resource(BASE + "/{id}", GET=retrieve_insight, PATCH=update_insight, PUT=update_insight,
              DELETE=destroy_insight),
]
