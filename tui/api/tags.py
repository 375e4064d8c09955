"""Tag names the way PostHog stores them, for forms, filters and bulk edits to compare like with like."""

from __future__ import annotations

from collections.abc import Iterable


def normalize_tags(tags: Iterable[str]) -> list[str]:
    """Trimmed, lower case, each once (first occurrence keeps its place), blanks dropped.

    PostHog stores every tag as `tag.strip().lower()`, so `" Growth"` and `"growth"` are one tag, and
    the dashboards `tags=` filter only matches the stored spelling.
    """
    return list(dict.fromkeys(t.strip().lower() for t in tags if t and t.strip()))
