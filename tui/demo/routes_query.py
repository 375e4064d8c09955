"""`/api/projects/{id}/query/`: the Query API, really run over the demo's own events.

`POST query/` with `{"query": {"kind": "HogQLQuery" | "EventsQuery", ...}, "refresh"?, "client_query_id"?}`
answers the runner's result (see `query_run`; the HogQL subset is in `hogql_parse` and `hogql_sql`).
`refresh: "async"` answers 202 `{"query_status": {...}}` at once; `GET query/{id}/` polls it (202
while running, 200 with `results` when complete, 400 if it failed) and `DELETE query/{id}/` cancels it.
Every call needs `query:read` (`DemoOptions.query_api=False` takes the routes away: 404). At most 3
queries run at once per project (`DemoOptions.query_seconds` makes each take longer); later ones wait up
to 30 s for a slot, then get a 429. Errors are PostHog's flat `{type, code, detail, attr}`, e.g. 400 for
syntax outside the subset or for OFFSET.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.responses import JSONResponse, Response

from . import errors
from .clock import iso_z
from .data import ProjectData
from .hogql_parse import HogQLError
from .query_run import RUNNERS
from .routing import Ctx, ok, only_if, resource, rows_response, scoped
from .state import DemoState

BASE = "/api/projects/{project_id}/query"
CONCURRENT = 3
QUEUE_SECONDS = 30.0
ASYNC = {"async", "force_async", "lazy_async", "async_except_on_cache_miss"}
REFRESH = ASYNC | {"blocking", "force_blocking", "force_cache", True, False}


async def _run(state: DemoState, data: ProjectData, node: dict[str, Any]) -> dict[str, Any]:
    slots = state.query_slots.setdefault(data.id, asyncio.Semaphore(CONCURRENT))
    try:
        await asyncio.wait_for(slots.acquire(), QUEUE_SECONDS)
    except TimeoutError:
        raise errors.ApiError(errors.throttled_body(
            f"Too many concurrent queries for this project (at most {CONCURRENT}); try again shortly.")) from None
    try:
        running = state.query_running[data.id] = state.query_running.get(data.id, 0) + 1
        state.query_peak[data.id] = max(state.query_peak.get(data.id, 0), running)
        if state.options.query_seconds:
            await asyncio.sleep(state.options.query_seconds)
        try:
            return RUNNERS[node["kind"]](data, node, state.clock())
        except HogQLError as exc:
            raise errors.validation(str(exc)) from None
    finally:
        state.query_running[data.id] -= 1
        slots.release()


def _node(body: dict[str, Any]) -> dict[str, Any]:
    node = body.get("query")
    if not isinstance(node, dict):
        raise errors.required("query")
    if node.get("kind") not in RUNNERS:
        raise errors.validation(f"Query kind {node.get('kind')!r} is not supported by the demo server "
                                f"(it runs {', '.join(sorted(RUNNERS))}).", "query")
    return node


@scoped("query:read")
async def create_query(ctx: Ctx) -> Response:
    body = ctx.fields()
    node = _node(body)
    refresh = body.get("refresh", "blocking")
    if refresh not in REFRESH:
        raise errors.validation(f'"{refresh}" is not a valid choice.', "refresh", "invalid_choice")
    if refresh not in ASYNC and not body.get("async"):
        return rows_response(await _run(ctx.state, ctx.data, node))
    query_id = str(body.get("client_query_id") or ctx.data.new_uuid().replace("-", ""))
    status: dict[str, Any] = {
        "id": query_id, "team_id": ctx.data.id, "complete": False, "error": False, "error_message": None,
        "query_async": True, "results": None, "start_time": iso_z(ctx.state.clock()), "end_time": None,
        "pickup_time": iso_z(ctx.state.clock()), "expiration_time": None, "task_id": None, "dashboard_id": None,
        "insight_id": None, "labels": None, "query_progress": None}

    async def work() -> None:
        try:
            status["results"] = await _run(ctx.state, ctx.data, node)
        except errors.ApiError as exc:
            status.update(error=True, error_message=_detail(exc))
        status.update(complete=True, end_time=iso_z(ctx.state.clock()))

    ctx.state.query_runs[(ctx.data.id, query_id)] = (status, asyncio.create_task(work()))
    return ok({"query_status": status}, 202)


def _detail(exc: errors.ApiError) -> str:
    return str(json.loads(bytes(exc.response.body)).get("detail"))


def _get_run(ctx: Ctx) -> tuple[dict[str, Any], asyncio.Task[None]]:
    run = ctx.state.query_runs.get((ctx.data.id, ctx.path["query_id"]))
    if run is None:
        raise errors.not_found(f"Query {ctx.path['query_id']} not found.")
    return run


@scoped("query:read")
async def query_status(ctx: Ctx) -> Response:
    status, _ = _get_run(ctx)
    code = 202 if not status["complete"] else 400 if status["error"] else 200
    return JSONResponse({"query_status": status}, status_code=code)


@scoped("query:read")
async def cancel_query(ctx: Ctx) -> Response:
    status, task = _get_run(ctx)
    if status["complete"]:
        return ok({"message": "Query is not running."})
    task.cancel()
    status.update(complete=True, error=True, error_message="Query cancelled", end_time=iso_z(ctx.state.clock()))
    return ok({"message": "Query cancelled"})


ROUTES = [
    *resource(BASE, POST=only_if("query_api")(create_query)),
    *resource(BASE + "/{query_id}", GET=only_if("query_api")(query_status), DELETE=only_if("query_api")(cancel_query)),
]
