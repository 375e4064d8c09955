"""The Query API runs HogQL and EventsQuery over the demo's own events."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tui.demo import DEMO_NO_SCOPE_KEY, DEMO_READ_ONLY_KEY

from .conftest import client_for, walk

ENVELOPE = {"columns", "types", "results", "hasMore", "limit", "offset", "hogql", "timings", "is_cached"}


def hogql(api, sql: str, **extra):
    return api.post("/query/", json={"query": {"kind": "HogQLQuery", "query": sql, **extra}})


def events_query(api, **node):
    return api.post("/query/", json={"query": {"kind": "EventsQuery", **node}})


def week(api, **params) -> list[dict]:
    return walk(api, "/events/", {"after": "-7d", "limit": 1000, **params})[0]


def test_hogql_counts_match_the_events_and_report_clickhouse_types(api):
    response = hogql(api, "SELECT event, count() AS n, max(timestamp) FROM events "
                          "WHERE timestamp > now() - INTERVAL 30 DAY GROUP BY event ORDER BY n DESC LIMIT 5000")
    assert response.status_code == 200
    body = response.json()
    assert ENVELOPE <= set(body) and body["is_cached"] is False and body["hasMore"] is False
    assert body["columns"] == ["event", "n", "max(timestamp)"]
    assert body["types"] == [["event", "String"], ["n", "UInt64"], ["max(timestamp)", "DateTime64(6, 'UTC')"]]
    counts = Counter(e["event"] for e in week(api))
    assert {row[0]: row[1] for row in body["results"]} == dict(counts)
    assert [row[1] for row in body["results"]] == sorted(counts.values(), reverse=True)
    assert body["results"][0][2].endswith("Z")


def test_hogql_subset_dates_properties_and_logic(api):
    sql = ("SELECT toDate(timestamp) AS day, count(), min(properties.$browser) FROM events "
           "WHERE (event = '$pageview' OR event = '$pageleave') AND properties.$browser = 'Safari' "
           "AND NOT properties.$os IN ('Linux', 'Windows') AND timestamp > '2026-11-15' "
           "GROUP BY day ORDER BY day")
    body = hogql(api, sql).json()
    expected = Counter(e["timestamp"][:10] for e in week(api)
                       if e["event"] in ("$pageview", "$pageleave") and e["properties"]["$browser"] == "Safari"
                       and e["properties"]["$os"] not in ("Linux", "Windows") and e["timestamp"] > "2026-11-15")
    assert body["types"][0] == ["day", "Date"]
    assert [(r[0], r[1]) for r in body["results"]] == sorted(expected.items())
    assert {r[2] for r in body["results"]} == {"Safari"}
    numeric = hogql(api, "SELECT count() FROM events WHERE properties.file_size_bytes > 40000000").json()
    assert numeric["results"][0][0] == sum(1 for e in week(api) if e["properties"].get("file_size_bytes", 0) > 4e7)


def test_hogql_limits_default_to_100_and_cap_at_50000(api):
    assert len(hogql(api, "SELECT uuid FROM events").json()["results"]) == 100
    capped = hogql(api, "SELECT uuid FROM events LIMIT 90000").json()
    assert capped["limit"] == 50000 and len(capped["results"]) == 3000 and capped["hasMore"] is False
    more = hogql(api, "SELECT uuid FROM events ORDER BY timestamp DESC LIMIT 10").json()
    assert more["hasMore"] is True and len(more["results"]) == 10


@pytest.mark.parametrize(("sql", "named"), [
    ("SELECT e.event FROM events e JOIN persons p ON p.id = e.person_id", "JOIN"),
    ("SELECT count() FROM (SELECT event FROM events)", "Subqueries"),
    ("SELECT event FROM persons", "`persons`"),
    ("SELECT arrayJoin(elements_chain) FROM events", "arrayJoin"),
    ("SELECT event, count() FROM events", "GROUP BY"),
    ("SELECT event FROM events UNION ALL SELECT event FROM events", "UNION"),
])
def test_unsupported_hogql_is_a_flat_400_naming_what_is_unsupported(api, sql, named):
    response = hogql(api, sql)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"type", "code", "detail", "attr"} and body["type"] == "validation_error"
    assert body["attr"] is None and named in body["detail"]


def test_personal_keys_may_not_use_offset(api):
    for response in (hogql(api, "SELECT uuid FROM events ORDER BY timestamp DESC LIMIT 10 OFFSET 10"),
                     events_query(api, select=["uuid"], offset=100)):
        assert response.status_code == 400
        assert "OFFSET is not supported" in response.json()["detail"]
        assert "keyset pagination on the timestamp column" in response.json()["detail"]


def test_events_query_matches_the_events_list_filters(api):
    properties = [{"key": "$browser", "value": "Chrome", "operator": "exact", "type": "event"}]
    body = events_query(api, select=["uuid", "event", "timestamp", "distinct_id", "properties.$current_url",
                                     "person"], event="$pageview", after="-7d", limit=50000,
                        properties=properties).json()
    listed = week(api, event="$pageview", properties='[{"key": "$browser", "value": "Chrome"}]')
    assert [row[0] for row in body["results"]] == [e["id"] for e in listed]
    assert body["columns"][4] == "properties.$current_url"
    assert body["types"][:3] == ["UUID", "String", "DateTime64(6, 'UTC')"]
    first = body["results"][0]
    assert first[4] == listed[0]["properties"]["$current_url"] and first[5]["distinct_id"] == first[3]
    assert set(first[5]) == {"uuid", "created_at", "properties", "distinct_id"}


def test_events_query_star_where_order_action_and_person(api, demo):
    star = events_query(api, select=["*"], limit=1).json()["results"][0][0]
    assert {"uuid", "event", "properties", "timestamp", "distinct_id", "elements_chain"} <= set(star)
    assert isinstance(star["properties"], dict)
    oldest = events_query(api, select=["uuid", "timestamp"], where=["event = 'file_shared'"],
                          orderBy=["timestamp ASC"], after="-7d").json()["results"]
    assert [r[0] for r in oldest] == [e["id"] for e in reversed(week(api, event="file_shared"))][:100]
    action = events_query(api, select=["uuid", "timestamp"], actionId=2, after="-7d", limit=50000).json()["results"]
    assert [r[0] for r in action] == [e["id"] for e in week(api, action_id=2)]
    person = demo.state.projects[1].log.persons[3]
    mine = events_query(api, select=["uuid", "timestamp"], personId=person["uuid"], after="-7d",
                        limit=50000).json()["results"]
    assert [r[0] for r in mine] == [e["id"] for e in week(api, person_id=person["uuid"])]
    default_window = events_query(api, select=["timestamp"], limit=50000).json()["results"]
    assert len(default_window) == len(walk(api, "/events/", {"limit": 1000})[0])
    unordered = events_query(api, select=["uuid"], after="-7d", limit=5).json()["results"]
    assert [r[0] for r in unordered] == sorted(e["id"] for e in week(api))[:5]  # first column ascending


def test_keyset_paging_on_timestamp_and_uuid_walks_every_event_once(api):
    seen, where = [], []
    while True:
        page = events_query(api, select=["uuid", "timestamp"], after="-7d", limit=700, where=where,
                            orderBy=["timestamp DESC", "uuid DESC"]).json()
        seen.extend(r[0] for r in page["results"])
        if not page["hasMore"]:
            break
        uuid, stamp = page["results"][-1]
        where = [f"timestamp < '{stamp}' OR (timestamp = '{stamp}' AND toString(uuid) < '{uuid}')"]
    assert seen == [e["id"] for e in week(api)]


def test_async_queries_are_polled_and_cancelled(demo_options_server):
    server = demo_options_server(event_definitions=50, events=300, query_seconds=0.4)
    with httpx.Client(base_url=f"{server.url}/api/projects/1",
                      headers={"Authorization": f"Bearer {server.api_key}"}, timeout=10) as api:
        started = api.post("/query/", json={"refresh": "async", "client_query_id": "mine", "query": {
            "kind": "HogQLQuery", "query": "SELECT count() FROM events WHERE timestamp > now() - INTERVAL 7 DAY"}})
        assert started.status_code == 202
        status = started.json()["query_status"]
        assert status["id"] == "mine" and status["team_id"] == 1 and status["complete"] is False
        assert api.get("/query/mine/").status_code == 202
        deadline = time.monotonic() + 5
        while (polled := api.get("/query/mine/")).status_code == 202 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert polled.status_code == 200 and polled.json()["query_status"]["results"]["results"] == [[300]]
        slow = api.post("/query/", json={"refresh": "async", "query": {"kind": "HogQLQuery",
                                                                       "query": "SELECT 1 FROM events"}})
        query_id = slow.json()["query_status"]["id"]
        assert api.delete(f"/query/{query_id}/").json() == {"message": "Query cancelled"}
        cancelled = api.get(f"/query/{query_id}/")
        assert cancelled.status_code == 400 and cancelled.json()["query_status"]["error_message"] == "Query cancelled"
        assert api.get("/query/unknown/").status_code == 404


def test_at_most_three_queries_run_at_once_per_project(demo_options_server):
    server = demo_options_server(event_definitions=50, events=100, query_seconds=0.3)
    body = {"query": {"kind": "HogQLQuery", "query": "SELECT count() FROM events"}}

    def one(_: int) -> int:
        with httpx.Client(base_url=f"{server.url}/api/projects/1", timeout=10,
                          headers={"Authorization": f"Bearer {server.api_key}"}) as api:
            return api.post("/query/", json=body).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(one, range(6)))
    assert statuses == [200] * 6 and time.monotonic() - started >= 0.6
    assert server.state.query_peak[1] == 3


def test_query_needs_query_read_and_obeys_the_throttle(api, demo):
    with client_for(demo, DEMO_NO_SCOPE_KEY) as none, client_for(demo, DEMO_READ_ONLY_KEY) as reader:
        refused = hogql(none, "SELECT 1 FROM events")
        assert refused.status_code == 403 and refused.json()["detail"].endswith("'query:read'")
        assert hogql(reader, "SELECT 1 FROM events LIMIT 1").status_code == 200
    demo.set_options(throttle_per_minute=2)
    statuses = [hogql(api, "SELECT 1 FROM events LIMIT 1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_query_api_can_be_switched_off(demo, api):
    assert api.post("/query/", json={"query": {"kind": "HogQLQuery", "query": "SELECT event FROM events LIMIT 1"}}).status_code == 200
    demo.set_options(query_api=False)
    response = api.post("/query/", json={"query": {"kind": "HogQLQuery", "query": "SELECT event FROM events LIMIT 1"}})
    assert response.status_code == 404 and response.json()["detail"] == "Endpoint not found."
    assert api.get("/query/abc/").status_code == 404
