"""Computing an insight's result from the demo's own events, in the shapes the seed uses.

Covers what the seeded insights ask for: `TrendsQuery` (events or actions per day, `total` or
unique persons for `dau`) and `FunnelsQuery` (persons completing each step in order). Anything
else has no computable result (None), as a query kind PostHog could not run would have none.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .clock import iso_z, parse_when
from .data import ProjectData, Record
from .routes_actions import matching_events


def _window(source: Record, now: datetime, default: str) -> datetime:
    raw = (source.get("dateRange") or {}).get("date_from") or default
    return parse_when(str(raw), now) or parse_when(default, now)  # type: ignore[return-value]


def _series_events(data: ProjectData, node: Record, after: datetime, now: datetime) -> list[Record]:
    if node.get("kind") == "ActionsNode":
        raw = node.get("id")
        action = data.actions.get(int(raw)) if str(raw).isdigit() else None
        rows = matching_events(data, action) if action else []
        return [e for e in rows if after < datetime.fromisoformat(e["timestamp"]) <= now]
    return [e for e in data.log.between(after, now + timedelta(microseconds=1)) if e["event"] == node.get("event")]


def _trends(data: ProjectData, source: Record, now: datetime) -> list[Record]:
    start = _window(source, now, "-7d")
    days = [(start + timedelta(days=i)).date() for i in range((now.date() - start.date()).days + 1)]
    results = []
    for order, node in enumerate(source.get("series") or []):
        per_day: dict[Any, set | int] = {}
        for event in _series_events(data, node, start, now):
            day = datetime.fromisoformat(event["timestamp"]).date()
            if node.get("math") == "dau":
                per_day.setdefault(day, set()).add(data.log.person_of[event["id"]]["uuid"])  # type: ignore[union-attr]
            else:
                per_day[day] = per_day.get(day, 0) + 1  # type: ignore[operator]
        counts = [len(v) if isinstance(v, set) else v for v in (per_day.get(d, 0) for d in days)]
        label = node.get("name") or node.get("event") or f"action {node.get('id')}"
        results.append({
            "action": {"id": node.get("event") or node.get("id"), "type": "actions" if node.get("kind") == "ActionsNode"
                       else "events", "order": order, "name": label, "math": node.get("math") or "total"},
            "label": label, "count": sum(counts), "aggregated_value": sum(counts), "data": counts,
            "labels": [f"{d.day}-{d:%b}-{d.year}" for d in days], "days": [d.isoformat() for d in days],
        })
    return results


def _funnel(data: ProjectData, source: Record, now: datetime) -> list[Record]:
    start = _window(source, now, "-14d")
    steps = source.get("series") or []
    # Each person's first time through each step, in order: step n counts after step n - 1.
    reached: dict[str, datetime] = {}
    results = []
    for order, node in enumerate(steps):
        firsts: dict[str, datetime] = {}
        for event in sorted(_series_events(data, node, start, now), key=lambda e: e["timestamp"]):
            person = data.log.person_of[event["id"]]["uuid"]
            when = datetime.fromisoformat(event["timestamp"])
            if person not in firsts and (order == 0 or (person in reached and when >= reached[person])):
                firsts[person] = when
        waits = [(firsts[p] - reached[p]).total_seconds() for p in firsts if order and p in reached]
        name = node.get("name") or node.get("event") or f"action {node.get('id')}"
        results.append({"action_id": node.get("event") or node.get("id"), "name": name, "custom_name": None,
                        "order": order, "count": len(firsts), "type": "events",
                        "average_conversion_time": sum(waits) / len(waits) if waits else None,
                        "median_conversion_time": sorted(waits)[len(waits) // 2] if waits else None})
        reached = firsts
    return results


def compute(data: ProjectData, insight: Record, now: datetime) -> Any:
    query = insight.get("query") or {}
    source = query.get("source") if query.get("kind") == "InsightVizNode" else query
    kind = (source or {}).get("kind")
    if kind == "TrendsQuery":
        return _trends(data, source, now)
    if kind == "FunnelsQuery":
        return _funnel(data, source, now)
    return None


def refresh(data: ProjectData, insight: Record, mode: str, now: datetime) -> None:
    """`blocking` computes results that were never computed; `force_blocking` recomputes every one."""
    if mode == "force_blocking" or (mode == "blocking" and insight["result"] is None):
        insight.update(result=compute(data, insight, now), last_refresh=iso_z(now), is_cached=False)
