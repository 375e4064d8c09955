"""Fixtures for the API tests: a client against the demo server, and scripted servers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from scripted_http import FAST_RETRY, Reply, ScriptedServer

from tui.api.client import PostHogClient


@pytest.fixture
async def scripted() -> AsyncIterator[Callable[..., object]]:
    """`server = await scripted(Reply(...), ...)` starts a scripted server for this test."""
    servers: list[ScriptedServer] = []

    async def start(*replies: Reply) -> ScriptedServer:
        server = await ScriptedServer(list(replies)).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.close()


@pytest.fixture
async def client(demo) -> AsyncIterator[PostHogClient]:
    """A client with every scope against the shared demo server (state reset per test)."""
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, timeout=5.0, **FAST_RETRY) as api:
        yield api
