"""Events: the newest first, following the server's `next` cursor."""

import json

from tui.resources import formatting as fmt
from tui.resources.base import ColumnSpec, FilterField, ResourceSpec


def _url(e) -> str:
    props = e.properties or {}
    return str(props.get("$current_url") or props.get("$pathname") or "")


def _detail(e):
    sections = [
        (
            e.event,
            [
                ("id", str(e.id)),
                ("timestamp", e.timestamp if isinstance(e.timestamp, str) else fmt.when(e.timestamp)),
                ("distinct id", str(e.distinct_id)),
                ("person", fmt.text(e.person.get("properties") if isinstance(e.person, dict) else e.person)),
            ],
        ),
        ("Properties", [(k, json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v)
                        for k, v in sorted((e.properties or {}).items())] or [("—", "none")]),
    ]
    for i, el in enumerate(e.elements or [], start=1):
        rows = [("tag", el.tag_name), ("text", el.text), ("href", el.href), ("class", fmt.text(el.attr_class)),
                ("id", el.attr_id)]
        sections.append((f"Element {i}", [(k, fmt.text(v)) for k, v in rows if v]))
    return sections


SPEC = ResourceSpec(
    id="events",
    title="Events",
    singular="event",
    number=4,
    aliases=("event", "ev"),
    group="events",
    columns=(
        ColumnSpec("timestamp", "Time", width=16),
        ColumnSpec("event", "Event", ratio=2, min_width=18),
        ColumnSpec("distinct_id", "Distinct id", ratio=2, drop=1),
        ColumnSpec("url", "URL", ratio=3),
    ),
    cells=lambda e: (fmt.when(e.timestamp), e.event, str(e.distinct_id), _url(e)),
    label=lambda e: str(e.id),
    detail=_detail,
    search_param="event",
    streaming=True,
    retrievable=False,
    filter_fields=(
        FilterField("event", "Event name", "$pageview"),
        FilterField("distinct_id", "Distinct id", ""),
        FilterField("person_id", "Person id", ""),
        FilterField("after", "After", "-24h, -7d or 2026-11-20T00:00"),
        FilterField("before", "Before", "now, -1h or an ISO time"),
        FilterField("properties", "Property filters (JSON)", '[{"key": "$browser", "value": "Chrome"}]', kind="json"),
    ),
    scope_object="query",
)
