"""Plain-text formatting of API values for tables and detail views."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def when(value: Any) -> str:
    """A timestamp as `YYYY-MM-DD HH:MM` (absolute, so screens and snapshots are stable)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def flag(value: Any) -> str:
    return "✓" if value else ""


def tags(value: Any) -> str:
    return ", ".join(str(t) for t in (value or []) if t is not None)


def person(user: Any) -> str:
    """A user object, dict or bare id as the most readable name it has."""
    if user is None:
        return "—"
    if isinstance(user, int):
        return f"user {user}"
    get = user.get if isinstance(user, dict) else lambda k: getattr(user, k, None)
    name = " ".join(p for p in (get("first_name"), get("last_name")) if p)
    return name or get("email") or str(get("id") or "—")


def number(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


def text(value: Any) -> str:
    """Any scalar as one line; structured values as compact JSON-ish text."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(text(v) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}={text(v)}" for k, v in value.items()) or "—"
    return " ".join(str(value).split())
