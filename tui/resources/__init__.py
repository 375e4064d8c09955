"""The resources the explorer shows, in the order of their number keys."""

from tui.resources import actions, dashboards, definitions, events, schemas, tiles
from tui.resources.base import ResourceSpec

RESOURCES: tuple[ResourceSpec, ...] = (
    definitions.SPEC,
    schemas.PROPERTY_GROUPS,
    dashboards.SPEC,
    events.SPEC,
    actions.SPEC,
    schemas.EVENT_SCHEMAS,
)

# Every spec by id, the dashboard tile (opened from a dashboard, never listed) included.
BY_ID = {spec.id: spec for spec in (*RESOURCES, tiles.SPEC)}


def find(name: str) -> ResourceSpec | None:
    """A resource by id, alias or unambiguous prefix (what `:` accepts)."""
    name = name.strip().lower()
    for spec in RESOURCES:
        if name in spec.names():
            return spec
    matches = [s for s in RESOURCES if any(n.startswith(name) for n in s.names())]
    return matches[0] if len(matches) == 1 else None


def switchable() -> list[ResourceSpec]:
    return [s for s in RESOURCES if s.number]
