"""Dashboards: CRUD, soft delete, tile operations, insights, sharing and session-only helpers."""

from __future__ import annotations

import json

import pytest

from tui.api import errors, models
from tui.api.client import PostHogClient


def bodies(demo, suffix: str):
    return [
        json.loads(r.body) if isinstance(r.body, (bytes, str)) else r.body
        for r in demo.requests
        if r.path.rstrip("/").endswith(suffix)
    ]


async def two_dashboards_with_tiles(client) -> tuple[models.Dashboard, models.Dashboard]:
    full = [await client.dashboards.get(d.id) for d in await client.dashboards.all()]
    with_tiles = [d for d in full if d.tiles and any(t.insight for t in d.tiles)]
    return with_tiles[0], next(d for d in full if d.id != with_tiles[0].id)


async def test_dashboard_lifecycle_with_archive_and_restore(client):
    created = await client.dashboards.create({"name": "API test board", "description": "d"})
    assert created.name == "API test board" and not created.deleted
    renamed = await client.dashboards.update(created.id, {"name": "Renamed board"})
    assert renamed.name == "Renamed board"
    archived = await client.dashboards.archive(created.id)
    assert archived.deleted
    assert created.id not in [d.id for d in await client.dashboards.all()]
    restored = await client.dashboards.restore(created.id)
    assert not restored.deleted
    assert (await client.dashboards.get(created.id)).name == "Renamed board"


async def test_dashboard_detail_has_tiles_with_layouts(client):
    board, _ = await two_dashboards_with_tiles(client)
    tile = next(t for t in board.tiles if t.insight)
    assert tile.kind == "insight" and tile.title
    assert {"sm", "xs"} <= set(tile.layouts)
    assert tile.layouts["sm"].w is not None


async def test_reorder_tiles_returns_the_new_layout(client, demo):
    board, _ = await two_dashboards_with_tiles(client)
    order = [t.id for t in reversed(board.tiles)]
    result = await client.dashboards.reorder_tiles(board.id, order, layout="full_width")
    assert bodies(demo, "reorder_tiles") == [{"tile_order": order, "layout": "full_width"}]
    widths = {t.id: t.layouts["sm"].w for t in result.tiles}
    assert all(widths[i] == 12 for i in order)
    ys = {t.id: t.layouts["sm"].y for t in result.tiles}
    assert [ys[i] for i in order] == sorted(ys[i] for i in order)


async def test_copy_tile_returns_destination_with_a_new_tile(client, demo):
    source, destination = await two_dashboards_with_tiles(client)
    tile = next(t for t in source.tiles if t.insight and destination.id not in t.insight.dashboards)
    result = await client.dashboards.copy_tile(destination.id, source.id, tile.id)
    assert bodies(demo, "copy_tile") == [{"fromDashboardId": source.id, "tileId": tile.id}]
    assert result.id == destination.id
    copied = [t for t in result.tiles if t.insight and t.insight.id == tile.insight.id]
    assert copied and copied[0].id != tile.id


async def test_move_tile_returns_the_source_without_the_tile(client, demo):
    source, destination = await two_dashboards_with_tiles(client)
    tile = next(t for t in source.tiles if t.insight and destination.id not in t.insight.dashboards)
    result = await client.dashboards.move_tile(source.id, tile.id, destination.id)
    assert result.id == source.id and tile.id not in [t.id for t in result.tiles]
    assert tile.id in [t.id for t in (await client.dashboards.get(destination.id)).tiles]
    assert bodies(demo, "move_tile") == [{"tile": {"id": tile.id}, "to_dashboard": destination.id}]


async def test_move_tile_falls_back_to_camel_case_on_legacy_servers(demo_options_server):
    srv = demo_options_server(flavour="legacy")
    async with PostHogClient(srv.url, srv.api_key, srv.project_id) as api:
        source, destination = await two_dashboards_with_tiles(api)
        movable = [t for t in source.tiles if t.insight and destination.id not in t.insight.dashboards]
        result = await api.dashboards.move_tile(source.id, movable[0].id, destination.id)
        assert movable[0].id not in [t.id for t in result.tiles]
        if len(movable) > 1:
            await api.dashboards.move_tile(source.id, movable[1].id, destination.id)
    sent = bodies(srv, "move_tile")
    assert sent[0] == {"tile": {"id": movable[0].id}, "to_dashboard": destination.id}
    assert sent[1] == {"tile": {"id": movable[0].id}, "toDashboard": destination.id}
    # The working spelling is remembered: later moves need one request each.
    assert len(sent) == 2 + (len(movable) > 1)


