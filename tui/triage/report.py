"""The triage as text for a terminal and as JSON, for `posthog-tui triage`."""

from __future__ import annotations

from typing import Any

from tui.text import one_line

from .queues import Triage


def as_json(result: Triage, problem: str | None = None) -> dict[str, Any]:
    queues = []
    for queue in result.queues.values():
        queues.append({
            "id": queue.id, "title": queue.kind.title, "count": len(queue.members),
            "available": queue.unavailable is None,
            "reason": None if queue.unavailable is None else f"{queue.unavailable}: {problem}" if problem
            else queue.unavailable,
            "members": [{"id": d.id, "name": d.name, "volume_30d": result.volume(d.name)} for d in queue.members],
        })
    clusters = [[d.name for d in cluster] for cluster in result.clusters]
    return {"queues": queues, "near_duplicate_clusters": clusters,
            "volumes_truncated": bool(result.volumes and result.volumes.truncated)}


def text(result: Triage, members: int, problem: str | None = None) -> str:
    """Each queue with its count and up to `members` names (0: all of them), busiest first."""
    lines: list[str] = []
    width = max(len(q.kind.title) for q in result.queues.values())
    for queue in result.queues.values():
        if queue.unavailable is not None:
            why = f"{queue.unavailable} ({one_line(problem)})" if problem else queue.unavailable
            lines.append(f"{queue.kind.title:<{width}}       -  {why}")
            continue
        lines.append(f"{queue.kind.title:<{width}}  {len(queue.members):>6,}  {queue.kind.help}")
        shown = queue.members if members <= 0 else queue.members[:members]
        for definition in shown:
            volume = result.volume(definition.name)
            count = "" if volume is None else f"{volume:>10,}"
            lines.append(f"    {count}  {one_line(definition.name)}")
        if len(shown) < len(queue.members):
            lines.append(f"    … and {len(queue.members) - len(shown):,} more (--members 0 lists all)")
    if result.volumes is not None and result.volumes.truncated:
        lines.append("note: the volume query hit its row limit; volumes are partial.")
    return "\n".join(lines) + "\n"
