"""What screens ask the app for: they post these, the app routes them (no screen imports
another to navigate)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message


class OpenObject(Message):
    """Show one object of a resource: its detail view, or a dashboard's tiles."""

    def __init__(self, resource: str, obj: Any) -> None:
        super().__init__()
        self.resource = resource
        self.obj = obj


class OpenRelated(Message):
    """Offer the object's relations and open the one picked as a filtered list."""

    def __init__(self, resource: str, obj: Any) -> None:
        super().__init__()
        self.resource = resource
        self.obj = obj


class OpenList(Message):
    """A list of `resource` filtered on the server by `params` (and here by `keep`)."""

    def __init__(self, resource: str, *, params: dict[str, Any] | None = None, title: str | None = None,
                 keep: Callable[[Any], bool] | None = None) -> None:
        super().__init__()
        self.resource = resource
        self.params = params or {}
        self.title = title
        self.keep = keep


class CopyObjects(Message):
    """Copy these objects of `resource` (and what they need) to another project or profile."""

    def __init__(self, resource: str, objects: list[Any]) -> None:
        super().__init__()
        self.resource = resource
        self.objects = objects
