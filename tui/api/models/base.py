"""Shared model base and the forgiving parser used for every server payload."""

from __future__ import annotations

import copy
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

M = TypeVar("M", bound=BaseModel)

_MAX_REPAIR_ROUNDS = 8


class ApiModel(BaseModel):
    """Unknown fields are kept (`extra="allow"`): servers add fields faster than we do."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True, populate_by_name=True)


class Page(BaseModel, Generic[M]):
    """One page of a list endpoint, whatever its pagination style.

    `offset` is where the page starts in the full listing (for events: how many
    rows came before it), so pages fetched out of order can be placed.
    `has_more` says whether the endpoint has rows after this page.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    results: list[M] = Field(default_factory=list)
    count: int | None = None
    next: str | None = None
    previous: str | None = None
    count_is_capped: bool = False
    offset: int = 0
    has_more: bool = False


class NotSupported(BaseModel):
    """A result, not an error: this server (or a personal API key) cannot do `feature`."""

    feature: str
    detail: str

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return f"{self.feature} is not available: {self.detail}"


def parse_model(model: type[M], raw: Any) -> M:
    """Validate `raw`, dropping fields the server filled with something unexpected.

    A listing of thousands of rows must not fail because one row has a null list or
    an odd value in one field: the offending key is removed (its default applies)
    and validation is retried. The happy path costs one normal validation.
    """
    from tui.api.errors import BadResponseError

    try:
        return _repaired(model, raw)
    except RecursionError:
        # A value nested thousands deep: validating or copying it would exhaust the stack.
        raise BadResponseError(f"The server sent a {model.__name__} nested too deeply to read.") from None


def _repaired(model: type[M], raw: Any) -> M:
    from tui.api.errors import BadResponseError

    try:
        return model.model_validate(raw)
    except ValidationError as first_error:
        if not isinstance(raw, dict):
            raise BadResponseError(
                f"The server sent {type(raw).__name__} where a {model.__name__} object was expected."
            ) from None
        error = first_error
    repaired = copy.deepcopy(raw)
    for _ in range(_MAX_REPAIR_ROUNDS):
        for item in sorted(error.errors(), key=lambda e: _index_sort_key(e["loc"]), reverse=True):
            _drop(repaired, item["loc"])
        try:
            return model.model_validate(repaired)
        except ValidationError as again:
            error = again
    # Only required fields (an id, a name) are left failing: such a row cannot be shown or edited.
    missing = ", ".join(".".join(str(p) for p in e["loc"]) for e in error.errors()[:3])
    raise BadResponseError(f"The server sent a {model.__name__} without a usable {missing}.")


def _index_sort_key(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # Remove later list items first so earlier indices stay valid.
    return tuple(part if isinstance(part, int) else -1 for part in loc)


def _drop(container: Any, loc: tuple[Any, ...]) -> None:
    """Remove the deepest navigable element named by a pydantic error location."""
    parent: Any = None
    key: Any = None
    node = container
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            parent, key, node = node, part, node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            parent, key, node = node, part, node[part]
        else:
            break  # union member tags and similar parts are not in the data
    if parent is None:
        return
    if isinstance(parent, dict):
        parent.pop(key, None)
    else:
        del parent[key]
