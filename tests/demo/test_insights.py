"""Insights: the saved objects dashboard tiles show, their CRUD, and computing never-computed results."""

from __future__ import annotations

import httpx

from tui.demo import DEMO_NO_SCOPE_KEY, DEMO_READ_ONLY_KEY

from .conftest import client_for, walk

TREND = {"kind": "InsightVizNode", "source": {"kind": "TrendsQuery", "dateRange": {"date_from": "-7d"},
                                              "series": [{"kind": "EventsNode", "event": "file_shared"}]}}


def test_list_pages_searches_and_finds_by_short_id(api):
    rows, pages = walk(api, "/insights/", {"limit": 10})
    assert len(rows) == pages[0]["count"] == len({r["id"] for r in rows}) > 40
    assert all(not r["deleted"] for r in rows)
    found = api.get("/insights/", params={"search": "SIGNUP to"}).json()["results"]
    assert [r["name"] for r in found] == ["Signup to first upload"]
    one = api.get("/insights/", params={"short_id": found[0]["short_id"]}).json()
    assert one["count"] == 1 and one["results"][0]["id"] == found[0]["id"]


def test_tiles_show_the_insights_the_insights_api_serves(api):
    tile = next(t for t in api.get("/dashboards/2/").json()["tiles"] if t["insight"])
    insight = api.get(f"/insights/{tile['insight']['id']}/").json()
    for key in ("id", "short_id", "name", "query", "result", "last_refresh", "dashboards"):
        assert insight[key] == tile["insight"][key], key
    api.patch(f"/insights/{insight['id']}/", json={"name": "Renamed from the insight"})
    again = next(t for t in api.get("/dashboards/2/").json()["tiles"] if t["id"] == tile["id"])
    assert again["insight"]["name"] == "Renamed from the insight"


def test_creating_with_dashboards_places_a_tile_on_each(api):
    created = api.post("/insights/", json={"name": " Shares ", "query": TREND, "dashboards": [5, 12],
                                           "tags": ["Files "]})
    assert created.status_code == 201
    insight = created.json()
    assert insight["name"] == "Shares" and insight["tags"] == ["files"] and insight["dashboards"] == [5, 12]
    assert insight["result"] is None and insight["short_id"]
    for dashboard_id in (5, 12):
        tiles = [t for t in api.get(f"/dashboards/{dashboard_id}/").json()["tiles"]
                 if t["insight"] and t["insight"]["id"] == insight["id"]]
        assert len(tiles) == 1 and tiles[0]["layouts"] == {}
    bad = api.post("/insights/", json={"name": "x", "dashboards": [999]})
    assert bad.status_code == 400 and bad.json()["attr"] == "dashboards" and bad.json()["code"] == "does_not_exist"


def test_patch_moves_between_dashboards_and_soft_deletes(api):
    insight = api.post("/insights/", json={"name": "Moving", "query": TREND, "dashboards": [5]}).json()
    moved = api.patch(f"/insights/{insight['id']}/", json={"dashboards": [12], "description": "now here"}).json()
    assert moved["dashboards"] == [12] and moved["description"] == "now here"
    on_five = api.get("/dashboards/5/").json()["tiles"]
    assert not any(t["insight"] and t["insight"]["id"] == insight["id"] for t in on_five)
    changed = api.patch(f"/insights/{insight['id']}/", json={"query": {**TREND, "source": {**TREND["source"],
                                                                     "dateRange": {"date_from": "-3d"}}}}).json()
    assert changed["query"]["source"]["dateRange"] == {"date_from": "-3d"}
    assert api.delete(f"/insights/{insight['id']}/").status_code == 405
    assert api.patch(f"/insights/{insight['id']}/", json={"deleted": True}).json()["deleted"] is True
    assert api.get(f"/insights/{insight['id']}/").status_code == 404
    assert insight["id"] not in {r["id"] for r in walk(api, "/insights/", {"limit": 100})[0]}
    assert api.get("/dashboards/12/").json()["tiles"] == []
    restored = api.patch(f"/insights/{insight['id']}/", json={"deleted": False, "dashboards": [12]}).json()
    assert restored["deleted"] is False and restored["dashboards"] == [12]


def test_insight_scopes(demo):
    with client_for(demo, DEMO_NO_SCOPE_KEY) as none, client_for(demo, DEMO_READ_ONLY_KEY) as reader:
        assert none.get("/insights/").json()["detail"] == "API key missing required scope 'insight:read'"
        assert reader.get("/insights/").status_code == 200
        denied = reader.post("/insights/", json={"name": "x"})
        assert denied.json()["detail"] == "API key missing required scope 'insight:write'"


def _results(api, dashboard_id: int, **params) -> dict[str, object]:
    rows = api.get(f"/dashboards/{dashboard_id}/run_insights/", params={"output_format": "json", **params}).json()
    return {row["insight"]["name"]: row["insight"]["result"] for row in rows["results"]}


def test_run_insights_serves_the_cache_and_computes_on_blocking(api):
    cached = _results(api, 4)
    assert cached["Daily invite_sent (new)"] is None and cached["Daily plan_upgraded"] is not None
    optimized = api.get("/dashboards/4/run_insights/").json()["results"]
    assert any(row["insight"]["result"] is None for row in optimized)
    computed = _results(api, 4, refresh="blocking")
    series = computed["Daily invite_sent (new)"][0]
    invites = api.get("/events/", params={"event": "invite_sent", "after": "-14d", "limit": 1000}).json()["results"]
    assert series["count"] == sum(series["data"]) == len(invites) > 0 and len(series["days"]) == 15
    assert computed["Daily plan_upgraded"] == cached["Daily plan_upgraded"]  # fresh results are kept
    assert _results(api, 4)["Daily invite_sent (new)"] == computed["Daily invite_sent (new)"]
    recomputed = _results(api, 4, refresh="force_blocking")
    assert recomputed["Daily plan_upgraded"] != cached["Daily plan_upgraded"]
    bad = api.get("/dashboards/4/run_insights/", params={"refresh": "sometimes"})
    assert bad.status_code == 400 and bad.json()["attr"] == "refresh"


def test_blocking_retrieve_computes_funnels_over_actions(api):
    funnel = api.get("/insights/", params={"search": "Signup to first upload"}).json()["results"][0]
    assert funnel["result"] is None
    steps = api.get(f"/insights/{funnel['id']}/", params={"refresh": "blocking"}).json()["result"]
    assert [s["name"] for s in steps] == ["Signed up", "Uploaded a file"]
    assert steps[0]["count"] >= steps[1]["count"] and steps[0]["count"] > 0


def test_run_insights_is_absent_on_legacy_servers(demo_options_server):
    server = demo_options_server(flavour="legacy", event_definitions=50, events=50)
    with httpx.Client(base_url=f"{server.url}/api/projects/1",
                      headers={"Authorization": f"Bearer {server.api_key}"}) as api:
        gone = api.get("/dashboards/1/run_insights/")
    assert gone.status_code == 404 and gone.json()["detail"] == "Endpoint not found."
