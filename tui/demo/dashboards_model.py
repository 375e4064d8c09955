"""Dashboard, tile, insight and text shapes, and the lookups the dashboard routes share."""

from __future__ import annotations

from typing import Any

from . import errors
from .data import ProjectData, Record
from .layout import order_key
from .routing import Ctx
from .shapes import TILE_DISPLAY_FIELDS


def is_live(data: ProjectData, tile: Record) -> bool:
    if tile["deleted"]:
        return False
    insight = data.insights.get(tile["insight_id"]) if tile["insight_id"] else None
    return not (insight and insight["deleted"])


def live_tiles(data: ProjectData, dashboard_id: int, size: str = "sm") -> list[Record]:
    tiles = [t for t in data.tiles.values() if t["dashboard_id"] == dashboard_id and is_live(data, t)]
    return sorted(tiles, key=lambda t: (*order_key(t, size), t["id"]))


def _tile_refs(data: ProjectData, key: str, value: int) -> list[Record]:
    return [{"id": t["id"], "dashboard_id": t["dashboard_id"], "deleted": t["deleted"]}
            for t in data.tiles.values() if t[key] == value and not data.dashboards[t["dashboard_id"]]["deleted"]]


def insight_out(data: ProjectData, insight: Record) -> Record:
    refs = _tile_refs(data, "insight_id", insight["id"])
    return {**insight, "dashboards": sorted({r["dashboard_id"] for r in refs if not r["deleted"]}),
            "dashboard_tiles": refs}


def tile_out(data: ProjectData, tile: Record, order: int) -> Record:
    insight = data.insights.get(tile["insight_id"]) if tile["insight_id"] else None
    text = data.texts.get(tile["text_id"]) if tile["text_id"] else None
    return {
        "id": tile["id"],
        "insight": insight_out(data, insight) if insight else None,
        "text": {**text, "dashboard_tiles": _tile_refs(data, "text_id", text["id"])} if text else None,
        "button_tile": None,
        "widget": None,
        **{k: tile[k] for k in TILE_DISPLAY_FIELDS},
        "deleted": tile["deleted"],
        "order": order,
        "last_refresh": insight["last_refresh"] if insight else None,
        "is_cached": bool(insight and insight["is_cached"]),
    }


def basic_out(data: ProjectData, dashboard: Record) -> Record:
    level = dashboard["restriction_level"]
    sharing = data.sharing.get(dashboard["id"])
    return {
        "id": dashboard["id"], "name": dashboard["name"], "description": dashboard["description"],
        "pinned": dashboard["pinned"], "created_at": dashboard["created_at"], "created_by": dashboard["created_by"],
        "last_accessed_at": dashboard["last_accessed_at"], "last_viewed_at": dashboard["last_viewed_at"],
        "folder": None, "is_shared": bool(sharing and sharing["enabled"]), "deleted": dashboard["deleted"],
        "creation_mode": dashboard["creation_mode"], "tags": dashboard["tags"], "restriction_level": level,
        "effective_restriction_level": level, "effective_privilege_level": 37, "user_access_level": "editor",
        "access_control_version": "v1" if level > 21 else "v2", "last_refresh": dashboard["last_refresh"],
        "team_id": data.id,
    }


def detail_out(data: ProjectData, dashboard: Record, tiles: list[Record] | None = None) -> Record:
    tiles = live_tiles(data, dashboard["id"]) if tiles is None else tiles
    return {
        **basic_out(data, dashboard),
        "filters": dashboard["filters"], "variables": dashboard["variables"],
        "persisted_filters": dashboard["filters"] or None, "persisted_variables": dashboard["variables"] or None,
        "breakdown_colors": dashboard["breakdown_colors"], "data_color_theme_id": dashboard["data_color_theme_id"],
        "quick_filter_ids": dashboard["quick_filter_ids"] or [],
        "tiles": [tile_out(data, tile, order) for order, tile in enumerate(tiles)],
    }


def get_dashboard(ctx: Ctx, key: str = "id", *, allow_deleted: bool = False) -> Record:
    dashboard = ctx.data.dashboards.get(ctx.int_path(key))
    if dashboard is None or (dashboard["deleted"] and not allow_deleted):
        raise errors.not_found()
    return dashboard


def find_dashboard(data: ProjectData, raw: Any) -> Record | None:
    try:
        dashboard = data.dashboards.get(int(raw))
    except (TypeError, ValueError):
        return None
    return None if dashboard is None or dashboard["deleted"] else dashboard


def live_tile(data: ProjectData, dashboard_id: int, raw_tile_id: Any) -> Record | None:
    try:
        tile = data.tiles.get(int(raw_tile_id))
    except (TypeError, ValueError):
        return None
    return tile if tile and tile["dashboard_id"] == dashboard_id and is_live(data, tile) else None
