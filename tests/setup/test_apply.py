"""Applying a plan: round trips between projects and instances, dependency order, bulk endpoints,
interrupted applies that resume without sending anything twice, and the write gates."""

from __future__ import annotations

from collections import Counter

import pytest

from tui.api.errors import ApiError, WriteRefused
from tui.setup.apply import EARLIER, SKIPPED, Job, apply
from tui.setup.document import load_text
from tui.setup.journal import Journal
from tui.setup.plan import make_plan
from tui.setup.pull import pull
from tui.setup.sides import Side, SideGate

from .conftest import writes


def covered(desired, project) -> dict:
    """The entries of `desired` that `project` holds differently (empty: it has all of them as they are)."""
    return {(kind, key): entry for kind, entries in desired.entries.items() for key, entry in entries.items()
            if project.setup.of(kind).get(key) != entry}


async def test_pull_from_one_instance_applied_to_another_pulls_back_the_same(small_demo, other_demo, connect):
    source = await pull(connect(small_demo, 1))
    target = connect(other_demo, 2)
    report = await apply(make_plan(source.setup, await pull(target)), target)
    assert report.ok, [o for o in report.outcomes if o.status != "done"]
    after = await pull(target)
    assert make_plan(source.setup, after).pending == []
    assert covered(source.setup, after) == {}
    # And the other way round: B's file planned against A changes nothing the first file covers.
    back = make_plan(after.setup, source)
    assert [c.id for c in back.pending if c.id.split("/", 1)[1] in source.setup.of(c.kind)] == []


async def test_project_to_project_on_one_server_converges_and_a_second_apply_sends_nothing(small_demo, connect):
    source, target = connect(small_demo, 1), connect(small_demo, 2)
    desired = (await pull(source)).setup
    first = await apply(make_plan(desired, await pull(target)), target)
    assert first.ok and first.sent > 100
    before = len(writes(small_demo))
    second = make_plan(desired, await pull(target))
    assert second.pending == []
    assert (await apply(second, target)).sent == 0 and len(writes(small_demo)) == before


async def test_a_pull_applied_to_its_own_project_sends_nothing(small_demo, connect):
    client = connect(small_demo, 1)
    project = await pull(client)
    report = await apply(make_plan(project.setup, project), client)
    assert report.ok and report.outcomes == [] and writes(small_demo) == []


async def test_writes_go_in_dependency_order_with_insights_from_queries_and_text_tiles(small_demo, connect):
    source, target = connect(small_demo, 1), connect(small_demo, 2)
    await apply(make_plan((await pull(source)).setup, await pull(target)), target)
    sent = [(r.method, r.path.rstrip("/").split("/api/projects/2/")[-1], r.body) for r in small_demo.requests
            if r.method != "GET"]
    kinds = [path.split("/")[0] for _, path, _ in sent]

    def first(kind: str) -> int:
        return kinds.index(kind)

    def last(kind: str) -> int:
        return len(kinds) - 1 - kinds[::-1].index(kind)

    assert last("schema_property_groups") < first("event_schemas")
    assert last("event_definitions") < first("event_schemas")
    assert last("actions") < first("insights")
    insight_posts = [body for method, path, body in sent if path == "insights"]
    assert insight_posts and all(len(body["dashboards"]) == 1 for body in insight_posts)
    assert any(path.endswith("create_text_tile") for _, path, _ in sent)
    layout_patches = [i for i, (m, path, body) in enumerate(sent) if m == "PATCH" and "tiles" in (body or {})]
    assert layout_patches and min(layout_patches) > max(i for i, (_, p, _) in enumerate(sent) if p == "insights")


async def test_an_insight_names_the_target_action_of_the_same_name(small_demo, connect):
    source, target = connect(small_demo, 1), connect(small_demo, 2)
    await apply(make_plan((await pull(source)).setup, await pull(target)), target)
    staging = small_demo.state.projects[2]
    ids = {a["name"]: a["id"] for a in staging.actions.values()}
    [kpi] = [i for i in staging.insights.values() if i["name"] == "Signed up" and not i["deleted"]
             and any(t["insight_id"] == i["id"] and not t["deleted"] for t in staging.tiles.values())][:1]
    assert kpi["query"]["source"]["series"][0]["id"] == ids["Signed up"]


async def test_tag_and_verification_changes_go_through_the_bulk_endpoints(small_demo, connect):
    client = connect(small_demo, 1)
    project = await pull(client)
    names = sorted(project.setup.of("event_definitions"))[:50]
    text = "event_definitions:\n" + "".join(f"- name: '{n}'\n  tags: [reviewed]\n  verified: true\n"
                                             for n in names if "'" not in n)
    report = await apply(make_plan(load_text(text), project), client)
    assert report.ok
    paths = Counter(p.rstrip("/").rsplit("/", 1)[-1] for _, p in writes(small_demo))
    assert set(paths) <= {"bulk_update_tags", "bulk_update_verified"}
    assert paths["bulk_update_tags"] == 1 and paths["bulk_update_verified"] == 1
    assert make_plan(load_text(text), await pull(client)).pending == []


