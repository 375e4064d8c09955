"""Plans: create, update field by field, unchanged, prune; what the target lacks is said, not guessed."""

from __future__ import annotations

import pytest

from tui.setup.document import SetupFileError, load_text
from tui.setup.ops import build_ops
from tui.setup.plan import make_plan, subset
from tui.setup.pull import pull
from tui.setup.render import as_json, text


async def test_a_project_against_itself_plans_nothing(small_demo, connect):
    project = await pull(connect(small_demo, 2))
    plan = make_plan(project.setup, project)
    assert plan.pending == [] and build_ops(plan) == []
    assert plan.counts()["unchanged"] == project.setup.count()


async def test_staging_against_hedgebox_lists_creates_and_field_level_updates(small_demo, connect):
    staging, hedgebox = await pull(connect(small_demo, 2)), await pull(connect(small_demo, 1))
    plan = make_plan(staging.setup, hedgebox)
    changes = plan.by_id()
    assert changes["event_definitions/signup_v2_started"].op == "create"
    signed_up = changes["event_definitions/signed_up"]
    assert signed_up.op == "update"
    by_field = {f.field: (f.old, f.new) for f in signed_up.fields}
    assert by_field["description"][1] == "Fired by both signup flows while v2 rolls out."
    assert by_field["tags"][1] == ["activation", "staging"]
    assert changes["actions/Signed up"].op == "update"
    assert [f.field for f in changes["actions/Signed up"].fields] == ["description", "steps"]
    board = changes["dashboards/Product analytics"]
    fields = [f.field for f in board.fields]
    assert "description" in fields and "tiles[4]" in fields and "tiles[now 8]" in fields
    assert changes["property_groups/File"].op == "update"
    # Nothing of Hedgebox's own is touched without --prune.
    assert "event_definitions/billing_plan_viewed" not in changes
    shown = text(plan, len(build_ops(plan)))
    assert "~ signed_up" in shown and "+ signup_v2_started" in shown and "requests to send" in shown


async def test_prune_removes_only_kinds_the_file_lists(small_demo, connect):
    hedgebox = await pull(connect(small_demo, 1))
    desired = load_text("actions:\n- name: Signed up\n  description: the only one\n")
    plan = make_plan(desired, hedgebox, prune=True)
    assert {c.op for c in plan.pending} == {"archive", "update"}
    assert len([c for c in plan.pending if c.op == "archive"]) == len(hedgebox.setup.of("actions")) - 1
    assert {c.kind for c in plan.pending} == {"actions"}
    assert make_plan(desired, hedgebox).pending == [c for c in plan.pending if c.op != "archive"]


async def test_a_field_left_out_of_an_entry_is_left_alone(small_demo, connect):
    hedgebox = await pull(connect(small_demo, 1))
    desired = load_text("event_definitions:\n- name: signed_up\n  tags: [only-here]\n")
    [change] = make_plan(desired, hedgebox).changes
    assert change.op == "update" and [f.field for f in change.fields] == ["tags"]
    [op] = build_ops(make_plan(desired, hedgebox))
    assert op.label == "set tags [only-here] on 1 event definitions"


async def test_an_insight_using_an_action_neither_side_has_is_noted_and_left_out(small_demo, connect):
    staging = await pull(connect(small_demo, 2))
    rollout = staging.setup.of("dashboards")["Signup v2 rollout"]
    only = subset(staging.setup, [("dashboards", "Signup v2 rollout")])
    assert set(only.of("actions")) == {"Signed up"}  # the dashboard's insight uses it
    del only.entries["actions"]
    empty = await pull(connect(small_demo, 1))
    empty.setup.entries["actions"] = {}
    plan = make_plan(only, empty)
    [change] = plan.pending
    assert change.op == "create" and change.left_out == {2}
    assert "uses action 'Signed up', which neither side has" in change.notes[0]
    assert len(rollout["tiles"]) == 3 and all("tile 3" not in op.id for op in build_ops(plan))


async def test_an_owner_the_target_does_not_know_is_noted_and_not_sent(small_demo, connect):
    hedgebox = await pull(connect(small_demo, 1))
    desired = load_text("event_definitions:\n- name: signed_up\n  owner: someone@else.example\n")
    [change] = make_plan(desired, hedgebox).changes
    assert change.op == "unchanged" and "someone@else.example is not a user the target knows" in change.notes[0]


async def test_a_schema_naming_a_group_nobody_has_names_its_line(small_demo, connect):
    target = await pull(connect(small_demo, 2))
    setup = load_text("event_schemas:\n- event: signed_up\n  property_groups: [Page context]\n"
                      "- event: file_uploaded\n  property_groups: [Fiel]\n", "setup.yaml")
    with pytest.raises(SetupFileError) as caught:
        make_plan(setup, target)
    [problem] = caught.value.problems
    assert problem.line == 5 and "property group 'Fiel' does not exist" in problem.message


async def test_selecting_a_change_brings_the_new_objects_it_needs(small_demo, connect):
    staging, hedgebox = await pull(connect(small_demo, 2)), await pull(connect(small_demo, 1))
    plan = make_plan(staging.setup, hedgebox)
    chosen = plan.select(["event_schemas/qa_smoke_test_passed"])
    assert {c.id for c in chosen.changes} == {"event_schemas/qa_smoke_test_passed",
                                              "event_definitions/qa_smoke_test_passed", "property_groups/QA run"}


async def test_the_json_plan_carries_every_change(small_demo, connect):
    staging, hedgebox = await pull(connect(small_demo, 2)), await pull(connect(small_demo, 1))
    plan = make_plan(staging.setup, hedgebox)
    doc = as_json(plan, len(build_ops(plan)))
    assert doc["summary"]["create"] == len([c for c in doc["changes"] if c["op"] == "create"]) > 0
    assert doc["requests"] == len(build_ops(plan)) and doc["target"]["project"] == 1
