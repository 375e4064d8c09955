"""Tag names as PostHog stores them (`tagify`): trimmed, lower case, each once, blanks dropped."""

from __future__ import annotations

from collections.abc import Iterable


def tagify(tags: Iterable[str]) -> list[str]:
    # PostHog de-duplicates through a set, so its order is arbitrary; first-seen order is one valid answer.
    return list(dict.fromkeys(t.strip().lower() for t in tags if t.strip()))


def bulk_tags(current: list[str], action: str, tags: list[str]) -> list[str]:
    wanted = tagify(tags)
    if action == "set":
        return wanted
    if action == "add":
        return tagify([*current, *wanted])
    return [t for t in current if t not in wanted]
