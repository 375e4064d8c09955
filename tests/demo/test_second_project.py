"""The second project is smaller and set up differently, with some names shared with Hedgebox."""

from __future__ import annotations

import httpx
import pytest

from tui.demo import SECOND_PROJECT_ID


@pytest.fixture
def staging(demo):
    headers = {"Authorization": f"Bearer {demo.api_key}"}
    with httpx.Client(base_url=f"{demo.url}/api/projects/{SECOND_PROJECT_ID}", headers=headers, timeout=10) as c:
        yield c


def _names(client, path: str, **params) -> dict[str, dict]:
    return {row["name"]: row for row in client.get(path, params={"limit": 5000, **params}).json()["results"]}


def test_definitions_overlap_by_name_and_differ_in_content(api, staging):
    mine, theirs = _names(api, "/event_definitions/"), _names(staging, "/event_definitions/")
    assert 20 <= len(theirs) < 50 < len(mine)
    shared = set(mine) & set(theirs)
    assert {"$pageview", "signed_up", "file_uploaded"} <= shared
    assert {"signup_v2_started", "qa_smoke_test_failed"} <= set(theirs) - set(mine)
    assert "billing_plan_viewed" in set(mine) - set(theirs)
    assert theirs["signed_up"]["description"] != mine["signed_up"]["description"]
    assert "staging" in theirs["signed_up"]["tags"] and theirs["signed_up"]["id"] != mine["signed_up"]["id"]


def test_schemas_actions_and_dashboards_overlap_and_differ(api, staging):
    groups = _names(staging, "/schema_property_groups/")
    assert set(groups) == {"Page context", "File", "QA run"}
    mine = _names(api, "/schema_property_groups/")
    assert {p["name"] for p in groups["File"]["properties"]} != {p["name"] for p in mine["File"]["properties"]}
    actions = _names(staging, "/actions/")
    assert len(actions) == 5 and "Started signup v2" in actions
    assert len(actions["Signed up"]["steps"]) == 2 != len(_names(api, "/actions/")["Signed up"]["steps"])
    boards = _names(staging, "/dashboards/")
    assert set(boards) == {"Product analytics", "Release checks", "Signup v2 rollout"}
    theirs = staging.get(f"/dashboards/{boards['Product analytics']['id']}/").json()["tiles"]
    ours = api.get("/dashboards/1/").json()["tiles"]
    assert 0 < len(theirs) < len(ours)


def test_events_come_from_the_staging_traffic(staging):
    rows = staging.get("/events/", params={"after": "-7d", "limit": 1000}).json()["results"]
    names = {row["event"] for row in rows}
    assert len(rows) == 400 and {"qa_smoke_test_passed", "signup_v2_started"} <= names
    assert "search_performed" not in names
    seen = staging.get("/event_definitions/by_name/", params={"name": "qa_smoke_test_passed"}).json()["last_seen_at"]
    assert seen.startswith("2026-11-")
