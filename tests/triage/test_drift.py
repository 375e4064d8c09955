"""Schema drift on the demo: sampled events against the schema's property groups."""

from __future__ import annotations

from tui.api.client import PostHogClient
from tui.api.models import PropertyGroupProperty
from tui.triage.drift import SAMPLE_QUERY, drift, made_optional, parse_samples, property_type, with_property


def prop(name: str, kind: str, required: bool = False) -> PropertyGroupProperty:
    return PropertyGroupProperty(name=name, property_type=kind, is_required=required)


def test_required_missing_type_mismatch_and_frequent_extras():
    events = [{"plan": "pro", "seats": 3, "coupon": "x"}] * 98 + [{"seats": "three", "coupon": "y"}] * 2
    rows = {r.name: r for r in drift([prop("plan", "String", True), prop("seats", "Numeric")], events)}
    assert rows["plan"].problem == "missing from 2%" and rows["plan"].present == 0.98
    assert rows["seats"].problem == "type mismatch" and rows["seats"].types == ("Numeric", "String")
    assert rows["coupon"].declared is None and rows["coupon"].problem == "not in the schema"
    quiet = drift([prop("plan", "String", True)], [{"plan": "pro"}] * 200 + [{}])
    assert quiet[0].problem is None  # 0.5 % missing is under the 1 % line


async def test_the_demo_signed_up_events_lack_the_required_account_id(demo):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, timeout=10.0) as client:
        answer = await client.query.hogql(SAMPLE_QUERY, values={"event": "signed_up"})
    events = parse_samples(answer.results)
    rows = demo.state.projects[1].log.rows
    assert len(events) == sum(1 for r in rows if r["event"] == "signed_up") > 0
    found = {r.name: r for r in drift([prop("account_id", "String", True), prop("industry", "String")], events)}
    assert found["account_id"].present == 0 and found["account_id"].problem == "missing from 100%"
    assert found["industry"].problem is None


def test_a_name_two_groups_declare_is_one_row_required_when_either_requires_it():
    rows = drift([prop("plan", "String"), prop("plan", "String", True), prop("seats", "Numeric")], [{"seats": 1}])
    assert [r.name for r in rows] == ["plan", "seats"]
    assert rows[0].required and rows[0].problem == "missing from 100%"


def test_the_observed_types_map_to_one_property_type():
    assert property_type(("String",)) == "String"
    assert property_type(("Numeric", "Null")) == "Numeric"
    assert property_type(("Boolean",)) == "Boolean"
    assert property_type(("DateTime",)) == "DateTime"
    assert property_type(("Object",)) == "Object"
    assert property_type(("String", "DateTime")) == "String"  # a date arrives as a string
    assert property_type(("Numeric", "String")) == "Any"
    assert property_type(("Null",)) == "Any"
    assert [r.types for r in drift([], [{"at": "2026-11-20T12:00:00Z", "ok": True, "n": 2.5}] * 2)] == [
        ("DateTime",), ("Boolean",), ("Numeric",)]


def test_a_fix_is_the_whole_list_in_the_servers_order_with_nothing_else_changed():
    rows = [{"name": "account_id", "property_type": "String", "is_required": True, "description": "",
             "validation_rules": None},
            {"name": "seats", "property_type": "Numeric", "is_required": False, "description": "Seats",
             "validation_rules": {"minimum": 1}}]
    added = with_property(rows, "plan", "String")
    assert [r["name"] for r in added] == ["account_id", "plan", "seats"]
    assert added[1] == {"name": "plan", "property_type": "String", "is_required": False, "description": ""}
    assert added[0] == rows[0] and added[2] == rows[1]
    assert [r["name"] for r in with_property(rows, "zone", "Any")] == ["account_id", "seats", "zone"]
    assert with_property(rows, "seats", "String") == rows  # already there: unchanged
    optional = made_optional(rows, "account_id")
    assert optional == [{**rows[0], "is_required": False}, rows[1]] and rows[0]["is_required"]  # a copy
    assert made_optional(rows, "missing") == rows
