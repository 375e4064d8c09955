"""Completing the name before the cursor in a HogQL query: tables, the events table's columns and
the project's event names (from its event definitions)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

TABLES = ("events", "persons", "sessions", "groups", "cohort_people", "person_distinct_ids")
COLUMNS = ("uuid", "event", "timestamp", "distinct_id", "properties", "person_id", "person", "elements_chain",
           "created_at", "$session_id", "$window_id")
KEYWORDS = ("SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "LIMIT", "count()", "uniq(", "toStartOfDay(",
            "now()", "INTERVAL", "DESC", "HAVING")
_WORD = re.compile(r"[\w$.]+$")


def word_before(line: str) -> str:
    """The name being typed at the end of `line` (letters, digits, `_`, `$`, `.`)."""
    found = _WORD.search(line)
    return found.group() if found else ""


def complete(prefix: str, names: Iterable[str]) -> tuple[str, list[str]]:
    """What to insert after `prefix` (the longest part every match shares) and the matches.

    Case is ignored while matching, as HogQL keywords and the user's typing disagree on it."""
    if not prefix:
        return "", []
    lowered = prefix.lower()
    matches = sorted({name for name in names if name.lower().startswith(lowered) and name != prefix},
                     key=lambda name: (len(name), name))
    if not matches:
        return "", []
    shared = os.path.commonprefix([name[len(prefix):] for name in matches])
    return shared, matches
