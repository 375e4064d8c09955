"""Event definitions: the project's taxonomy of events."""

import asyncio

from tui.resources import formatting as fmt
from tui.resources.base import Choice, ColumnSpec, Cycle, LateColumns, Relation, ResourceSpec


def _detail(d):
    return [
        (
            d.name or "",
            [
                ("id", str(d.id)),
                ("description", fmt.text(getattr(d, "description", None))),
                ("tags", fmt.tags(d.tags) or "—"),
                ("owner", fmt.person(getattr(d, "owner", None))),
                ("verified", fmt.text(bool(getattr(d, "verified", False)))),
                ("hidden", fmt.text(bool(getattr(d, "hidden", False)))),
                ("enforcement mode", fmt.text(getattr(d, "enforcement_mode", None))),
                ("primary property", fmt.text(getattr(d, "primary_property", None))),
                ("default columns", fmt.text(getattr(d, "default_columns", None))),
                ("last seen", fmt.when(d.last_seen_at)),
                ("created", fmt.when(d.created_at)),
                # Older servers' own count; the session's 30 days follow in their own section.
                *([("30-day volume (server)", fmt.number(d.volume_30_day))]
                  if getattr(d, "volume_30_day", None) is not None else []),
            ],
        )
    ]


async def _schema(client, definition) -> list:
    schemas = await client.event_schemas.all(event_definition=str(definition.id))
    sections = []
    for schema in schemas:
        group = schema.property_group
        if group is None:
            continue
        rows = [
            (p.name, f"{p.property_type or '?'} · {'required' if p.is_required else 'optional'}"
             + (f" · {fmt.text(p.description)}" if p.description else ""))
            for p in group.properties or []
        ]
        sections.append((f"Schema: {group.name}", rows or [("—", "no properties")]))
    return sections or [("Schema", [("—", "no property groups attached")])]


async def _volume(client, definition) -> list:
    volumes, problem = await _load_volumes(client)
    if volumes is None:
        return [("Last 30 days", [("volume", problem or "unavailable")])]
    name = definition.name or ""
    days = volumes.daily.get(name, {})
    busiest = max(days.items(), key=lambda day: day[1], default=None)
    return [("Last 30 days", [
        ("events", fmt.number(volumes.total(name))),
        ("per day", volumes.sparkline(name)),
        ("busiest day", f"{busiest[0].isoformat()} · {busiest[1]:,}" if busiest else "—"),
    ])]


async def _top_properties(client, definition) -> list:
    from tui.api.errors import ApiError
    from tui.triage.drift import top_properties
    from tui.triage.load import recent_properties

    try:
        events = await recent_properties(client, definition.name or "", "event properties")
    except ApiError as error:
        return [("Top properties", [("unavailable", str(error))])]
    rows = [(name, f"on {share:.0%} · {', '.join(kinds)}") for name, share, kinds in top_properties(events)]
    return [(f"Top properties · {len(events):,} recent events", rows or [("—", "no events in 30 days")])]


async def _more(client, definition) -> list:
    parts = await asyncio.gather(_schema(client, definition), _volume(client, definition),
                                 _top_properties(client, definition))
    return [section for part in parts for section in part]


def _volume_cells(volumes, cells: tuple) -> tuple:
    if volumes is None:
        return None, ""
    return volumes.total(cells[0]), volumes.sparkline(cells[0])


async def _load_volumes(client, refresh: bool = False):
    from tui.triage.load import session_volumes

    return await session_volumes(client, refresh=refresh)


SPEC = ResourceSpec(
    id="event_definitions",
    title="Event definitions",
    singular="event definition",
    number=1,
    aliases=("definitions", "defs", "def", "ed"),
    group="event_definitions",
    columns=(
        ColumnSpec("name", "Name", ratio=3, min_width=30),
        ColumnSpec("last_seen", "Last seen", width=16),
        ColumnSpec("verified", "✓", width=1),
        ColumnSpec("hidden", "H", width=1),
        ColumnSpec("tags", "Tags", ratio=1, drop=1),
        ColumnSpec("owner", "Owner", ratio=1, drop=3),
        ColumnSpec("description", "Description", ratio=2, drop=4),
    ),
    cells=lambda d: (
        d.name or "",
        fmt.when(d.last_seen_at),
        fmt.flag(getattr(d, "verified", False)),
        "h" if getattr(d, "hidden", False) else "",
        fmt.tags(d.tags),
        fmt.person(getattr(d, "owner", None)) if getattr(d, "owner", None) else "",
        fmt.text(getattr(d, "description", None)) if getattr(d, "description", None) else "",
    ),
    label=lambda d: d.name or str(d.id),
    detail=_detail,
    scope=Cycle(
        "type",
        (
            Choice("all events", {}),
            Choice("custom events", {"event_type": "event_custom"}),
            Choice("PostHog events", {"event_type": "event_posthog"}),
        ),
    ),
    order=Cycle(
        "order",
        (
            Choice("last seen", {}),
            Choice("name", {"ordering": "name"}),
            Choice("created", {"ordering": "-created_at"}),
            Choice("30-day volume", {}, sort=("volume", True)),
        ),
    ),
    flags=(
        Cycle("hidden", (Choice("hidden shown", {}), Choice("hidden excluded", {"exclude_hidden": "true"}))),
        Cycle(
            "verified",
            (Choice("any", {}), Choice("verified", {"verified": "true"}), Choice("unverified", {"verified": "false"})),
        ),
        Cycle("stale", (Choice("stale shown", {}), Choice("stale excluded", {"exclude_stale": "true"}))),
    ),
    relations=(
        Relation("Schema", "event_schemas", lambda d: {"event_definition": str(d.id)}, lambda d: f"Schema of {d.name}"),
        Relation("Events", "events", lambda d: {"event": d.name}, lambda d: f"Events: {d.name}"),
        Relation(
            "Actions using it",
            "actions",
            lambda d: {},
            lambda d: f"Actions on {d.name}",
            keep=lambda d: lambda a: any(s.event == d.name for s in a.steps or []),
        ),
    ),
    more_detail=_more,
    late=LateColumns(
        columns=(
            ColumnSpec("volume", "30 days", width=9, align="right"),
            ColumnSpec("trend", "Per day, 30 days", width=30, drop=2),
        ),
        load=_load_volumes,
        cells=_volume_cells,
    ),
    form="event_definition",
    scope_object="event_definition",
    removal="delete",
)
