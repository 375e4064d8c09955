"""Each triage queue on the demo project, against a count made here from the demo's own records."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta

import pytest

from tests.conftest import DEMO_NOW
from tui.api.client import PostHogClient
from tui.api.models import EventDefinition
from tui.demo import DEMO_NO_QUERY_KEY
from tui.triage.load import load
from tui.triage.queues import KIND_IDS, NO_VOLUMES, TriageConfig, near_duplicates, triage, words
from tui.triage.volumes import Volumes


@pytest.fixture
async def inputs(demo):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, timeout=10.0) as client:
        yield await load(client)


def records(demo) -> list[dict]:
    return list(demo.state.projects[demo.project_id].definitions.values())


def event_counts(demo) -> Counter[str]:
    """Events of the last 30 days, counted from the demo's log (the seed spans a week)."""
    since = DEMO_NOW - timedelta(days=30)
    rows = demo.state.projects[demo.project_id].log.rows
    return Counter(r["event"] for r in rows if datetime.fromisoformat(r["timestamp"]) > since)


def names(queue) -> set[str]:
    return {d.name for d in queue.members}


async def test_volumes_come_from_one_query_and_match_the_event_log(demo, inputs):
    queries = [r for r in demo.requests if r.method == "POST" and r.path.rstrip("/").endswith("/query")]
    assert len(queries) == 1
    assert inputs.volumes is not None and inputs.volumes_problem is None and inputs.now() == DEMO_NOW
    assert inputs.volumes.totals() == dict(event_counts(demo))
    assert all(len(days) <= 8 for days in inputs.volumes.daily.values())


async def test_each_queue_on_the_demo(demo, inputs):
    result = triage(inputs.definitions, inputs.schemas, inputs.volumes, now=inputs.now()).queues
    rows = records(demo)
    counts = event_counts(demo)
    cutoff = (DEMO_NOW - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S")
    custom = [r for r in rows if not r["name"].startswith("$")]
    assert names(result["undescribed"]) == {r["name"] for r in custom if not r["description"]}
    assert names(result["stale"]) == {r["name"] for r in rows if r["last_seen_at"] and r["last_seen_at"] < cutoff}
    assert names(result["never_seen"]) == {r["name"] for r in rows if r["last_seen_at"] is None}
    assert names(result["hidden_arriving"]) == {r["name"] for r in rows if r["hidden"] and counts[r["name"]]} \
        == {"payment_failed"}
    # Every event with traffic is among the 50 busiest: the seed sends 17 names.
    assert len(counts) < 50
    assert names(result["busy"]) == {r["name"] for r in rows if counts[r["name"]] and not r["verified"]}
    schemas = {s["event_definition"] for s in demo.state.projects[demo.project_id].event_schemas.values()}
    assert names(result["no_schema"]) == {r["name"] for r in rows if counts[r["name"]] and r["id"] not in schemas}
    rule = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")
    assert names(result["naming"]) == {r["name"] for r in custom if not rule.fullmatch(r["name"])}
    assert {"Signed Up", "FolderCreated", "[beta] checkout"} <= names(result["naming"])
    assert all(result[kind].members for kind in KIND_IDS), [k for k in KIND_IDS if not result[k].members]


async def test_near_duplicate_clusters_on_the_demo(inputs):
    clusters = {tuple(d.name for d in c) for c in triage(inputs.definitions, inputs.schemas, None).clusters}
    assert ("Signed Up", "signed_up", "user_signed_up") in clusters
    assert ("FolderCreated", "folder_created") in clusters
    assert ("invite_sent", "invites_sent") in clusters


def defined(*names: str) -> list[EventDefinition]:
    return [EventDefinition(id=str(i), name=n) for i, n in enumerate(names)]


def test_near_duplicates_by_case_separators_plural_edit_and_subject():
    clusters = near_duplicates(defined("Signed Up", "signed-up", "signedUp", "user_signed_up", "signed_upp",
                                       "file_opened", "file_closed", "plans", "plan", "$pageview", "pageview"))
    assert [[d.name for d in c] for c in clusters] == [
        ["Signed Up", "signed-up", "signedUp", "signed_upp", "user_signed_up"], ["plan", "plans"]]
    assert words("Invoices Paid") == ("invoice", "paid") and words("class") == ("class",)


def test_without_the_query_api_the_volume_queues_say_why(inputs):
    result = triage(inputs.definitions, inputs.schemas, None, now=DEMO_NOW).queues
    for kind in ("busy", "hidden_arriving", "no_schema"):
        assert result[kind].unavailable == NO_VOLUMES and not result[kind].members
    assert result["undescribed"].unavailable is None and result["undescribed"].members


async def test_a_key_without_query_scope_loads_every_other_input(demo):
    async with PostHogClient(demo.url, DEMO_NO_QUERY_KEY, demo.project_id, timeout=10.0) as client:
        found = await load(client)
    assert found.volumes is None and found.volumes_problem and found.definitions


def test_config_changes_stale_days_and_the_naming_rule():
    old = EventDefinition(id="1", name="Old Event", last_seen_at=DEMO_NOW - timedelta(days=10))
    queues = triage([old], [], Volumes(), TriageConfig(stale_days=7, naming_pattern=r"[A-Z].*"), now=DEMO_NOW).queues
    assert names(queues["stale"]) == {"Old Event"} and not queues["naming"].members
    assert not triage([old], [], Volumes(), now=DEMO_NOW).queues["stale"].members


def test_volume_rows_that_are_malformed_are_skipped():
    volumes = Volumes.from_rows([["a", "2026-11-19", 3], ["a", "2026-11-20", "2"], ["b", None, 1], "x", [1, 2, 3]])
    assert volumes.totals() == {"a": 5}
