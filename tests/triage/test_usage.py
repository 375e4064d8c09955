"""Where an event is used, on the demo: actions by their steps, saved insights by their queries."""

from __future__ import annotations

import json

from tui.api.client import PostHogClient
from tui.triage.load import schemas_or_none
from tui.triage.usage import UsageIndex


async def test_an_event_used_by_an_action_an_insight_and_a_schema(demo):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, timeout=10.0) as client:
        definitions = await client.event_definitions.all()
        index = UsageIndex.build(await client.actions.all(), await client.insights.all(),
                                 await schemas_or_none(client), await client.property_groups.all())
    data = demo.state.projects[demo.project_id]
    for name in ("signed_up", "file_uploaded"):
        definition = next(d for d in definitions if d.name == name)
        usage = index.of(definition)
        actions = {a["name"] for a in data.actions.values()
                   if not a["deleted"] and any(s.get("event") == name for s in a["steps"])}
        # Counted from the stored JSON text: the quoted name anywhere in a saved insight's query.
        insights = [i for i in data.insights.values()
                    if not i.get("deleted") and f'"{name}"' in json.dumps(i.get("query"))]
        assert actions and set(usage.actions) == actions
        assert insights and len(usage.insights) == len(insights)
    assert index.of(next(d for d in definitions if d.name == "signed_up")).schemas == ("Account",)
    unused = next(d for d in definitions if d.name == "user_signed_up")
    assert index.of(unused).empty and index.of(unused).summary() == "0 actions, 0 insights, no schema"
