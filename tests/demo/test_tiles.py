from __future__ import annotations

import pytest


def _tiles(api, dashboard_id):
    return api.get(f"/dashboards/{dashboard_id}/").json()["tiles"]


def _pick(tiles):
    numbers = [t for t in tiles if t["layouts"]["sm"]["w"] == 3]
    trends = [t for t in tiles if t["layouts"]["sm"]["w"] == 6]
    funnel = next(t for t in tiles if t["insight"] and t["layouts"]["sm"]["w"] == 12)
    return [trends[0]["id"], numbers[0]["id"], numbers[1]["id"], funnel["id"]]


@pytest.mark.parametrize(("layout", "expected_sm"), [
    ("preserve", [(0, 0, 6, 5), (6, 0, 3, 3), (9, 0, 3, 3), (0, 5, 12, 6)]),
    ("two_column", [(0, 0, 6, 5), (6, 0, 6, 5), (0, 5, 6, 5), (6, 5, 6, 5)]),
    ("full_width", [(0, 0, 12, 5), (0, 5, 12, 5), (0, 10, 12, 5), (0, 15, 12, 5)]),
])
def test_reorder_tiles_packs_only_the_listed_tiles(api, layout, expected_sm):
    before = _tiles(api, 1)
    order = _pick(before)
    response = api.post("/dashboards/1/reorder_tiles/", json={"tile_order": order, "layout": layout})
    assert response.status_code == 200
    after = {t["id"]: t["layouts"] for t in response.json()["tiles"]}
    assert [tuple(after[i]["sm"][k] for k in "xywh") for i in order] == expected_sm
    heights = [h for *_, h in expected_sm]
    assert [after[i]["xs"] for i in order] == [
        {"x": 0, "y": sum(heights[:n]), "w": 1, "h": heights[n]} for n in range(len(order))]
    untouched = [t for t in before if t["id"] not in order]
    assert all(after[t["id"]] == t["layouts"] for t in untouched)


def test_reorder_default_is_preserve_and_errors_are_plain(api):
    order = _pick(_tiles(api, 1))
    assert api.post("/dashboards/1/reorder_tiles/", json={"tile_order": order}).json() == \
        api.post("/dashboards/1/reorder_tiles/", json={"tile_order": order, "layout": "preserve"}).json()
    duplicate = api.post("/dashboards/1/reorder_tiles/", json={"tile_order": [order[0], order[0]]})
    assert duplicate.status_code == 400 and duplicate.json() == {"detail": "tile_order must contain unique tile IDs"}
    unknown = api.post("/dashboards/1/reorder_tiles/", json={"tile_order": [order[0], 4242]})
    assert unknown.status_code == 404 and unknown.json() == {"detail": "Tile IDs not found on this dashboard: [4242]"}
    assert api.post("/dashboards/13/reorder_tiles/", json={"tile_order": [1]}).status_code == 404


def test_copy_tile_is_called_on_the_destination(api):
    source_tile = _tiles(api, 1)[0]
    response = api.post("/dashboards/8/copy_tile/", json={"fromDashboardId": 1, "tileId": source_tile["id"]})
    assert response.status_code == 200
    destination = response.json()
    assert destination["id"] == 8
    copied = next(t for t in destination["tiles"]
                  if t["insight"] and t["insight"]["id"] == source_tile["insight"]["id"])
    assert copied["id"] != source_tile["id"] and copied["layouts"] == source_tile["layouts"]
    assert sorted(copied["insight"]["dashboards"]) == [1, 8]
    assert source_tile["id"] in {t["id"] for t in _tiles(api, 1)}
    again = api.post("/dashboards/8/copy_tile/", json={"fromDashboardId": 1, "tileId": source_tile["id"]})
    assert again.status_code == 400
    assert again.json()["detail"] == "This insight is already on the destination dashboard."
    same = api.post("/dashboards/1/copy_tile/", json={"fromDashboardId": 1, "tileId": source_tile["id"]})
    assert same.status_code == 400
    assert same.json()["detail"] == "Destination must be a different dashboard than the source."
    text = next(t for t in _tiles(api, 1) if t["text"])
    api.post("/dashboards/8/copy_tile/", json={"fromDashboardId": 1, "tileId": text["id"]})
    repeat = api.post("/dashboards/8/copy_tile/", json={"fromDashboardId": 1, "tileId": text["id"]})
    assert repeat.json()["detail"] == "This text card is already on the destination dashboard."


def test_move_tile_returns_the_source_dashboard(api):
    tile = _tiles(api, 2)[0]
    for method in ("PATCH", "POST"):
        response = api.request(method, "/dashboards/2/move_tile/", json={"to_dashboard": 9, "tile": {"id": tile["id"]}})
        if method == "PATCH":
            assert response.status_code == 200 and response.json()["id"] == 2
            assert tile["id"] not in {t["id"] for t in response.json()["tiles"]}
            moved = next(t for t in _tiles(api, 9) if t["id"] == tile["id"])
            assert moved["layouts"] == tile["layouts"]
        else:
            assert response.status_code == 404  # the tile now lives on dashboard 9
    back = api.post("/dashboards/9/move_tile/", json={"to_dashboard": 2, "tile": {"id": tile["id"]}})
    assert back.status_code == 200 and back.json()["id"] == 9
    assert api.patch("/dashboards/2/move_tile/", json={"tile": {"id": tile["id"]}}).json()["attr"] == "to_dashboard"


