"""Dashboards, tiles, sharing and the results of the insight-running endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, field_validator

from .base import ApiModel
from .common import UserBasic
from .definitions import clean_tags


class TileLayout(ApiModel):
    """One breakpoint's grid position; `layouts` is free JSON server-side, so extras are kept."""

    x: int | None = None
    y: int | None = None
    w: int | None = None
    h: int | None = None

    @field_validator("x", "y", "w", "h", mode="before")
    @classmethod
    def _whole_cells(cls, value: Any) -> Any:
        return round(value) if isinstance(value, float) else value


class Insight(ApiModel):
    id: int | None = None
    short_id: str | None = None
    name: str | None = None
    derived_name: str | None = None
    description: str | None = None
    query: dict[str, Any] | None = None
    result: Any = None
    last_refresh: datetime | None = None
    is_cached: bool | None = None
    dashboards: list[int] = Field(default_factory=list)
    dashboard_tiles: list[dict[str, Any]] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    deleted: bool | None = None
    saved: bool | None = None
    favorited: bool | None = None
    created_at: datetime | None = None
    created_by: UserBasic | None = None
    last_modified_at: datetime | None = None

    _tags = field_validator("tags", mode="before")(clean_tags)

    @property
    def title(self) -> str:
        return self.name or self.derived_name or self.short_id or "Untitled insight"


class TextCard(ApiModel):
    id: int | None = None
    body: str | None = None
    created_by: UserBasic | None = None
    last_modified_at: datetime | None = None
    last_modified_by: UserBasic | None = None


class ButtonTile(ApiModel):
    id: int | None = None
    url: str | None = None
    text: str | None = None
    placement: str | None = None
    style: str | None = None


class DashboardTile(ApiModel):
    """Exactly one of insight/text/button_tile/widget is set."""

    id: int
    insight: Insight | None = None
    text: TextCard | None = None
    button_tile: ButtonTile | None = None
    widget: dict[str, Any] | None = None
    layouts: dict[str, TileLayout] = Field(default_factory=dict)
    color: str | None = None
    filters_overrides: dict[str, Any] | None = None
    show_description: bool | None = None
    transparent_background: bool | None = None
    order: int | None = None
    last_refresh: datetime | None = None
    is_cached: bool | None = None
    deleted: bool | None = None
    error: dict[str, Any] | None = None

    @field_validator("layouts", mode="before")
    @classmethod
    def _only_grid_layouts(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return {}
        return {k: v for k, v in value.items() if isinstance(v, dict)}

    @property
    def kind(self) -> str:
        for kind in ("insight", "text", "button_tile", "widget"):
            if getattr(self, kind) is not None:
                return kind
        return "empty"

    @property
    def title(self) -> str:
        if self.insight is not None:
            return self.insight.title
        if self.text is not None:
            return (self.text.body or "").strip().splitlines()[0] if self.text.body else "Text"
        if self.button_tile is not None:
            return self.button_tile.text or self.button_tile.url or "Button"
        return "Widget" if self.widget is not None else "Empty tile"


class Dashboard(ApiModel):
    """List rows (DashboardBasic) leave the detail fields at their defaults; `tiles` is None there."""

    id: int
    name: str | None = None
    description: str | None = None
    pinned: bool = False
    created_at: datetime | None = None
    created_by: UserBasic | None = None
    last_accessed_at: datetime | None = None
    last_viewed_at: datetime | None = None
    is_shared: bool | None = None
    deleted: bool = False
    creation_mode: str | None = None
    tags: list[str] = Field(default_factory=list)
    restriction_level: int | None = None
    effective_restriction_level: int | None = None
    effective_privilege_level: int | None = None
    user_access_level: str | None = None
    access_control_version: str | None = None
    last_refresh: datetime | None = None
    team_id: int | None = None
    filters: dict[str, Any] | None = None
    variables: dict[str, Any] | None = None
    persisted_filters: dict[str, Any] | None = None
    persisted_variables: dict[str, Any] | None = None
    breakdown_colors: Any = None
    data_color_theme_id: int | None = None
    quick_filter_ids: list[str] | None = None
    tiles: list[DashboardTile] | None = None
    search_match_type: str | None = None

    _tags = field_validator("tags", mode="before")(clean_tags)


class SharingPassword(ApiModel):
    """`password` is plain text only in the answer that created it."""

    id: int | str | None = None
    password: str | None = None
    note: str | None = None
    created_at: datetime | None = None
    created_by_email: str | None = None
    is_active: bool | None = None


class SharingConfiguration(ApiModel):
    created_at: datetime | None = None
    enabled: bool = False
    access_token: str | None = None
    settings: dict[str, Any] | None = None
    password_required: bool = False
    share_passwords: list[SharingPassword] = Field(default_factory=list)


class InsightResult(ApiModel):
    """One row of `run_insights`: `id` is the TILE id."""

    id: int | None = None
    insight: Insight | None = None


class TileStreamMessage(ApiModel):
    """One `stream_tiles` SSE message: metadata, tile, error or complete."""

    type: str
    dashboard: Dashboard | None = None
    order: int | None = None
    tile: DashboardTile | None = None
    tile_id: int | None = None
    error: str | None = None
