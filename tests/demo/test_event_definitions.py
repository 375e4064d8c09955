from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from .conftest import walk


def test_list_walks_to_the_end_with_exact_count_and_no_duplicates(api):
    rows, pages = walk(api, "/event_definitions/", {"limit": 300})
    assert len(rows) == pages[0]["count"] == 2000
    assert len({r["id"] for r in rows}) == 2000
    assert pages[0]["previous"] is None and pages[0]["count_is_capped"] is False
    assert parse_qs(urlsplit(pages[1]["previous"]).query) == {"limit": ["300"]}  # offset dropped at 0
    assert pages[0]["next"].startswith("http://127.0.0.1:")


def test_default_order_is_last_seen_date_desc_then_name_with_never_seen_last(api):
    rows, _ = walk(api, "/event_definitions/", {"limit": 1000})
    keys = [((r["last_seen_at"] or "")[:10], r["name"]) for r in rows]
    seen = [k for k in keys if k[0]]
    assert seen == sorted(seen, key=lambda k: (-int(k[0].replace("-", "")), k[1]))
    assert all(not k[0] for k in keys[len(seen):]) and len(seen) < len(keys)


def test_explicit_ordering_with_date_cast_and_name_tiebreaker(api):
    rows = api.get("/event_definitions/", params={"ordering": "-last_seen_at::date", "limit": 2000}).json()["results"]
    assert rows == api.get("/event_definitions/", params={"limit": 2000}).json()["results"]
    by_name = api.get("/event_definitions/", params={"ordering": "name,bogus", "limit": 50}).json()["results"]
    assert [r["name"] for r in by_name] == sorted(r["name"] for r in by_name)


def test_search_requires_every_term_and_sorts_shorter_names_first(api):
    rows = api.get("/event_definitions/", params={"search": "FILE up", "limit": 1000}).json()["results"]
    assert rows and all("file" in r["name"].lower() and "up" in r["name"].lower() for r in rows)
    assert rows[0]["name"] == "file_uploaded"
    assert [len(r["name"]) for r in rows] == sorted(len(r["name"]) for r in rows)


def test_filters_event_type_hidden_stale_verified_names_tags(api):
    def names(**params):
        return [r["name"] for r in api.get("/event_definitions/", params={"limit": 5000, **params}).json()["results"]]

    everything = api.get("/event_definitions/", params={"limit": 5000}).json()["results"]
    assert all(n.startswith("$") for n in names(event_type="event_posthog"))
    assert not any(n.startswith("$") for n in names(event_type="event_custom"))
    assert len(names(event_type="all")) == 2000
    assert api.get("/event_definitions/", params={"event_type": "bogus"}).json()["attr"] == "event_type"
    hidden = {r["name"] for r in everything if r["hidden"]}
    assert hidden and not hidden & set(names(exclude_hidden="true"))
    stale = names(exclude_stale="true")
    assert {r["name"] for r in everything if r["last_seen_at"] is None} <= set(stale) and len(stale) < 2000
    verified = set(names(verified="true"))
    assert "$pageview" in verified and {r["name"] for r in everything if r["verified"]} <= verified
    assert names(names="signed_up,[/]") == sorted(["signed_up", "[/]"], key=lambda n: names().index(n))
    tagged = api.get("/event_definitions/", params={"tags": '["billing"]', "limit": 5000}).json()["results"]
    assert tagged and all("billing" in r["tags"] for r in tagged)


def test_limit_zero_is_rejected(api):
    response = api.get("/event_definitions/", params={"limit": 0})
    assert response.status_code == 400 and response.json()["attr"] == "limit"


def test_seed_has_markup_unicode_and_long_names(api):
    names = {r["name"] for r in api.get("/event_definitions/", params={"limit": 3000}).json()["results"]}
    assert {"[beta] checkout", "[/]", "ファイルをアップロード", "Ünïcödé événement 🦔"} <= names
    assert max(len(n) for n in names) > 200


def test_create_stores_nulls_and_rejects_duplicate_names(api):
    created = api.post("/event_definitions/", json={"name": "report_exported", "description": "CSV"})
    assert created.status_code == 201
    body = created.json()
    assert body["created_at"] is None and body["last_seen_at"] is None and body["description"] == "CSV"
    duplicate = api.post("/event_definitions/", json={"name": "report_exported"})
    assert duplicate.status_code == 400
    assert duplicate.json() == {"type": "validation_error", "code": "unique", "attr": "name",
                                "detail": "Event definition with name 'report_exported' already exists"}
    assert api.post("/event_definitions/", json={}).json()["code"] == "required"


