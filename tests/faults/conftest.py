"""Fixtures of the fault tests: hostile servers on 127.0.0.1, stopped at teardown."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from faults.hostile import Hostile


@pytest.fixture
async def hostile() -> AsyncIterator[Callable[..., Hostile]]:
    """`server = await hostile("lying_count_big", rows=10)` starts one for this test."""
    servers: list[Hostile] = []

    async def start(mode: str, **options) -> Hostile:
        server = await Hostile(mode, **options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.close()
