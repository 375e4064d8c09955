"""What can be edited on each PostHog resource, and how one value is read and written.

The server reads some fields differently from how it writes them (an event definition's
`owner` comes back as a user object but is written as an integer id), and treats `''` and
`null` alike on nullable text. The helpers here turn both shapes into one canonical value, so
that diffing, validation, YAML and the widgets agree on what "unchanged" means.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from tui.api.tags import normalize_tags

Kind = Literal["text", "textarea", "bool", "enum", "tags", "json", "int", "user", "rows"]
TEXT_KINDS = ("text", "textarea")


class FormError(Exception):
    """A value that cannot be turned into a request body; `field` is None for the whole document."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class Unparsed(str):
    """Text typed into an int or JSON field that did not parse; kept so no input is lost.

    It is a `str`, so a body holding one still serialises; validation reports `error`.
    """

    error: str

    def __new__(cls, text: str, error: str) -> Unparsed:
        obj = super().__new__(cls, text)
        obj.error = error
        return obj


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind
    choices: tuple[tuple[str, Any], ...] | None = None  # (label, value); None = supplied at runtime
    required: bool = False
    help: str | None = None
    read_only: bool = False
    nullable: bool = False  # blank text is sent as null (the server rejects '' on these)
    max_length: int | None = None
    ordered: bool = False  # for list fields: does reordering count as a change?
    read_key: str | None = None  # the server returns this field under another key, as {id, ...}
    blank_message: str | None = None
    columns: tuple[FieldSpec, ...] = ()  # kind "rows": one FieldSpec per column
    keep: tuple[str, ...] = ()  # kind "rows": row keys carried through unedited (e.g. "id")
    reorderable: bool = False  # kind "rows"
    normalized: bool = False  # kind "tags": PostHog's tags, stored trimmed, lower case, once

    def choice_label(self, value: Any) -> str:
        for label, choice in self.choices or ():
            if choice == value:
                return label
        return str(value)


def _ref_id(value: Any) -> Any:
    return value.get("id") if isinstance(value, dict) else value


def read_value(spec: FieldSpec, obj: dict) -> Any:
    """The field's value in an object as the server returned it (or as a form edited it)."""
    if spec.name in obj:
        value = obj[spec.name]
    elif spec.read_key is not None:
        value = obj.get(spec.read_key)
    else:
        value = None
    if spec.kind == "user" or spec.read_key is not None:
        value = _ref_id(value)
    return value


def canonical(spec: FieldSpec, value: Any) -> Any:
    """The value as it should be sent, with the server's equivalent spellings folded together."""
    kind = spec.kind
    if kind in TEXT_KINDS:
        if value is None or (spec.nullable and isinstance(value, str) and not value.strip()):
            return None if spec.nullable else ""
        return value
    if kind == "bool":
        return bool(value) if value is None or isinstance(value, bool) else value
    if kind == "tags":
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return value
        # The server keeps `tag.strip().lower()`, once: " Growth" and "growth" are one tag.
        return normalize_tags(value) if spec.normalized else list(dict.fromkeys(value))
    if kind == "user":
        return _ref_id(value)
    if kind == "rows":
        if not isinstance(value, list):
            return [] if value is None else value
        return [canonical_row(spec, row) for row in value]
    return value


def canonical_row(spec: FieldSpec, row: Any) -> Any:
    if not isinstance(row, dict):
        return row
    out = {key: row[key] for key in spec.keep if key in row}
    for column in spec.columns:
        out[column.name] = canonical(column, read_value(column, row))
    return out


def blank_row(spec: FieldSpec) -> dict[str, Any]:
    """A new row for a rows field: required choices start at their first option."""
    row: dict[str, Any] = {}
    for column in spec.columns:
        if column.kind == "enum" and column.required and column.choices:
            row[column.name] = column.choices[0][1]
        elif column.kind == "bool":
            row[column.name] = False
    return row


def same(spec: FieldSpec, old: Any, new: Any) -> bool:
    """Whether sending `new` would leave the field as `old` (both canonical)."""
    if spec.kind == "tags" and not spec.ordered and isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and set(map(repr, old)) == set(map(repr, new))
    if spec.kind in TEXT_KINDS:
        return (old or "") == (new or "")
    if isinstance(old, Unparsed) or isinstance(new, Unparsed):
        return False
    # Compared as JSON because 1 == 1.0 == True in Python but not in a request body.
    return json.dumps(old, sort_keys=True, default=str) == json.dumps(new, sort_keys=True, default=str)


