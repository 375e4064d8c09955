"""Executing `HogQLQuery` and `EventsQuery` nodes and shaping the answers as PostHog's runners do."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime
from typing import Any

from .clock import iso_z
from .data import ProjectData, Record
from .events_query import STAR_TYPE, build
from .hogql_compile import DEFAULT_LIMIT, MAX_LIMIT, Compiler
from .hogql_parse import HogQLError, parse
from .hogql_sql import Engine
from .routes_actions import matching_events

# Every demo key is a personal API key, and PostHog refuses OFFSET from those.
NO_OFFSET = ("OFFSET is not supported for queries made with a personal API key. Use keyset pagination on the "
             "timestamp column instead: ORDER BY timestamp DESC and WHERE timestamp < the last row's timestamp.")


def engine(data: ProjectData) -> Engine:
    if data.log.engine is None:
        data.log.engine = Engine(data.log, data.id)
    data.log.engine.sync()
    return data.log.engine


def _action_rows(data: ProjectData, db: Engine) -> Any:
    def rows(action_id: Any) -> str:
        action = data.actions.get(action_id) if isinstance(action_id, int) else None
        if action is None or action["deleted"]:
            raise HogQLError(f"Action {action_id} does not exist.")
        token = f"action:{action_id}"
        index = {record["id"]: row for row, record in enumerate(data.log.rows)}
        db.matches[token] = frozenset(index[e["id"]] for e in matching_events(data, action))
        return token

    return rows


def _execute(data: ProjectData, text: str, values: dict[str, Any], now: datetime,
             limit: int | None = None, offset: int | None = None) -> tuple[Any, list[list[Any]], bool, float]:
    started = time.perf_counter()
    query = parse(text, values)
    if limit is not None:
        query.limit = limit
    if offset is not None:
        query.offset = offset
    if query.offset:
        raise HogQLError(NO_OFFSET)
    db = engine(data)
    plan = Compiler(data.id, now, _action_rows(data, db)).select(query)
    try:
        fetched = db.db.execute(plan.sql, plan.params).fetchall()
    except Exception as exc:  # sqlite3 errors (misused aggregates, bad casts) read as HogQL errors
        raise HogQLError(f"The query failed: {exc}.") from None
    rows = [plan.convert(row) for row in fetched[:plan.limit]]
    return plan, rows, len(fetched) > plan.limit, time.perf_counter() - started


def _envelope(data: ProjectData, node: dict[str, Any], now: datetime, seconds: float) -> dict[str, Any]:
    key = hashlib.sha256(json.dumps([data.id, node], sort_keys=True, default=str).encode()).hexdigest()[:32]
    return {"is_cached": False, "cache_key": f"cache_{key}", "last_refresh": iso_z(now),
            "next_allowed_client_refresh": iso_z(now), "timezone": "UTC", "modifiers": {}, "query_status": None,
            "error": None, "timings": [{"k": "./execute", "t": round(seconds, 6)}, {"k": ".", "t": round(seconds, 6)}]}


def run_hogql(data: ProjectData, node: dict[str, Any], now: datetime) -> dict[str, Any]:
    text = node.get("query")
    if not isinstance(text, str) or not text.strip():
        raise HogQLError("HogQLQuery needs a `query` string.")
    plan, rows, more, seconds = _execute(data, text, node.get("values") or {}, now)
    return {**_envelope(data, node, now, seconds), "columns": plan.columns,
            "types": [[c, t] for c, t in zip(plan.columns, plan.types)], "results": rows, "hasMore": more,
            "limit": plan.limit, "offset": plan.offset, "hogql": text.strip()}


def _people(data: ProjectData) -> dict[str, Record]:
    return {distinct_id: person for person in data.log.persons for distinct_id in person["distinct_ids"]}


def _star(data: ProjectData, uuid: str) -> Record:
    """The event as `*` answers it: its columns as one object, properties parsed, elements when any."""
    record = data.log.by_id[uuid]
    # Events store milliseconds with an offset; DateTime64(6) reads out with microseconds and a `Z`.
    stamp = record["timestamp"][:23] + "000Z"
    event = {"uuid": uuid, "event": record["event"], "properties": record["properties"], "timestamp": stamp,
             "team_id": data.id, "distinct_id": record["distinct_id"], "elements_chain": record["elements_chain"],
             "created_at": stamp, "person_mode": "full"}
    if record["elements_chain"]:
        event["elements"] = record["elements"]
    return event


def run_events(data: ProjectData, node: dict[str, Any], now: datetime) -> dict[str, Any]:
    text, shown, columns, kinds = build(node, now)
    limit = node.get("limit")
    limit = DEFAULT_LIMIT if not isinstance(limit, int) or limit <= 0 else min(limit, MAX_LIMIT)
    plan, rows, more, seconds = _execute(data, text, {}, now, limit, int(node.get("offset") or 0))
    people = _people(data) if "person" in kinds else {}
    folders = [(lambda v: _star(data, v)) if kind == "star" else (lambda v: _person(people, v)) if kind == "person"
               else None for kind in kinds]
    results = [[value if fold is None else fold(value) for value, fold in zip(row, folders)] for row in rows]
    types = [STAR_TYPE if kind == "star" else "String" if kind == "person" else t for kind, t in zip(kinds, plan.types)]
    timestamp = columns.index("timestamp") if "timestamp" in columns else None
    ordered_by_time = str((node.get("orderBy") or ["timestamp"])[0]).split()[0] == "timestamp"
    cursor = results[-1][timestamp] if more and results and timestamp is not None and ordered_by_time else None
    return {**_envelope(data, node, now, seconds), "columns": columns, "types": types, "results": results,
            "hasMore": more, "limit": plan.limit, "offset": plan.offset, "hogql": f"{shown} LIMIT {plan.limit}",
            "nextCursor": cursor}


def _person(people: dict[str, Record], distinct_id: str) -> Record:
    person = people.get(distinct_id)
    if person is None:
        return {"distinct_id": distinct_id}
    return {"uuid": person["uuid"], "created_at": person["created_at"], "properties": person["properties"],
            "distinct_id": distinct_id}


RUNNERS = {"HogQLQuery": run_hogql, "EventsQuery": run_events}
