"""References between objects that a file holds by name: the actions an insight's query uses.

A query names an action by its id (`{"kind": "ActionsNode", "id": 4}`, older filters'
`{"type": "actions", "id": 4}`, an EventsQuery's `actionId: 4`); ids differ between projects, so
a file holds `{"action": "Visited pricing"}` in that place, and an apply writes back the id of the
target's action with that name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def _is_action_node(node: Mapping[str, Any]) -> bool:
    return node.get("kind") == "ActionsNode" or node.get("type") == "actions"


def _rewrite(node: Any, swap: Callable[[Any], Any]) -> Any:
    if isinstance(node, list):
        return [_rewrite(item, swap) for item in node]
    if not isinstance(node, Mapping):
        return node
    out = {}
    for key, value in node.items():
        if (key == "id" and _is_action_node(node)) or key == "actionId":
            out[key] = swap(value)
        else:
            out[key] = _rewrite(value, swap)
    return out


def to_names(query: Any, names: Mapping[int, str], missing: set[int] | None = None) -> Any:
    """A query with action ids replaced by `{"action": name}`; ids naming no action stay, into `missing`."""

    def swap(value: Any) -> Any:
        try:
            action_id = int(value)
        except (TypeError, ValueError):
            return value
        if action_id in names:
            return {"action": names[action_id]}
        if missing is not None:
            missing.add(action_id)
        return value

    return _rewrite(query, swap)


def to_ids(query: Any, ids: Callable[[str], int | None], missing: set[str] | None = None) -> Any:
    """A file's query with `{"action": name}` replaced by the id `ids(name)` gives; unknown names into `missing`."""

    def swap(value: Any) -> Any:
        if isinstance(value, Mapping) and set(value) == {"action"}:
            found = ids(str(value["action"]))
            if found is None:
                if missing is not None:
                    missing.add(str(value["action"]))
                return value
            return found
        return value

    return _rewrite(query, swap)


def action_names(query: Any) -> set[str]:
    """The names of the actions a file's query refers to."""
    found: set[str] = set()
    to_ids(query, lambda name: None, found)
    return found