async def test_run_insights_returns_results_per_tile(client, demo):
    board, _ = await two_dashboards_with_tiles(client)
    results = await client.dashboards.run_insights(board.id)
    assert not isinstance(results, models.NotSupported)
    insight_tiles = {t.id for t in board.tiles if t.insight}
    assert {r.id for r in results} <= insight_tiles and results
    assert all(r.insight and r.insight.result is not None for r in results)


async def test_stream_tiles_yields_metadata_tiles_then_complete(client):
    board, _ = await two_dashboards_with_tiles(client)
    messages = [m async for m in client.dashboards.stream_tiles(board.id)]
    kinds = [m.type for m in messages]
    assert kinds[0] == "metadata" and kinds[-1] == "complete"
    assert messages[0].dashboard is not None and messages[0].dashboard.id == board.id
    streamed = {t.id for t in messages[0].dashboard.tiles or []} | {m.tile.id for m in messages if m.tile}
    assert streamed == {t.id for t in board.tiles}


async def test_sharing_configuration_and_passwords(client):
    board = (await client.dashboards.page()).results[0]
    sharing = await client.dashboards.sharing(board.id)
    assert isinstance(sharing, models.SharingConfiguration)
    enabled = await client.dashboards.update_sharing(board.id, {"enabled": True, "password_required": True})
    assert enabled.enabled and enabled.password_required and enabled.access_token
    rotated = await client.dashboards.refresh_sharing(board.id)
    assert rotated.access_token != enabled.access_token
    password = await client.dashboards.create_sharing_password(board.id, raw_password="correct horse", note="ops")
    assert password.password == "correct horse" and password.note == "ops"
    listed = await client.dashboards.sharing(board.id)
    assert password.id in [p.id for p in listed.share_passwords]
    await client.dashboards.delete_sharing_password(board.id, password.id)
    after = await client.dashboards.sharing(board.id)
    assert not any(p.id == password.id and p.is_active for p in after.share_passwords)


async def test_snapshot_then_analyze_on_legacy_servers(client, demo):
    demo.set_options(flavour="legacy")
    board, _ = await two_dashboards_with_tiles(client)
    cache_key = await client.dashboards.snapshot(board.id)
    assert isinstance(cache_key, str) and cache_key
    summary = await client.dashboards.analyze_refresh_result(board.id, cache_key)
    assert isinstance(summary, str) and summary


async def test_session_helpers_create_and_tag_dashboards(client):
    template = {"template_name": "From JSON", "dashboard_description": "", "tiles": [], "tags": []}
    from_template = await client.dashboards.create_from_template_json(template)
    assert isinstance(from_template, models.Dashboard) and from_template.name == "From JSON"
    unlisted = await client.dashboards.create_unlisted("llm-analytics")
    assert isinstance(unlisted, models.Dashboard) and unlisted.creation_mode == "unlisted"
    tagged = await client.dashboards.bulk_update_tags([from_template.id], "add", ["ops"])
    assert isinstance(tagged, models.BulkUpdateResult) and tagged.updated[0].tags == ["ops"]
    with pytest.raises(errors.RequestValidationError) as caught:
        await client.dashboards.create_unlisted("llm-analytics")
    assert caught.value.status == 409 and "already exists" in str(caught.value)


async def test_session_only_endpoints_are_not_supported_for_personal_keys_on_cloud(demo_options_server):
    srv = demo_options_server(session_endpoints=False)
    async with PostHogClient(srv.url, srv.api_key, srv.project_id) as api:
        board, _ = await two_dashboards_with_tiles(api)
        streamed = [m async for m in api.dashboards.stream_tiles(board.id)]
        results = [
            await api.dashboards.snapshot(board.id),
            await api.dashboards.analyze_refresh_result(board.id, "k"),
            await api.dashboards.create_from_template_json({"template_name": "x"}),
            await api.dashboards.create_unlisted("llm-analytics"),
            await api.dashboards.bulk_update_tags([board.id], "add", ["x"]),
        ]
        still_works = await api.dashboards.run_insights(board.id)
    assert len(streamed) == 1 and isinstance(streamed[0], models.NotSupported)
    assert all(isinstance(r, models.NotSupported) for r in results)
    assert results[0].detail == "Endpoint not found."  # current servers dropped snapshot
    assert all("personal API key" in r.detail for r in results[2:])
    assert isinstance(still_works, list)
