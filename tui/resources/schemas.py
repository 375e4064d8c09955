"""Event schemas: property groups, their typed properties, and the events using them."""

from tui.resources import formatting as fmt
from tui.resources.base import ColumnSpec, ResourceSpec


def _properties(group) -> list[tuple[str, str]]:
    return [
        (
            p.name,
            " · ".join(
                part
                for part in (
                    p.property_type or "?",
                    "required" if p.is_required else "optional",
                    fmt.text(p.description) if p.description else "",
                )
                if part
            ),
        )
        for p in group.properties or []
    ]


def _group_detail(g):
    return [
        (g.name or "", [("id", str(g.id)), ("description", fmt.text(g.description)),
                        ("updated", fmt.when(g.updated_at))]),
        ("Properties", _properties(g) or [("—", "no properties")]),
        ("Events using it", [(e.name, str(e.id)) for e in g.events or []] or [("—", "no events")]),
    ]


def _group_events(g) -> str:
    return ", ".join(e.name for e in g.events or [])


PROPERTY_GROUPS = ResourceSpec(
    id="property_groups",
    title="Event schemas",
    singular="property group",
    number=2,
    aliases=("schemas", "schema", "groups", "pg"),
    group="property_groups",
    columns=(
        ColumnSpec("name", "Property group", ratio=2, min_width=20),
        ColumnSpec("properties", "Props", width=5, align="right"),
        ColumnSpec("events", "Used by events", ratio=3, drop=1),
        ColumnSpec("description", "Description", ratio=2, drop=2),
    ),
    cells=lambda g: (g.name or "", len(g.properties or []), _group_events(g),
                     fmt.text(g.description) if g.description else ""),
    label=lambda g: g.name or str(g.id),
    detail=_group_detail,
    search_param=None,
    form="property_group",
    removal="delete",
    scope_object="event_definition",
)

EVENT_SCHEMAS = ResourceSpec(
    id="event_schemas",
    title="Event schema",
    singular="event schema",
    number=0,
    aliases=("event_schema",),
    group="event_schemas",
    columns=(
        ColumnSpec("group", "Property group", ratio=2),
        ColumnSpec("properties", "Properties", ratio=5),
    ),
    cells=lambda s: (
        s.property_group.name if s.property_group else "",
        ", ".join(f"{p.name}: {p.property_type}{'*' if p.is_required else ''}"
                  for p in (s.property_group.properties if s.property_group else []) or []),
    ),
    label=lambda s: s.property_group.name if s.property_group else str(s.id),
    detail=lambda s: _group_detail(s.property_group) if s.property_group else [("Event schema", [("id", str(s.id))])],
    search_param=None,
    form="event_schema",
    retrievable=False,
    update="replace",
    removal="delete",
    scope_object="event_definition",
)
