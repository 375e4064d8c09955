from __future__ import annotations

import httpx


def test_list_is_count_and_results_without_next(api):
    page = api.get("/actions/").json()
    assert set(page) == {"count", "results"} and page["count"] == len(page["results"]) == 40
    seen, offset = [], 0
    while True:
        rows = api.get("/actions/", params={"limit": 7, "offset": offset}).json()
        assert rows["count"] == 40 and set(rows) == {"count", "results"}
        if not rows["results"]:
            break
        seen.extend(r["id"] for r in rows["results"])
        offset += 7
    assert len(seen) == len(set(seen)) == 40


def test_list_search_tags_and_ordering(api):
    assert {r["name"] for r in api.get("/actions/", params={"search": "UPLOAD"}).json()["results"]} >= {
        "Uploaded a file", "Clicked upload button"}
    billing = api.get("/actions/", params={"tags": '["billing"]'}).json()["results"]
    assert billing and all("billing" in r["tags"] for r in billing)
    names = [r["name"] for r in api.get("/actions/", params={"ordering": "-name"}).json()["results"]]
    assert names == sorted(names, reverse=True)


def test_legacy_list_is_results_only(demo_options_server):
    server = demo_options_server(flavour="legacy", event_definitions=50, events=300)
    headers = {"Authorization": f"Bearer {server.api_key}"}
    with httpx.Client(base_url=f"{server.url}/api/projects/1", headers=headers) as api:
        page = api.get("/actions/", params={"limit": 1}).json()
        assert list(page) == ["results"] and len(page["results"]) == 40
        assert api.get("/actions/1/count/").json()["count"] >= 1
        people = api.get("/actions/people/", params={"id": 1}).json()
        assert people["results"][0]["count"] == len(people["results"][0]["people"]) >= 1


def test_count_and_people_are_404_on_current_servers(api):
    assert api.get("/actions/1/count/").status_code == 404
    assert api.get("/actions/people/", params={"id": 1}).status_code == 404


def test_crud_soft_delete_and_405_delete(api):
    created = api.post("/actions/", json={"name": "Opened pricing", "steps": [
        {"event": "$pageview", "url": "/pricing"}, {"selector": "a.pricing", "text": "Pricing"}]})
    assert created.status_code == 201
    action = created.json()
    assert action["steps"][0]["url_matching"] == "contains" and action["steps"][1]["text_matching"] == "exact"
    assert action["steps"][1]["selector_regex"] and action["is_action"] is True
    url = f"/actions/{action['id']}/"
    deleted = api.delete(url)
    assert deleted.status_code == 405 and deleted.content == b""
    assert api.patch(url, json={"deleted": True}).json()["deleted"] is True
    assert api.get(url).json()["deleted"] is True
    assert action["id"] not in {r["id"] for r in api.get("/actions/").json()["results"]}
    assert api.post("/actions/", json={"name": "Opened pricing"}).status_code == 201  # freed by the soft delete


def test_unique_name_and_step_validation(api):
    clash = api.post("/actions/", json={"name": "Signed up"})
    assert clash.json() == {"type": "validation_error", "code": "unique", "attr": "name",
                            "detail": "This project already has an action with this name, ID 1"}
    bad = api.post("/actions/", json={"name": "Bad", "steps": [{"event": "a"}, {"url": "/x", "url_matching": "fuzzy"}]})
    assert bad.status_code == 400
    assert bad.json()["attr"] == "steps__1__url_matching" and bad.json()["code"] == "invalid_choice"
    assert api.post("/actions/", json={"name": " "}).json()["code"] == "blank"


def test_pinned_at_uses_server_time_and_references(api):
    pinned = api.patch("/actions/2/", json={"pinned_at": "1999-01-01T00:00:00Z"}).json()
    assert pinned["pinned_at"] == "2026-11-20T12:00:00Z"
    assert api.patch("/actions/2/", json={"pinned_at": None}).json()["pinned_at"] is None


def test_references_list_the_insights_using_an_action(api):
    references = api.get("/actions/1/references/").json()
    assert references and {r["type"] for r in references} == {"insight"}
    first = references[0]
    assert set(first) == {"type", "id", "name", "url", "created_at", "created_by"}
    assert first["url"] == f"/insights/{first['id']}" and first["name"] == "Signed up"
    assert api.get("/actions/5/references/").json() == []


def test_include_reference_count_adds_the_count_to_list_rows(api):
    plain = api.get("/actions/").json()["results"]
    assert not any("reference_count" in row for row in plain)
    counted = api.get("/actions/", params={"include_reference_count": "true"}).json()["results"]
    counts = {row["id"]: row["reference_count"] for row in counted}
    assert counts[1] == len(api.get("/actions/1/references/").json()) >= 1 and counts[5] == 0
