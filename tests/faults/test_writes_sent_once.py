"""A write the server may have applied is never sent twice, whatever went wrong after it left."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from faults.misbehaving import Misbehaving, definition_rows
from tui.api import errors
from tui.api.client import PostHogClient

KEY = "phx_test_key_0000000000"


@pytest.fixture
async def server() -> AsyncIterator[Misbehaving]:
    started = await Misbehaving(definition_rows(3, odd=False), stall_seconds=1.0).start()
    yield started
    await started.close()


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        ("502", errors.ServerError),
        ("hang_up", errors.ApiConnectionError),
        ("drop", errors.BadResponseError),
        ("stall", errors.ApiTimeoutError),
    ],
    ids=["html-502", "connection-closed-without-answer", "answer-cut-mid-body", "timed-out"],
)
@pytest.mark.parametrize("write", ["create", "update"])
async def test_failed_write_is_sent_exactly_once(server, reply, error, write):
    server.write_reply = reply
    async with PostHogClient(server.url, KEY, 1, timeout=0.3, backoff_base=0.01, max_retries=5) as api:
        with pytest.raises(error):
            if write == "create":
                await api.event_definitions.create({"name": "signed_up_twice?"})
            else:
                await api.event_definitions.update("00000000-0000-4000-8000-000000000000", {"description": "once"})
    assert [w.method for w in server.writes()] == ["POST" if write == "create" else "PATCH"]
    assert len(server.requests) == 1


async def test_post_hitting_the_demo_proxy_502_is_not_resent(demo):
    demo.set_options(fail_every_n=1)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, backoff_base=0.01) as api:
        with pytest.raises(errors.ServerError):
            await api.actions.create({"name": "created once", "steps": [{"event": "$pageview"}]})
    assert [(r.method, r.path.rstrip("/").rsplit("/", 1)[-1]) for r in demo.requests] == [("POST", "actions")]


async def test_delete_that_timed_out_is_not_resent(demo):
    # An id the server does not have: the stalled DELETE lands after the test ends and must
    # not change the shared server's state under the next test.
    victim = "00000000-0000-4000-8000-00000000dead"
    demo.set_options(stall_every_n=1, stall_seconds=0.8)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, timeout=0.3, backoff_base=0.01) as api:
        with pytest.raises(errors.ApiTimeoutError):
            await api.event_definitions.delete(victim)
    assert [r.method for r in demo.requests] == ["DELETE"]
