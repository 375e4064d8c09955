"""Trying a personal API key against a server before anything is saved, and saving a login."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.settings import config
from tui.settings.config import HostError, validate_host
from tui.settings.key_store import KeyringOutcome, scrub_key, store_api_key

if TYPE_CHECKING:
    from tui.api import models

CHECK_TIMEOUT = 15.0


@dataclass(frozen=True)
class CheckResult:
    """Outcome of trying a key against a server; `message` is safe to show (never the key)."""

    ok: bool
    message: str
    host: str = ""
    user: models.User | None = None
    projects: tuple[models.Project, ...] = ()
    current_project_id: int | None = None
    # Scopes the app uses that the key lacks (from `personal_api_keys/@current`), said up front.
    missing: tuple[str, ...] = ()


_SCOPE_NEEDS = {"user:read": "find your current project", "project:read": "list your projects"}
# What each scope the app uses is for, in the order a person would miss them.
APP_SCOPES = {
    "event_definition:read": "event definitions and schemas",
    "dashboard:read": "dashboards",
    "action:read": "actions",
    "query:read": "events, insight results and HogQL",
    "insight:read": "insights",
    "event_definition:write": "editing definitions and schemas",
    "dashboard:write": "editing dashboards and tiles",
    "action:write": "editing actions",
    "insight:write": "editing insights",
    "sharing_configuration:write": "sharing dashboards",
}


def missing_scopes(key: models.PersonalApiKey | None) -> tuple[str, ...]:
    """The scopes of `APP_SCOPES` the key lacks; none when the server did not say (older servers)."""
    if key is None:
        return ()
    return tuple(scope for scope in APP_SCOPES if not key.allows(scope))


def describe_missing(missing: tuple[str, ...]) -> str:
    return "; ".join(f"{scope} ({APP_SCOPES[scope]})" for scope in missing)


def _check_failure(exc: Exception, host: str, timeout: float) -> str:
    from tui.api import errors

    if isinstance(exc, errors.AuthenticationError):
        return (
            f"{host} rejected this key (401): it is mistyped, revoked, or belongs to an "
            "inactive user. Create a personal API key under Settings > Personal API keys."
        )
    if isinstance(exc, errors.PermissionDeniedError):
        missing = exc.missing_scope
        if exc.detail and "scoped projects" in exc.detail:
            return (
                f"{host} refused this key for this request (403): {exc.detail} Pick one of the key's "
                "projects (it is limited to some)."
            )
        if missing:
            return (
                f"This key lacks the '{missing}' scope, which posthog-tui needs to "
                f"{_SCOPE_NEEDS.get(missing, 'work')}. Add '{missing}' to the key in PostHog "
                "(Settings > Personal API keys)."
            )
        return f"{host} refused this key (403): {exc.detail or exc}"
    if isinstance(exc, errors.ApiTimeoutError):
        return f"{host} did not answer within {timeout:g} s. Check the address or try again."
    if isinstance(exc, errors.ApiConnectionError):
        return f"Could not connect to {host}. Check the address and your network."
    # Before the bad-response check: a proxy's HTML 502 page is both, and it means "failing".
    if isinstance(exc, errors.ServerError):
        return f"{host} is failing (status {exc.status}); try again later."
    if isinstance(exc, errors.TruncatedResponseError):
        return f"The answer from {host} was cut off; try again."
    if isinstance(exc, (errors.NotFoundError, errors.MethodNotAllowedError, errors.BadResponseError)):
        return f"{host} does not look like a PostHog server: {exc}"
    if isinstance(exc, errors.RateLimitedError):
        wait = f" in {exc.retry_after:g} s" if exc.retry_after else " shortly"
        return f"{host} is rate-limiting requests; try again{wait}."
    return f"Unexpected answer from {host}: {exc}"


def project_label(project: models.Project) -> str:
    return f"{project.id} ({project.name})" if project.name else str(project.id)


async def check_key(
    host: str,
    key: str,
    project_id: int | None = None,
    *,
    timeout: float = CHECK_TIMEOUT,
    transport: Any = None,
) -> CheckResult:
    """Try the key: who am I (user:read), which projects (project:read), and, when a project
    is given, whether the key can see it."""
    try:
        host = validate_host(host)
    except HostError as exc:
        return CheckResult(False, str(exc))
    key = key.strip()
    if not key:
        return CheckResult(False, "Enter a personal API key.", host)
    if key.startswith("phc_"):
        return CheckResult(
            False,
            "That is a project API key (phc_...), which can only send events. Use a personal "
            "API key (phx_...) from Settings > Personal API keys.",
            host,
        )
    from tui.api import errors
    from tui.api.keys import usable_key

    try:
        key = usable_key(key)
    except errors.InvalidApiKeyError as exc:
        return CheckResult(False, str(exc), host)
    from tui.api.client import PostHogClient

    try:
        async with PostHogClient(
            host,
            key,
            "@current" if project_id is None else project_id,
            timeout=timeout,
            transport=transport,
            max_retries=0,
        ) as client:
            user = await client.me()
            key_info = await _key_info(client)
            if key_info is not None and key_info.scoped_teams:
                # A key limited to some projects cannot list projects (403): it names its own.
                projects = tuple([await client.project(team) for team in key_info.scoped_teams])
            else:
                projects = tuple(await client.projects())
    except errors.ApiError as exc:
        return CheckResult(False, scrub_key(_check_failure(exc, host, timeout), key), host)
    current = user.current_project_id
    if not projects:
        return CheckResult(False, "This key can see no projects.", host, user)
    visible = {p.id for p in projects}
    if project_id is not None and project_id not in visible:
        seen = ", ".join(project_label(p) for p in projects[:10])
        return CheckResult(
            False, f"Project {project_id} is not visible to this key. It can see: {seen}.", host
        )
    if current not in visible:
        current = projects[0].id
    return CheckResult(True, "The key works.", host, user, projects, current, missing_scopes(key_info))


async def _key_info(client: Any) -> models.PersonalApiKey | None:
    """The key's own description; None from servers older than the route."""
    from tui.api import errors

    try:
        return await client.personal_key()
    except (errors.NotFoundError, errors.MethodNotAllowedError, errors.BadResponseError):
        return None


def save_login(
    profile: str, host: str, project: int, key: str, *, save_key: bool
) -> KeyringOutcome | None:
    """Persist a checked login: the profile always, the key only into a secure keyring.

    Raises ConfigError / HostError / ValueError when the profile cannot be written.
    """
    config.upsert_profile(profile, host=host, project=project)
    return store_api_key(profile, key) if save_key else None


async def save_login_async(
    profile: str, host: str, project: int, key: str, *, save_key: bool
) -> KeyringOutcome | None:
    return await asyncio.to_thread(save_login, profile, host, project, key, save_key=save_key)
