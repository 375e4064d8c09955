"""A full listing through the client ends with every row exactly once, or a clear typed error."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from faults.misbehaving import Misbehaving, definition_rows
from tui.api import errors
from tui.api.client import PostHogClient

FAST = {"backoff_base": 0.01, "timeout": 2.0}


def seeded_names(server) -> set[str]:
    return {d["name"] for d in server.state.projects[server.project_id].definitions.values()}


def assert_exactly_once(rows, expected: set[str]) -> None:
    ids = [row.id for row in rows]
    assert len(ids) == len(set(ids)), "a row came back twice"
    assert {row.name for row in rows} == expected
    assert len(rows) == len(expected)


@pytest.fixture
async def misbehaving() -> AsyncIterator[Callable[..., Misbehaving]]:
    servers: list[Misbehaving] = []

    async def start(rows: int = 2_600, *, odd: bool = False, **switches) -> Misbehaving:
        server = await Misbehaving(definition_rows(rows, odd=odd), **switches).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.close()


@pytest.mark.parametrize(
    "fault",
    [
        {"fail_every_n": 2},
        {"error_rate": 0.3},
        {"latency_ms": 30.0, "fail_every_n": 3},
    ],
    ids=["every-2nd-request-502", "30%-random-502", "slow-and-every-3rd-502"],
)
async def test_listing_recovers_from_gateway_errors_with_every_row_once(demo, fault):
    demo.set_options(**fault)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, max_retries=6, **FAST) as api:
        rows = await api.event_definitions.all()
    assert_exactly_once(rows, seeded_names(demo))
    assert any(r.method == "GET" for r in demo.requests[1:]), "the fault switch was never exercised"


async def test_listing_recovers_from_stalled_requests_by_timing_out_and_retrying(demo):
    demo.set_options(stall_every_n=3, stall_seconds=1.5)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, timeout=0.4, backoff_base=0.01) as api:
        rows = await api.event_definitions.all()
    assert_exactly_once(rows, seeded_names(demo))
    # 1 + 3 pages for the listing, plus at least one retry of a stalled one.
    assert len(demo.requests) > 4


async def test_truncated_json_ends_the_listing_with_every_row_or_a_bad_response_error(demo):
    demo.set_options(truncate_every_n=3)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, **FAST) as api:
        try:
            rows = await api.event_definitions.all()
        except errors.BadResponseError as exc:
            assert "malformed or truncated" in str(exc)
        else:
            assert_exactly_once(rows, seeded_names(demo))


async def test_throttled_listing_gives_up_with_a_rate_limit_error_instead_of_waiting_a_minute(demo):
    demo.set_options(throttle_per_minute=2)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, **FAST) as api:
        with pytest.raises(errors.RateLimitedError) as caught:
            await api.event_definitions.all()
    assert caught.value.retry_after is not None and caught.value.retry_after > 30
    assert "rate limiting" in str(caught.value)


async def test_sequential_pages_survive_every_third_request_failing(demo):
    demo.set_options(fail_every_n=3)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, max_retries=4, **FAST) as api:
        rows = [row async for page in api.event_definitions.pages(limit=300) for row in page.results]
    assert_exactly_once(rows, seeded_names(demo))


@pytest.mark.parametrize(
    "switch",
    [{"drop_every": 3}, {"html_502_every": 2}, {"hang_up_every": 3}],
    ids=["connection-dropped-mid-body", "html-502-every-2nd", "hang-up-without-answer"],
)
async def test_listing_over_a_misbehaving_server_recovers_every_row_once(misbehaving, switch):
    server = await misbehaving(**switch)
    async with PostHogClient(server.url, "phx_test_key_0000000000", 1, max_retries=5, **FAST) as api:
        rows = await api.event_definitions.all()
    assert_exactly_once(rows, {r["name"] for r in server.rows})
    assert len(server.requests) > 3, "no request was ever retried"


async def test_non_json_answer_ends_the_listing_with_a_typed_error(misbehaving):
    server = await misbehaving(non_json_every=2)
    async with PostHogClient(server.url, "phx_test_key_0000000000", 1, **FAST) as api:
        try:
            rows = await api.event_definitions.all()
        except errors.BadResponseError as exc:
            assert "JSON" in str(exc)
        else:
            assert_exactly_once(rows, {r["name"] for r in server.rows})


async def test_rows_with_unknown_fields_and_nulls_everywhere_are_all_listed(misbehaving):
    server = await misbehaving(rows=1_100, odd=True, drop_every=5)
    async with PostHogClient(server.url, "phx_test_key_0000000000", 1, max_retries=5, **FAST) as api:
        rows = await api.event_definitions.all()
    assert_exactly_once(rows, {r["name"] for r in server.rows})
    first = rows[0]
    assert first.tags == [] and first.description is None and first.owner is None
    assert first.model_extra["brand_new_field"] == {"nested": [1, None, "x"]}
