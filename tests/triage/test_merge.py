"""The merge plan of a near-duplicate cluster."""

from __future__ import annotations

from tui.api.models import Action, ActionStep, EventDefinition
from tui.triage.merge import plan_merge


def test_an_existing_action_of_the_kept_name_gains_only_the_missing_steps():
    kept = EventDefinition(id="1", name="signed_up", description="", tags=["core"])
    spaced = EventDefinition(id="2", name="Signed Up", description="Short.", tags=["growth", "core"])
    prefixed = EventDefinition(id="3", name="user_signed_up", description="The longest description.", hidden=True)
    action = Action(id=7, name="signed_up", steps=[ActionStep(event="signed_up", url="x")])
    plan = plan_merge([spaced, kept, prefixed], kept, [action])
    assert plan.action is action and plan.sends_action
    assert plan.steps == [{"event": "signed_up", "url": "x"}, {"event": "Signed Up"}, {"event": "user_signed_up"}]
    assert plan.changes == {"description": "The longest description.", "tags": ["core", "growth"]}
    assert [d.name for d in plan.hide] == ["Signed Up"]  # user_signed_up is hidden already
    assert [row[0] for row in plan.calls()] == [
        "update action “signed_up”", "signed_up: description", "signed_up: tags", "Signed Up: hidden"]


def test_nothing_to_send_for_the_action_when_it_already_matches_every_variant():
    kept = EventDefinition(id="1", name="plan", description="Kept.")
    other = EventDefinition(id="2", name="plans")
    action = Action(id=7, name="plan", steps=[ActionStep(event="plan"), ActionStep(event="plans")])
    plan = plan_merge([kept, other], kept, [action])
    assert not plan.sends_action and not plan.changes and [row[0] for row in plan.calls()] == ["plans: hidden"]
