from __future__ import annotations

from .conftest import walk


def test_list_orders_pinned_then_name_hides_deleted_and_nulls_tiles(api):
    rows, pages = walk(api, "/dashboards/", {"limit": 5})
    assert pages[0]["count"] == len(rows) == 12 and len({r["id"] for r in rows}) == 12
    assert [r["pinned"] for r in rows[:2]] == [True, True] and not any(r["pinned"] for r in rows[2:])
    assert [r["name"].lower() for r in rows[2:]] == sorted(r["name"].lower() for r in rows[2:])
    assert all(r["tiles"] is None and not r["deleted"] for r in rows)
    assert "Retired launch dashboard" not in {r["name"] for r in rows}


def test_list_search_tags_and_creation_mode(api):
    found = api.get("/dashboards/", params={"search": "BILLING"}).json()["results"]
    assert [r["name"] for r in found] == ["Billing & revenue"] and found[0]["search_match_type"] == "exact"
    assert api.get("/dashboards/", params={"search": "x" * 201}).json()["attr"] == "search"
    tagged = api.get("/dashboards/", params=[("tags", "mobile"), ("tags", "billing")]).json()["results"]
    assert {r["name"] for r in tagged} == {"Mobile app", "Billing & revenue"}
    api.post("/dashboards/create_unlisted_dashboard/", json={"tag": "mcp-analytics"})
    assert api.get("/dashboards/").json()["count"] == 12
    assert api.get("/dashboards/", params={"creation_mode": "unlisted"}).json()["count"] == 1


def test_retrieve_updates_last_accessed_and_deleted_is_404(api):
    before = api.get("/dashboards/", params={"search": "Onboarding"}).json()["results"][0]
    detail = api.get(f"/dashboards/{before['id']}/").json()
    assert detail["last_accessed_at"] == "2026-11-20T12:00:00Z" != before["last_accessed_at"]
    assert [t["order"] for t in detail["tiles"]] == list(range(len(detail["tiles"])))
    assert api.get("/dashboards/13/").status_code == 404


def test_tiles_carry_insights_with_series_and_text_cards(api):
    tiles = api.get("/dashboards/1/").json()["tiles"]
    trend = next(t for t in tiles if t["insight"] and t["insight"]["query"]["source"]["kind"] == "TrendsQuery"
                 and t["insight"]["query"]["source"]["trendsFilter"]["display"] == "ActionsLineGraph")
    assert len(trend["insight"]["result"][0]["data"]) == 14 and trend["insight"]["dashboards"] == [1]
    assert any(t["text"] and t["text"]["body"].startswith("## How") for t in tiles)
    assert all(t["layouts"]["sm"]["x"] + t["layouts"]["sm"]["w"] <= 12 for t in tiles)


def test_delete_is_405_with_empty_body_and_soft_delete_restores(api):
    response = api.delete("/dashboards/2/")
    assert response.status_code == 405 and response.content == b""
    tiles = api.get("/dashboards/2/").json()["tiles"]
    assert api.patch("/dashboards/2/", json={"deleted": True}).json()["deleted"] is True
    assert api.get("/dashboards/2/").status_code == 404
    assert api.patch("/dashboards/2/", json={"name": "x"}).status_code == 404
    assert 2 not in {r["id"] for r in api.get("/dashboards/").json()["results"]}
    restored = api.patch("/dashboards/2/", json={"deleted": False}).json()
    assert restored["deleted"] is False and [t["id"] for t in restored["tiles"]] == [t["id"] for t in tiles]


