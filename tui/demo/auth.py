"""Personal API keys (scopes, project restrictions), and the 401/403 answers PostHog gives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from . import errors
from .options import (
    DEMO_API_KEY,
    DEMO_NO_QUERY_KEY,
    DEMO_NO_SCOPE_KEY,
    DEMO_PROJECT_ID,
    DEMO_READ_ONLY_KEY,
    DEMO_SCOPED_KEY,
)
from .users import CURRENT_USER_ID

# The scope objects the demo's routes ask for.
SCOPE_OBJECTS = ("action", "dashboard", "event_definition", "insight", "organization", "organization_member",
                 "project", "query", "sharing_configuration", "user")
NO_PERSONAL_KEY_ACCESS = "This action does not support personal API key access"
PROJECT_KEYS_ONLY = "API keys with scoped projects are only supported on project-based endpoints."
# Handlers marked with this scope answer every valid key (the key describing itself).
ANY_KEY = "any"
_CHALLENGE = {"WWW-Authenticate": 'Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource"'}


@dataclass(frozen=True)
class DemoKey:
    id: str
    label: str
    value: str
    scopes: tuple[str, ...]
    scoped_teams: tuple[int, ...] = ()
    created_at: str = "2026-01-12T09:30:00Z"

    def describe(self, last_used_at: str | None) -> dict[str, Any]:
        """`personal_api_keys/@current/`: the key without its value (PostHog masks all but the ends)."""
        return {"id": self.id, "label": self.label, "mask_value": f"{self.value[:4]}...{self.value[-4:]}",
                "created_at": self.created_at, "last_used_at": last_used_at, "user_id": CURRENT_USER_ID,
                "scopes": list(self.scopes), "scoped_teams": list(self.scoped_teams), "scoped_organizations": []}


KEYS: dict[str, DemoKey] = {key.value: key for key in (
    DemoKey("0193a1b2-a001-7000-8000-00000000000a", "demo: all access", DEMO_API_KEY, ("*",)),
    DemoKey("0193a1b2-a002-7000-8000-00000000000b", "demo: read only", DEMO_READ_ONLY_KEY,
            tuple(f"{obj}:read" for obj in SCOPE_OBJECTS)),
    # A key made for something else: it can read feature flags and nothing the app uses.
    DemoKey("0193a1b2-a003-7000-8000-00000000000c", "demo: feature flags only", DEMO_NO_SCOPE_KEY,
            ("feature_flag:read",)),
    DemoKey("0193a1b2-a004-7000-8000-00000000000d", "demo: Hedgebox project only", DEMO_SCOPED_KEY, ("*",),
            scoped_teams=(DEMO_PROJECT_ID,)),
    DemoKey("0193a1b2-a005-7000-8000-00000000000e", "demo: everything but queries", DEMO_NO_QUERY_KEY,
            tuple(f"{obj}:write" for obj in SCOPE_OBJECTS if obj != "query")),
)}


def authenticate(request: Request, body: Any) -> DemoKey:
    """The personal key in the header, body or query string (first found wins)."""
    header = request.headers.get("authorization", "")
    candidates = []
    if header.lower().startswith("bearer ") and not header[7:].strip().startswith("pha_"):
        candidates.append(("Authorization header", header[7:].strip()))
    if isinstance(body, dict) and isinstance(body.get("personal_api_key"), str):
        candidates.append(("body", body["personal_api_key"]))
    if "personal_api_key" in request.query_params:
        candidates.append(("query string", request.query_params["personal_api_key"]))
    if not candidates:
        raise errors.drf_error(401, "authentication_error", "not_authenticated",
                               "Authentication credentials were not provided.", headers=_CHALLENGE)
    source, value = candidates[0]
    if value not in KEYS:
        raise errors.drf_error(401, "authentication_error", "authentication_failed",
                               f"Personal API key found in request {source} is invalid.", headers=_CHALLENGE)
    return KEYS[value]


def check_reach(key: DemoKey, scope: str, project_id: int | None) -> None:
    """A key restricted to projects may only call routes under one of them (`users/@me` is exempt)."""
    if not key.scoped_teams or scope.partition(":")[0] == "user":
        return
    if project_id is None:
        raise errors.permission_denied(PROJECT_KEYS_ONLY)
    if project_id not in key.scoped_teams:
        raise errors.permission_denied(f"API key does not have access to the requested project: ID {project_id}.")


def has_scope(scopes: tuple[str, ...], required: str) -> bool:
    obj, _, level = required.partition(":")
    return "*" in scopes or required in scopes or (level == "read" and f"{obj}:write" in scopes)


def require_scope(scopes: tuple[str, ...], required: str) -> None:
    if not has_scope(scopes, required):
        raise errors.permission_denied(f"API key missing required scope '{required}'")
