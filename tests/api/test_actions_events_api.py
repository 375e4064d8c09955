"""Actions (soft delete, dropped count/people routes) and the events list/values endpoints."""

from __future__ import annotations

import pytest

from tui.api import errors, models
from tui.api.client import PostHogClient


async def test_action_lifecycle_with_archive_and_restore(client):
    created = await client.actions.create(
        {"name": "API test action", "steps": [{"event": "$pageview", "url": "/pricing", "url_matching": "contains"}]}
    )
    assert created.steps[0].url == "/pricing" and not created.deleted
    updated = await client.actions.update(created.id, {"description": "pricing views"})
    assert updated.description == "pricing views"
    assert (await client.actions.archive(created.id)).deleted
    assert created.id not in [a.id for a in await client.actions.all()]
    assert (await client.actions.get(created.id)).deleted  # still retrievable once archived
    assert not (await client.actions.restore(created.id)).deleted
    assert created.id in [a.id for a in await client.actions.all()]


async def test_action_validation_names_nested_step_field(client):
    with pytest.raises(errors.RequestValidationError) as caught:
        await client.actions.create({"name": "bad", "steps": [{"url_matching": "sometimes"}]})
    assert caught.value.attr == "steps__0__url_matching"


async def test_action_count_and_people_are_not_supported_on_current_servers(client):
    action = (await client.actions.page()).results[0]
    count = await client.actions.count(action.id)
    people = await client.actions.people(action.id)
    assert isinstance(count, models.NotSupported) and isinstance(people, models.NotSupported)
    assert count.feature == "Action event count"


async def test_action_count_and_people_work_on_legacy_servers(demo_options_server):
    srv = demo_options_server(flavour="legacy")
    async with PostHogClient(srv.url, srv.api_key, srv.project_id) as api:
        action = (await api.actions.page()).results[0]
        count = await api.actions.count(action.id)
        people = await api.actions.people(action.id)
    assert isinstance(count, int) and count >= 0
    assert isinstance(people, list) and all("distinct_ids" in p for p in people)


async def test_event_retrieve_matches_the_listing(client):
    listed = (await client.events.page(limit=5)).results
    event = await client.events.get(listed[0].id)
    assert event.id == listed[0].id and event.event == listed[0].event
    assert event.timestamp is not None and event.timestamp.tzinfo is not None


async def test_events_filter_by_event_name(client):
    name = (await client.events.page(limit=1)).results[0].event
    rows = (await client.events.page(limit=50, event=name)).results
    assert rows and all(r.event == name for r in rows)


async def test_property_values_need_an_event_name_and_come_back_as_strings(client):
    event = (await client.events.page(limit=1)).results[0]
    key = next(k for k, v in event.properties.items() if isinstance(v, str))
    values = await client.events.values(key, event_name=event.event)
    assert values and all(isinstance(v, str) for v in values)
    with pytest.raises(errors.RequestValidationError):
        await client.events.values(key)


async def test_legacy_values_bare_list_is_understood(demo_options_server):
    srv = demo_options_server(flavour="legacy")
    async with PostHogClient(srv.url, srv.api_key, srv.project_id) as api:
        event = (await api.events.page(limit=1)).results[0]
        key = next(k for k, v in event.properties.items() if isinstance(v, str))
        values = await api.events.values(key, event_name=event.event)
    assert values and all(isinstance(v, str) for v in values)