def test_patch_fields_and_tile_edits(api):
    detail = api.get("/dashboards/3/").json()
    first = detail["tiles"][0]
    body = {"name": "Growth ✨", "pinned": True, "tags": ["a", "a", "b"], "filters": {"date_from": "-7d"},
            "tiles": [{"id": first["id"], "color": "blue", "layouts": {"sm": {"x": 0, "y": 40, "w": 4, "h": 4}}},
                      {"id": 99999, "color": "red"}, {"text": {"body": "new note"}, "layouts": {}},
                      {"id": detail["tiles"][-1]["id"], "deleted": True}]}
    patched = api.patch("/dashboards/3/", json=body).json()
    assert patched["name"] == "Growth ✨" and patched["pinned"] and patched["tags"] == ["a", "b"]
    assert patched["filters"] == {"date_from": "-7d"}
    by_id = {t["id"]: t for t in patched["tiles"]}
    assert by_id[first["id"]]["color"] == "blue" and by_id[first["id"]]["layouts"]["sm"]["y"] == 40
    assert detail["tiles"][-1]["id"] not in by_id
    assert any(t["text"] and t["text"]["body"] == "new note" for t in patched["tiles"])
    assert api.patch("/dashboards/3/", json={"filters": {}}).json()["filters"] == {"date_from": "-7d"}


def test_create_plain_and_duplicate(api):
    plain = api.post("/dashboards/", json={"name": "Mine", "description": "d", "tags": ["t"]})
    assert plain.status_code == 201 and plain.json()["tiles"] == [] and plain.json()["creation_mode"] == "default"
    source = api.get("/dashboards/1/").json()
    copy = api.post("/dashboards/", json={"name": "Copy", "use_dashboard": 1}).json()
    assert copy["creation_mode"] == "duplicate" and len(copy["tiles"]) == len(source["tiles"])
    assert {t["insight"]["id"] for t in copy["tiles"] if t["insight"]} == \
        {t["insight"]["id"] for t in source["tiles"] if t["insight"]}
    deep = api.post("/dashboards/", json={"name": "Deep", "use_dashboard": 1, "duplicate_tiles": True}).json()
    assert all(t["insight"]["name"].endswith(" (Copy)") for t in deep["tiles"] if t["insight"])
    both = api.post("/dashboards/", json={"use_dashboard": 1, "use_template": "x"})
    assert both.status_code == 400 and both.json()["attr"] is None
    assert api.post("/dashboards/", json={"use_dashboard": 404}).json()["attr"] == "use_dashboard"


def test_bulk_update_tags(api):
    result = api.post("/dashboards/bulk_update_tags/", json={"ids": [4, 999], "action": "add", "tags": ["q4"]}).json()
    assert result == {"updated": [{"id": 4, "tags": ["billing", "q4"]}],
                      "skipped": [{"id": 999, "reason": "Not found"}]}
    assert api.post("/dashboards/bulk_update_tags/", json={"ids": [4], "action": "zap"}).json()["attr"] == "action"


def test_create_from_template_json_answers_200(api):
    template = {"template_name": "From JSON", "dashboard_description": "tmpl", "tags": ["tmpl"],
                "tiles": [{"type": "INSIGHT", "name": "Signups", "query": {"kind": "TrendsQuery"}},
                          {"type": "TEXT", "body": "hello"}]}
    response = api.post("/dashboards/create_from_template_json/", json={"template": template})
    assert response.status_code == 200
    assert response.json()["creation_mode"] == "template" and len(response.json()["tiles"]) == 2
    assert api.post("/dashboards/create_from_template_json/", json={"template": {}}).status_code == 400


def test_create_unlisted_dashboard_statuses(api):
    assert api.post("/dashboards/create_unlisted_dashboard/", json={}).json() == {"error": "tag is required"}
    unknown = api.post("/dashboards/create_unlisted_dashboard/", json={"tag": "x"})
    assert unknown.status_code == 400 and unknown.json() == {"error": "Unknown template tag: x"}
    created = api.post("/dashboards/create_unlisted_dashboard/", json={"tag": "llm-analytics"})
    assert created.status_code == 201 and created.json()["creation_mode"] == "unlisted"
    again = api.post("/dashboards/create_unlisted_dashboard/", json={"tag": "llm-analytics"})
    assert again.status_code == 409
    assert again.json() == {"error": "Unlisted dashboard with tag 'llm-analytics' already exists"}
