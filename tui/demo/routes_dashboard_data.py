"""Dashboard data endpoints: run_insights, the stream_tiles SSE stream, and snapshot /
analyze_refresh_result (older servers only)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.responses import Response, StreamingResponse

from . import errors
from .clock import iso_z
from .dashboards_model import detail_out, get_dashboard, live_tiles, tile_out
from .data import Record
from .insight_compute import refresh
from .routes_insights import refresh_mode
from .routing import Ctx, ok, only_on, resource, scoped

BASE = "/api/projects/{project_id}/dashboards/{id}"
NO_CHANGES = "No significant changes detected in the dashboard data."


def summarize(insight: Record) -> str:
    """A plain-text rendering of a result, standing in for the EE "optimized" output format."""
    lines = [insight["name"] or insight["derived_name"] or "Untitled"]
    for row in insight["result"] or []:
        if isinstance(row, list):  # a HogQL or events table row
            lines.append(" | ".join(str(cell) for cell in row))
        elif "data" in row:
            lines.append(f"{row['label']}: total {row['count']}, last day {row['data'][-1]} ({row['days'][-1]})")
        elif "values" in row:  # a retention cohort
            lines.append(f"{row['label']}: " + ", ".join(str(v["count"]) for v in row["values"]))
        else:
            lines.append(f"Step {row['order'] + 1} {row['name']}: {row['count']}")
    return "\n".join(lines)


@only_on("current")
@scoped("query:read")
async def run_insights(ctx: Ctx) -> Response:
    """Cached results by default (`force_cache`: never-computed insights answer `result: null`);
    `blocking` computes those from the events, `force_blocking` recomputes every tile."""
    dashboard = get_dashboard(ctx)
    mode = refresh_mode(ctx)
    raw = ctx.query.get("output_format", "optimized") == "json"
    results = []
    for tile in live_tiles(ctx.data, dashboard["id"]):
        insight = ctx.data.insights.get(tile["insight_id"]) if tile["insight_id"] else None
        if insight is None or not insight.get("query"):
            continue
        refresh(ctx.data, insight, mode, ctx.state.clock())
        result = insight["result"] if raw or insight["result"] is None else summarize(insight)
        results.append({"id": tile["id"], "insight": {
            "id": insight["id"], "short_id": insight["short_id"], "name": insight["name"],
            "derived_name": insight["derived_name"], "result": result}})
    return ok({"results": results})


def sse(message: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode() + b"\n\n"


@scoped("session:dashboard:read")
async def stream_tiles(ctx: Ctx) -> Response:
    dashboard = get_dashboard(ctx)
    dashboard["last_accessed_at"] = iso_z(ctx.state.clock())
    size = ctx.query.get("layoutSize") or ctx.query.get("layout_size") or "sm"
    tiles = live_tiles(ctx.data, dashboard["id"], "xs" if size == "xs" else "sm")
    metadata = detail_out(ctx.data, dashboard, tiles[:2])
    rest = [tile_out(ctx.data, tile, order) for order, tile in enumerate(tiles) if order >= 2]

    async def messages() -> AsyncIterator[bytes]:
        yield sse({"type": "metadata", "dashboard": metadata})
        for tile in rest:
            yield sse({"type": "tile", "order": tile["order"], "tile": tile})
        yield sse({"type": "complete"})

    return StreamingResponse(messages(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _current_results(ctx: Ctx, dashboard: Record) -> dict[str, Any]:
    results = {}
    for tile in live_tiles(ctx.data, dashboard["id"]):
        insight = ctx.data.insights.get(tile["insight_id"]) if tile["insight_id"] else None
        if insight:
            results[str(tile["id"])] = {"insight_name": insight["name"], "data": insight["result"]}
    return results


@only_on("legacy")
@scoped("session:dashboard:read")
async def snapshot(ctx: Ctx) -> Response:
    dashboard = get_dashboard(ctx)
    client = ctx.fields().get("client_results")
    before = client if isinstance(client, dict) else _current_results(ctx, dashboard)
    cache_key = f"dashboard_refresh_{dashboard['id']}_{ctx.data.new_token(12)}"
    ctx.data.snapshots[cache_key] = {"dashboard_id": dashboard["id"], "before": before}
    return ok({"cache_key": cache_key})


@only_on("legacy")
@scoped("session:dashboard:read")
async def analyze_refresh_result(ctx: Ctx) -> Response:
    dashboard = get_dashboard(ctx)
    cache_key = ctx.fields().get("cache_key")
    if not cache_key:
        raise errors.plain_error(400, "cache_key is required")
    saved = ctx.data.snapshots.get(cache_key)
    if saved is None or saved["dashboard_id"] != dashboard["id"]:
        raise errors.plain_error(400, "Analysis context expired or not found. Please refresh the dashboard again.")
    before, after = saved["before"], _current_results(ctx, dashboard)
    changes = []
    for tile_id in sorted(set(before) | set(after)):
        old, new = before.get(tile_id), after.get(tile_id)
        if old is None:
            changes.append(f"- {new['insight_name']}: added since the snapshot.")
        elif new is None:
            changes.append(f"- {old.get('insight_name', tile_id)}: no longer on the dashboard.")
        elif old.get("data") != new["data"]:
            changes.append(f"- {new['insight_name']}: results changed.")
    return ok({"result": "Changes since the last refresh:\n" + "\n".join(changes) if changes else NO_CHANGES})


ROUTES = [
    *resource(BASE + "/run_insights", GET=run_insights),
    *resource(BASE + "/stream_tiles", GET=stream_tiles),
    *resource(BASE + "/snapshot", POST=snapshot),
    *resource(BASE + "/analyze_refresh_result", POST=analyze_refresh_result),
]
