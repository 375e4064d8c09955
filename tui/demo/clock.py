"""Timestamps in the two formats PostHog uses, and its relative date strings."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_RELATIVE = re.compile(r"^-?(\d+)([hdwmyM])$")
_UNIT = {"M": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1),
         "m": timedelta(days=30), "y": timedelta(days=365)}


def iso_z(value: datetime | None) -> str | None:
    """DRF DateTimeField output: `2026-11-20T12:00:00Z` (microseconds only when present)."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def iso_offset(value: datetime) -> str:
    """Events API timestamps: `+00:00` offsets with milliseconds, never `Z`."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


def parse_when(value: str, now: datetime) -> datetime | None:
    """An ISO datetime (naive = UTC) or a relative string like `-24h`, `-7d`; None if unparsable."""
    match = _RELATIVE.match(value.strip())
    if match:
        return now - int(match.group(1)) * _UNIT[match.group(2)]
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def wall_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
