"""`/api/projects/{id}/actions/`: `{count, results}` without next/previous, soft delete only, what
references an action, and the `count`/`people` endpoints that only older servers have."""

from __future__ import annotations

import re
from typing import Any

from starlette.responses import Response

from . import errors
from .clock import iso_z
from .data import ProjectData, Record
from .params import parse_json_list
from .routing import Ctx, int_param, ok, only_on, resource, scoped
from .shapes import MATCHING, STEP_DEFAULTS, action_record, step_record
from .tags import tagify
from .users import CURRENT_USER_ID, user_basic
from .validate import bool_field, string_field, string_list

BASE = "/api/projects/{project_id}/actions"
ORDERING = {"name", "created_at", "pinned_at", "created_by", "last_calculated_at"}


def _sort_value(action: Record, field_name: str) -> Any:
    value = action.get(field_name)
    return value["id"] if field_name == "created_by" and value else value


def _ordered(actions: list[Record], terms: list[str]) -> list[Record]:
    for term in reversed(terms):
        name = term.lstrip("-")
        present = [a for a in actions if _sort_value(a, name) is not None]
        missing = [a for a in actions if _sort_value(a, name) is None]
        present.sort(key=lambda a: _sort_value(a, name), reverse=term.startswith("-"))
        actions = present + missing
    return actions


@scoped("action:read")
async def list_actions(ctx: Ctx) -> Response:
    rows = [a for a in ctx.data.actions.values() if not a["deleted"]]
    if ctx.legacy:  # older servers ignored every parameter and returned everything
        return ok({"results": _ordered(rows, ["-last_calculated_at", "name"])})
    search = ctx.query.get("search", "").lower()
    if search:
        rows = [a for a in rows if search in (a["name"] or "").lower()]
    tags = set(parse_json_list(ctx.query.get("tags")))
    if tags:
        rows = [a for a in rows if tags & set(a["tags"])]
    creators = {c for c in ctx.query.get("created_by", "").split(",") if c}
    if creators:
        rows = [a for a in rows if a["created_by"] and str(a["created_by"]["id"]) in creators]
    terms = [t for t in ctx.query.get("ordering", "").split(",") if t.lstrip("-") in ORDERING]
    rows = _ordered(rows, terms or ["-last_calculated_at", "name"])
    offset = int_param(ctx, "offset", 0)
    limit = int_param(ctx, "limit", len(rows), minimum=1)
    page = rows[offset:offset + limit]
    if ctx.query.get("include_reference_count"):  # any non-empty value, as PostHog reads it
        page = [{**a, "reference_count": len(action_references(ctx.data, a["id"]))} for a in page]
    return ok({"count": len(rows), "results": page})


def _steps(raw: Any) -> list[Record]:
    if not isinstance(raw, list):
        raise errors.validation(f'Expected a list of items but got type "{type(raw).__name__}".', "steps",
                                "not_a_list")
    steps = []
    for index, step in enumerate(raw):
        if not isinstance(step, dict):
            raise errors.validation("Invalid data. Expected a dictionary.", f"steps__{index}")
        for key in ("url_matching", "text_matching", "href_matching"):
            if step.get(key) is not None and step[key] not in MATCHING:
                raise errors.validation(f'"{step[key]}" is not a valid choice.', f"steps__{index}__{key}",
                                        "invalid_choice")
        for key in STEP_DEFAULTS:
            if key not in ("properties", "selector_regex") and step.get(key) is not None \
                    and not isinstance(step[key], str):
                raise errors.validation("Not a valid string.", f"steps__{index}__{key}")
        if step.get("properties") is not None and not isinstance(step["properties"], list):
            raise errors.validation('Expected a list of items but got type "dict".', f"steps__{index}__properties",
                                    "not_a_list")
        if step.get("url_matching") == "regex" and step.get("url"):
            try:
                re.compile(step["url"])
            except re.error:
                raise errors.validation("Invalid regex pattern.", f"steps__{index}__url") from None
        steps.append(step_record(step))
    return steps


def _apply(ctx: Ctx, action: Record, body: dict[str, Any], creating: bool) -> None:
    if creating or "name" in body:
        name = string_field(body, "name", required=creating, allow_null=not creating, max_length=400)
        clash = next((a for a in ctx.data.actions.values()
                      if name and a["name"] == name and not a["deleted"] and a["id"] != action["id"]), None)
        if clash:
            raise errors.validation(f"This project already has an action with this name, ID {clash['id']}", "name",
                                    "unique")
        action["name"] = name
    if "description" in body:
        action["description"] = string_field(body, "description", allow_null=True, allow_blank=True) or ""
    if "tags" in body:
        action["tags"] = tagify(string_list(body, "tags"))
    if "post_to_slack" in body:
        action["post_to_slack"] = bool_field(body, "post_to_slack")
    if "slack_message_format" in body:
        action["slack_message_format"] = string_field(body, "slack_message_format", allow_blank=True,
                                                      allow_null=True, max_length=1200) or ""
    if "steps" in body:
        action["steps"] = _steps(body["steps"])
    if "pinned_at" in body:
        if not body["pinned_at"]:
            action["pinned_at"] = None
        elif not action["pinned_at"]:  # any value pins, with the server's own timestamp
            action["pinned_at"] = iso_z(ctx.state.clock())
    if "deleted" in body:
        action["deleted"] = bool_field(body, "deleted")


