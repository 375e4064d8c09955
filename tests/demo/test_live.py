"""The demo looks alive: core events were seen minutes ago, and new events keep arriving on the wall clock."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import httpx

from tui.demo import DemoServer
from tui.demo.event_log import EventLog
from tui.demo.options import DemoOptions
from tui.demo.seed_events import EVENT_WEIGHTS, _persons, catch_up

START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_definitions_were_last_seen_at_their_newest_event(api):
    pageviews = api.get("/events/", params={"event": "$pageview", "limit": 1}).json()["results"]
    definition = api.get("/event_definitions/by_name/", params={"name": "$pageview"}).json()
    seen = datetime.fromisoformat(definition["last_seen_at"])
    assert seen == datetime.fromisoformat(pageviews[0]["timestamp"])
    assert timedelta(0) < START - seen < timedelta(minutes=30)
    first_page = api.get("/event_definitions/", params={"limit": 20}).json()["results"]
    assert "$pageview" in {d["name"] for d in first_page}  # today's events lead the default order


def _log() -> EventLog:
    log = EventLog()
    log.persons, log.weights, log.live_until = _persons(random.Random(1), 10, START), EVENT_WEIGHTS, START
    return log


def test_live_events_are_the_same_however_the_reads_split_the_time():
    once, twice = _log(), _log()
    catch_up(once, "7:1", START, START + timedelta(seconds=95))
    for seconds in (3, 11, 12, 40, 95):
        catch_up(twice, "7:1", START, START + timedelta(seconds=seconds))
    assert [e["id"] for e in once.rows] == [e["id"] for e in twice.rows]
    assert once.rows == twice.rows and 10 <= len(once.rows) <= 40
    assert once.times == sorted(once.times) and once.times[0] > START.timestamp()


def test_new_events_arrive_while_a_wall_clock_demo_runs():
    with DemoServer(DemoOptions(event_definitions=50, events=200)) as server:
        started = server.state.now
        later = started + timedelta(seconds=45)
        headers = {"Authorization": f"Bearer {server.api_key}"}
        with httpx.Client(base_url=f"{server.url}/api/projects/1", headers=headers, timeout=10) as api:
            before = api.get("/events/", params={"limit": 1}).json()["results"][0]
            assert datetime.fromisoformat(before["timestamp"]) <= started
            server.state.wall = lambda: later
            fresh = api.get("/events/", params={"after": started.isoformat(), "limit": 1000}).json()["results"]
            counted = api.post("/query/", json={"query": {"kind": "HogQLQuery", "query": (
                f"SELECT count() FROM events WHERE timestamp > '{started.isoformat()}'")}}).json()["results"]
            seen = api.get("/event_definitions/by_name/", params={"name": fresh[0]["event"]}).json()
    stamps = [datetime.fromisoformat(e["timestamp"]) for e in fresh]
    assert 4 <= len(fresh) <= 20 and all(started < s <= later for s in stamps)
    assert stamps == sorted(stamps, reverse=True)
    assert datetime.fromisoformat(seen["last_seen_at"]) == stamps[0]
    assert counted == [[len(fresh)]]  # the HogQL console sees the same new events
