"""Event definitions, schema property groups and event schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, field_validator

from .base import ApiModel
from .common import UserBasic


def clean_tags(value: Any) -> Any:
    """Tags arrive as `[null]` in some servers' examples and as null when unset."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(tag) for tag in value if tag is not None]
    return value


class EventDefinition(ApiModel):
    """Both the FOSS shape (volume/query usage counters) and the EE shape (owner, verified...)."""

    id: str
    name: str = ""
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    # Written as a user id, read back as a user object (older servers echo the id).
    owner: UserBasic | int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: UserBasic | None = None
    last_seen_at: datetime | None = None
    last_updated_at: datetime | None = None
    verified: bool | None = None
    verified_at: datetime | None = None
    verified_by: UserBasic | None = None
    hidden: bool | None = None
    enforcement_mode: str | None = None
    primary_property: str | None = None
    default_columns: list[str] = Field(default_factory=list)
    media_preview_urls: list[str] = Field(default_factory=list)
    is_action: bool | None = None
    action_id: int | None = None
    is_calculating: bool | None = None
    last_calculated_at: datetime | None = None
    created_by: UserBasic | None = None
    post_to_slack: bool | None = None
    volume_30_day: int | None = None
    query_usage_30_day: int | None = None

    _tags = field_validator("tags", mode="before")(clean_tags)

    @property
    def owner_id(self) -> int | None:
        return self.owner.id if isinstance(self.owner, UserBasic) else self.owner


class PropertyGroupProperty(ApiModel):
    id: str | None = None
    name: str = ""
    property_type: str | None = None
    is_required: bool = False
    is_optional_in_types: bool = False
    validation_rules: dict[str, Any] | None = None
    description: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class PropertyGroupEvent(ApiModel):
    id: str | None = None
    name: str | None = None


class PropertyGroup(ApiModel):
    id: str
    name: str = ""
    description: str | None = None
    properties: list[PropertyGroupProperty] = Field(default_factory=list)
    events: list[PropertyGroupEvent] = Field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    created_by: UserBasic | None = None


class EventSchema(ApiModel):
    """Join row between an event definition and a property group."""

    id: str
    event_definition: str | None = None
    property_group: PropertyGroup | None = None
    property_group_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