def parse_int(text: str) -> int | None | Unparsed:
    """An int/user field's text: blank means no value."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return int(stripped, 10)
    except ValueError:
        return Unparsed(text, "Enter a whole number.")


def _reject_constant(name: str) -> Any:
    # Python reads NaN/Infinity, but they are not JSON and the server refuses them.
    raise ValueError(f"{name} is not allowed")


def parse_json(text: str) -> Any:
    if not text.strip():
        return None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as err:
        return Unparsed(text, f"Invalid JSON: {err}")
    except RecursionError:
        return Unparsed(text, "Invalid JSON: nested too deeply.")


def _text(label: str, name: str, **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, "text", **kw)


_MATCHING = (("contains", "contains"), ("regex", "regex"), ("exact", "exact"))
PROPERTY_TYPES = ("String", "DateTime", "Numeric", "Boolean", "Object", "Any")

PROPERTY_COLUMNS = (
    _text("Name", "name", required=True, max_length=200, blank_message="Property name is required"),
    FieldSpec("property_type", "Type", "enum", tuple((t, t) for t in PROPERTY_TYPES), required=True),
    FieldSpec("is_required", "Required", "bool"),
    _text("Description", "description"),
)

STEP_COLUMNS = (
    _text("Event", "event", nullable=True, help="e.g. $pageview, $autocapture"),
    _text("URL", "url", nullable=True),
    FieldSpec("url_matching", "URL matching", "enum", _MATCHING, nullable=True),
    _text("Selector", "selector", nullable=True, help="CSS selector"),
    _text("Tag name", "tag_name", nullable=True),
    _text("Text", "text", nullable=True),
    FieldSpec("text_matching", "Text matching", "enum", _MATCHING, nullable=True),
    _text("Link target", "href", nullable=True),
    FieldSpec("href_matching", "Link matching", "enum", _MATCHING, nullable=True),
    FieldSpec(
        "properties", "Properties", "json", nullable=True,
        help='JSON list of filters, e.g. [{"key": "plan", "value": "pro"}]',
    ),
)

# The colours PostHog's web app offers for a dashboard tile.
TILE_COLORS = ("white", "black", "blue", "green", "purple")
TAGS_HELP = "enter adds · backspace on an empty box removes the last"

FORM_SPECS: dict[str, list[FieldSpec]] = {
    "event_definition": [
        _text("Name", "name", read_only=True, help="Event names cannot be changed."),
        FieldSpec("description", "Description", "textarea", nullable=True),
        FieldSpec("tags", "Tags", "tags", help=TAGS_HELP, normalized=True),
        FieldSpec("verified", "Verified", "bool"),
        FieldSpec("hidden", "Hidden", "bool", help="An event cannot be both hidden and verified."),
        FieldSpec("owner", "Owner", "user", help="User id; blank for no owner."),
        FieldSpec(
            "enforcement_mode", "Enforcement", "enum",
            (("allow", "allow"), ("reject", "reject")), required=True,
            help="reject: drop events that break the schema.",
        ),
        _text("Primary property", "primary_property", nullable=True, max_length=400),
        FieldSpec("default_columns", "Default columns", "tags", ordered=True),
    ],
    "property_group": [
        _text("Name", "name", required=True, max_length=400),
        FieldSpec("description", "Description", "textarea"),
        FieldSpec(
            "properties", "Properties", "rows", columns=PROPERTY_COLUMNS,
            # No "id": the server recreates every property on PATCH (new ids), so none is sent.
            keep=("is_optional_in_types", "validation_rules"),
        ),
    ],
    "event_schema": [
        FieldSpec("event_definition", "Event", "enum", required=True),
        FieldSpec(
            "property_group_id", "Property group", "enum", required=True,
            read_key="property_group",
        ),
    ],
    "dashboard": [
        _text("Name", "name", required=True, max_length=400),
        FieldSpec("description", "Description", "textarea"),
        FieldSpec("pinned", "Pinned", "bool"),
        FieldSpec("tags", "Tags", "tags", help=TAGS_HELP, normalized=True),
        FieldSpec(
            "restriction_level", "Who can edit", "enum",
            (("Everyone can edit", 21), ("Only invited can edit", 37)), required=True,
        ),
    ],
    "action": [
        _text("Name", "name", required=True, max_length=400),
        FieldSpec("description", "Description", "textarea"),
        FieldSpec("tags", "Tags", "tags", help=TAGS_HELP, normalized=True),
        FieldSpec("post_to_slack", "Post to Slack", "bool"),
        FieldSpec("slack_message_format", "Slack message", "textarea", max_length=1200),
        FieldSpec("steps", "Steps (any matches)", "rows", columns=STEP_COLUMNS, reorderable=True),
    ],
    "text_tile": [
        FieldSpec("body", "Text", "textarea", required=True, max_length=4000, help="Markdown"),
        FieldSpec("color", "Colour", "enum", tuple((c, c) for c in TILE_COLORS), nullable=True),
    ],
}
