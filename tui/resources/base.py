"""What makes one resource list different from another, as data.

The generic resource screen reads a `ResourceSpec`: which client group to page through,
the columns, how one object becomes a row and a detail view, the server-side filters a
key cycles through, and the related objects one key away.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    width: int | None = None
    ratio: int | None = None
    align: str = "left"
    min_width: int = 3  # the column people scan for keeps this much even at 80 columns
    drop: int | None = None  # leaves a narrow table first when highest (see the table's Column)


@dataclass(frozen=True)
class Choice:
    label: str
    params: dict[str, Any]
    # An order kept here rather than asked of the server: (column key, descending), for a column
    # the server cannot order by (an event's 30-day volume).
    sort: tuple[str, bool] | None = None


@dataclass(frozen=True)
class Cycle:
    """A server-side filter or ordering that one key steps through."""

    label: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Relation:
    """A related list, opened as another resource screen filtered by this object."""

    label: str
    resource: str
    params: Callable[[Any], dict[str, Any]]
    title: Callable[[Any], str]
    # For lists the server cannot filter (actions by event), a row predicate.
    keep: Callable[[Any], Callable[[Any], bool]] | None = None


@dataclass(frozen=True)
class FilterField:
    """A server-side filter typed into a form (`f`)."""

    param: str
    label: str
    placeholder: str = ""
    kind: str = "text"  # or "json", or "tag" (sent as the server stores tags: trimmed, lower case)


@dataclass(frozen=True)
class LateColumns:
    """Columns filled after the rows, from one source for the whole session (an event's 30-day
    volume from one HogQL query), matched to a row by its own cells, not by its object."""

    columns: tuple[ColumnSpec, ...]
    # The client -> (the source, None) or (None, why there is none, in one sentence).
    load: Callable[..., Awaitable[tuple[Any, str | None]]]
    # (the source or None, the row's own cells) -> the late cells, as many as `columns`.
    cells: Callable[[Any, tuple], tuple]


Section = tuple[str, list[tuple[str, str]]]


@dataclass(frozen=True)
class ResourceSpec:
    id: str
    title: str
    singular: str
    number: int
    aliases: tuple[str, ...]
    group: str
    columns: tuple[ColumnSpec, ...]
    cells: Callable[[Any], tuple]
    label: Callable[[Any], str]
    detail: Callable[[Any], list[Section]]
    key: Callable[[Any], str] = lambda obj: str(obj.id)
    search_param: str | None = "search"
    scope: Cycle | None = None
    order: Cycle | None = None
    flags: tuple[Cycle, ...] = ()
    filter_fields: tuple[FilterField, ...] = ()
    relations: tuple[Relation, ...] = ()
    scope_object: str = ""  # the API scope object, e.g. "dashboard" for dashboard:write
    # Sections a detail view fetches after it opens (an action's count, a definition's schema).
    more_detail: Callable[[Any, Any], Awaitable[list[Section]]] | None = None
    form: str | None = None
    removal: str | None = None  # "delete" (real DELETE) or "archive" (PATCH deleted)
    streaming: bool = False  # follow `next` lazily (events) instead of fetching everything
    base_params: dict[str, Any] = field(default_factory=dict)
    # Where a streaming list reads its pages when not `group.pages` (events: the Query API), and what
    # the status line says of the window and of where the rows came from, once a page is in.
    pages: Callable[[Any], Callable[..., AsyncIterator[Any]]] | None = None
    source: Callable[[Any, dict[str, Any]], str] | None = None
    # Whether one object can be fetched again by its key (event schemas have no retrieve route).
    retrievable: bool = True
    # "patch", or "replace" where the server has no update route (event schemas: 405).
    update: str = "patch"
    late: LateColumns | None = None

    @property
    def all_columns(self) -> tuple[ColumnSpec, ...]:
        return self.columns + (self.late.columns if self.late is not None else ())

    def names(self) -> tuple[str, ...]:
        return (self.id, *self.aliases)

    @property
    def refreshable(self) -> bool:
        return bool(self.group) and self.retrievable
