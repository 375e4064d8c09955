"""Retry policy: safe methods retry transient failures; writes are never blindly re-sent."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest
from scripted_http import FAST_RETRY, Reply, ScriptedServer

from tui.api import errors
from tui.api.client import PostHogClient
from tui.api.ratelimit import RateLimiter

KEY = "phx_scripted_key_000000"
GATEWAY = Reply(502, "<html><body>502 Bad Gateway</body></html>", "text/html")


async def test_get_is_retried_on_502_and_succeeds(demo):
    demo.set_options(fail_every_n=2)  # the 2nd request (first listing) gets the proxy's 502
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, **FAST_RETRY) as api:
        await api.me()
        page = await api.dashboards.page()
    assert page.results
    listings = [r for r in demo.requests if r.method == "GET" and r.path.endswith("/dashboards/")]
    assert len(listings) == 2


async def test_get_gives_up_after_max_retries(scripted):
    server = await scripted(GATEWAY)
    async with PostHogClient(server.url, KEY, 1, max_retries=2, **FAST_RETRY) as api:
        with pytest.raises(errors.ServerError):
            await api.me()
    assert len(server.requests) == 3


async def test_post_that_got_a_502_is_not_sent_again(demo):
    demo.set_options(fail_every_n=1)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, **FAST_RETRY) as api:
        with pytest.raises(errors.ServerError):
            await api.dashboards.create({"name": "only once"})
    assert [r.method for r in demo.requests] == ["POST"]


async def test_patch_that_timed_out_is_not_sent_again(demo):
    # An id that does not exist: the stalled PATCH finishes after the test and must not
    # change state another test relies on.
    dashboard_id = 987654
    demo.set_options(stall_every_n=1, stall_seconds=1.0)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, timeout=0.3, **FAST_RETRY) as api:
        with pytest.raises(errors.ApiTimeoutError):
            await api.dashboards.update(dashboard_id, {"name": "renamed"})
    assert [r.method for r in demo.requests] == ["PATCH"]


async def test_get_that_timed_out_is_retried(scripted):
    server = await scripted(Reply(200, "{}", delay=1.0), Reply(200, '{"id": 1}'))
    async with PostHogClient(server.url, KEY, 1, timeout=0.2, **FAST_RETRY) as api:
        assert (await api.me()).id == 1
    assert len(server.requests) == 2


async def test_get_is_retried_when_the_server_hangs_up(scripted):
    server = await scripted(Reply(hang_up=True), Reply(200, '{"id": 2}'))
    async with PostHogClient(server.url, KEY, 1, **FAST_RETRY) as api:
        assert (await api.me()).id == 2
    assert len(server.requests) == 2


async def test_post_is_not_resent_when_the_server_hangs_up(scripted):
    server = await scripted(Reply(hang_up=True), Reply(201, '{"id": 3}'))
    async with PostHogClient(server.url, KEY, 1, **FAST_RETRY) as api:
        with pytest.raises(errors.ApiConnectionError):
            await api.dashboards.create({"name": "x"})
    assert len(server.requests) == 1


async def test_post_is_resent_after_429(scripted):
    server = await scripted(Reply(429, "{}", headers={"Retry-After": "0"}), Reply(201, '{"id": 4, "name": "x"}'))
    async with PostHogClient(server.url, KEY, 1, **FAST_RETRY) as api:
        dashboard = await api.dashboards.create({"name": "x"})
    assert dashboard.id == 4
    assert [r.method for r in server.requests] == ["POST", "POST"]


async def test_post_is_resent_when_the_connection_was_refused():
    """Nothing listens at first, so the POST never reached a server and may be sent again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ScriptedServer([Reply(201, '{"id": 6}')])

    async def listen_later() -> None:
        await asyncio.sleep(0.15)
        await server.start(port)

    opener = asyncio.create_task(listen_later())
    try:
        async with PostHogClient(f"http://127.0.0.1:{port}", KEY, 1, max_retries=6, backoff_base=0.1) as api:
            dashboard = await api.dashboards.create({"name": "late"})
        assert dashboard.id == 6
        assert len(server.requests) == 1
    finally:
        await opener
        await server.close()


async def test_limiter_paces_requests_per_bucket(scripted):
    server = await scripted(Reply(200, '{"id": 1}'))
    limiter = RateLimiter({"crud": ((4, 0.5),), "query": ((100, 1.0),), "values": ((100, 1.0),)})
    async with PostHogClient(server.url, KEY, 1, limiter=limiter) as api:
        started = time.monotonic()
        await asyncio.gather(*(api.me() for _ in range(8)))
        elapsed = time.monotonic() - started
    # 4 pass at once, the next 4 drip out at 8 per second.
    assert 0.4 <= elapsed < 2.0
    assert len(server.requests) == 8
