"""Pydantic models of the PostHog payloads the app reads and writes."""

from .activity import Action, ActionStep, Event, EventElement
from .base import ApiModel, NotSupported, Page, parse_model
from .common import (
    BulkUpdateItem,
    BulkUpdateResult,
    OrganizationBasic,
    Project,
    TeamBasic,
    User,
    UserBasic,
)
from .dashboards import (
    ButtonTile,
    Dashboard,
    DashboardTile,
    Insight,
    InsightResult,
    SharingConfiguration,
    SharingPassword,
    TextCard,
    TileLayout,
    TileStreamMessage,
)
from .definitions import EventDefinition, EventSchema, PropertyGroup, PropertyGroupEvent, PropertyGroupProperty
from .members import OrganizationMember
from .query import ActionReference, PersonalApiKey, QueryResponse, QueryStatus

__all__ = [
    "Action",
    "ActionReference",
    "ActionStep",
    "ApiModel",
    "BulkUpdateItem",
    "BulkUpdateResult",
    "ButtonTile",
    "Dashboard",
    "DashboardTile",
    "Event",
    "EventDefinition",
    "EventElement",
    "EventSchema",
    "Insight",
    "InsightResult",
    "NotSupported",
    "OrganizationBasic",
    "OrganizationMember",
    "Page",
    "PersonalApiKey",
    "Project",
    "PropertyGroup",
    "PropertyGroupEvent",
    "PropertyGroupProperty",
    "QueryResponse",
    "QueryStatus",
    "SharingConfiguration",
    "SharingPassword",
    "TeamBasic",
    "TextCard",
    "TileLayout",
    "TileStreamMessage",
    "User",
    "UserBasic",
    "parse_model",
]
