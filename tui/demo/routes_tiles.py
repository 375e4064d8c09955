"""Tile operations on one dashboard: reorder, copy (called on the destination), move (returns the
source), and the text-tile endpoints."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from . import errors
from .clock import iso_z
from .dashboards_model import detail_out, find_dashboard, get_dashboard, live_tile, live_tiles, tile_out
from .layout import bottom, compact, reorder
from .routing import Ctx, no_content, ok, resource, scoped
from .shapes import TILE_DISPLAY_FIELDS, text_record, tile_record
from .users import CURRENT_USER_ID, user_basic
from .validate import string_field

BASE = "/api/projects/{project_id}/dashboards/{id}"
LAYOUT_MODES = ("preserve", "two_column", "full_width")


@scoped("dashboard:write")
async def reorder_tiles(ctx: Ctx) -> Response:
    dashboard = get_dashboard(ctx)
    body = ctx.fields()
    order = body.get("tile_order")
    if not isinstance(order, list) or not order:
        raise errors.validation("This list may not be empty.", "tile_order", "empty")
    mode = body.get("layout", "preserve")
    if mode not in LAYOUT_MODES:
        raise errors.validation(f'"{mode}" is not a valid choice.', "layout", "invalid_choice")
    if len(set(map(str, order))) != len(order):
        raise errors.plain_detail(400, "tile_order must contain unique tile IDs")
    tiles = {str(t["id"]): t for t in live_tiles(ctx.data, dashboard["id"])}
    missing = [tile_id for tile_id in order if str(tile_id) not in tiles]
    if missing:
        raise errors.plain_detail(404, f"Tile IDs not found on this dashboard: {missing}")
    reorder([tiles[str(tile_id)] for tile_id in order], mode)
    return ok(detail_out(ctx.data, dashboard))


@scoped("dashboard:write")
async def copy_tile(ctx: Ctx) -> Response:
    destination = get_dashboard(ctx)
    body = ctx.fields()
    for key in ("fromDashboardId", "tileId"):
        if body.get(key) is None:
            raise errors.required(key)
    if str(body["fromDashboardId"]) == str(destination["id"]):
        raise errors.validation("Destination must be a different dashboard than the source.")
    tile = _tile_of(ctx, body["fromDashboardId"], body["tileId"])
    on_destination = _same_content_on(ctx, destination, tile)
    if any(not t["deleted"] for t in on_destination):
        kind = "insight" if tile["insight_id"] else "text card"
        raise errors.validation(f"This {kind} is already on the destination dashboard.")
    display = {k: tile[k] for k in TILE_DISPLAY_FIELDS}
    if on_destination:  # a soft-deleted tile for the same insight/text is revived, not duplicated
        on_destination[0].update(display, deleted=False)
    else:
        tile_record(ctx.data, destination["id"], insight_id=tile["insight_id"], text_id=tile["text_id"], **display)
    return ok(detail_out(ctx.data, destination))


@scoped("dashboard:write")
async def move_tile(ctx: Ctx) -> Response:
    if ctx.legacy and ctx.request.method == "POST":  # older servers routed PATCH only
        raise errors.method_not_allowed("POST", ["PATCH"])
    source = get_dashboard(ctx)
    body = ctx.fields()
    key = "toDashboard" if ctx.legacy else "to_dashboard"
    if key not in body:
        if ctx.legacy:  # the old code indexed the body directly: a KeyError, i.e. a 500
            raise errors.server_error()
        raise errors.required(key)
    tile_ref = body.get("tile")
    if not isinstance(tile_ref, dict) or tile_ref.get("id") is None:
        raise errors.validation("This field is required.", "tile", "required")
    destination = _dashboard(ctx, body[key])
    tile = _tile_of(ctx, source["id"], tile_ref["id"])
    for other in _same_content_on(ctx, destination, tile):
        if not other["deleted"]:
            raise errors.validation("Invalid request data for moving tile.")
        del ctx.data.tiles[other["id"]]
    tile["dashboard_id"] = destination["id"]
    return ok(detail_out(ctx.data, source))


def _dashboard(ctx: Ctx, dashboard_id: Any) -> dict[str, Any]:
    dashboard = find_dashboard(ctx.data, dashboard_id)
    if dashboard is None:
        raise errors.not_found()
    return dashboard


def _tile_of(ctx: Ctx, dashboard_id: Any, tile_id: Any) -> dict[str, Any]:
    tile = live_tile(ctx.data, _dashboard(ctx, dashboard_id)["id"], tile_id)
    if tile is None:
        raise errors.not_found()
    return tile


def _same_content_on(ctx: Ctx, dashboard: dict[str, Any], tile: dict[str, Any]) -> list[dict[str, Any]]:
    """Tiles (soft-deleted ones too) on `dashboard` showing the same insight or text as `tile`."""
    key = "insight_id" if tile["insight_id"] else "text_id"
    return [t for t in ctx.data.tiles.values() if t["dashboard_id"] == dashboard["id"] and t[key] == tile[key]]


def _layouts(ctx: Ctx, body: dict[str, Any], dashboard_id: int) -> dict[str, Any]:
    raw = body.get("layouts")
    if raw is None:
        tiles = live_tiles(ctx.data, dashboard_id)
        return {"sm": {"x": 0, "y": bottom(tiles, "sm"), "w": 6, "h": 5},
                "xs": {"x": 0, "y": bottom(tiles, "xs"), "w": 1, "h": 5}}
    if not isinstance(raw, dict):
        raise errors.validation("Invalid layouts.", "layouts")
    for size, box in raw.items():
        if not isinstance(box, dict) or not all(isinstance(box.get(k), int) and box[k] >= 0 for k in "xywh"):
            raise errors.validation(f"Layout '{size}' needs non-negative integer x, y, w and h.", "layouts")
    return raw


def _text_tile(ctx: Ctx, dashboard_id: int, raw_tile_id: Any) -> dict[str, Any]:
    tile = live_tile(ctx.data, dashboard_id, raw_tile_id)
    if tile is None:
        raise errors.not_found()
    if not tile["text_id"]:
        raise errors.validation("Tile is not a text tile.")
    return tile


@scoped("dashboard:write")
async def create_text_tile(ctx: Ctx) -> Response:
    dashboard = get_dashboard(ctx)
    body = ctx.fields()
    text = string_field(body, "body", required=True, max_length=4000)
    tile = tile_record(ctx.data, dashboard["id"], text_id=text_record(ctx.data, text, iso_z(ctx.state.clock())),
                       layouts=_layouts(ctx, body, dashboard["id"]), color=body.get("color"))
    return ok(tile_out(ctx.data, tile, live_tiles(ctx.data, dashboard["id"]).index(tile)), 201)


@scoped("dashboard:write")
async def update_text_tile(ctx: Ctx) -> Response:
    dashboard = get_dashboard(ctx)
    body = ctx.fields()
    if body.get("tile_id") is None:
        raise errors.required("tile_id")
    tile = _text_tile(ctx, dashboard["id"], body["tile_id"])
    if "body" in body:
        text = ctx.data.texts[tile["text_id"]]
        text.update(body=string_field(body, "body", max_length=4000), last_modified_at=iso_z(ctx.state.clock()),
                    last_modified_by=user_basic(CURRENT_USER_ID))
    if "layouts" in body:
        tile["layouts"] = _layouts(ctx, body, dashboard["id"])
    if "color" in body:
        tile["color"] = body["color"]
    return ok(tile_out(ctx.data, tile, live_tiles(ctx.data, dashboard["id"]).index(tile)))


@scoped("dashboard:write")
async def delete_tile(ctx: Ctx) -> Response:
    dashboard = get_dashboard(ctx)
    body = ctx.fields()
    if body.get("tile_id") is None:
        raise errors.required("tile_id")
    tile = live_tile(ctx.data, dashboard["id"], body["tile_id"])
    if tile is None:
        raise errors.not_found()
    tile["deleted"] = True
    compact(live_tiles(ctx.data, dashboard["id"]))
    return no_content()


ROUTES = [
    *resource(BASE + "/reorder_tiles", POST=reorder_tiles),
    *resource(BASE + "/copy_tile", POST=copy_tile),
    *resource(BASE + "/create_text_tile", POST=create_text_tile),
    *resource(BASE + "/update_text_tile", POST=update_text_tile),
    *resource(BASE + "/delete_tile", POST=delete_tile),
    *resource(BASE + "/move_tile", PATCH=move_tile, POST=move_tile),
]
