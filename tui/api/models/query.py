"""The Query API's answers, the key describing itself, and what references an action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from .activity import Event
from .base import ApiModel
from .common import UserBasic


class QueryStatus(ApiModel):
    """An async query: `complete` once it finished, then `results` (the answer) or `error_message`."""

    id: str
    team_id: int | None = None
    complete: bool = False
    error: bool = False
    error_message: str | None = None
    results: Any = None
    query_async: bool | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None


class QueryResponse(ApiModel):
    """A HogQLQuery or EventsQuery answer: `results` are rows (lists), one value per column."""

    columns: list[str] = Field(default_factory=list)
    # EventsQuery lists type names; HogQLQuery lists [column, type] pairs.
    types: list[Any] = Field(default_factory=list)
    results: list[Any] = Field(default_factory=list)
    has_more: bool = Field(False, alias="hasMore")
    limit: int | None = None
    offset: int | None = None
    hogql: str | None = None
    timings: list[dict[str, Any]] = Field(default_factory=list)
    is_cached: bool | None = None
    query_status: QueryStatus | None = None

    @property
    def type_names(self) -> list[str]:
        return [t[-1] if isinstance(t, list) and t else str(t) for t in self.types]

    def rows(self) -> list[dict[str, Any]]:
        """Each row as `{column: value}`."""
        return [dict(zip(self.columns, row)) for row in self.results if isinstance(row, list)]


class QueryEvent(Event):
    """An event as EventsQuery's `*` column holds it (`uuid` where the events list says `id`)."""

    id: str = Field(validation_alias=AliasChoices("uuid", "id"))


class EventRows(BaseModel):
    """An EventsQuery answer whose columns are `*` and optionally `person`, validated straight from JSON."""

    model_config = ConfigDict(extra="ignore")

    results: list[tuple[QueryEvent] | tuple[QueryEvent, dict[str, Any] | None]] = Field(default_factory=list)
    hasMore: bool = False


class PersonalApiKey(ApiModel):
    """`personal_api_keys/@current/`: what the key may do and where."""

    id: str
    label: str | None = None
    mask_value: str | None = None
    created_at: datetime | None = None
    last_used_at: datetime | None = None
    user_id: int | None = None
    scopes: list[str] = Field(default_factory=list)
    scoped_teams: list[int] = Field(default_factory=list)
    scoped_organizations: list[str] = Field(default_factory=list)

    def allows(self, scope: str) -> bool:
        """Whether a call needing `scope` (`object:read|write`) passes the key's scopes (`write` covers `read`)."""
        obj, _, level = scope.partition(":")
        return "*" in self.scopes or scope in self.scopes or (level == "read" and f"{obj}:write" in self.scopes)

    def reaches(self, project_id: int) -> bool:
        return not self.scoped_teams or project_id in self.scoped_teams


class ActionReference(ApiModel):
    """Something that uses an action (an insight, experiment, cohort or hog function)."""

    type: str
    id: str
    name: str | None = None
    url: str | None = None
    created_at: datetime | None = None
    created_by: UserBasic | None = None
