"""The Query API through the client: HogQL, EventsQuery keyset paging, async runs, the query cap."""

from __future__ import annotations

import asyncio
import json

import pytest
from scripted_http import FAST_RETRY, Reply

from tui.api import errors, models
from tui.api.client import PostHogClient
from tui.api.endpoints.query import keyset_condition

WEEK = "-7d"


def query_bodies(demo):
    return [r.body for r in demo.requests if r.method == "POST" and r.path.rstrip("/").endswith("/query")]


async def listed_week(client, **params) -> list[models.Event]:
    return await client.events.all(after=WEEK, **params)


async def test_hogql_answers_rows_columns_and_types(client):
    answer = await client.query.hogql(
        "SELECT event, count() AS n FROM events WHERE timestamp > now() - INTERVAL {days} DAY "
        "AND event = {name} GROUP BY event", values={"days": 7, "name": "$pageview"})
    assert isinstance(answer, models.QueryResponse)
    assert answer.columns == ["event", "n"] and answer.type_names == ["String", "UInt64"]
    expected = len(await listed_week(client, event="$pageview"))
    assert answer.rows() == [{"event": "$pageview", "n": expected}] and answer.has_more is False


async def test_hogql_errors_name_what_is_unsupported(client):
    with pytest.raises(errors.RequestValidationError) as caught:
        await client.query.hogql("SELECT e.event FROM events e JOIN persons p ON p.id = e.person_id")
    assert "JOIN is not supported" in str(caught.value)
    with pytest.raises(errors.RequestValidationError) as caught:
        await client.query.hogql("SELECT uuid FROM events LIMIT 10 OFFSET 10")
    assert "keyset pagination" in str(caught.value)


async def test_events_pages_by_keyset_and_never_sends_offset(client, demo):
    pages = [page async for page in client.query.events(select=["uuid", "event"], after=WEEK, page_size=700)]
    assert [len(p.results) for p in pages] == [700, 700, 700, 700, 200]
    assert all(p.columns == ["uuid", "event"] for p in pages)  # the keyset columns are not handed back
    expected = await listed_week(client)
    assert [row[0] for p in pages for row in p.results] == [e.id for e in expected]
    sent = [body["query"] for body in query_bodies(demo)]
    assert len(sent) == 5 and not any("offset" in node for node in sent)
    assert "where" not in sent[0] and all("toString(uuid) <" in node["where"][0] for node in sent[1:])
    assert sent[0]["orderBy"] == ["timestamp DESC", "toString(uuid) DESC"]


def test_keyset_condition_splits_ties_on_the_timestamp_by_uuid():
    text = keyset_condition("2026-11-20T11:59:58.123000Z", "abc", descending=True)
    assert text == ("timestamp < toDateTime64('2026-11-20 11:59:58.123000', 6, 'UTC') OR (timestamp = "
                    "toDateTime64('2026-11-20 11:59:58.123000', 6, 'UTC') AND toString(uuid) < 'abc')")
    assert "timestamp > " in keyset_condition("2026-11-20T12:00:00+00:00", "o'k", descending=False)
    assert "'o\\'k'" in keyset_condition("2026-11-20T12:00:00+00:00", "o'k")


async def test_event_pages_use_the_query_api_with_the_events_list_filters(client, demo):
    some = (await listed_week(client, event="file_uploaded"))[0]
    person = demo.state.projects[1].log.person_of[some.id]
    filters = [{"key": "$browser", "value": some.properties["$browser"]}]
    cases = [{"event": "file_uploaded"}, {"distinct_id": some.distinct_id}, {"person_id": person["uuid"]},
             {"action_id": 2}, {"properties": filters}]
    for case in cases:
        pages = [p async for p in client.query.event_pages(after=WEEK, page_size=400, **case)]
        got = [e.id for p in pages for e in p.results]
        params = {**case, "properties": json.dumps(filters)} if "properties" in case else case
        assert got == [e.id for e in await listed_week(client, **params)], case
        assert client.query.events_source == "query"
        assert [p.offset for p in pages] == [sum(len(q.results) for q in pages[:i]) for i in range(len(pages))]
    first = await anext(client.query.event_pages(event="file_uploaded", after=WEEK, include_person=True))
    event = first.results[0]
    assert isinstance(event, models.Event) and event.timestamp.tzinfo is not None
    assert event.person["distinct_id"] == event.distinct_id and event.properties["file_id"]


async def test_event_pages_fall_back_to_the_events_list_without_the_query_api(scripted):
    row = {"id": "0190c6c4-0000-4000-8000-000000000001", "event": "$pageview", "distinct_id": "d",
           "timestamp": "2026-11-20T11:00:00.000+00:00", "properties": {}, "elements": []}
    server = await scripted(
        Reply(404, '{"type":"invalid_request","code":"not_found","detail":"Endpoint not found.","attr":null}'),
        Reply(200, json.dumps({"next": None, "results": [row]})))
    async with PostHogClient(server.url, "phx_unreachable_key_123", 1, **FAST_RETRY) as api:
        pages = [p async for p in api.query.event_pages(event="$pageview", after=WEEK)]
        assert [e.id for p in pages for e in p.results] == [row["id"]] and api.query.events_source == "events"
    first, second = server.requests
    assert first.method == "POST" and first.target == "/api/projects/1/query/"
    assert second.method == "GET" and second.target.startswith("/api/projects/1/events/")
    assert "event=%24pageview" in second.target and "after=-7d" in second.target


