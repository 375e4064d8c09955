"""What a setup file holds: its kinds, their natural keys and fields, and how each value reads.

One description serves the loader (types, lines), the JSON Schema, the puller (what to keep of a
server object) and the planner (how two values compare): a value is always brought to its
`normal` form first, the form PostHog itself stores (tags trimmed and lower case, text trimmed,
an empty description the same as none), so a file applied and pulled back reads the same.

Field names are PostHog's own (`property_type`, `is_required`, `restriction_level`), so a field
the server adds later reads like the ones known here.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tui.api.tags import normalize_tags

VERSION = 1


@dataclass(frozen=True)
class Field:
    """One field of an entry.

    `type` is one of: key (the natural key, required text); text (trimmed, empty is none); raw (text
    kept exactly, as action steps keep whitespace); body (trimmed text that may be empty); bool;
    tags; strings (an ordered list of text); names (a set of names); choice (one of `choices`);
    level (an integer choice); email; json (free-form: a mapping, or a list where the default is
    one); layouts (a tile's grid boxes by breakpoint, each x, y, w, h first); entry (one nested entry
    of `shape`); rows (a list of them); tiles (dashboard tiles).
    `wire_empty` is what the server is sent for "none" (some fields refuse null and store "").
    """

    name: str
    type: str
    default: Any = None
    choices: tuple[Any, ...] = ()
    shape: Shape | None = None
    wire_empty: Any = None
    help: str = ""


@dataclass(frozen=True)
class Shape:
    """The fields of one kind of entry, in the order a file shows them.

    `read_only` are the server's fields that are never written to a file (ids, stamps, computed
    values); any other field a server sends that is not listed here is kept when `keep_unknown`
    (a newer server's writable field), unless it looks like a stamp or an id. `omit_defaults`
    leaves fields at their default out of the file: used for the rows of a list the server
    replaces whole (properties, steps), where a missing field can only mean its default.
    """

    fields: tuple[Field, ...]
    read_only: frozenset[str] = frozenset()
    keep_unknown: bool = True
    omit_defaults: bool = False
    sort_rows_by: str | None = None

    def get(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def key(self) -> Field | None:
        return next((f for f in self.fields if f.type == "key"), None)


@dataclass(frozen=True)
class Kind:
    id: str
    title: str
    noun: str
    shape: Shape
    # "delete" (a real DELETE) or "archive" (PATCH deleted), for --prune.
    removal: str = "delete"

    @property
    def key_field(self) -> str:
        key = self.shape.key
        assert key is not None
        return key.name


PROPERTY_TYPES = ("String", "Numeric", "Boolean", "DateTime", "Object", "Any")
MATCHING = ("contains", "regex", "exact")

PROPERTY = Shape(
    fields=(
        Field("name", "key"),
        Field("property_type", "choice", "String", PROPERTY_TYPES),
        Field("is_required", "bool", False),
        Field("is_optional_in_types", "bool", False),
        Field("description", "text", wire_empty=""),
        Field("validation_rules", "json", help="String: {enum: [...]} or {not: {enum: [...]}}; Numeric: bounds"),
    ),
    read_only=frozenset({"id", "created_at", "updated_at", "order"}),
    omit_defaults=True,
    sort_rows_by="name",
)

STEP = Shape(
    fields=(
        Field("event", "raw"),
        Field("properties", "json", default=[], help="property filters: [{key, value, operator, type}]"),
        Field("selector", "raw"),
        Field("tag_name", "raw"),
        Field("text", "raw"),
        Field("text_matching", "choice", None, MATCHING),
        Field("href", "raw"),
        Field("href_matching", "choice", None, MATCHING),
        Field("url", "raw"),
        Field("url_matching", "choice", None, MATCHING),
    ),
    read_only=frozenset({"id", "name", "selector_regex", "selector_warning"}),
    omit_defaults=True,
)

INSIGHT = Shape(
    fields=(
        Field("name", "text", help="the insight's name; tiles are matched by it"),
        Field("description", "text", wire_empty=""),
        Field("tags", "tags", []),
        Field("query", "json", help="the insight's query; actions appear as {action: <name>}"),
    ),
    keep_unknown=False,
)

TILE = Shape(
    fields=(
        Field("insight", "entry", shape=INSIGHT),
        Field("text", "body", help="a text tile's markdown"),
        Field("layouts", "layouts", default={}, help="{sm: {x, y, w, h}, xs: {...}} on the 12-column grid"),
        Field("color", "text"),
    ),
    keep_unknown=False,
)

EVENT_DEFINITIONS = Kind(
    "event_definitions", "Event definitions", "event definition",
    Shape(
        fields=(
            Field("name", "key"),
            Field("description", "text"),
            Field("tags", "tags", []),
            Field("verified", "bool", False),
            Field("hidden", "bool", False),
            Field("owner", "email", help="the owner's email address"),
            Field("enforcement_mode", "choice", "allow", ("allow", "reject")),
            Field("default_columns", "strings", []),
        ),
        # `primary_property` is not in the serializer PostHog Cloud uses and `post_to_slack` is
        # never stored: a file holding them would show a change no apply can make.
        read_only=frozenset({
            "id", "created_at", "updated_at", "updated_by", "last_seen_at", "last_updated_at", "verified_at",
            "verified_by", "is_action", "action_id", "is_calculating", "last_calculated_at", "created_by",
            "media_preview_urls", "post_to_slack", "primary_property", "volume_30_day", "query_usage_30_day",
        }),
    ),
)

PROPERTY_GROUPS = Kind(
    "property_groups", "Property groups", "property group",
    Shape(
        fields=(
            Field("name", "key"),
            Field("description", "text", wire_empty=""),
            Field("properties", "rows", [], shape=PROPERTY),
        ),
        read_only=frozenset({"id", "events", "created_at", "updated_at", "created_by"}),
    ),
)

EVENT_SCHEMAS = Kind(
    "event_schemas", "Event schemas", "event schema",
    Shape(
        fields=(
            Field("event", "key", help="the event definition's name"),
            Field("property_groups", "names", [], help="names of property groups"),
        ),
        keep_unknown=False,
    ),
)

ACTIONS = Kind(
    "actions", "Actions", "action",
    Shape(
        fields=(
            Field("name", "key"),
            Field("description", "text", wire_empty=""),
            Field("tags", "tags", []),
            Field("steps", "rows", [], shape=STEP),
            Field("post_to_slack", "bool", False),
            Field("slack_message_format", "text", wire_empty=""),
        ),
        read_only=frozenset({
            "id", "created_at", "created_by", "deleted", "is_calculating", "last_calculated_at", "team_id",
            "is_action", "bytecode_error", "pinned_at", "reference_count", "creation_context", "user_access_level",
        }),
    ),
    removal="archive",
)

DASHBOARDS = Kind(
    "dashboards", "Dashboards", "dashboard",
    Shape(
        fields=(
            Field("name", "key"),
            Field("description", "text", wire_empty=""),
            Field("pinned", "bool", False),
            Field("tags", "tags", []),
            Field("restriction_level", "level", 21, (21, 37), help="21: everyone can edit; 37: only those invited"),
            Field("sharing", "bool", False, help="whether the public link is on (passwords and tokens never)"),
            Field("filters", "json", default={}),
            Field("tiles", "tiles", []),
        ),
        read_only=frozenset({
            "id", "created_at", "created_by", "last_accessed_at", "last_viewed_at", "folder", "is_shared", "deleted",
            "creation_mode", "effective_restriction_level", "effective_privilege_level", "user_access_level",
            "access_control_version", "last_refresh", "team_id", "search_match_type", "persisted_filters",
            "persisted_variables", "variables", "breakdown_colors", "data_color_theme_id", "quick_filter_ids",
        }),
    ),
    removal="archive",
)

# In the order a file shows them.
KINDS: tuple[Kind, ...] = (EVENT_DEFINITIONS, PROPERTY_GROUPS, EVENT_SCHEMAS, ACTIONS, DASHBOARDS)
BY_ID = {kind.id: kind for kind in KINDS}

# A server field this client does not know is kept only if it does not look like something the
# server computes or stamps itself.
_STAMP_SUFFIXES = ("_at", "_by", "_id", "_ids", "_count", "_url", "_urls", "_level", "_version")


def keeps_unknown(shape: Shape, name: str, value: Any) -> bool:
    if not shape.keep_unknown or name in shape.read_only or shape.get(name) is not None:
        return False
    if value is None or name.startswith(("_", "is_")) or name == "id" or name.endswith(_STAMP_SUFFIXES):
        return False
    return not (isinstance(value, Mapping) and "email" in value and ("id" in value or "uuid" in value))


def canonical_json(value: Any) -> Any:
    """Free-form values with mapping keys in sorted order, so a file is the same on every pull."""
    if isinstance(value, Mapping):
        return {str(k): canonical_json(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [canonical_json(v) for v in value]
    return value


def normal(spec: Field, value: Any) -> Any:
    """A field's value in the form the server stores and a file shows."""
    kind = spec.type
    if kind == "key":
        return value
    if kind == "text":
        text = value.strip() if isinstance(value, str) else value
        return text or None
    if kind == "body":
        return value.strip() if isinstance(value, str) else value
    if kind == "raw":
        return value if value not in ("", None) else None
    if kind == "bool":
        return spec.default if value is None else value
    if kind == "tags":
        return sorted(normalize_tags(value or []))
    if kind == "strings":
        return list(value or [])
    if kind == "names":
        return sorted(set(value or []))
    if kind in ("choice", "level"):
        return spec.default if value is None else value
    if kind == "email":
        return value.strip().lower() if isinstance(value, str) and value.strip() else None
    if kind == "json":
        return canonical_json(copy.deepcopy(spec.default) if value is None else value)
    if kind == "layouts":
        return {size: _box(box) for size, box in canonical_json(value or {}).items()}
    if kind == "entry":
        assert spec.shape is not None
        return normal_entry(spec.shape, value) if isinstance(value, Mapping) else None
    if kind == "rows":
        shape = spec.shape
        assert shape is not None
        rows = [normal_entry(shape, row) for row in value or [] if isinstance(row, Mapping)]
        if shape is STEP:
            rows = [_step_defaults(row) for row in rows]
        by = shape.sort_rows_by
        if by:
            rows.sort(key=lambda row: str(row.get(by, "")))
        return rows
    if kind == "tiles":
        return [normal_entry(TILE, tile) for tile in value or [] if isinstance(tile, Mapping)]
    return value


def normal_entry(shape: Shape, entry: Mapping[str, Any]) -> dict[str, Any]:
    """An entry with every known field it has in normal form and shape order, unknown ones after."""
    out: dict[str, Any] = {}
    for spec in shape.fields:
        if spec.name not in entry:
            continue
        value = normal(spec, entry[spec.name])
        if shape.omit_defaults and value == normal(spec, None):
            continue
        out[spec.name] = value
    for name in sorted(k for k in entry if shape.get(k) is None and k not in shape.read_only):
        out[name] = canonical_json(entry[name])
    return out


def _box(box: Any) -> Any:
    if not isinstance(box, Mapping):
        return box
    return {k: box[k] for k in "xywh" if k in box} | {k: v for k, v in box.items() if k not in "xywh"}


def _step_defaults(step: dict[str, Any]) -> dict[str, Any]:
    """The matching modes PostHog fills in (url: contains; text, href: exact), and none without a value."""
    for name, default in (("url", "contains"), ("text", "exact"), ("href", "exact")):
        mode = f"{name}_matching"
        if step.get(name) is None:
            step.pop(mode, None)
        elif step.get(mode) is None:
            step[mode] = default
    return {f.name: step[f.name] for f in STEP.fields if f.name in step} | {
        k: v for k, v in step.items() if STEP.get(k) is None}


def wire(spec: Field, value: Any) -> Any:
    """A normal value as the server takes it."""
    if value is None:
        return spec.wire_empty
    return value
