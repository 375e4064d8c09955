"""`/api/projects/{id}/events/`: the deprecated events list (timestamp cursor in `next`),
one event, and `values`."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import timedelta
from typing import Any

from starlette.responses import JSONResponse, Response

from . import errors
from .clock import parse_when
from .data import Record
from .params import truthy
from .routes_actions import matching_events
from .routes_definitions import UUID_RE
from .routing import Ctx, absolute_url, int_param, ok, resource, scoped

BASE = "/api/projects/{project_id}/events"
MAX_LIMIT = 1000
UNPARSABLE = "Properties are unparsable!"


def _filters(raw: str | None) -> list[Record]:
    if not raw:
        return []
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError:
        raise errors.validation(UNPARSABLE) from None

    def flatten(node: Any) -> list[Record]:
        if isinstance(node, list):
            return [f for item in node for f in flatten(item)]
        if isinstance(node, dict) and isinstance(node.get("values"), list):
            return flatten(node["values"])
        if isinstance(node, dict) and "key" in node:
            return [node]
        raise errors.validation(UNPARSABLE)

    return flatten(parsed)


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _property_matches(flt: Record, properties: dict[str, Any]) -> bool:
    operator, wanted, key = flt.get("operator") or "exact", flt.get("value"), flt["key"]
    if operator == "is_set":
        return key in properties
    if operator == "is_not_set":
        return key not in properties
    if key not in properties:
        return operator in ("is_not", "not_icontains", "not_regex")
    actual = properties[key]
    wanted_list = [str(w) for w in wanted] if isinstance(wanted, list) else [str(wanted)]
    if operator == "exact":
        return str(actual) in wanted_list
    if operator == "is_not":
        return str(actual) not in wanted_list
    if operator in ("icontains", "not_icontains"):
        found = wanted_list[0].lower() in str(actual).lower()
        return found if operator == "icontains" else not found
    if operator in ("regex", "not_regex"):
        found = re.search(wanted_list[0], str(actual)) is not None
        return found if operator == "regex" else not found
    left, right = _number(actual), _number(wanted)
    if left is None or right is None:
        return False
    return {"gt": left > right, "gte": left >= right, "lt": left < right, "lte": left <= right}.get(operator, False)


def _when(ctx: Ctx, name: str, default: Any) -> Any:
    raw = ctx.query.get(name)
    if not raw:
        return default
    value = parse_when(raw, ctx.state.clock())
    if value is None:
        raise errors.validation(f"Invalid {name} date: {raw}", name)
    return value


def _event_out(ctx: Ctx, event: Record, include_person: bool) -> Record:
    person = ctx.data.log.person_of[event["id"]] if include_person else None
    return {**event, "person": None if person is None else {
        "is_identified": person["is_identified"], "distinct_ids": person["distinct_ids"][:1],
        "properties": {k: v for k, v in person["properties"].items() if k in ("email", "name", "username")}}}


def _flatten(value: Any, prefix: str, row: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}.{key}" if prefix else str(key), row)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flatten(inner, f"{prefix}.{index}", row)
    else:
        row[prefix] = "" if value is None else value


def csv_response(results: list[Record]) -> Response:
    rows = []
    for result in results:
        row: dict[str, Any] = {}
        _flatten(result, "", row)
        rows.append(row)
    header = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8")


@scoped("query:read")
async def list_events(ctx: Ctx) -> Response:
    data, query = ctx.data, ctx.query
    is_csv = query.get("format") == "csv" or "text/csv" in ctx.request.headers.get("accept", "")
    before = _when(ctx, "before", ctx.state.clock() + timedelta(seconds=5))
    after = _when(ctx, "after", before - timedelta(hours=24))
    rows = data.log.between(after, before)
    try:
        descending = json.loads(query.get("orderBy") or '["-timestamp"]') == ["-timestamp"]
    except json.JSONDecodeError:
        descending = True
    if not descending:
        rows = rows[::-1]
    checks = []
    if query.get("event"):
        checks.append(lambda e: e["event"] == query["event"])
    if query.get("distinct_id"):
        checks.append(lambda e: e["distinct_id"] == query["distinct_id"])
    if query.get("person_id"):
        checks.append(lambda e: data.log.person_of[e["id"]]["uuid"] == query["person_id"])
    for flt in _filters(query.get("properties")):
        if flt.get("type") == "person":
            checks.append(lambda e, f=flt: _property_matches(f, data.log.person_of[e["id"]]["properties"]))
        else:
            checks.append(lambda e, f=flt: _property_matches(f, e["properties"]))
    if query.get("action_id"):
        action = data.actions.get(int_param(ctx, "action_id", 0))
        matched = {e["id"] for e in matching_events(data, action)} if action else set()
        checks.append(lambda e: e["id"] in matched)
    limit = min(int_param(ctx, "limit", MAX_LIMIT if is_csv else 100, minimum=1), MAX_LIMIT)
    offset = int_param(ctx, "offset", 0)
    selected: list[Record] = []
    for event in rows:
        if all(check(event) for check in checks):
            selected.append(event)
            if len(selected) > offset + limit:
                break
    page, more = selected[offset:offset + limit], len(selected) > offset + limit
    results = [_event_out(ctx, e, truthy(query.get("include_person"))) for e in page]
    if is_csv:
        return csv_response(results)
    next_url = None
    if more and page:
        next_url = absolute_url(ctx, **{"before" if descending else "after": page[-1]["timestamp"]})
    return ok({"next": next_url, "results": results})


@scoped("query:read")
async def retrieve_event(ctx: Ctx) -> Response:
    event_id = ctx.path["id"]
    if not UUID_RE.match(event_id):
        raise errors.ApiError(JSONResponse({"detail": "Invalid UUID", "code": "invalid", "type": "validation_error"},
                                           status_code=400))
    event = ctx.data.log.by_id.get(event_id.lower())
    if event is None:
        raise errors.not_found(f"No events exist for event UUID {event_id}")
    return ok(_event_out(ctx, event, truthy(ctx.query.get("include_person"))))


@scoped("query:read")
async def event_values(ctx: Ctx) -> Response:
    key = ctx.query.get("key")
    if not key:
        raise errors.validation("You must provide a key")
    event_names = ctx.query.getlist("event_name")
    if not event_names and not ctx.legacy:
        raise errors.validation("Listing property values with a personal API key requires at least one "
                                "event_name. Use the query API (/api/projects/:id/query/) for other lookups.",
                                "event_name")
    counts: Counter[str] = Counter()
    for event in reversed(ctx.data.log.since(ctx.state.clock() - timedelta(days=7))):
        if key == "custom_event":
            if not event["event"].startswith("$"):
                counts[event["event"]] += 1
            continue
        if event_names and event["event"] not in event_names:
            continue
        source = event if truthy(ctx.query.get("is_column")) else event["properties"]
        if source.get(key) is not None:
            counts[str(source[key])] += 1
    needle = (ctx.query.get("value") or "").lower()
    values = [v for v, _ in counts.most_common() if needle in v.lower()]
    if needle:
        values = values[:10]
    rows = [{"name": v} for v in values]
    payload: Any = rows if ctx.legacy else {"results": rows, "refreshing": False}
    return JSONResponse(payload, headers={"Cache-Control": "max-age=10"})


ROUTES = [
    *resource(BASE, GET=list_events),
    *resource(BASE + "/values", GET=event_values),
    *resource(BASE + "/{id}", GET=retrieve_event),
]
