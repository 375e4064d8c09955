from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx

from .conftest import walk

NOW = datetime.fromisoformat("2026-11-20T12:00:00+00:00")


def test_first_page_is_newest_first_within_the_last_day(api):
    page = api.get("/events/").json()
    assert set(page) == {"next", "results"} and len(page["results"]) == 100
    stamps = [datetime.fromisoformat(e["timestamp"]) for e in page["results"]]
    assert stamps == sorted(stamps, reverse=True)
    assert all(NOW - timedelta(hours=24) < s <= NOW for s in stamps)
    assert all(e["timestamp"].endswith("+00:00") for e in page["results"])
    assert page["results"][0]["person"] is None


def test_next_replaces_before_with_the_last_timestamp_and_keeps_other_params(api):
    page = api.get("/events/", params={"event": "$pageview", "limit": 50, "offset": 0}).json()
    query = parse_qs(urlsplit(page["next"]).query)
    assert query["before"] == [page["results"][-1]["timestamp"]]
    assert query["event"] == ["$pageview"] and query["limit"] == ["50"] and query["offset"] == ["0"]
    following = api.get(page["next"]).json()["results"]
    assert following[0]["timestamp"] < page["results"][-1]["timestamp"]  # exclusive bound


def test_walking_next_slides_the_default_day_window_back_through_the_week(api, demo):
    week, pages = walk(api, "/events/", {"limit": 1000, "after": "-7d"})
    assert len(week) == len({e["id"] for e in week}) == demo.options.events and pages[-1]["next"] is None
    # Without `after`, each page's window is [before - 24h, before): a page that holds the rest of its
    # window has no next, while smaller pages keep re-deriving the window from the new `before`.
    day = [e for e in week if datetime.fromisoformat(e["timestamp"]) > NOW + timedelta(seconds=5) - timedelta(hours=24)]
    one_window, _ = walk(api, "/events/", {"limit": 1000})
    assert [e["id"] for e in one_window] == [e["id"] for e in day] and len(day) < 1000
    sliding, _ = walk(api, "/events/", {"limit": 100})
    assert [e["id"] for e in sliding] == [e["id"] for e in week]
    ascending, _ = walk(api, "/events/", {"limit": 700, "after": "-7d", "orderBy": '["timestamp"]'})
    assert [e["id"] for e in ascending] == [e["id"] for e in reversed(week)]


def test_filters_event_distinct_id_person_and_properties(api, demo):
    some = api.get("/events/", params={"event": "file_uploaded", "after": "-7d", "limit": 1000}).json()["results"]
    assert some and {e["event"] for e in some} == {"file_uploaded"}
    distinct = some[0]["distinct_id"]
    mine = api.get("/events/", params={"distinct_id": distinct, "after": "-7d", "limit": 1000}).json()["results"]
    assert mine and {e["distinct_id"] for e in mine} == {distinct}
    person = demo.state.projects[1].log.person_of[some[0]["id"]]
    by_person = api.get("/events/", params={"person_id": person["uuid"], "after": "-7d", "limit": 1000,
                                            "include_person": "true"}).json()["results"]
    assert {e["id"] for e in mine} <= {e["id"] for e in by_person}
    assert by_person[0]["person"]["distinct_ids"] == person["distinct_ids"][:1]
    safari = api.get("/events/", params={"properties": json.dumps([{"key": "$browser", "value": "Safari"}]),
                                         "limit": 1000}).json()["results"]
    assert safari and {e["properties"]["$browser"] for e in safari} == {"Safari"}
    grouped = {"type": "AND", "values": [{"key": "file_size_bytes", "value": 40_000_000, "operator": "gt"}]}
    big = api.get("/events/", params={"properties": json.dumps(grouped), "after": "-7d", "limit": 1000}).json()
    assert big["results"] and all(e["properties"]["file_size_bytes"] > 40_000_000 for e in big["results"])


def test_unparsable_properties_and_limit_cap(api):
    bad = api.get("/events/", params={"properties": "{nope"})
    assert bad.status_code == 400 and bad.json()["detail"] == "Properties are unparsable!"
    assert len(api.get("/events/", params={"limit": 5000, "after": "-7d"}).json()["results"]) == 1000


def test_csv_renders_flattened_rows_without_next(api):
    response = api.get("/events/", params={"format": "csv", "limit": 20, "event": "$autocapture", "after": "-7d"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 20 and "properties.$browser" in rows[0] and "elements.0.tag_name" in rows[0]


def test_retrieve_event_and_its_errors(api):
    event = api.get("/events/").json()["results"][0]
    assert api.get(f"/events/{event['id']}/").json() == event
    invalid = api.get("/events/not-a-uuid/")
    assert invalid.status_code == 400
    assert invalid.json() == {"detail": "Invalid UUID", "code": "invalid", "type": "validation_error"}
    ghost = "00000000-0000-4000-8000-000000000000"
    missing = api.get(f"/events/{ghost}/")
    assert missing.status_code == 404 and missing.json()["detail"] == f"No events exist for event UUID {ghost}"


def test_values_need_key_and_event_name_and_wrap_results(api):
    assert api.get("/events/values/").json()["detail"] == "You must provide a key"
    assert api.get("/events/values/", params={"key": "$browser"}).status_code == 400
    values = api.get("/events/values/", params={"key": "$browser", "event_name": "$pageview"})
    assert values.headers["cache-control"] == "max-age=10"
    body = values.json()
    assert body["refreshing"] is False
    assert {v["name"] for v in body["results"]} <= {"Chrome", "Safari", "Firefox", "Edge"}
    filtered = api.get("/events/values/", params={"key": "$browser", "event_name": "$pageview", "value": "saf"})
    assert filtered.json()["results"] == [{"name": "Safari"}]
    custom = api.get("/events/values/", params={"key": "custom_event", "event_name": "x"}).json()["results"]
    assert custom and not any(v["name"].startswith("$") for v in custom)


def test_values_legacy_is_a_bare_list_without_event_name(demo_options_server):
    server = demo_options_server(flavour="legacy", event_definitions=50, events=300)
    with httpx.Client(base_url=f"{server.url}/api/projects/1",
                      headers={"Authorization": f"Bearer {server.api_key}"}) as api:
        values = api.get("/events/values/", params={"key": "$os"}).json()
    assert isinstance(values, list) and values and set(values[0]) == {"name"}


def test_event_filter_is_an_exact_name_match(api):
    assert api.get("/events/", params={"event": "$page", "after": "-7d"}).json()["results"] == []
    assert api.get("/events/", params={"event": "$PAGEVIEW", "after": "-7d"}).json()["results"] == []
    rows = api.get("/events/", params={"event": "$pageview", "after": "-7d", "limit": 1000}).json()["results"]
    assert rows and {r["event"] for r in rows} == {"$pageview"}