async def test_event_pages_say_why_they_fell_back_to_the_events_list(client, demo):
    demo.set_options(query_api=False)
    pages = [p async for p in client.query.event_pages(event="$pageview", after=WEEK)]
    assert [e.id for p in pages for e in p.results] == [e.id for e in await listed_week(client, event="$pageview")]
    assert client.query.events_source == "events"
    assert client.query.events_unavailable == "Endpoint not found."
    demo.set_options(query_api=True)
    await anext(client.query.event_pages(after=WEEK))
    assert (client.query.events_source, client.query.events_unavailable) == ("query", None)


async def test_a_big_async_answer_is_decoded_the_same_in_slices(client, demo, monkeypatch):
    from tui.api.endpoints import query

    node = {"kind": "HogQLQuery", "query": "SELECT uuid, event, timestamp FROM events LIMIT 50000"}
    answers = []
    for threshold in (10**9, 1):  # at once, then in slices
        monkeypatch.setattr(query, "DECODE_IN_SLICES", threshold)
        started = await client.query.start(node)
        answers.append((await client.query.wait(started.id, interval=0.05)).results)
    assert answers[0]["results"] == answers[1]["results"] and len(answers[1]["results"]) == demo.options.events > 1000


async def test_async_query_is_started_polled_and_cancelled(demo_options_server):
    server = demo_options_server(event_definitions=50, events=300, query_seconds=0.3)
    async with PostHogClient(server.url, server.api_key, server.project_id, **FAST_RETRY) as api:
        node = {"kind": "HogQLQuery", "query": "SELECT count() FROM events WHERE timestamp > '2026-11-01'"}
        started = await api.query.start(node, client_query_id="count-week")
        assert started.id == "count-week" and started.complete is False and started.team_id == 1
        done = await api.query.wait(started.id, interval=0.05, timeout=5)
        assert done.complete and not done.error and done.results["results"] == [[300]]
        slow = await api.query.start(node)
        await api.query.cancel(slow.id)
        cancelled = await api.query.status(slow.id)
        assert cancelled.complete and cancelled.error


async def test_a_failed_async_query_says_only_the_servers_sentence(demo_options_server):
    server = demo_options_server(event_definitions=50, events=300, query_seconds=0.1)
    async with PostHogClient(server.url, server.api_key, server.project_id, **FAST_RETRY) as api:
        started = await api.query.start({"kind": "HogQLQuery", "query": "bogus(SELECT 1"})
        done = await api.query.wait(started.id, interval=0.05, timeout=5)
        assert done.complete and done.error
        assert done.error_message.startswith("Syntax error"), done.error_message
        assert "team_id" not in done.error_message and "{" not in done.error_message


async def test_the_client_runs_at_most_three_queries_and_says_when_one_waits(demo_options_server):
    server = demo_options_server(event_definitions=50, events=100, query_seconds=0.25)
    seen_waiting: list[int] = []
    async with PostHogClient(server.url, server.api_key, server.project_id, **FAST_RETRY) as api:
        api.query.on_wait = seen_waiting.append
        peaks = []

        async def one() -> None:
            await api.query.hogql("SELECT count() FROM events")

        async def watch() -> None:
            while len(peaks) < 200:
                peaks.append((api.query.running, api.query.waiting))
                await asyncio.sleep(0.01)

        watcher = asyncio.create_task(watch())
        await asyncio.gather(*(one() for _ in range(5)))
        watcher.cancel()
    assert max(r for r, _ in peaks) == 3 and max(w for _, w in peaks) == 2
    assert seen_waiting[:2] == [1, 2] and seen_waiting[-1] == 0
    assert server.state.query_peak[1] == 3


async def test_queries_use_the_query_bucket_and_say_they_only_read(client, monkeypatch):
    buckets: list[str] = []
    original = client.session.limiter.acquire

    async def acquire(bucket: str) -> None:
        buckets.append(bucket)
        await original(bucket)

    monkeypatch.setattr(client.session.limiter, "acquire", acquire)
    calls = []
    call = client.query.call

    async def spy(method, *parts, **kwargs):
        calls.append((method, kwargs.get("reads")))
        return await call(method, *parts, **kwargs)

    monkeypatch.setattr(client.query, "call", spy)
    await client.query.hogql("SELECT 1 FROM events LIMIT 1")
    assert buckets == ["query"] and calls == [("POST", True)]


async def test_all_events_reads_time_slices_at_once_and_keeps_an_event_on_an_edge(client):
    from datetime import timedelta

    listed = await listed_week(client)
    middle = listed[len(listed) // 2]
    stamp = middle.timestamp
    span = timedelta(hours=5)
    # Two slices: the edge between them is exactly the middle event's timestamp.
    rows = await client.query.all_events(after=stamp - span, before=stamp + span, windows=2, page_size=300)
    expected = [e.id for e in listed if stamp - span < e.timestamp < stamp + span]
    assert [e.id for e in rows] == expected and middle.id in {e.id for e in rows}
    week_rows = await client.query.all_events(after=stamp - timedelta(days=30), before=stamp + timedelta(days=30))
    assert len(week_rows) == len(listed) == len({e.id for e in week_rows})
