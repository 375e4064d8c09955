"""Dashboards: the list; the tiles live in the dashboard view."""

from tui.resources import formatting as fmt
from tui.resources.base import ColumnSpec, FilterField, ResourceSpec

RESTRICTION = {21: "everyone in the project can edit", 37: "only those invited can edit"}


def _detail(d):
    return [
        (
            d.name or "(untitled)",
            [
                ("id", str(d.id)),
                ("description", fmt.text(d.description)),
                ("pinned", fmt.text(bool(d.pinned))),
                ("tags", fmt.tags(d.tags) or "—"),
                ("created by", fmt.person(d.created_by)),
                ("created", fmt.when(d.created_at)),
                ("last accessed", fmt.when(d.last_accessed_at)),
                ("access", RESTRICTION.get(d.restriction_level, fmt.text(d.restriction_level))),
                ("shared", fmt.text(bool(getattr(d, "is_shared", False)))),
            ],
        )
    ]


SPEC = ResourceSpec(
    id="dashboards",
    title="Dashboards",
    singular="dashboard",
    number=3,
    aliases=("dashboard", "dash", "db"),
    group="dashboards",
    columns=(
        ColumnSpec("pinned", "📌", width=2),
        ColumnSpec("name", "Name", ratio=3, min_width=24),
        ColumnSpec("tags", "Tags", ratio=1, drop=1),
        ColumnSpec("accessed", "Last accessed", width=16),
        ColumnSpec("description", "Description", ratio=3, drop=2),
    ),
    cells=lambda d: (
        "📌" if d.pinned else "",
        d.name or "(untitled)",
        fmt.tags(d.tags),
        fmt.when(d.last_accessed_at),
        fmt.text(d.description) if d.description else "",
    ),
    label=lambda d: d.name or f"dashboard {d.id}",
    detail=_detail,
    filter_fields=(FilterField("tags", "Tag", "growth", kind="tag"),),
    form="dashboard",
    removal="archive",
    scope_object="dashboard",
)
