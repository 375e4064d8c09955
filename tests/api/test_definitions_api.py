"""Event definitions, schema property groups and event schemas over real HTTP."""

from __future__ import annotations

import json

import pytest

from tui.api import errors, models
from tui.api.client import PostHogClient


def last_body(demo, method: str):
    return next(r.body for r in reversed(demo.requests) if r.method == method)


def as_dict(body):
    return json.loads(body) if isinstance(body, (bytes, str)) else body


async def test_me_and_project_switching(client, demo):
    user = await client.me()
    assert user.email and user.current_project_id == demo.project_id
    other = next(p.id for p in await client.projects() if p.id != demo.project_id)
    client.project_id = other
    await client.dashboards.page()
    assert demo.requests[-1].path.startswith(f"/api/projects/{other}/")


async def test_event_definition_lifecycle(client):
    created = await client.event_definitions.create({"name": "api test signup", "description": "first"})
    assert created.name == "api test signup" and created.created_at is None
    assert (await client.event_definitions.get(created.id)).description == "first"
    updated = await client.event_definitions.update(created.id, {"description": "second", "tags": ["a"]})
    assert updated.description == "second" and updated.tags == ["a"]
    await client.event_definitions.delete(created.id)
    with pytest.raises(errors.NotFoundError):
        await client.event_definitions.get(created.id)


async def test_owner_is_written_as_an_id_and_read_as_a_user(client, demo):
    me = await client.me()
    definition = (await client.event_definitions.page(limit=1)).results[0]
    updated = await client.event_definitions.update(definition.id, {"owner": models.UserBasic(id=me.id)})
    assert as_dict(last_body(demo, "PATCH")) == {"owner": me.id}
    assert isinstance(updated.owner, models.UserBasic) and updated.owner_id == me.id
    again = await client.event_definitions.update(definition.id, {"owner": updated.owner.model_dump()})
    assert again.owner_id == me.id


async def test_by_name_finds_exact_name_or_none(client):
    some = (await client.event_definitions.page(limit=1)).results[0]
    found = await client.event_definitions.by_name(some.name)
    assert found is not None and found.id == some.id
    assert await client.event_definitions.by_name("no such event anywhere") is None


async def test_bulk_tags_and_verified(client):
    rows = (await client.event_definitions.page(limit=2)).results
    ids = [r.id for r in rows]
    ghost = "00000000-0000-0000-0000-000000000000"
    tagged = await client.event_definitions.bulk_update_tags([*ids, ghost], "set", ["x", "y"])
    assert sorted(i.id for i in tagged.updated) == sorted(ids)
    assert all(i.tags == ["x", "y"] for i in tagged.updated)
    assert [s.reason for s in tagged.skipped] == ["Not found"]
    verified = await client.event_definitions.bulk_update_verified(ids, True)
    assert all(i.verified for i in verified.updated)
    assert (await client.event_definitions.get(ids[0])).verified is True


async def test_property_group_lifecycle(client):
    group = await client.property_groups.create(
        {"name": "api_test_group", "properties": [{"name": "plan", "property_type": "String"}]}
    )
    assert [p.name for p in group.properties] == ["plan"]
    seats = models.PropertyGroupProperty(name="seats", property_type="Numeric")
    changed = await client.property_groups.update(group.id, {"properties": [*group.properties, seats]})
    assert sorted(p.name for p in changed.properties) == ["plan", "seats"]
    assert (await client.property_groups.get(group.id)).name == "api_test_group"
    await client.property_groups.delete(group.id)
    with pytest.raises(errors.NotFoundError):
        await client.property_groups.get(group.id)


async def test_event_schema_lifecycle_writes_group_by_id(client, demo):
    definition = (await client.event_definitions.page(limit=1, event_type="event_custom")).results[0]
    group = await client.property_groups.create({"name": "api_schema_group", "properties": []})
    schema = await client.event_schemas.create({"event_definition": definition.id, "property_group": group})
    assert as_dict(last_body(demo, "POST")) == {"event_definition": definition.id, "property_group_id": group.id}
    assert schema.property_group is not None and schema.property_group.id == group.id
    listed = await client.event_schemas.all(event_definition=definition.id)
    assert schema.id in [s.id for s in listed]
    await client.event_schemas.delete(schema.id)
    assert schema.id not in [s.id for s in await client.event_schemas.all(event_definition=definition.id)]


async def test_event_schemas_have_no_retrieve_or_update_and_send_nothing_for_them(client, demo):
    demo.requests.clear()
    assert not client.event_schemas.supports("get") and not client.event_schemas.supports("update")
    with pytest.raises(errors.MethodNotAllowedError):
        await client.event_schemas.get("497f6eca-6276-4993-bfeb-53cbbbba6f08")
    with pytest.raises(errors.MethodNotAllowedError):
        await client.event_schemas.update("497f6eca-6276-4993-bfeb-53cbbbba6f08", {"property_group_id": "x"})
    assert demo.requests == []


async def test_read_only_key_can_list_but_not_write(demo):
    from tui.demo import DEMO_READ_ONLY_KEY

    async with PostHogClient(demo.url, DEMO_READ_ONLY_KEY, demo.project_id) as api:
        assert (await api.event_definitions.page(limit=3)).results
        with pytest.raises(errors.PermissionDeniedError) as caught:
            await api.event_definitions.bulk_update_tags([], "add", ["x"])
    assert caught.value.missing_scope == "event_definition:write"
