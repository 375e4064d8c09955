"""The JSON Schema of a setup file, built from the same field descriptions the loader checks."""

from __future__ import annotations

from typing import Any

from tui.setup.kinds import KINDS, TILE, VERSION, Field, Shape

SCHEMA_ID = "https://posthog-tui.invalid/setup.schema.json"

_NULLABLE_TEXT = {"type": ["string", "null"]}


def _field(spec: Field) -> dict[str, Any]:
    kind = spec.type
    if kind == "key":
        out: dict[str, Any] = {"type": "string", "minLength": 1}
    elif kind in ("text", "raw", "body", "email"):
        out = dict(_NULLABLE_TEXT)
        if kind == "email":
            out["format"] = "email"
    elif kind == "bool":
        out = {"type": ["boolean", "null"]}
    elif kind in ("tags", "strings", "names"):
        out = {"type": "array", "items": {"type": "string"}}
        if kind != "strings":
            out["uniqueItems"] = True
    elif kind in ("choice", "level"):
        out = {"enum": [*spec.choices, None]}
    elif kind == "layouts":
        box = {"type": "object", "properties": {k: {"type": "integer", "minimum": 0} for k in "xywh"}}
        out = {"type": "object", "additionalProperties": box}
    elif kind == "json":
        out = {"type": ["array" if isinstance(spec.default, list) else "object", "null"]}
    elif kind == "entry":
        assert spec.shape is not None
        out = _entry(spec.shape)
    elif kind == "rows":
        assert spec.shape is not None
        out = {"type": "array", "items": _entry(spec.shape)}
    elif kind == "tiles":
        tile = _entry(TILE)
        tile["oneOf"] = [{"required": ["insight"]}, {"required": ["text"]}]
        out = {"type": "array", "items": tile}
    else:
        out = {}
    if spec.help:
        out["description"] = spec.help
    return out


def _entry(shape: Shape) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {spec.name: _field(spec) for spec in shape.fields},
        # A newer server's fields are kept where they are writable.
        "additionalProperties": shape.keep_unknown,
    }
    if shape.key is not None:
        out["required"] = [shape.key.name]
    return out


def json_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {"version": {"const": VERSION, "description": "the file format's version"}}
    for kind in KINDS:
        properties[kind.id] = {"type": ["array", "null"], "description": kind.title, "items": _entry(kind.shape)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "posthog-tui project setup",
        "description": "A PostHog project's setup, keyed by natural keys so it applies to any project "
                       "(`posthog-tui pull`, `plan`, `apply`).",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