def _get(ctx: Ctx) -> Record:
    action = ctx.data.actions.get(ctx.int_path("id"))
    if action is None:
        raise errors.not_found()
    return action


@scoped("action:write")
async def create_action(ctx: Ctx) -> Response:
    body = ctx.fields()
    action = action_record(ctx.data.counters.get("action", 0) + 1, "", ctx.data.id,
                           created_at=iso_z(ctx.state.clock()), created_by=user_basic(CURRENT_USER_ID))
    _apply(ctx, action, body, creating=True)
    ctx.data.counters["action"] = action["id"]
    ctx.data.actions[action["id"]] = action
    return ok(action, 201)


@scoped("action:read")
async def retrieve_action(ctx: Ctx) -> Response:
    return ok(_get(ctx))


@scoped("action:write")
async def update_action(ctx: Ctx) -> Response:
    action = _get(ctx)
    _apply(ctx, action, ctx.fields(), creating=False)
    return ok(action)


@scoped("action:write")
async def destroy_action(ctx: Ctx) -> Response:
    _get(ctx)
    raise errors.empty(405)


def _mentions(node: Any, action_id: int) -> bool:
    """Whether a query (any depth) uses the action, as PostHog's JSON-path search finds it."""
    if isinstance(node, list):
        return any(_mentions(item, action_id) for item in node)
    if not isinstance(node, dict):
        return False
    ids = (action_id, str(action_id))
    if (node.get("kind") == "ActionsNode" or node.get("type") == "actions") and node.get("id") in ids:
        return True
    return node.get("actionId") in ids or any(_mentions(value, action_id) for value in node.values())


def action_references(data: ProjectData, action_id: int) -> list[Record]:
    """Live insights using the action, at most 50 (the demo has no experiments, cohorts or functions)."""
    refs = [{"type": "insight", "id": str(insight["short_id"]),
             "name": insight["name"] or insight["derived_name"] or "Unnamed", "url": f"/insights/{insight['short_id']}",
             "created_at": insight["created_at"], "created_by": insight["created_by"]}
            for insight in data.insights.values() if not insight["deleted"] and _mentions(insight["query"], action_id)]
    return refs[:50]


@scoped("action:read")
async def references(ctx: Ctx) -> Response:
    return ok(action_references(ctx.data, _get(ctx)["id"]))


def matching_events(data: ProjectData, action: Record) -> list[Record]:
    """Events matched by any step (event name, url/text/href with their matching modes), newest first."""

    def matches(pattern: str | None, mode: str | None, value: str | None) -> bool:
        if not pattern:
            return True
        if value is None:
            return False
        if mode == "regex":
            return re.search(pattern, value) is not None
        return value == pattern if mode == "exact" else pattern in value

    def step_matches(step: Record, event: Record) -> bool:
        first = event["elements"][0] if event["elements"] else {}
        return ((not step["event"] or step["event"] == event["event"])
                and matches(step["url"], step["url_matching"], event["properties"].get("$current_url"))
                and matches(step["text"], step["text_matching"], first.get("text"))
                and matches(step["href"], step["href_matching"], first.get("href")))

    return [e for e in reversed(data.log.rows) if any(step_matches(s, e) for s in action["steps"])]


@only_on("legacy")
@scoped("action:read")
async def action_count(ctx: Ctx) -> Response:
    return ok({"count": len(matching_events(ctx.data, _get(ctx)))})


@only_on("legacy")
@scoped("action:read")
async def action_people(ctx: Ctx) -> Response:
    action = ctx.data.actions.get(int_param(ctx, "id", 0))
    if action is None:
        raise errors.not_found()
    people: dict[str, Record] = {}
    for event in matching_events(ctx.data, action):
        person = ctx.data.log.person_of[event["id"]]
        people.setdefault(person["uuid"], {"id": person["uuid"], "uuid": person["uuid"], "name":
                                           person["properties"].get("email") or person["distinct_ids"][0],
                                           "distinct_ids": person["distinct_ids"], "properties": person["properties"],
                                           "is_identified": person["is_identified"]})
    rows = list(people.values())
    return ok({"results": [{"people": rows, "count": len(rows)}], "next": None, "previous": None})


ROUTES = [
    *resource(BASE, GET=list_actions, POST=create_action),
    *resource(BASE + "/people", GET=action_people),
    *resource(BASE + "/{id}", GET=retrieve_action, PATCH=update_action, PUT=update_action, DELETE=destroy_action),
    *resource(BASE + "/{id}/references", GET=references),
    *resource(BASE + "/{id}/count", GET=action_count),
]
