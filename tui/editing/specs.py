"""Which form edits each resource, what a new object starts as, and where choices come from."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tui.forms import FORM_SPECS, FieldSpec
from tui.resources.base import ResourceSpec

# Fields the server accepts only when the object is created (an event's name is fixed after).
CREATE_ONLY: dict[str, tuple[str, ...]] = {"event_definition": ("name",)}

# What a new object's form starts with, so required choices begin at the server's default.
CREATE_DEFAULTS: dict[str, dict[str, Any]] = {
    "event_definition": {"enforcement_mode": "allow"},
    "dashboard": {"restriction_level": 21},
}

# Resources whose `n` opens the form; the others have their own creation flow (create.py).
FORM_CREATE = frozenset({"event_definitions", "property_groups", "actions"})


def form_fields(spec: ResourceSpec, *, creating: bool = False) -> list[FieldSpec]:
    fields = FORM_SPECS[spec.form or ""]
    if not creating:
        return fields
    opened = CREATE_ONLY.get(spec.form or "", ())
    return [replace(f, read_only=False, required=True, help=None) if f.name in opened else f for f in fields]


def as_dict(obj: Any) -> dict[str, Any]:
    """An object as the server sent it (JSON types), which is what diffing and YAML read."""
    if hasattr(obj, "model_dump"):  # a model (pydantic is not imported for this check)
        return obj.model_dump(mode="json")
    return dict(obj or {})


def new_object(spec: ResourceSpec) -> dict[str, Any]:
    return dict(CREATE_DEFAULTS.get(spec.form or "", {}))


async def load_choices(client: Any, spec: ResourceSpec) -> dict[str, list[tuple[str, Any]]]:
    """Options known only at runtime: an event schema joins a definition and a property group."""
    if spec.form != "event_schema":
        return {}
    definitions = await client.event_definitions.all()
    groups = await client.property_groups.all()
    return {
        "event_definition": sorted(((d.name or d.id, d.id) for d in definitions), key=lambda o: o[0].lower()),
        "property_group_id": sorted(((g.name or g.id, g.id) for g in groups), key=lambda o: o[0].lower()),
    }
