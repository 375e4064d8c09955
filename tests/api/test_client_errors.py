"""Every error shape PostHog (or a proxy in front of it) sends becomes a typed, readable error."""

from __future__ import annotations

import time

import pytest
from scripted_http import FAST_RETRY, Reply

from tui.api import errors
from tui.api.client import PostHogClient
from tui.demo import DEMO_NO_SCOPE_KEY, DEMO_READ_ONLY_KEY

SECRET = "phx_this_is_a_secret_key_0123456789"


def assert_readable(error: errors.ApiError, *keys: str) -> None:
    text = str(error)
    assert text and "\n" not in text and not text.startswith(("{", "<"))
    for key in (SECRET, *keys):
        assert key not in text
        assert key not in repr(error)
        assert key not in (error.detail or "")


async def test_unknown_key_is_an_authentication_error_without_the_key(demo):
    async with PostHogClient(demo.url, SECRET, demo.project_id) as api:
        with pytest.raises(errors.AuthenticationError) as caught:
            await api.me()
    assert caught.value.status == 401
    assert caught.value.code == "authentication_failed"
    assert "invalid" in str(caught.value)
    assert_readable(caught.value)


async def test_missing_credentials_say_no_key_was_sent(scripted):
    body = ('{"type":"authentication_error","code":"not_authenticated",'
            '"detail":"Authentication credentials were not provided.","attr":null}')
    server = await scripted(Reply(401, body))
    async with PostHogClient(server.url, SECRET, 1) as api:
        with pytest.raises(errors.AuthenticationError) as caught:
            await api.me()
    assert "no API key" in str(caught.value)
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"


async def test_read_only_key_gets_missing_scope_with_the_scope_name(demo):
    async with PostHogClient(demo.url, DEMO_READ_ONLY_KEY, demo.project_id) as api:
        with pytest.raises(errors.PermissionDeniedError) as caught:
            await api.dashboards.create({"name": "nope"})
    error = caught.value
    assert error.status == 403 and error.code == "permission_denied"
    assert error.missing_scope == "dashboard:write"
    assert str(error) == "API key missing required scope 'dashboard:write'"
    assert_readable(error, DEMO_READ_ONLY_KEY)


async def test_key_without_scopes_cannot_even_read(demo):
    async with PostHogClient(demo.url, DEMO_NO_SCOPE_KEY, demo.project_id) as api:
        with pytest.raises(errors.PermissionDeniedError) as caught:
            await api.event_definitions.page()
    assert caught.value.missing_scope == "event_definition:read"
    assert_readable(caught.value, DEMO_NO_SCOPE_KEY)


async def test_missing_object_is_not_found(client):
    with pytest.raises(errors.NotFoundError) as caught:
        await client.dashboards.get(987654)
    assert caught.value.status == 404
    assert "dashboard" in str(caught.value)
    assert_readable(caught.value)


async def test_delete_of_a_dashboard_is_405_with_empty_body_and_suggests_archiving(client):
    dashboard = (await client.dashboards.page()).results[0]
    with pytest.raises(errors.MethodNotAllowedError) as caught:
        await client.session.request("DELETE", client.dashboards.path(dashboard.id))
    assert caught.value.status == 405
    assert caught.value.detail is None
    assert str(caught.value) == "This dashboard cannot be deleted; archive it instead."


async def test_resource_delete_on_soft_deleted_kind_is_refused_without_a_request(client, demo):
    action = (await client.actions.page()).results[0]
    demo.requests.clear()
    with pytest.raises(errors.MethodNotAllowedError, match="archive it instead"):
        await client.actions.delete(action.id)
    assert demo.requests == []


async def test_validation_error_keeps_attr_and_names_the_field(client):
    existing = (await client.event_definitions.page(limit=1)).results[0]
    with pytest.raises(errors.RequestValidationError) as caught:
        await client.event_definitions.create({"name": existing.name})
    error = caught.value
    assert error.status == 400 and error.type == "validation_error"
    assert error.attr == "name"
    assert "already exists" in str(error) and "'name'" in str(error)


async def test_plain_detail_body_is_understood(client):
    dashboard = next(d for d in await client.dashboards.all() if d.id)
    full = await client.dashboards.get(dashboard.id)
    tile_id = full.tiles[0].id
    with pytest.raises(errors.RequestValidationError) as caught:
        await client.dashboards.reorder_tiles(full.id, [tile_id, tile_id])
    assert caught.value.type is None and caught.value.attr is None
    assert str(caught.value) == "tile_order must contain unique tile IDs."


async def test_error_key_body_is_understood(client):
    dashboard = (await client.dashboards.page()).results[0]
    await client.dashboards.update_sharing(dashboard.id, {"password_required": False})
    with pytest.raises(errors.RequestValidationError) as caught:
        await client.dashboards.create_sharing_password(dashboard.id)
    assert "Password protection must be enabled" in str(caught.value)


async def test_html_502_from_a_proxy_is_named_as_such(demo):
    demo.set_options(fail_every_n=1)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, max_retries=0) as api:
        with pytest.raises(errors.ServerError) as caught:
            await api.dashboards.page()
    error = caught.value
    assert isinstance(error, errors.BadResponseError)
    assert str(error) == "The server answered with an HTML page (status 502) instead of JSON."


