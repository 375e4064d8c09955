"""The `$EDITOR` round trip: writable fields out as commented YAML, and back with clear errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from tui.forms.fields import TEXT_KINDS, FieldSpec, FormError, canonical, read_value

_TYPE_NAMES = {bool: "true/false", int: "a number", float: "a number", str: "text",
               list: "a list", dict: "a mapping", type(None): "empty"}


def to_yaml(original: dict, specs: Sequence[FieldSpec], title: str | None = None) -> str:
    """A YAML document of the writable fields, in spec order, each with a comment."""
    name = title or original.get("name") or original.get("id") or "new object"
    lines = [f"# Editing: {name}" + (f" (id {original['id']})" if original.get("id") else "")]
    lines.append("# Save and quit to apply. Remove a key to leave that field unchanged.")
    for spec in specs:
        if spec.read_only:
            continue
        lines.append("")
        lines.append(f"# {_comment(spec)}")
        value = canonical(spec, read_value(spec, original))
        lines.append(yaml.safe_dump({spec.name: value}, sort_keys=False, allow_unicode=True,
                                    default_flow_style=False, width=100).rstrip("\n"))
    return "\n".join(lines) + "\n"


def _comment(spec: FieldSpec) -> str:
    parts = [spec.label]
    if spec.kind == "enum" and spec.choices:
        parts.append("one of: " + ", ".join(f"{v!s} ({label})" if str(v) != label else label
                                           for label, v in spec.choices))
    elif spec.kind == "rows":
        parts.append("list of entries with keys: " + ", ".join(c.name for c in spec.columns))
    elif spec.kind == "user":
        parts.append("a user id, or null for nobody")
    return " - ".join(parts).replace("\n", " ")


def from_yaml(text: str, specs: Sequence[FieldSpec]) -> dict:
    """The fields present in the document, checked for type; raises FormError naming the key."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise FormError(None, f"The YAML could not be read{where}: {problem}") from None
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise FormError(None, "The document must be a mapping of field: value.")
    writable = {spec.name: spec for spec in specs if not spec.read_only}
    out: dict[str, Any] = {}
    for key, value in doc.items():
        spec = writable.get(key) if isinstance(key, str) else None
        if spec is None:
            raise FormError(str(key), f"Unknown field '{key}'. Fields you can edit: "
                                      + ", ".join(writable) + ".")
        out[key] = _coerce(spec, value, key, key)
    return out


def _fail(key: str, where: str, expected: str, value: Any) -> FormError:
    got = _TYPE_NAMES.get(type(value), type(value).__name__)
    return FormError(key, f"'{where}' must be {expected}, not {got}.")


def _coerce(spec: FieldSpec, value: Any, key: str, where: str) -> Any:
    kind = spec.kind
    if value is None:
        if kind in ("tags", "rows"):
            return []
        if kind == "bool" and not spec.nullable:
            raise _fail(key, where, "true or false", value)
        return None
    if kind in TEXT_KINDS:
        if not isinstance(value, str):
            raise _fail(key, where, "text (put it in quotes)", value)
    elif kind == "bool":
        if not isinstance(value, bool):
            raise _fail(key, where, "true or false", value)
    elif kind in ("int", "user"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(key, where, "a whole number", value)
    elif kind == "enum":
        allowed = [choice for _, choice in spec.choices or ()]
        if allowed and not any(value == c and type(value) is type(c) for c in allowed):
            raise FormError(key, f"'{where}' must be one of: {', '.join(map(str, allowed))}.")
    elif kind == "tags":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(key, where, "a list of text values", value)
    elif kind == "rows":
        if not isinstance(value, list):
            raise _fail(key, where, "a list", value)
        return [_coerce_row(spec, row, key, f"{where}[{i}]", i) for i, row in enumerate(value)]
    return value


def _coerce_row(spec: FieldSpec, row: Any, key: str, where: str, index: int) -> dict:
    if not isinstance(row, dict):
        raise _fail(key, where, "a mapping", row)
    columns = {c.name: c for c in spec.columns}
    out = {}
    for name, value in row.items():
        if name in spec.keep:
            out[name] = value
            continue
        column = columns.get(name)
        if column is None:
            raise FormError(key, f"Unknown key '{name}' in '{where}'. Keys: "
                                 + ", ".join([*spec.keep, *columns]) + ".")
        out[name] = _coerce(column, value, f"{key}__{index}__{name}", f"{where}.{name}")
    return out
