"""`/api/users/@me/`, the key describing itself, and the organization and project listings used to
discover projects."""

from __future__ import annotations

from starlette.responses import Response

from . import errors
from .auth import ANY_KEY, KEYS
from .clock import iso_z
from .data import Record
from .options import DEMO_PROJECT_ID
from .routing import Ctx, limit_offset_page, ok, resource, scoped
from .users import CURRENT_USER_ID, ORGANIZATION_ID, USERS

BASIC_PROJECT_FIELDS = ("id", "uuid", "organization", "api_token", "name", "completed_snippet_onboarding",
                        "has_completed_onboarding_for", "ingested_event", "is_demo", "timezone", "access_control")


def _basic(project: Record) -> Record:
    return {k: project[k] for k in BASIC_PROJECT_FIELDS}


def _organization(ctx: Ctx) -> Record:
    projects = [data.project for data in ctx.state.projects.values()]
    return {
        "id": ORGANIZATION_ID, "name": "Hedgebox Inc.", "slug": "hedgebox", "logo_media_id": None,
        "created_at": "2024-01-08T09:00:00Z", "updated_at": "2026-06-01T09:00:00Z", "membership_level": 15,
        "plugins_access_level": 9, "teams": [_basic(p) for p in projects],
        "projects": [{"id": p["id"], "name": p["name"], "organization_id": ORGANIZATION_ID} for p in projects],
        "available_product_features": [{"key": "tagging", "name": "Tagging"},
                                       {"key": "ingestion_taxonomy", "name": "Ingestion taxonomy"}],
        "is_member_join_email_enabled": True, "metadata": {}, "customer_id": None,
        "member_count": len(USERS), "members_can_use_personal_api_keys": True,
    }


@scoped("user:read")
async def me(ctx: Ctx) -> Response:
    if ctx.path["user"] != "@me":
        raise errors.not_found()
    user = USERS[CURRENT_USER_ID]
    team = ctx.state.projects[DEMO_PROJECT_ID].project
    return ok({
        **user, "date_joined": "2024-01-08T09:00:00Z", "pending_email": None,
        "notification_settings": {"plugin_disabled": True}, "anonymize_data": False, "toolbar_mode": "toolbar",
        "has_password": True, "is_staff": False, "is_impersonated": False, "is_impersonated_until": None,
        "sensitive_session_expires_at": None, "team": {**_basic(team), "project_id": team["project_id"]},
        "organization": _organization(ctx),
        "organizations": [{"id": ORGANIZATION_ID, "name": "Hedgebox Inc.", "slug": "hedgebox", "logo_media_id": None,
                           "membership_level": 15, "members_can_use_personal_api_keys": True}],
        "is_2fa_enabled": False, "has_social_auth": False, "has_sso_enforcement": False,
        "has_seen_product_intro_for": {}, "scene_personalisation": [], "theme_mode": "system",
        "allow_sidebar_suggestions": True,
    })


@scoped(ANY_KEY)
async def personal_api_key(ctx: Ctx) -> Response:
    """`@current` is the key making the request; other ids are looked up among the user's keys.
    Older servers have no such route: their keys' scopes are learnt from refusals."""
    if ctx.legacy:
        raise errors.not_found()
    raw = ctx.path["key_id"]
    key = ctx.key if raw == "@current" else next((k for k in KEYS.values() if k.id == raw), None)
    if key is None:
        raise errors.not_found()
    return ok(key.describe(iso_z(ctx.state.key_used.get(key.id))))


def _org(ctx: Ctx) -> Record:
    if ctx.path["organization_id"] not in ("@current", ORGANIZATION_ID):
        raise errors.not_found()
    return _organization(ctx)


@scoped("organization:read")
async def list_organizations(ctx: Ctx) -> Response:
    return ok(limit_offset_page(ctx, [_organization(ctx)]))


@scoped("organization:read")
async def retrieve_organization(ctx: Ctx) -> Response:
    return ok(_org(ctx))


@scoped("project:read")
async def organization_projects(ctx: Ctx) -> Response:
    _org(ctx)
    return await list_projects(ctx)


@scoped("project:read")
async def list_projects(ctx: Ctx) -> Response:
    rows = [data.project for data in ctx.state.projects.values()]
    search = (ctx.query.get("search") or "").lower()
    rows = [p for p in rows if search in p["name"].lower()]
    return ok(limit_offset_page(ctx, rows, serialize=_basic))


@scoped("project:read")
async def retrieve_project(ctx: Ctx) -> Response:
    data = ctx.data
    return ok({**data.project, "product_description": "Hedgebox: file storage and sharing for teams.",
               "test_account_filters": [], "test_account_filters_default_checked": False,
               "week_start_day": 1, "primary_dashboard": min(
                   (d["id"] for d in data.dashboards.values() if not d["deleted"]), default=None),
               "data_attributes": ["data-attr"], "person_display_name_properties": ["email", "name"],
               "default_data_theme": None, "app_urls": ["https://hedgebox.net"]})


ROUTES = [
    *resource("/api/users/{user}", GET=me),
    *resource("/api/personal_api_keys/{key_id}", GET=personal_api_key),
    *resource("/api/organizations", GET=list_organizations),
    *resource("/api/organizations/{organization_id}", GET=retrieve_organization),
    *resource("/api/organizations/{organization_id}/projects", GET=organization_projects),
    *resource("/api/projects", GET=list_projects),
    *resource("/api/projects/{project_id}", GET=retrieve_project),
]