@pytest.mark.parametrize("fault", [{"truncate_every_n": 41}, {"fail_every_n": 37}],
                         ids=["answers-cut-off-after-the-write", "proxy-502-before-the-write"])
async def test_an_interrupted_apply_resumes_and_ends_exact_with_nothing_created_twice(small_demo, other_demo,
                                                                                     connect, fault):
    desired = (await pull(connect(small_demo, 1))).setup
    target = connect(other_demo, 2)
    other_demo.set_options(**fault)
    runs = []
    for _ in range(30):
        try:
            project = await pull(target)
        except ApiError:  # a listing's answer cut off too: the user runs apply again
            continue
        plan = make_plan(desired, project)
        if not plan.pending:
            break
        journal = Journal.open(project.host, project.project_id, desired.digest())
        runs.append((await apply(plan, target, journal=journal), journal.resumed))
    else:
        pytest.fail("the apply never finished")
    assert len(runs) > 1 and runs[0][0].interrupted and all(resumed for _, resumed in runs[1:])
    other_demo.set_options(truncate_every_n=None, fail_every_n=None)
    final = await pull(target)
    assert covered(desired, final) == {}
    staging = other_demo.state.projects[2]
    assert not [n for n, c in Counter(d["name"] for d in staging.definitions.values()).items() if c > 1]
    assert not [n for n, c in Counter(a["name"] for a in staging.actions.values() if not a["deleted"]).items()
                if c > 1]
    for key, entry in desired.of("dashboards").items():
        assert len(final.setup.of("dashboards")[key]["tiles"]) == len(entry["tiles"])
    if "truncate_every_n" in fault:
        # Every create reached the server, lost answers included: none of them was sent again.
        created = Counter((r.path, (r.body or {}).get("name")) for r in other_demo.requests
                          if r.method == "POST" and r.path.rstrip("/").endswith(
                              ("event_definitions", "actions", "schema_property_groups", "dashboards")))
        assert created and max(created.values()) == 1


async def test_a_step_the_journal_has_as_done_is_not_sent_again(small_demo, connect):
    client = connect(small_demo, 1)
    project = await pull(client)
    desired = load_text("actions:\n- name: Signed up\n  description: once\n")
    plan = make_plan(desired, project)
    journal = Journal.open(project.host, project.project_id, desired.digest())
    [op] = Job(plan, client).ops
    journal.sent(op.id)
    journal.succeeded(op.id)
    resumed = Journal.open(project.host, project.project_id, desired.digest())
    assert resumed.resumed and resumed.done_before == 1
    report = await apply(plan, client, journal=resumed)
    assert [o.status for o in report.outcomes] == [EARLIER] and writes(small_demo) == []
    # Finished now: the next apply of the file starts a journal of its own.
    assert not Journal.open(project.host, project.project_id, desired.digest()).resumed


async def test_a_refused_step_fails_alone_and_skips_what_needs_it(small_demo, connect):
    client = connect(small_demo, 2)
    desired = load_text("event_definitions:\n- name: strict_event\n  enforcement_mode: reject\n"
                        "- name: fine_event\nevent_schemas:\n- event: strict_event\n  property_groups: [File]\n")
    report = await apply(make_plan(desired, await pull(client)), client)
    statuses = {c: report.change_status(c)[0] for c in report.by_change()}
    assert statuses == {"event_definitions/strict_event": "failed", "event_definitions/fine_event": "done",
                        "event_schemas/strict_event": SKIPPED}
    assert "not enabled" in report.change_status("event_definitions/strict_event")[1]
    assert not report.ok and report.interrupted is None


async def test_progress_counts_every_step_and_the_eta_runs_down(small_demo, connect):
    client = connect(small_demo, 2)
    desired = (await pull(connect(small_demo, 1))).setup
    seen = []
    job = Job(make_plan(desired, await pull(client)), client, progress=seen.append)
    await job()
    assert [s.done for s in seen] == list(range(1, job.total + 1))
    assert seen[-1].eta == 0 and all(s.total == job.total for s in seen) and seen[0].label


async def test_a_read_only_side_refuses_every_write_and_sends_nothing(small_demo, connect):
    gate = SideGate(Side("ro", host=small_demo.url, project=2, profile="ro", read_only=True))
    client = connect(small_demo, 2, gate=gate)
    with pytest.raises(WriteRefused, match="read-only"):
        await client.actions.create({"name": "nope"})
    assert writes(small_demo) == []


async def test_a_protected_side_writes_only_once_its_name_was_typed(small_demo, connect):
    gate = SideGate(Side("prod", host=small_demo.url, project=2, profile="prod", protected=True))
    client = connect(small_demo, 2, gate=gate)
    with pytest.raises(WriteRefused, match="name was not typed"):
        await client.actions.create({"name": "guarded"})
    assert writes(small_demo) == []
    gate.confirm()
    await client.actions.create({"name": "guarded"})
    assert len(writes(small_demo)) == 1
