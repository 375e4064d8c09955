"""The key describing itself, single projects, project-scoped keys, and tag normalisation."""

from __future__ import annotations

import pytest

from tui.api import errors, normalize_tags
from tui.api.client import PostHogClient
from tui.demo import DEMO_NO_SCOPE_KEY, DEMO_READ_ONLY_KEY, DEMO_SCOPED_KEY, SECOND_PROJECT_ID


async def test_personal_key_reports_scopes_and_reach(demo):
    async with PostHogClient(demo.url, DEMO_SCOPED_KEY, demo.project_id) as scoped, \
            PostHogClient(demo.url, DEMO_READ_ONLY_KEY, demo.project_id) as reader, \
            PostHogClient(demo.url, DEMO_NO_SCOPE_KEY, demo.project_id) as other:
        key = await scoped.personal_key()
        assert key.scopes == ["*"] and key.scoped_teams == [demo.project_id] and key.scoped_organizations == []
        assert key.allows("dashboard:write") and key.reaches(demo.project_id) and not key.reaches(SECOND_PROJECT_ID)
        assert key.mask_value and DEMO_SCOPED_KEY not in key.model_dump_json()
        read_only = await reader.personal_key()
        assert read_only.allows("query:read") and not read_only.allows("dashboard:write")
        assert read_only.reaches(SECOND_PROJECT_ID)
        assert (await other.personal_key()).scopes == ["feature_flag:read"]


async def test_project_and_projects_for_a_project_scoped_key(demo, client):
    assert (await client.project(SECOND_PROJECT_ID)).name == "Hedgebox Staging"
    assert len(await client.projects()) == 2
    async with PostHogClient(demo.url, DEMO_SCOPED_KEY, demo.project_id) as scoped:
        assert [p.id for p in await scoped.projects()] == [demo.project_id]  # from scoped_teams
        with pytest.raises(errors.PermissionDeniedError) as caught:
            await scoped.project(SECOND_PROJECT_ID)
    assert "does not have access to the requested project" in str(caught.value)


def test_normalize_tags_matches_what_the_server_stores():
    assert normalize_tags([" Growth", "growth", "", "  ", "Q4 Launch ", "GROWTH"]) == ["growth", "q4 launch"]
    assert normalize_tags([]) == []


async def test_normalized_tags_round_trip_through_the_server(client):
    messy = ["  Billing ", "billing", "Ops"]
    saved = await client.dashboards.update(4, {"tags": messy})
    assert saved.tags == normalize_tags(messy)
    tagged = await client.dashboards.all(tags=normalize_tags(["OPS "]))
    assert [d.id for d in tagged] == [4]