def test_hidden_and_verified_rules(api):
    target = api.get("/event_definitions/by_name/", params={"name": "signed_up"}).json()
    url = f"/event_definitions/{target['id']}/"
    both = api.patch(url, json={"hidden": True, "verified": True})
    assert both.status_code == 400
    assert both.json()["detail"] == "An event cannot be both hidden and verified" and both.json()["attr"] is None
    api.patch(url, json={"hidden": True})
    verified = api.patch(url, json={"verified": True}).json()
    assert verified["verified"] is True and verified["hidden"] is False
    assert verified["verified_by"]["id"] == 1 and verified["verified_at"] == "2026-11-20T12:00:00Z"
    hidden = api.patch(url, json={"hidden": True}).json()
    assert hidden["hidden"] is True and hidden["verified"] is False
    assert hidden["verified_by"] is None and hidden["verified_at"] is None


def test_update_ignores_name_and_post_to_slack_and_expands_owner(api):
    target = api.get("/event_definitions/by_name/", params={"name": "file_uploaded"}).json()
    updated = api.put(f"/event_definitions/{target['id']}/",
                      json={"name": "renamed", "owner": 3, "post_to_slack": True, "tags": ["core", "files"]})
    assert updated.status_code == 200
    body = updated.json()
    assert body["name"] == "file_uploaded" and body["post_to_slack"] is False
    assert body["owner"]["id"] == 3 and body["owner"]["email"] == "wei.liu@hedgebox.net"
    assert body["tags"] == ["core", "files"]
    assert api.patch(f"/event_definitions/{target['id']}/", json={"owner": 99}).json()["attr"] == "owner"
    assert api.get(f"/event_definitions/{target['id']}/").json()["owner"]["id"] == 3


def test_delete_is_a_real_delete(api):
    target = api.get("/event_definitions/by_name/", params={"name": "logged_out"}).json()
    assert api.delete(f"/event_definitions/{target['id']}/").status_code == 204
    assert api.get(f"/event_definitions/{target['id']}/").status_code == 404
    assert api.get("/event_definitions/").json()["count"] == 1999
    assert api.get("/event_definitions/not-a-uuid/").status_code == 404


def test_by_name_errors_are_plain_detail_bodies(api):
    missing = api.get("/event_definitions/by_name/")
    unknown = api.get("/event_definitions/by_name/", params={"name": "nope"})
    assert missing.status_code == 400 and list(missing.json()) == ["detail"]
    assert unknown.status_code == 404 and list(unknown.json()) == ["detail"]


def test_bulk_update_tags_and_verified(api):
    first = api.get("/event_definitions/by_name/", params={"name": "invite_sent"}).json()
    hidden = next(r for r in api.get("/event_definitions/", params={"limit": 2000}).json()["results"] if r["hidden"])
    ghost = "00000000-0000-4000-8000-000000000000"
    tags = api.post("/event_definitions/bulk_update_tags/",
                    json={"ids": [first["id"], ghost], "action": "set", "tags": ["growth", "growth", "b"]}).json()
    assert tags == {"updated": [{"id": first["id"], "tags": ["growth", "b"]}],
                    "skipped": [{"id": ghost, "reason": "Not found"}]}
    removed = api.post("/event_definitions/bulk_update_tags/",
                       json={"ids": [first["id"]], "action": "remove", "tags": ["b"]}).json()
    assert removed["updated"][0]["tags"] == ["growth"]
    verified = api.post("/event_definitions/bulk_update_verified/", json={"ids": [hidden["id"]], "verified": True})
    assert verified.json()["updated"] == [{"id": hidden["id"], "verified": True}]
    assert api.get(f"/event_definitions/{hidden['id']}/").json()["hidden"] is False


def test_large_project_caps_count_but_keeps_paging(demo_options_server):
    import httpx

    server = demo_options_server(event_definitions=60_000, events=100)
    with httpx.Client(base_url=f"{server.url}/api/projects/1",
                      headers={"Authorization": f"Bearer {server.api_key}"}) as client:
        first = client.get("/event_definitions/", params={"limit": 1000, "offset": 20_000}).json()
        assert first["count"] == 10_000 and first["count_is_capped"] is True and first["next"]
        last = client.get("/event_definitions/", params={"limit": 1000, "offset": 59_000}).json()
        assert len(last["results"]) == 1000 and last["next"]  # a full page always offers a next
        assert client.get(last["next"]).json()["results"] == []
        search = client.get("/event_definitions/", params={"search": "billing_card"}).json()
        assert search["count_is_capped"] is False and search["count"] > 0
