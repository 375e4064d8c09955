"""Running the demo's HogQL subset against its own events: an in-memory SQLite copy of the event log.

Fields of `events`: `uuid`, `event`, `timestamp` (and `created_at`), `distinct_id`, `person_id`,
`properties` (the JSON text), `properties.<key>` (also `properties['key']`, nested keys with more
dots), `person.properties.<key>`, `elements_chain`, `team_id`, `person_mode`; `*` stands for
`uuid, event, properties, timestamp, team_id, distinct_id, elements_chain, created_at, person_mode`.
Property values are Strings, as untyped properties are in PostHog; comparing one with a number
compares numerically.

Functions: count() / count(x) / count(DISTINCT x), uniq, uniqExact, sum, avg, min, max, toDate,
toStartOfDay, toStartOfHour, toDateTime, toDateTime64, now, today, toString, toInt, toFloat, lower, upper,
length, trim, coalesce, ifNull, concat, round, if, match (regular expression), matchesAction(id).
Dates: `timestamp > '2026-11-01'` and `timestamp > now() - INTERVAL 7 DAY` work as in PostHog
(a MONTH is 30 days here). Result types are the ClickHouse names PostHog reports (`String`,
`UInt64`, `Float64`, `DateTime64(6, 'UTC')`, `Date`, `UUID`, `Bool`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from .event_log import EventLog
from .hogql_parse import Binary, Call, Const, Field, HogQLError, InList, Interval, IsNull, Negative, Not

DT, DATE, STRING, UUID, BOOL = "DateTime64(6, 'UTC')", "Date", "String", "UUID", "Bool"
UINT, INT, FLOAT, NULL, INTERVAL = "UInt64", "Int64", "Float64", "Nullable(Nothing)", "Interval"
STAR = ("uuid", "event", "properties", "timestamp", "team_id", "distinct_id", "elements_chain", "created_at",
        "person_mode")
AGGREGATES = {"count", "uniq", "uniqexact", "sum", "avg", "min", "max"}
_US = {"second": 1_000_000, "minute": 60_000_000, "hour": 3_600_000_000, "day": 86_400_000_000,
       "week": 7 * 86_400_000_000, "month": 30 * 86_400_000_000}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_us(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def from_us(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def iso_us(value: int | None) -> str | None:
    """DateTime64(6) as PostHog's JSON shows it: microseconds and a `Z`."""
    return None if value is None else from_us(int(value)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_datetime(text: str) -> int:
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise HogQLError(f"Cannot parse DateTime from '{text}'.") from None
    return to_us(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))


def property_text(value: Any) -> str | None:
    """A property as HogQL reads it without a type: text (numbers and objects as their JSON)."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, bool) else ("true" if value else "false")


def _lookup(properties: dict[str, Any], path: str) -> str | None:
    value: Any = properties
    for key in json.loads(path):
        value = value.get(key) if isinstance(value, dict) else None
    return property_text(value)


class Engine:
    """One project's events as a SQLite table (rows keep their log index), synced before each query."""

    def __init__(self, log: EventLog, team_id: int) -> None:
        self.log, self.team_id, self.loaded = log, team_id, 0
        self.matches: dict[str, frozenset[int]] = {}
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE TABLE events (row INTEGER PRIMARY KEY, uuid TEXT, event TEXT, ts INTEGER, "
                        "distinct_id TEXT, person_id TEXT, elements_chain TEXT)")
        self.db.execute("CREATE INDEX events_ts ON events (ts)")
        self.db.execute("PRAGMA case_sensitive_like = ON")  # ClickHouse's LIKE is case-sensitive
        rows = log.rows
        functions: dict[str, tuple[int, Callable[..., Any]]] = {
            "ph_prop": (2, lambda row, path: _lookup(rows[row]["properties"], path)),
            "ph_pprop": (2, lambda row, path: _lookup(log.person_of[rows[row]["id"]]["properties"], path)),
            "ph_props": (1, lambda row: json.dumps(rows[row]["properties"], ensure_ascii=False)),
            "ph_date": (1, lambda us: None if us is None else from_us(us).date().isoformat()),
            "ph_day": (1, lambda us: None if us is None else us - us % _US["day"]),
            "ph_hour": (1, lambda us: None if us is None else us - us % _US["hour"]),
            "ph_iso": (1, iso_us),
            "ph_dt": (1, lambda text: None if text is None else parse_datetime(str(text))),
            "ph_match": (2, lambda text, pattern: None if text is None else re.search(pattern, str(text)) is not None),
            "ph_action": (2, lambda token, row: row in self.matches.get(token, ())),
        }
        for name, (arity, function) in functions.items():
            self.db.create_function(name, arity, function, deterministic=name != "ph_action")

    def sync(self) -> None:
        fresh = self.log.rows[self.loaded:]
        if not fresh:
            return
        times = self.log.times
        self.db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", (
            (self.loaded + i, e["id"], e["event"], round(times[self.loaded + i] * 1_000_000), e["distinct_id"],
             self.log.person_of[e["id"]]["uuid"], e["elements_chain"]) for i, e in enumerate(fresh)))
        self.loaded += len(fresh)


def to_text(node: Any) -> str:
    """An expression written back as HogQL (the column name when there is no alias)."""
    if isinstance(node, Const):
        return "'" + node.value.replace("\\", "\\\\").replace("'", "\\'") + "'" if isinstance(node.value, str) \
            else "NULL" if node.value is None else str(node.value).lower() if isinstance(node.value, bool) \
            else str(node.value)
    if isinstance(node, Field):
        return ".".join(node.chain)
    if isinstance(node, Call):
        return f"{node.name}({'DISTINCT ' if node.distinct else ''}{', '.join(to_text(a) for a in node.args)})"
    if isinstance(node, Binary):
        return f"{to_text(node.left)} {node.op.upper() if node.op.isalpha() or ' ' in node.op else node.op} " \
               f"{to_text(node.right)}"
    if isinstance(node, Not):
        return f"NOT {to_text(node.expr)}"
    if isinstance(node, Negative):
        return f"-{to_text(node.expr)}"
    if isinstance(node, IsNull):
        return f"{to_text(node.expr)} IS {'NOT ' if node.negated else ''}NULL"
    if isinstance(node, InList):
        return f"{to_text(node.expr)} {'NOT ' if node.negated else ''}IN ({', '.join(map(to_text, node.items))})"
    if isinstance(node, Interval):
        return f"INTERVAL {node.amount} {node.unit.upper()}"
    return "*"


def has_aggregate(node: Any) -> bool:
    if isinstance(node, Call):
        return node.name.lower() in AGGREGATES or any(has_aggregate(a) for a in node.args)
    children = {Binary: lambda n: (n.left, n.right), Not: lambda n: (n.expr,), Negative: lambda n: (n.expr,),
                IsNull: lambda n: (n.expr,), InList: lambda n: (n.expr, *n.items)}
    for kind, parts in children.items():
        if isinstance(node, kind):
            return any(has_aggregate(p) for p in parts(node))
    return False
