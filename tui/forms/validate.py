"""Client-side checks for what the server would refuse, with the server's own wording.

Keys follow the server's error `attr` convention (`steps__0__url_matching`), so a message
from here and a 400 from the server land beside the same field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.forms.fields import TEXT_KINDS, FieldSpec, Unparsed, canonical, read_value
from tui.text import first_control, safe

BOTH_HIDDEN_AND_VERIFIED = "An event cannot be both hidden and verified"
BLANK = "This field may not be blank."
NOT_INT = "Enter a whole number."
NOT_TEXT = "Must be text."
NOT_BOOL = "Must be true or false."
NUL = "Null characters are not allowed."


def validate(values: dict, specs: Sequence[FieldSpec]) -> dict[str, str]:
    """{field: message} for every value the server would reject; empty when all is well."""
    errors: dict[str, str] = {}
    for spec in specs:
        if spec.read_only or (spec.name not in values and spec.read_key not in values):
            continue
        _check(spec, read_value(spec, values), spec.name, errors)
    if values.get("hidden") is True and values.get("verified") is True and _has(specs, "hidden"):
        errors.setdefault("hidden", BOTH_HIDDEN_AND_VERIFIED)
    return errors


def control_errors(changes: dict, specs: Sequence[FieldSpec]) -> dict[str, str]:
    """{field: message} for changed text holding a terminal control character: it would go to
    the server and come back to every screen showing the value (typed through $EDITOR, pasted)."""
    errors: dict[str, str] = {}
    for spec in specs:
        value = changes.get(spec.name)
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if isinstance(text, str):
                found = first_control(text, multiline=spec.kind == "textarea")
                if found is not None:
                    errors[spec.name] = f"Holds a control character ({safe(found)}, U+{ord(found):04X}): remove it."
                    break
    return errors


def validate_value(spec: FieldSpec, value: Any) -> str | None:
    """The message for one field's value on its own (no cross-field or per-row checks)."""
    errors: dict[str, str] = {}
    _check(spec, value, spec.name, errors)
    return errors.get(spec.name)


def _has(specs: Sequence[FieldSpec], name: str) -> bool:
    return any(spec.name == name for spec in specs)


def _check(spec: FieldSpec, value: Any, key: str, errors: dict[str, str]) -> None:
    if isinstance(value, Unparsed):
        errors[key] = value.error
        return
    message = _message(spec, canonical(spec, value))
    if message:
        errors[key] = message
    elif spec.kind == "rows" and isinstance(value, list):
        _check_rows(spec, value, key, errors)


def _message(spec: FieldSpec, value: Any) -> str | None:
    kind = spec.kind
    if kind in TEXT_KINDS:
        if value is not None and not isinstance(value, str):
            return NOT_TEXT
        if not (value or "").strip():
            return (spec.blank_message or BLANK) if spec.required else None
        if "\x00" in value:
            return NUL
        if spec.max_length is not None and len(value) > spec.max_length:
            return f"Ensure this field has no more than {spec.max_length} characters."
        return None
    if kind == "bool":
        return None if isinstance(value, bool) else NOT_BOOL
    if kind in ("int", "user"):
        if value is None:
            return BLANK if spec.required else None
        return None if isinstance(value, int) and not isinstance(value, bool) else NOT_INT
    if kind == "enum":
        return _enum_message(spec, value)
    if kind == "tags":
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            return "Must be a list of text values."
        if any("\x00" in t for t in value):
            return NUL
        return "Tags may not be blank." if any(not t.strip() for t in value) else None
    if kind == "rows":
        return None if isinstance(value, list) and all(isinstance(r, dict) for r in value) else (
            "Must be a list of entries."
        )
    if kind == "json" and spec.name == "properties":
        # Action step property filters: the server wants a list of {key, value, ...} objects.
        if value is not None and not (
            isinstance(value, list) and all(isinstance(f, dict) and "key" in f for f in value)
        ):
            return 'Must be a JSON list of filters like [{"key": "plan", "value": "pro"}].'
    return None


def _enum_message(spec: FieldSpec, value: Any) -> str | None:
    if value is None:
        return BLANK if spec.required else None
    if spec.choices is None:
        return None
    allowed = [choice for _, choice in spec.choices]
    if any(value == c and type(value) is type(c) for c in allowed):
        return None
    return f"Must be one of: {', '.join(map(str, allowed))}."


def _check_rows(spec: FieldSpec, rows: list[dict], key: str, errors: dict[str, str]) -> None:
    seen: set[str] = set()
    for index, row in enumerate(rows):
        for column in spec.columns:
            _check(column, read_value(column, row), f"{key}__{index}__{column.name}", errors)
        name = row.get("name")
        if any(c.name == "name" for c in spec.columns) and isinstance(name, str) and name.strip():
            if name.strip() in seen:
                errors.setdefault(key, f"A property named '{name.strip()}' already exists in this group")
            seen.add(name.strip())
