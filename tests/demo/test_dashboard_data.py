from __future__ import annotations

import json

from tui.demo import DEMO_READ_ONLY_KEY

from .conftest import client_for


def test_run_insights_lists_insight_tiles_in_layout_order(api, demo):
    detail = api.get("/dashboards/1/").json()
    expected = [t["id"] for t in detail["tiles"] if t["insight"]]
    optimized = api.get("/dashboards/1/run_insights/").json()["results"]
    assert [r["id"] for r in optimized] == expected
    assert isinstance(optimized[0]["insight"]["result"], str)
    raw = api.get("/dashboards/1/run_insights/", params={"output_format": "json"}).json()["results"]
    assert raw[0]["insight"]["result"] == detail["tiles"][0]["insight"]["result"]
    with client_for(demo, DEMO_READ_ONLY_KEY) as reader:
        assert reader.get("/dashboards/1/run_insights/").status_code == 200


def test_stream_tiles_sends_metadata_tiles_then_complete(api):
    detail = api.get("/dashboards/1/").json()
    with api.stream("GET", "/dashboards/1/stream_tiles/") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = "".join(response.iter_text())
    blocks = [b for b in raw.split("\n\n") if b]
    assert all(b.startswith("data: ") and "\n" not in b for b in blocks)
    messages = [json.loads(b.removeprefix("data: ")) for b in blocks]
    assert messages[0]["type"] == "metadata"
    assert [t["id"] for t in messages[0]["dashboard"]["tiles"]] == [t["id"] for t in detail["tiles"][:2]]
    assert [(m["type"], m["order"], m["tile"]["id"]) for m in messages[1:-1]] == [
        ("tile", n, t["id"]) for n, t in enumerate(detail["tiles"]) if n >= 2]
    assert messages[-1] == {"type": "complete"}


def test_stream_tiles_orders_by_the_requested_layout(api):
    messages = [json.loads(line.removeprefix("data: ")) for line in
                api.get("/dashboards/1/stream_tiles/", params={"layoutSize": "xs"}).text.split("\n\n") if line]
    tiles = messages[0]["dashboard"]["tiles"] + [m["tile"] for m in messages[1:-1]]
    ys = [t["layouts"]["xs"]["y"] for t in tiles]
    assert ys == sorted(ys)


def test_sharing_object_password_shown_once(api):
    sharing = api.get("/dashboards/1/sharing/").json()
    assert sharing["created_at"] is None and sharing["enabled"] is False and sharing["share_passwords"] == []
    refused = api.post("/dashboards/1/sharing/passwords/", json={})
    assert refused.status_code == 400
    assert refused.json() == {"error": "Password protection must be enabled before creating passwords"}
    enabled = api.patch("/dashboards/1/sharing/", json={"enabled": True, "password_required": True,
                                                         "settings": {"noHeader": True, "bogus": 1}}).json()
    assert enabled["enabled"] and enabled["settings"] == {"noHeader": True} and enabled["created_at"]
    assert api.get("/dashboards/").json()["results"][1]["is_shared"] is True
    assert api.patch("/dashboards/1/sharing/", json={"settings": "x"}).json()["detail"] == "Invalid settings format"
    short = api.post("/dashboards/1/sharing/passwords/", json={"raw_password": "short"})
    assert short.status_code == 400 and short.json()["attr"] == "raw_password"
    created = api.post("/dashboards/1/sharing/passwords/", json={"raw_password": "hedgehog-secret", "note": "ops"})
    assert created.status_code == 201 and created.json()["password"] == "hedgehog-secret"
    generated = api.post("/dashboards/1/sharing/passwords/", json={}).json()
    assert len(generated["password"]) >= 8
    listed = api.get("/dashboards/1/sharing/").json()["share_passwords"]
    assert {p["id"] for p in listed} == {created.json()["id"], generated["id"]}
    assert "hedgehog-secret" not in json.dumps(listed)
    assert api.delete(f"/dashboards/1/sharing/passwords/{created.json()['id']}/").status_code == 204
    assert [p["id"] for p in api.get("/dashboards/1/sharing/").json()["share_passwords"]] == [generated["id"]]
    missing = api.delete("/dashboards/1/sharing/passwords/nope/")
    assert missing.status_code == 404 and missing.json()["detail"] == "Password not found"
    token = api.get("/dashboards/1/sharing/").json()["access_token"]
    assert api.post("/dashboards/1/sharing/refresh/").json()["access_token"] != token


def test_snapshot_and_analyze_refresh_result_are_gone_from_current_servers(api, demo):
    for path in ("/dashboards/1/snapshot/", "/dashboards/1/analyze_refresh_result/"):
        gone = api.post(path, json={})
        assert gone.status_code == 404
        assert gone.json() == {"type": "invalid_request", "code": "not_found", "detail": "Endpoint not found.",
                               "attr": None}
    demo.set_options(session_endpoints=False)
    assert api.post("/dashboards/1/snapshot/", json={}).status_code == 404  # no route, so no scope check either


def test_snapshot_and_analyze_refresh_result_on_legacy_servers(api, demo):
    demo.set_options(flavour="legacy")
    assert api.post("/dashboards/1/analyze_refresh_result/", json={}).json() == {"error": "cache_key is required"}
    expired = api.post("/dashboards/1/analyze_refresh_result/", json={"cache_key": "nope"})
    assert expired.status_code == 400 and "expired" in expired.json()["error"]
    key = api.post("/dashboards/1/snapshot/", json={}).json()["cache_key"]
    same = api.post("/dashboards/1/analyze_refresh_result/", json={"cache_key": key}).json()
    assert same == {"result": "No significant changes detected in the dashboard data."}
    changed_key = api.post("/dashboards/1/snapshot/", json={"client_results": {}}).json()["cache_key"]
    changed = api.post("/dashboards/1/analyze_refresh_result/", json={"cache_key": changed_key}).json()["result"]
    assert "added since the snapshot" in changed
