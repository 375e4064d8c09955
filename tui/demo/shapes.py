"""Record shapes shared by the seed and the routes, so both build objects the same way."""

from __future__ import annotations

import re
from typing import Any

from .data import ProjectData, Record
from .users import user_basic

MATCHING = ("contains", "regex", "exact")
STEP_DEFAULTS: Record = {
    "event": None, "properties": [], "selector": None, "selector_regex": None, "tag_name": None,
    "text": None, "text_matching": None, "href": None, "href_matching": None, "url": None, "url_matching": None,
}


def selector_regex(selector: str | None) -> str | None:
    """A rough stand-in for PostHog's compiled selector: each simple selector as an element-chain regex."""
    if not selector:
        return None
    parts = []
    for simple in selector.replace(">", " ").split():
        tag, *classes = simple.split(".")
        piece = re.escape(tag) if tag else r"[^;]*?"
        parts.append(piece + "".join(rf"[^;:]*?\.{re.escape(c)}" for c in classes))
    return r"(^|;)" + r".*?".join(reversed(parts))


def step_record(given: dict[str, Any]) -> Record:
    step = {**STEP_DEFAULTS, **{k: v for k, v in given.items() if k in STEP_DEFAULTS}}
    step["properties"] = step["properties"] or []
    step["selector_regex"] = selector_regex(step["selector"])
    if step["url"] and not step["url_matching"]:
        step["url_matching"] = "contains"
    for key in ("text", "href"):
        if step[key] and not step[f"{key}_matching"]:
            step[f"{key}_matching"] = "exact"
    return step


def action_record(action_id: int, name: str, team_id: int, **fields: Any) -> Record:
    record: Record = {
        "id": action_id, "name": name, "description": "", "tags": [], "post_to_slack": False,
        "slack_message_format": "", "steps": [], "created_at": None, "created_by": None, "deleted": False,
        "is_calculating": False, "last_calculated_at": None, "team_id": team_id, "is_action": True,
        "bytecode_error": None, "pinned_at": None, "creation_context": None, "user_access_level": "editor",
    }
    record.update(fields)
    record["steps"] = [step_record(s) for s in record["steps"]]
    return record


def prop(name: str, type_: str, required: bool = False, description: str = "", rules: Any = None) -> Record:
    """A schema property group's property, before it gets an id."""
    return {"name": name, "property_type": type_, "is_required": required, "is_optional_in_types": False,
            "validation_rules": rules, "description": description}


TILE_DISPLAY_FIELDS = ("layouts", "color", "filters_overrides", "show_description", "transparent_background")


def tile_record(data: ProjectData, dashboard_id: int, *, insight_id: int | None = None, text_id: int | None = None,
                **display: Any) -> Record:
    tile_id = data.next_id("tile")
    tile = {"id": tile_id, "dashboard_id": dashboard_id, "insight_id": insight_id, "text_id": text_id,
            "layouts": {}, "color": None, "filters_overrides": {}, "show_description": None,
            "transparent_background": None, "deleted": False}
    tile.update({k: v for k, v in display.items() if k in TILE_DISPLAY_FIELDS})
    data.tiles[tile_id] = tile
    return tile


def text_record(data: ProjectData, body: str, when: str) -> int:
    text_id = data.next_id("text")
    data.texts[text_id] = {"id": text_id, "body": body, "created_by": user_basic(1), "last_modified_at": when,
                           "last_modified_by": user_basic(1), "team": data.id}
    return text_id


def insight_record(data: ProjectData, name: str | None, query: Any, when: str, **fields: Any) -> Record:
    """A saved insight that was never computed (no result until someone asks with `refresh`)."""
    insight_id = data.next_id("insight")
    record = {
        "id": insight_id, "short_id": data.new_token(8), "name": name, "derived_name": name, "description": "",
        "query": query, "result": None, "last_refresh": None, "is_cached": False, "created_at": when,
        "created_by": user_basic(1), "last_modified_at": when, "tags": [], "favorited": False, "deleted": False,
        "saved": True,
    }
    record.update(fields)
    data.insights[insight_id] = record
    return record


def dashboard_record(data: ProjectData, name: str, when: str, **fields: object) -> Record:
    dashboard_id = data.next_id("dashboard")
    record = {
        "id": dashboard_id, "name": name, "description": "", "pinned": False, "created_at": when,
        "created_by": user_basic(1), "last_accessed_at": None, "last_viewed_at": None, "deleted": False,
        "creation_mode": "default", "tags": [], "restriction_level": 21, "last_refresh": None,
        "filters": {}, "variables": {}, "breakdown_colors": [], "data_color_theme_id": None, "quick_filter_ids": [],
    }
    record.update(fields)
    data.dashboards[dashboard_id] = record
    return record
