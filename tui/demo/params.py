"""Query-string values PostHog reads loosely."""

from __future__ import annotations

import json
from typing import Any


def parse_json_list(raw: str | None) -> list[Any]:
    """A JSON list (`["a","b"]`); a bare or comma-separated value is taken as its items."""
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return [part for part in raw.split(",") if part]
    return value if isinstance(value, list) else [value]


def truthy(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes")
