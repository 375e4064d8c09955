"""Fixtures of the setup tests: small demo servers (so an apply is quick) and clients of their projects."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.pilot import writes as pilot_writes
from tui.api.client import PostHogClient
from tui.api.ratelimit import RateLimiter
from tui.demo import DemoOptions, DemoServer

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
# Enough definitions for the hand-written ones and a few generated, so a whole apply is ~150 requests.
SMALL = 60
# The tests' own pace: no waiting (the pacing has tests of its own).
UNPACED = {"crud": ((100_000, 1.0),), "query": ((100_000, 1.0),), "values": ((100_000, 1.0),)}


def small_server(**options: Any) -> DemoServer:
    return DemoServer(DemoOptions(**{"now": NOW, "event_definitions": SMALL, **options}))


@pytest.fixture(scope="session")
def small_demo_session() -> Iterator[DemoServer]:
    with small_server() as server:
        yield server


@pytest.fixture(scope="session")
def other_demo_session() -> Iterator[DemoServer]:
    """A second PostHog instance, for instance-to-instance tests."""
    with small_server() as server:
        yield server


def _reset(server: DemoServer) -> DemoServer:
    server.set_options(latency_ms=0.0, error_rate=0.0, throttle_per_minute=None, fail_every_n=None,
                       stall_every_n=None, truncate_every_n=None)
    server.reset()
    return server


@pytest.fixture
def small_demo(small_demo_session: DemoServer) -> DemoServer:
    """A demo server with 60 event definitions, its seed restored and no requests recorded."""
    return _reset(small_demo_session)


@pytest.fixture
def other_demo(other_demo_session: DemoServer) -> DemoServer:
    return _reset(other_demo_session)


@pytest.fixture
async def connect() -> AsyncIterator[Callable[..., PostHogClient]]:
    """`connect(server, project)`: an unpaced client of that project, closed at teardown."""
    clients: list[PostHogClient] = []

    def open_client(server: DemoServer, project: int = 1, **options: Any) -> PostHogClient:
        client = PostHogClient(server.url, server.api_key, project, timeout=5.0, backoff_base=0.01,
                               limiter=options.pop("limiter", RateLimiter(UNPACED)), **options)
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        await client.aclose()


def writes(server: DemoServer) -> list[tuple[str, str]]:
    """The requests that may change something, as (method, path)."""
    return [(r.method, r.path) for r in pilot_writes(server)]
