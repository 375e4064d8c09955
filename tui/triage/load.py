"""Reading the triage's inputs through the client: definitions, event schemas and the one volume query."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from weakref import WeakKeyDictionary

from tui.api.client import PostHogClient
from tui.api.endpoints.query import UNAVAILABLE
from tui.api.errors import ApiError
from tui.api.models import EventDefinition, EventSchema

from .queues import BUSIEST, NAMING_PATTERN, STALE_DAYS, TriageConfig
from .volumes import VOLUME_QUERY, Volumes


def profile_config(profile: str | None, *, stale_days: int | None = None, naming: str | None = None,
                   busiest: int = BUSIEST) -> TriageConfig:
    """The triage's rules: what was given, else the profile's `stale_days` and `naming`, else the defaults."""
    from tui.settings.config import ConfigError, load_config

    found = None
    if profile:
        try:
            found = load_config().profiles.get(profile)
        except ConfigError:
            found = None
    return TriageConfig(stale_days=stale_days or (found and found.stale_days) or STALE_DAYS,
                        naming_pattern=naming or (found and found.naming) or NAMING_PATTERN, busiest=busiest)


@dataclass
class Inputs:
    definitions: list[EventDefinition]
    schemas: list[EventSchema]
    volumes: Volumes | None
    # Why there are no volumes (the Query API's answer, in one sentence); None when there are.
    volumes_problem: str | None = None

    def now(self) -> datetime:
        """The server's clock when it is known (a project's "stale" is the server's), else this computer's."""
        return (self.volumes.as_of if self.volumes else None) or datetime.now(UTC)


async def load_volumes(client: PostHogClient) -> tuple[Volumes | None, str | None]:
    """The volumes, or None and the reason the Query API gave (missing, refused, failed)."""
    try:
        answer = await client.query.hogql(VOLUME_QUERY, name="triage volumes")
    except ApiError as error:
        return None, str(error)
    as_of = _moment(getattr(answer, "last_refresh", None))
    return Volumes.from_rows(answer.results, truncated=answer.has_more, as_of=as_of), None


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# One volume query per client (a session), shared by the triage and the definitions list.
_SESSION: WeakKeyDictionary[PostHogClient, asyncio.Task[tuple[Volumes | None, str | None]]] = WeakKeyDictionary()


async def session_volumes(client: PostHogClient, *, refresh: bool = False) -> tuple[Volumes | None, str | None]:
    """`load_volumes`, asked once per client and again on `refresh`; callers waiting share one query."""
    task = _SESSION.get(client)
    if task is None or refresh or (task.done() and (task.cancelled() or task.exception() is not None)):
        task = asyncio.ensure_future(load_volumes(client))
        _SESSION[client] = task
    return await asyncio.shield(task)


async def recent_properties(client: PostHogClient, event: str, purpose: str) -> list[dict]:
    """The properties of the event's most recent events (30 days, `SAMPLE`), one dict an event."""
    from .drift import SAMPLE_QUERY, parse_samples

    answer = await client.query.hogql(SAMPLE_QUERY, values={"event": event}, name=purpose)
    return parse_samples(answer.results)


async def schemas_or_none(client: PostHogClient) -> list[EventSchema]:
    # Servers without the schema feature answer 404, 405 or 403: no event has a schema there.
    try:
        return await client.event_schemas.all()
    except UNAVAILABLE:
        return []


async def load(client: PostHogClient, *, refresh: bool = False) -> Inputs:
    """All three at once; only the definitions are required (their errors propagate)."""
    definitions, schemas, (volumes, problem) = await asyncio.gather(
        client.event_definitions.all(), schemas_or_none(client), session_volumes(client, refresh=refresh))
    return Inputs(definitions, schemas, volumes, problem)
