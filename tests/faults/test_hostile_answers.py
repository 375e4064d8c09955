"""Answers built to hurt the client end as typed errors, quickly, and never show the key."""

from __future__ import annotations

import time

import pytest

from faults.hostile import Hostile
from tui.api import errors
from tui.api.client import PostHogClient
from tui.api.errors import error_from_response
from tui.api.models import EventDefinition, parse_model
from tui.api.pagination import PageStyle, parse_page_body
from tui.api.session import JsonBody
from tui.settings.key_check import check_key

KEY = "phx_test_key_0000000000"
DEEP = b"[" * 100_000 + b"]" * 100_000


async def test_a_body_trickled_byte_by_byte_ends_at_the_overall_deadline(hostile):
    server = await hostile("trickle")
    started = time.monotonic()
    async with PostHogClient(server.url, KEY, 1, timeout=0.5, max_retries=0) as api:
        with pytest.raises(errors.ApiTimeoutError) as caught:
            await api.event_definitions.page()
    # Each byte comes well within the 0.5 s read timeout; the whole answer would take 30 s.
    assert time.monotonic() - started < 4
    assert str(caught.value) == "The server did not finish answering within 2 s (it was sending too slowly)."


async def test_a_trickled_answer_is_retried_like_any_timeout(hostile):
    server = await hostile("trickle")
    async with PostHogClient(server.url, KEY, 1, timeout=0.2, deadline=0.3, max_retries=2, backoff_base=0.01) as api:
        with pytest.raises(errors.ApiTimeoutError):
            await api.me()
    assert len(server.requests) == 3


@pytest.mark.parametrize("path", ["request", "page", "error_body", "row"])
async def test_deeply_nested_json_is_a_bad_response_on_every_decode_path(hostile, path):
    with pytest.raises(errors.BadResponseError, match="nested too deeply|malformed"):
        if path == "request":
            server = await hostile("deep_nesting")
            async with PostHogClient(server.url, KEY, 1, max_retries=0) as api:
                await api.me()
        elif path == "page":
            server = await hostile("deep_nesting")
            async with PostHogClient(server.url, KEY, 1, max_retries=0) as api:
                await api.event_definitions.all()
        elif path == "error_body":
            raise error_from_response(400, "application/json", DEEP, method="GET", path="/api/x/")
        else:
            nested: list = []
            for _ in range(10_000):
                nested = [nested]
            parse_model(EventDefinition, {"id": "a", "name": "x", "tags": nested})


def test_a_deep_page_body_is_a_bad_response_when_parsed_straight_into_models():
    body = JsonBody(b'{"results": [' + DEEP + b"]}", 200, "GET", "/api/x/")
    with pytest.raises(errors.BadResponseError):
        parse_page_body(PageStyle.OFFSET, body, EventDefinition, 0)


@pytest.mark.parametrize("key", [KEY, "sk_live_not_shaped_like_posthog_42"])
async def test_a_key_echoed_in_an_error_body_is_removed_from_every_field(hostile, key):
    server = await hostile("key_echo")
    async with PostHogClient(server.url, key, 1, max_retries=0) as api:
        with pytest.raises(errors.RequestValidationError) as caught:
            await api.event_definitions.page()
    error = caught.value
    assert server.requests[0].headers["authorization"] == f"Bearer {key}"
    texts = [str(error), repr(error), *map(str, error.args), *(v for v in vars(error).values() if isinstance(v, str))]
    assert error.attr and error.detail
    assert not [text for text in texts if key in text]


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("phx_abc\x00def123", "control character"),
        ("phx_abc\x1bdef123", "control character"),
        ("phx_abc def123", "space"),
        ("phx_abcdéf123", "non-ASCII"),
        ("phx_abc\u200bdef123", "non-ASCII"),
    ],
)
async def test_a_key_that_cannot_be_sent_is_refused_before_any_request(key, reason):
    server = await Hostile("html_200").start()
    try:
        with pytest.raises(errors.InvalidApiKeyError, match=reason) as caught:
            PostHogClient(server.url, key, 1)
        checked = await check_key(server.url, key)
    finally:
        await server.close()
    assert not server.requests
    assert key not in str(caught.value) and key not in repr(caught.value)
    assert not checked.ok and reason in checked.message and key not in checked.message


async def test_a_key_with_a_trailing_newline_is_sent_without_it(hostile):
    server = await hostile("key_echo")
    async with PostHogClient(server.url, KEY + "\n", 1, max_retries=0) as api:
        with pytest.raises(errors.RequestValidationError):
            await api.me()
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"


async def test_login_against_a_failing_server_says_it_is_failing(hostile):
    server = await hostile("gateway_502")
    result = await check_key(server.url, KEY)
    assert not result.ok
    assert result.message == f"{server.url} is failing (status 502); try again later."


@pytest.mark.parametrize("mode", ["html_200", "key_echo"])
async def test_login_against_something_else_says_it_does_not_look_like_posthog(hostile, mode):
    server = await hostile(mode)
    result = await check_key(server.url, KEY)
    assert not result.ok
    if mode == "html_200":
        assert result.message.startswith(f"{server.url} does not look like a PostHog server")
    assert KEY not in result.message
