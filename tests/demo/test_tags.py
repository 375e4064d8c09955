"""Tags are stored the way PostHog's `tagify` leaves them: trimmed, lower case, once each, no blanks."""

from __future__ import annotations

MESSY = ["  Growth ", "growth", "GROWTH", "", "   ", "Q4 Launch"]
CLEAN = ["growth", "q4 launch"]


def test_definitions_dashboards_and_actions_store_normalised_tags(api):
    definition = api.get("/event_definitions/by_name/", params={"name": "signed_up"}).json()
    assert api.patch(f"/event_definitions/{definition['id']}/", json={"tags": MESSY}).json()["tags"] == CLEAN
    assert api.patch("/dashboards/4/", json={"tags": MESSY}).json()["tags"] == CLEAN
    assert api.post("/dashboards/", json={"name": "Tagged", "tags": MESSY}).json()["tags"] == CLEAN
    assert api.patch("/actions/3/", json={"tags": MESSY}).json()["tags"] == CLEAN
    assert api.post("/actions/", json={"name": "Tagged action", "tags": MESSY}).json()["tags"] == CLEAN


def test_bulk_update_tags_normalises_and_drops_blanks_for_every_action(api):
    ids = [d["id"] for d in api.get("/event_definitions/", params={"search": "file_", "limit": 2}).json()["results"]]
    added = api.post("/event_definitions/bulk_update_tags/", json={"ids": ids, "action": "set", "tags": MESSY}).json()
    assert [row["tags"] for row in added["updated"]] == [CLEAN, CLEAN]
    more = api.post("/event_definitions/bulk_update_tags/", json={"ids": ids, "action": "add", "tags": [" Core", ""]})
    assert more.json()["updated"][0]["tags"] == [*CLEAN, "core"]
    removed = api.post("/event_definitions/bulk_update_tags/",
                       json={"ids": ids, "action": "remove", "tags": ["GROWTH "]})
    assert removed.json()["updated"][0]["tags"] == ["q4 launch", "core"]
    boards = api.post("/dashboards/bulk_update_tags/", json={"ids": [4], "action": "add", "tags": [" Billing", "Ops "]})
    assert boards.json()["updated"] == [{"id": 4, "tags": ["billing", "ops"]}]


def test_dashboard_tag_filter_matches_the_stored_name_exactly(api):
    api.patch("/dashboards/7/", json={"tags": ["Mobile Team"]})
    assert [d["id"] for d in api.get("/dashboards/", params={"tags": "mobile team"}).json()["results"]] == [7]
    assert api.get("/dashboards/", params={"tags": "Mobile Team"}).json()["results"] == []
    assert api.get("/dashboards/", params={"tags": "mobile"}).json()["results"] == []
