"""`PostHogClient`: one HTTP session per profile and the resource groups built on it."""

from __future__ import annotations

from types import TracebackType

import httpx

from .endpoints.activity import ACTIONS, EVENTS, Actions, Events
from .endpoints.base import Endpoint, Resource
from .endpoints.dashboards import DASHBOARDS, Dashboards
from .endpoints.definitions import EVENT_DEFINITIONS, EVENT_SCHEMAS, PROPERTY_GROUPS, EventDefinitions
from .endpoints.insights import INSIGHTS, Insights
from .endpoints.members import CURRENT, Members
from .endpoints.query import QUERY, Query
from .errors import ApiError, PermissionDeniedError
from .models import (
    EventSchema,
    NotSupported,
    OrganizationMember,
    PersonalApiKey,
    Project,
    PropertyGroup,
    User,
    parse_model,
)
from .ratelimit import RateLimiter
from .retry import RetryPolicy
from .session import Session, WriteGate

PROJECTS = Endpoint("projects", Project, operations=frozenset({"list", "get"}), project_scoped=False)


class PostHogClient:
    """Async client for PostHog's private API with a personal API key.

    Use `async with PostHogClient(...) as client:`; `client.project_id` may be
    reassigned to switch project (resources read it on every call).
    """

    def __init__(
        self,
        host: str,
        api_key: str,
        project_id: int | str,
        timeout: float = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int = 3,
        *,
        limiter: RateLimiter | None = None,
        backoff_base: float = 0.5,
        max_retry_wait: float = 30.0,
        concurrency: int = 6,
        gate: WriteGate | None = None,
        deadline: float | None = None,
    ) -> None:
        self.project_id = project_id
        self.concurrency = concurrency
        self.session = Session(
            host,
            api_key,
            timeout=timeout,
            transport=transport,
            policy=RetryPolicy(max_retries=max_retries, backoff_base=backoff_base, max_wait=max_retry_wait),
            limiter=limiter or RateLimiter(),
            gate=gate,
            deadline=deadline,
        )
        self.event_definitions = EventDefinitions(self, EVENT_DEFINITIONS)
        self.property_groups: Resource[PropertyGroup] = Resource(self, PROPERTY_GROUPS)
        self.event_schemas: Resource[EventSchema] = Resource(self, EVENT_SCHEMAS)
        self.dashboards = Dashboards(self, DASHBOARDS)
        self.actions = Actions(self, ACTIONS)
        self.events = Events(self, EVENTS)
        self.insights = Insights(self, INSIGHTS)
        # One query cap per client: PostHog runs at most 3 queries of a personal key at once.
        self.query = Query(self, QUERY, events=self.events)
        self.project_resource: Resource[Project] = Resource(self, PROJECTS)
        self.members = Members(self)

    def __repr__(self) -> str:
        return f"PostHogClient(host={self.host!r}, project_id={self.project_id!r})"

    @property
    def host(self) -> str:
        return self.session.host

    def project_path(self, *parts: str) -> str:
        return f"/api/projects/{self.project_id}/" + "".join(f"{part}/" for part in parts)

    async def __aenter__(self) -> PostHogClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.session.aclose()

    async def me(self) -> User:
        return parse_model(User, await self.session.request("GET", "/api/users/@me/") or {})

    async def personal_key(self) -> PersonalApiKey:
        """The key in use: its scopes and the projects/organizations it is limited to."""
        return parse_model(PersonalApiKey, await self.session.request("GET", "/api/personal_api_keys/@current/") or {})

    async def project(self, id: int | str) -> Project:
        return await self.project_resource.get(id)

    async def projects(self, **params: object) -> list[Project]:
        """Every project the key can see, across its organizations.

        A key limited to some projects may not list projects at all (PostHog answers 403 on routes
        without a project); its own projects are then read one by one from its `scoped_teams`.
        """
        try:
            return await self.project_resource.all(**params)
        except PermissionDeniedError as error:
            if "scoped projects" not in (error.detail or ""):
                raise
        key = await self.personal_key()
        return [await self.project(team) for team in key.scoped_teams]

    async def project_members(self) -> list[OrganizationMember] | NotSupported:
        """The people of the open project's organization, or why they cannot be listed.

        The organization is the project's own: PostHog's `@current` is the one the user last
        visited in the browser, which may be another. Without `project:read` it is `@current`.
        """
        try:
            organization = (await self.project(self.project_id)).organization or CURRENT
        except ApiError:
            organization = CURRENT
        return await self.members.listed(organization)
