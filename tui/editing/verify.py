"""Whether a write whose answer never came (a timeout, a 5xx, a cut-off body) was applied anyway.

Such a write is never sent again blindly: the server is asked what it holds now, and the write
counts as done when it holds the change. What to look at depends on the kind of write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.editing.service import current, group
from tui.editing.specs import as_dict
from tui.forms.diff import not_kept
from tui.forms.fields import FieldSpec
from tui.resources.base import ResourceSpec


def uncertain(error: Exception) -> bool:
    """Whether a failed write may have been applied anyway (no answer, or a broken one)."""
    from tui.api.errors import ApiConnectionError, ApiTimeoutError, BadResponseError, ServerError

    if isinstance(error, ApiConnectionError):
        return error.reached_server
    return isinstance(error, (ApiTimeoutError, BadResponseError, ServerError))


async def updated(client: Any, spec: ResourceSpec, obj: Any, changes: dict, fields: Sequence[FieldSpec]) -> Any:
    """The object as the server holds it when it holds `changes`; None otherwise."""
    now = await current(client, spec, obj)
    return now if now is not None and not not_kept(changes, as_dict(now), fields) else None


async def created(client: Any, spec: ResourceSpec, body: dict) -> Any:
    """The object the server holds with the name that was sent; None when there is none."""
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    resources = group(client, spec.id)
    params = {spec.search_param: name.strip()} if spec.search_param else {}
    matches = [o for o in await resources.all(**params) if (getattr(o, "name", None) or "").strip() == name.strip()]
    return matches[-1] if matches else None


async def removed(client: Any, spec: ResourceSpec, obj: Any) -> bool:
    """Whether the object is gone (deleted) or archived on the server."""
    now = await current(client, spec, obj)
    return now is None or bool(getattr(now, "deleted", False))
