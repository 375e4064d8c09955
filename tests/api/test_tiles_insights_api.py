"""Text tiles, run_insights refresh modes, insights, and action references through the client."""

from __future__ import annotations

import pytest

from tui.api import errors, models
from tui.api.client import PostHogClient
from tui.demo import DEMO_READ_ONLY_KEY

TREND = {"kind": "InsightVizNode", "source": {"kind": "TrendsQuery", "dateRange": {"date_from": "-7d"},
                                              "series": [{"kind": "EventsNode", "event": "file_shared"}]}}


async def test_text_tiles_are_created_updated_and_deleted(client):
    layouts = {"sm": {"x": 0, "y": 0, "w": 12, "h": 1}}
    tile = await client.dashboards.create_text_tile(12, "## Notes", layouts=layouts, color="blue")
    assert isinstance(tile, models.DashboardTile) and tile.kind == "text" and tile.text.body == "## Notes"
    assert tile.color == "blue" and tile.layouts["sm"].h == 1
    kept = await client.dashboards.update_text_tile(12, tile.id, body="## Notes, v2")
    assert kept.text.body == "## Notes, v2" and kept.color == "blue"
    cleared = await client.dashboards.update_text_tile(12, tile.id, color=None)
    assert cleared.color is None and cleared.text.body == "## Notes, v2"
    assert await client.dashboards.delete_tile(12, tile.id) is None
    assert (await client.dashboards.get(12)).tiles == []


async def test_text_tiles_need_dashboard_write(demo):
    async with PostHogClient(demo.url, DEMO_READ_ONLY_KEY, demo.project_id) as reader:
        with pytest.raises(errors.PermissionDeniedError) as caught:
            await reader.dashboards.create_text_tile(12, "x")
    assert caught.value.missing_scope == "dashboard:write"


async def test_run_insights_refresh_modes(client):
    cached = {r.insight.name: r.insight.result for r in await client.dashboards.run_insights(4, output_format="json")}
    assert cached["Daily invite_sent (new)"] is None and cached["Daily plan_upgraded"]
    computed = await client.dashboards.run_insights(4, refresh="blocking", output_format="json")
    assert all(r.insight.result is not None for r in computed)
    with pytest.raises(errors.NotFoundError):
        await client.dashboards.run_insights(13)  # archived: a missing object, not a missing route


async def test_run_insights_is_not_supported_on_servers_without_it(demo_options_server):
    server = demo_options_server(flavour="legacy", event_definitions=50, events=50)
    async with PostHogClient(server.url, server.api_key, server.project_id) as api:
        answer = await api.dashboards.run_insights(1)
    assert isinstance(answer, models.NotSupported) and answer.detail == "Endpoint not found."


async def test_insights_lifecycle_places_and_removes_tiles(client):
    created = await client.insights.create({"name": "Shared files", "query": TREND, "dashboards": [5, 12]})
    assert isinstance(created, models.Insight) and created.dashboards == [5, 12] and created.result is None
    assert (await client.insights.by_short_id(created.short_id)).id == created.id
    assert created.id in {i.id for i in await client.insights.all(search="shared files")}
    on_board = [t for t in (await client.dashboards.get(12)).tiles if t.insight]
    assert [t.insight.id for t in on_board] == [created.id]
    moved = await client.insights.update(created.id, {"dashboards": [12], "tags": ["Files"]})
    assert moved.dashboards == [12] and moved.tags == ["files"]
    computed = await client.insights.compute(created.id)
    assert computed.result and computed.result[0]["count"] == len(await client.events.all(event="file_shared",
                                                                                           after="-7d"))
    assert (await client.insights.archive(created.id)).deleted
    with pytest.raises(errors.NotFoundError):
        await client.insights.get(created.id)
    assert not (await client.insights.restore(created.id)).deleted
    with pytest.raises(errors.MethodNotAllowedError):
        await client.insights.delete(created.id)


async def test_action_references_and_reference_counts(client):
    references = await client.actions.references(1)
    assert references and all(isinstance(r, models.ActionReference) and r.type == "insight" for r in references)
    assert {r.name for r in references} >= {"Signed up", "Signup to first upload"}
    counted = {a.id: a.reference_count for a in await client.actions.all(include_reference_count=True)}
    assert counted[1] == len(references) and counted[5] == 0
    assert all(a.reference_count is None for a in await client.actions.all())
