"""Merging a near-duplicate cluster: the plan, as data. An action named after the canonical event
matches every variant (created, or an existing action of that name gains the missing steps), the
canonical definition gets the best description and every tag, and the other variants are hidden.
Nothing is deleted: events keep arriving under every name, and the action counts them as one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tui.api.models import Action, EventDefinition


@dataclass
class MergePlan:
    canonical: EventDefinition
    # The action to create (`action` None) or the existing one to give `steps`.
    action: Action | None
    steps: list[dict[str, Any]]
    # The canonical definition's PATCH (empty when it already has the best of everything).
    changes: dict[str, Any]
    hide: list[EventDefinition] = field(default_factory=list)

    @property
    def sends_action(self) -> bool:
        return self.action is None or len(self.steps) > len(self.action.steps)

    def calls(self) -> list[tuple[str, str, str]]:
        """(request, before, after) for the preview: every call the merge sends, in order."""
        names = ", ".join(step["event"] for step in self.steps)
        rows = []
        if self.action is None:
            rows.append((f"create action “{self.canonical.name}”", "—", f"matches {names}"))
        elif self.sends_action:
            rows.append((f"update action “{self.action.name}”", f"{len(self.action.steps)} steps", f"matches {names}"))
        for key, value in self.changes.items():
            before = getattr(self.canonical, key)
            rows.append((f"{self.canonical.name}: {key}", _text(before), _text(value)))
        rows += [(f"{d.name}: hidden", "no", "yes") for d in self.hide]
        return rows


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value) if value else "—"


def plan_merge(cluster: Sequence[EventDefinition], canonical: EventDefinition,
               actions: Sequence[Action]) -> MergePlan:
    others = [d for d in cluster if d.id != canonical.id]
    existing = next((a for a in actions if a.name == canonical.name and not a.deleted), None)
    named = {s.event for s in existing.steps} if existing else set()
    steps = ([s.model_dump(mode="json", exclude_none=True) for s in existing.steps] if existing else [])
    steps += [{"event": d.name} for d in [canonical, *others] if d.name not in named]
    changes: dict[str, Any] = {}
    if not (canonical.description or "").strip():
        best = max((d.description or "" for d in others), key=len, default="").strip()
        if best:
            changes["description"] = best
    tags = list(dict.fromkeys([*canonical.tags, *(t for d in others for t in d.tags)]))
    if tags != list(canonical.tags):
        changes["tags"] = tags
    return MergePlan(canonical, existing, steps, changes, [d for d in others if not d.hidden])
