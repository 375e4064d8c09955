"""Users, projects and the small result shapes shared by several endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from .base import ApiModel


class UserBasic(ApiModel):
    id: int | None = None
    uuid: str | None = None
    distinct_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    is_email_verified: bool | None = None
    hedgehog_config: dict[str, Any] | None = None
    role_at_organization: str | None = None

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or self.email or (f"user {self.id}" if self.id is not None else "unknown")


class TeamBasic(ApiModel):
    """The user's current project as embedded in `users/@me`."""

    id: int | None = None
    uuid: str | None = None
    organization: str | None = None
    project_id: int | None = None
    api_token: str | None = None
    name: str | None = None
    timezone: str | None = None
    is_demo: bool | None = None


class OrganizationBasic(ApiModel):
    id: str | None = None
    name: str | None = None
    slug: str | None = None
    membership_level: int | None = None


class User(UserBasic):
    """`users/@me`: the basic fields plus the current project and organizations."""

    is_staff: bool | None = None
    team: TeamBasic | None = None
    organization: dict[str, Any] | None = None
    organizations: list[OrganizationBasic] = Field(default_factory=list)

    @property
    def current_project_id(self) -> int | None:
        if self.team is None:
            return None
        return self.team.project_id or self.team.id


class Project(ApiModel):
    id: int
    uuid: str | None = None
    organization: str | None = None
    api_token: str | None = None
    name: str | None = None
    completed_snippet_onboarding: bool | None = None
    ingested_event: bool | None = None
    is_demo: bool | None = None
    timezone: str | None = None
    created_at: datetime | None = None


class BulkUpdateItem(ApiModel):
    id: int | str | None = None
    tags: list[str] | None = None
    verified: bool | None = None
    reason: str | None = None


class BulkUpdateResult(ApiModel):
    """Answer of the `bulk_update_tags` / `bulk_update_verified` endpoints."""

    updated: list[BulkUpdateItem] = Field(default_factory=list)
    skipped: list[BulkUpdateItem] = Field(default_factory=list)
