"""Which fields a PATCH should carry, how they read in a preview, and what changed meanwhile."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from tui.forms.fields import FieldSpec, canonical, read_value, same

EMPTY = "(empty)"

# Keys the server rewrites on its own (reads stamp last_accessed_at, refreshes stamp
# last_refresh, ...): a difference there is not somebody else's edit.
VOLATILE_KEYS = frozenset({
    "last_accessed_at", "last_viewed_at", "last_refresh", "last_seen_at", "last_calculated_at",
    "is_calculating", "is_cached", "updated_at", "last_updated_at", "user_access_level",
    "effective_restriction_level", "effective_privilege_level", "search_match_type",
})


def changes(original: dict, edited: dict, specs: Sequence[FieldSpec]) -> dict:
    """The writable fields of `edited` that differ from `original`, in their wire form.

    Fields missing from `edited` are left alone. Nested rows go out as the whole new list,
    because the server replaces `properties` / `steps` with what it is sent.
    """
    out: dict[str, Any] = {}
    for spec in specs:
        if spec.read_only or spec.name not in edited:
            continue
        old = canonical(spec, read_value(spec, original))
        new = canonical(spec, edited[spec.name])
        if not same(spec, old, new):
            out[spec.name] = new
    return out


def display_text(spec: FieldSpec, value: Any) -> str:
    """A value as one plain string for tables and previews (never markup)."""
    kind = spec.kind
    if kind == "user" and isinstance(value, dict):
        return user_label(value)
    value = canonical(spec, value)
    if value is None or value == "" or value == []:
        return EMPTY
    if kind == "bool" and isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "tags" and isinstance(value, list):
        return ", ".join(map(str, value))
    if kind == "enum":
        return spec.choice_label(value)
    if kind == "user":
        return f"user {value}"
    if kind == "rows" and isinstance(value, list):
        return "\n".join(f"{i}. {_row_summary(spec, row)}" for i, row in enumerate(value, 1))
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _row_summary(spec: FieldSpec, row: Any) -> str:
    if not isinstance(row, dict):
        return json.dumps(row, default=str)
    parts = []
    for column in spec.columns:
        value = row.get(column.name)
        if value is True:
            parts.append(column.label.lower())
        elif value not in (None, "", [], False):
            parts.append(f"{column.label.lower()} {display_text(column, value)}")
    return ", ".join(parts) or EMPTY


def user_label(user: dict) -> str:
    name = " ".join(p for p in (user.get("first_name"), user.get("last_name")) if p)
    email = user.get("email")
    if name and email:
        return f"{name} <{email}>"
    return name or email or f"user {user.get('id')}"


def _spec_for(name: str, specs: Iterable[FieldSpec]) -> FieldSpec:
    for spec in specs:
        if spec.name == name:
            return spec
    return FieldSpec(name, name.replace("_", " ").capitalize(), "json")


def preview_rows(
    original: dict, changes: dict, specs: Sequence[FieldSpec] = ()
) -> list[tuple[str, str, str]]:
    """(field label, old text, new text) per changed field, for ChangePreview."""
    rows = []
    for name, new in changes.items():
        spec = _spec_for(name, specs)
        old = original.get(name, original.get(spec.read_key) if spec.read_key else None)
        rows.append((spec.label, display_text(spec, old), display_text(spec, new)))
    return rows


def conflicts(
    loaded: dict, current_on_server: dict, changes: dict, specs: Sequence[FieldSpec] = ()
) -> list[str]:
    """Fields that changed on the server since `loaded` was fetched.

    Fields this edit is about to send come first (saving would overwrite someone's change);
    other changed fields follow, because the edit was made looking at stale values.
    """
    differing = []
    for name in sorted((loaded.keys() | current_on_server.keys()) - VOLATILE_KEYS):
        spec = _spec_for(name, specs)
        old = canonical(spec, read_value(spec, loaded))
        new = canonical(spec, read_value(spec, current_on_server))
        if not same(spec, old, new):
            differing.append(name)
    sent = [name for name in changes if name in differing]
    return sent + [name for name in differing if name not in sent]


def not_kept(sent: dict, answer: dict, specs: Sequence[FieldSpec]) -> list[str]:
    """Labels of the fields whose value in the server's answer is not what was sent.

    Some servers drop a field without an error (the enterprise serializer on PostHog Cloud has
    no `primary_property`); DRF trims leading and trailing spaces, which is not a drop.
    """
    dropped = []
    for name, value in sent.items():
        spec = _spec_for(name, specs)
        old, new = canonical(spec, value), canonical(spec, read_value(spec, answer))
        if isinstance(old, str) and isinstance(new, str):
            old, new = old.strip(), new.strip()
        if not same(spec, old, new):
            dropped.append(spec.label)
    return dropped
