"""Actions and events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, field_validator

from .base import ApiModel
from .common import UserBasic
from .definitions import clean_tags


class ActionStep(ApiModel):
    """Steps are OR-ed. They have no ids today (2022 servers had `id`/`name`)."""

    id: str | None = None
    name: str | None = None
    event: str | None = None
    properties: list[dict[str, Any]] | dict[str, Any] | None = None
    selector: str | None = None
    selector_regex: str | None = None
    selector_warning: str | None = None
    tag_name: str | None = None
    text: str | None = None
    text_matching: str | None = None
    href: str | None = None
    href_matching: str | None = None
    url: str | None = None
    url_matching: str | None = None


class Action(ApiModel):
    id: int
    name: str | None = None
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    post_to_slack: bool | None = None
    slack_message_format: str | None = None
    steps: list[ActionStep] = Field(default_factory=list)
    created_at: datetime | None = None
    created_by: UserBasic | None = None
    deleted: bool = False
    is_calculating: bool | None = None
    last_calculated_at: datetime | None = None
    team_id: int | None = None
    is_action: bool | None = None
    bytecode_error: str | None = None
    pinned_at: datetime | None = None
    reference_count: int | None = None

    _tags = field_validator("tags", mode="before")(clean_tags)


class EventElement(ApiModel):
    event: str | None = None
    text: str | None = None
    tag_name: str | None = None
    attr_class: list[str] | str | None = None
    href: str | None = None
    attr_id: str | None = None
    nth_child: int | None = None
    nth_of_type: int | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    order: int | None = None


class Event(ApiModel):
    id: str
    distinct_id: str | None = None
    properties: dict[str, Any] = Field(default_factory=dict)
    event: str | None = None
    timestamp: datetime | None = None
    person: dict[str, Any] | None = None
    elements: list[EventElement] = Field(default_factory=list)
    elements_chain: str | None = None