async def test_html_page_with_status_200_points_at_the_host(scripted):
    server = await scripted(Reply(200, "<!DOCTYPE html><html>app</html>", "text/html"))
    async with PostHogClient(server.url, SECRET, 1) as api:
        with pytest.raises(errors.BadResponseError, match="HTML page \\(status 200\\).*host"):
            await api.me()


async def test_truncated_json_is_a_bad_response(demo):
    demo.set_options(truncate_every_n=1)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, max_retries=0) as api:
        with pytest.raises(errors.BadResponseError, match="malformed or truncated JSON"):
            await api.event_definitions.page()


async def test_body_cut_off_mid_transfer_is_a_bad_response(scripted):
    server = await scripted(Reply(200, '{"results": []}', truncate=True))
    async with PostHogClient(server.url, SECRET, 1, max_retries=0) as api:
        with pytest.raises(errors.TruncatedResponseError, match="cut off"):
            await api.me()


async def test_json_error_body_from_a_5xx_is_a_server_error(scripted):
    body = '{"type":"server_error","code":"error","detail":"A server error occurred.","attr":null}'
    server = await scripted(Reply(500, body))
    async with PostHogClient(server.url, SECRET, 1) as api:
        with pytest.raises(errors.ServerError) as caught:
            await api.me()
    assert not isinstance(caught.value, errors.BadResponseError)
    assert str(caught.value) == "The server failed with status 500: A server error occurred."
    assert len(server.requests) == 1  # 500 is not a transient status


async def test_slow_server_raises_timeout(scripted):
    server = await scripted(Reply(200, "{}", delay=1.0))
    async with PostHogClient(server.url, SECRET, 1, timeout=0.2, max_retries=0) as api:
        with pytest.raises(errors.ApiTimeoutError, match="did not answer within 0.2 s"):
            await api.me()


async def test_refused_connection_is_a_connection_error():
    async with PostHogClient("http://127.0.0.1:9", SECRET, 1, max_retries=1, **FAST_RETRY) as api:
        with pytest.raises(errors.ApiConnectionError) as caught:
            await api.me()
    assert "Could not connect to http://127.0.0.1:9" in str(caught.value)
    assert_readable(caught.value)


async def test_rate_limit_waits_for_retry_after_then_succeeds(scripted):
    throttled = ('{"type":"throttled_error","code":"throttled",'
                 '"detail":"Request was throttled. Expected available in 1 seconds.","attr":null}')
    server = await scripted(Reply(429, throttled, headers={"Retry-After": "1"}), Reply(200, '{"id": 5}'))
    async with PostHogClient(server.url, SECRET, 1) as api:
        started = time.monotonic()
        user = await api.me()
    assert user.id == 5
    assert time.monotonic() - started >= 0.95
    assert len(server.requests) == 2


async def test_rate_limit_beyond_the_wait_cap_raises_at_once(scripted):
    server = await scripted(Reply(429, "{}", headers={"Retry-After": "120"}))
    async with PostHogClient(server.url, SECRET, 1) as api:
        started = time.monotonic()
        with pytest.raises(errors.RateLimitedError) as caught:
            await api.me()
    assert time.monotonic() - started < 1
    assert caught.value.retry_after == 120
    assert str(caught.value) == "The server is rate limiting requests; retry in 120 s."
    assert len(server.requests) == 1


async def test_demo_throttle_surfaces_as_rate_limited(demo):
    demo.set_options(throttle_per_minute=2)
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, max_retry_wait=0.5) as api:
        await api.dashboards.page()
        await api.dashboards.page()
        with pytest.raises(errors.RateLimitedError) as caught:
            await api.dashboards.page()
    assert caught.value.retry_after and caught.value.retry_after >= 1
    assert "rate limiting" in str(caught.value)


async def test_key_echoed_by_a_server_is_scrubbed_from_errors(scripted):
    body = f'{{"detail": "Key {SECRET} is wrong", "attr": null}}'
    server = await scripted(Reply(400, body))
    async with PostHogClient(server.url, SECRET, 1) as api:
        with pytest.raises(errors.RequestValidationError) as caught:
            await api.me()
        assert SECRET not in repr(api) and SECRET not in repr(api.session)
    assert_readable(caught.value)
    assert "[api key]" in str(caught.value)


def test_retry_after_accepts_http_dates():
    assert errors.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert errors.parse_retry_after("3") == 3.0
    assert errors.parse_retry_after("soon") is None


@pytest.mark.parametrize(
    ("path", "noun"),
    [
        ("/api/projects/1/dashboards/5/", "dashboard"),
        ("/api/projects/1/actions/5/", "action"),
        ("/api/projects/1/event_definitions/497f6eca-6276-4993-bfeb-53cbbbba6f08/", "event definition"),
        ("/api/projects/1/schema_property_groups/", "property group"),
        ("/api/projects/1/dashboards/5/sharing/passwords/3/", "password"),
    ],
)
def test_messages_name_the_resource_in_words(path, noun):
    assert errors.resource_noun(path) == noun
