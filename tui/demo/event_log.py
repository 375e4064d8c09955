"""One project's events, oldest first, with the lookups the events routes and the query engine use.

Events are read-only through the API, so a log is shared between the seed and every reset; live
events (see `seed_events.catch_up`) are appended, which keeps the oldest-first order cheap.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import datetime
from typing import Any

Record = dict[str, Any]


class EventLog:
    def __init__(self) -> None:
        self.rows: list[Record] = []
        # Epoch seconds of `rows`, ascending, for bisecting time windows.
        self.times: list[float] = []
        self.by_id: dict[str, Record] = {}
        self.person_of: dict[str, Record] = {}
        self.persons: list[Record] = []
        # (event name, weight) pairs the live traffic is drawn from.
        self.weights: tuple[tuple[str, int], ...] = ()
        # Events up to this moment exist; later ones are generated when the clock passes them.
        self.live_until: datetime | None = None
        # The query engine's SQLite copy of this log, made by the first query that needs it.
        self.engine: Any = None

    def __len__(self) -> int:
        return len(self.rows)

    def append(self, record: Record, person: Record, *, when: datetime) -> None:
        self.rows.append(record)
        self.times.append(when.timestamp())
        self.by_id[record["id"]] = record
        self.person_of[record["id"]] = person

    def between(self, after: datetime, before: datetime) -> list[Record]:
        """Events strictly after `after` and strictly before `before`, newest first."""
        start = bisect_right(self.times, after.timestamp())
        end = bisect_left(self.times, before.timestamp())
        return self.rows[start:end][::-1]

    def since(self, after: datetime) -> list[Record]:
        return self.rows[bisect_right(self.times, after.timestamp()):]
