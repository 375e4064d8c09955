"""Events: the newest first, read through the Query API (EventsQuery, keyset on `(timestamp, uuid)`)
within an explicit time window, or from the older `events/` list where the Query API is unavailable."""

import json
import re

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


WINDOW = "-7d"  # without `after` PostHog looks back only 24 h: say how far, always
_UNITS = {"h": "hour", "d": "day", "w": "week", "m": "month", "y": "year"}


def _moment(value: str) -> str:
    relative = re.fullmatch(r"-(\d+)([hdwmy])", value.strip())
    if relative is None:
        return value
    n, unit = int(relative[1]), _UNITS[relative[2]]
    return f"{n} {unit}{'s' if n != 1 else ''} ago"


def window(params: dict) -> str:
    """The time window of a listing in words: "last 7 days", "since 2026-11-20 until 1 hour ago"."""
    after, before = params.get("after"), params.get("before")
    relative = re.fullmatch(r"-(\d+)([hdwmy])", str(after or "").strip())
    if relative is not None and not before:
        n, unit = int(relative[1]), _UNITS[relative[2]]
        return f"last {n} {unit}s" if n != 1 else f"last {unit}"
    text = f"since {_moment(str(after))}" if after else "last 24 hours"
    return text + (f" until {_moment(str(before))}" if before else "")


def _source(client, params: dict) -> str:
    query = client.query
    if query.events_source == "events":
        return f"{window(params)} · events/ (Query API unavailable: {query.events_unavailable})"
    return f"{window(params)} · Query API"


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
    base_params={"after": WINDOW},
    pages=lambda client: client.query.event_pages,
    source=_source,
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
