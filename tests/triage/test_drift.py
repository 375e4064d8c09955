"""Schema drift on the demo: sampled events against the schema's property groups."""

from __future__ import annotations

from tui.api.client import PostHogClient
from tui.api.models import PropertyGroupProperty
from tui.triage.drift import SAMPLE_QUERY, drift, parse_samples


def prop(name: str, kind: str, required: bool = False) -> PropertyGroupProperty:
    return PropertyGroupProperty(name=name, property_type=kind, is_required=required)


def test_required_missing_type_mismatch_and_frequent_extras():
    events = [{"plan": "pro", "seats": 3, "coupon": "x"}] * 98 + [{"seats": "three", "coupon": "y"}] * 2
    rows = {r.name: r for r in drift([prop("plan", "String", True), prop("seats", "Numeric")], events)}
    assert rows["plan"].problem == "required, missing from 2%" and rows["plan"].present == 0.98
    assert rows["seats"].problem == "type mismatch: Numeric declared" and rows["seats"].types == ("Numeric", "String")
    assert rows["coupon"].declared is None and rows["coupon"].problem == "frequent, not in the schema"
    quiet = drift([prop("plan", "String", True)], [{"plan": "pro"}] * 200 + [{}])
    assert quiet[0].problem is None  # 0.5 % missing is under the 1 % line


async def test_the_demo_signed_up_events_lack_the_required_account_id(demo):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, timeout=10.0) as client:
        answer = await client.query.hogql(SAMPLE_QUERY, values={"event": "signed_up"})
    events = parse_samples(answer.results)
    rows = demo.state.projects[1].log.rows
    assert len(events) == sum(1 for r in rows if r["event"] == "signed_up") > 0
    found = {r.name: r for r in drift([prop("account_id", "String", True), prop("industry", "String")], events)}
    assert found["account_id"].present == 0 and found["account_id"].problem == "required, missing from 100%"
    assert found["industry"].problem is None
