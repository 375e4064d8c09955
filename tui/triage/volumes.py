"""The 30-day volume of every event, per day, from one HogQL query over the Query API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

DAYS = 30
# ClickHouse answers at most this many rows; a project has far fewer (event, day) pairs in practice.
ROW_LIMIT = 50_000
VOLUME_QUERY = (f"SELECT event, toDate(timestamp) AS day, count() AS events FROM events "
                f"WHERE timestamp > now() - INTERVAL {DAYS} DAY GROUP BY event, day ORDER BY event, day "
                f"LIMIT {ROW_LIMIT}")


LEVELS = "▁▂▃▄▅▆▇█"


def sparkline(daily: dict[date, int], last: date, days: int = DAYS) -> str:
    """One character a day, the oldest first, ending on `last`: a blank for a day without events,
    else a bar scaled to the busiest day (any event at all shows at least the lowest bar)."""
    counts = [daily.get(last - timedelta(days=back), 0) for back in range(days - 1, -1, -1)]
    peak = max(counts)
    if not peak:
        return " " * days
    steps = len(LEVELS)
    return "".join(LEVELS[-(-count * steps // peak) - 1] if count else " " for count in counts)


_QUIET = " " * DAYS


@dataclass
class Volumes:
    """Events per name and day over the last `DAYS` days; `truncated` when the server cut the rows short."""

    daily: dict[str, dict[date, int]] = field(default_factory=dict)
    truncated: bool = False
    # The server's clock when it answered (`last_refresh`): "stale" is measured from it.
    as_of: datetime | None = None

    def total(self, name: str) -> int:
        return sum(self.daily.get(name, {}).values())

    def last_day(self) -> date:
        """The day the sparklines end on: the server's, when it said when it answered."""
        return (self.as_of or datetime.now(UTC)).date()

    def sparkline(self, name: str) -> str:
        days = self.daily.get(name)
        return sparkline(days, self.last_day()) if days else _QUIET

    def totals(self) -> dict[str, int]:
        return {name: sum(days.values()) for name, days in self.daily.items()}

    @classmethod
    def from_rows(cls, rows: Iterable[Any], truncated: bool = False, as_of: datetime | None = None) -> Volumes:
        """Rows of `VOLUME_QUERY` (`[event, day, count]`); malformed rows are skipped."""
        daily: dict[str, dict[date, int]] = {}
        for row in rows:
            if not isinstance(row, list | tuple) or len(row) < 3 or not isinstance(row[0], str):
                continue
            try:
                day = date.fromisoformat(str(row[1])[:10])
                count = int(row[2])
            except (TypeError, ValueError):
                continue
            days = daily.setdefault(row[0], {})
            days[day] = days.get(day, 0) + count
        return cls(daily, truncated, as_of)