def test_move_tile_legacy_reads_camel_case_and_routes_patch_only(demo_options_server):
    import httpx

    server = demo_options_server(flavour="legacy", event_definitions=50, events=50)
    headers = {"Authorization": f"Bearer {server.api_key}"}
    with httpx.Client(base_url=f"{server.url}/api/projects/1", headers=headers) as api:
        tile = _tiles(api, 2)[0]
        camel, snake = {"toDashboard": 9, "tile": {"id": tile["id"]}}, {"to_dashboard": 9, "tile": {"id": tile["id"]}}
        assert api.post("/dashboards/2/move_tile/", json=camel).status_code == 405
        assert api.patch("/dashboards/2/move_tile/", json=snake).status_code == 500
        moved = api.patch("/dashboards/2/move_tile/", json={"toDashboard": 9, "tile": {"id": tile["id"]}})
        assert moved.status_code == 200 and moved.json()["id"] == 2


def test_text_tile_endpoints_and_compaction(api):
    created = api.post("/dashboards/12/create_text_tile/", json={"body": "first"})
    assert created.status_code == 201 and created.json()["text"]["body"] == "first"
    second = api.post("/dashboards/12/create_text_tile/", json={"body": "second"}).json()
    assert second["layouts"]["sm"]["y"] == 5
    updated = api.post("/dashboards/12/update_text_tile/",
                       json={"tile_id": second["id"], "body": "2nd", "color": "green"})
    assert updated.status_code == 200 and updated.json()["text"]["body"] == "2nd" and updated.json()["color"] == "green"
    assert api.post("/dashboards/12/create_text_tile/", json={"body": ""}).status_code == 400
    assert api.post("/dashboards/12/delete_tile/", json={"tile_id": created.json()["id"]}).status_code == 204
    remaining = _tiles(api, 12)
    assert [t["id"] for t in remaining] == [second["id"]] and remaining[0]["layouts"]["sm"]["y"] == 0
    assert api.post("/dashboards/12/delete_tile/", json={"tile_id": 12345}).status_code == 404


def test_text_tiles_need_dashboard_write_and_update_is_post_only(api, demo):
    from tui.demo import DEMO_READ_ONLY_KEY

    from .conftest import client_for

    created = api.post("/dashboards/12/create_text_tile/",
                       json={"body": "Notes", "color": "blue", "layouts": {"sm": {"x": 0, "y": 0, "w": 12, "h": 1}}})
    assert created.status_code == 201
    tile = created.json()
    assert tile["text"]["body"] == "Notes" and tile["color"] == "blue" and tile["layouts"]["sm"]["h"] == 1
    assert tile["insight"] is None and tile["order"] == 0
    refused = api.patch("/dashboards/12/update_text_tile/", json={"tile_id": tile["id"], "body": "x"})
    assert refused.status_code == 405 and refused.json()["code"] == "method_not_allowed"
    insight_tile = next(t for t in _tiles(api, 1) if t["insight"])
    not_text = api.post("/dashboards/1/update_text_tile/", json={"tile_id": insight_tile["id"], "body": "x"})
    assert not_text.status_code == 400 and not_text.json()["detail"] == "Tile is not a text tile."
    with client_for(demo, DEMO_READ_ONLY_KEY) as reader:
        for action, body in (("create_text_tile", {"body": "x"}), ("update_text_tile", {"tile_id": tile["id"]}),
                             ("delete_tile", {"tile_id": tile["id"]})):
            denied = reader.post(f"/dashboards/12/{action}/", json=body)
            assert denied.status_code == 403 and denied.json()["detail"].endswith("'dashboard:write'")


def test_delete_tile_compacts_by_dropping_each_tile_to_the_lowest_free_row(api):
    # A wide tile on top and two narrower ones under it at different rows: both rise to the top row.
    ids = []
    for x, y, w in ((0, 0, 12), (0, 4, 6), (6, 9, 6)):
        layouts = {"sm": {"x": x, "y": y, "w": w, "h": 4}, "xs": {"x": 0, "y": y, "w": 1, "h": 4}}
        created = api.post("/dashboards/12/create_text_tile/", json={"body": f"t{x}{y}", "layouts": layouts})
        ids.append(created.json()["id"])
    assert api.post("/dashboards/12/delete_tile/", json={"tile_id": ids[0]}).status_code == 204
    after = {t["id"]: t["layouts"] for t in _tiles(api, 12)}
    assert set(after) == set(ids[1:])
    assert [after[i]["sm"]["y"] for i in ids[1:]] == [0, 0]
    assert [after[i]["xs"]["y"] for i in ids[1:]] == [0, 4]


def test_restoring_an_archived_dashboard_also_restores_tiles_removed_before(api):
    tiles = _tiles(api, 5)
    assert api.post("/dashboards/5/delete_tile/", json={"tile_id": tiles[0]["id"]}).status_code == 204
    assert len(_tiles(api, 5)) == len(tiles) - 1
    api.patch("/dashboards/5/", json={"deleted": True})
    restored = api.patch("/dashboards/5/", json={"deleted": False}).json()
    assert {t["id"] for t in restored["tiles"]} == {t["id"] for t in tiles}


def test_a_removed_tile_cannot_be_revived_through_the_dashboard_patch(api):
    # PostHog's `_update_tiles` looks tiles up without the removed ones, then fails inserting that id.
    tile = _tiles(api, 5)[0]
    assert api.post("/dashboards/5/delete_tile/", json={"tile_id": tile["id"]}).status_code == 204
    answer = api.patch("/dashboards/5/", json={"tiles": [{"id": tile["id"], "deleted": False}]})
    assert answer.status_code == 500
    assert tile["id"] not in {t["id"] for t in _tiles(api, 5)}
