"""Personal API keys, their scopes, and the 401/403 answers PostHog gives."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from . import errors
from .options import DEMO_API_KEY, DEMO_NO_SCOPE_KEY, DEMO_READ_ONLY_KEY

KEY_SCOPES: dict[str, frozenset[str]] = {
    DEMO_API_KEY: frozenset({"*"}),
    DEMO_READ_ONLY_KEY: frozenset({"*:read"}),
    DEMO_NO_SCOPE_KEY: frozenset(),
}
NO_PERSONAL_KEY_ACCESS = "This action does not support personal API key access"
_CHALLENGE = {"WWW-Authenticate": 'Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource"'}


def authenticate(request: Request, body: Any) -> frozenset[str]:
    """The scopes of the personal key in the header, body or query string (first found wins)."""
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
    source, key = candidates[0]
    if key not in KEY_SCOPES:
        raise errors.drf_error(401, "authentication_error", "authentication_failed",
                               f"Personal API key found in request {source} is invalid.", headers=_CHALLENGE)
    return KEY_SCOPES[key]


def has_scope(scopes: frozenset[str], required: str) -> bool:
    obj, _, level = required.partition(":")
    return ("*" in scopes or f"{obj}:write" in scopes
            or (level == "read" and (required in scopes or "*:read" in scopes)))


def require_scope(scopes: frozenset[str], required: str) -> None:
    if not has_scope(scopes, required):
        raise errors.permission_denied(f"API key missing required scope '{required}'")
