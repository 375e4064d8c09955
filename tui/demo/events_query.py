"""`EventsQuery` as PostHog's runner builds it: one HogQL query over `events` from the node's fields.

`select` entries are HogQL expressions, except `*` (the event as one object) and `person` (the
person as one object); aggregations group by the other columns; `where` entries, `properties`
filters, `event`, `actionId`, `personId`, and the time window (`before` defaults to now + 5 s,
`after` to 24 hours earlier, `"all"` lifts it) become the WHERE clause. The order is `orderBy`,
or `count()` / the first aggregation descending, or `timestamp` descending when selected.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from .clock import parse_when
from .hogql_parse import HogQLError, parse_expr
from .hogql_sql import STAR, has_aggregate

STAR_TYPE = "Tuple(" + ", ".join(("UUID", "String", "String", "DateTime64(6, 'UTC')", "Int64", "String", "String",
                                  "DateTime64(6, 'UTC')", "String")) + ")"


def quote(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value) if not isinstance(value, bool) \
        else "true" if value else "false"
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def property_filter(flt: dict[str, Any]) -> str:
    """A property filter (`{key, value, operator, type}`) as the HogQL condition PostHog generates."""
    if flt.get("type") == "hogql":
        return str(flt["key"])
    prefix = "person.properties" if flt.get("type") == "person" else "properties"
    field = f"{prefix}[{quote(str(flt['key']))}]"
    operator, value = flt.get("operator") or "exact", flt.get("value")
    values = value if isinstance(value, list) else [value]
    first = values[0] if values else None
    if operator == "is_set":
        return f"{field} IS NOT NULL"
    if operator == "is_not_set":
        return f"{field} IS NULL"
    if operator == "exact":
        return f"{field} IN ({', '.join(quote(v) for v in values)})"
    if operator == "is_not":  # a missing property is "not" the value, as ifNull(..., 1) makes it in PostHog
        return f"({field} IS NULL OR {field} NOT IN ({', '.join(quote(v) for v in values)}))"
    if operator in ("icontains", "not_icontains"):
        like = f"{field} ILIKE {quote(f'%{first}%')}"
        return like if operator == "icontains" else f"({field} IS NULL OR NOT {like})"
    if operator in ("regex", "not_regex"):
        match = f"match({field}, {quote(str(first))})"
        return match if operator == "regex" else f"({field} IS NULL OR NOT {match})"
    comparisons = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
    if operator in comparisons:
        return f"toFloat({field}) {comparisons[operator]} {float(first)}"
    raise HogQLError(f"Property filter operator '{operator}' is not supported by the demo server.")


def _when(raw: Any, name: str, now: datetime) -> datetime:
    moment = parse_when(str(raw), now)
    if moment is None:
        raise HogQLError(f"Could not parse {name}: {raw!r}.")
    return moment


def build(node: dict[str, Any], now: datetime) -> tuple[str, str, list[str], list[str]]:
    """The HogQL to run, the HogQL to show, the raw column names, and each column's kind (`star`,
    `person` or `value`). The event behind `*` is read by its uuid and filled in from the log."""
    raw = [str(c) for c in node.get("select") or ["*"]]
    exprs, kinds = [], []
    for column in raw:
        plain = column.split("--")[0].strip()
        if plain == "*":
            exprs.append("uuid")
            kinds.append("star")
        elif plain == "person":
            exprs.append("distinct_id")
            kinds.append("person")
        else:
            exprs.append(plain)
            kinds.append("value")
    aggregated = [e for e in exprs if has_aggregate(parse_expr(e))]
    conditions = [str(w) for w in node.get("where") or []]
    events = [e for e in [node.get("event"), *(node.get("events") or [])] if e]
    if events:
        conditions.append(f"event IN ({', '.join(quote(e) for e in events)})")
    for flt in [*(node.get("properties") or []), *(node.get("fixedProperties") or [])]:
        conditions.extend(property_filter(f) for f in (flt.get("values") if "values" in flt else [flt]))
    if node.get("actionId") is not None:
        conditions.append(f"matchesAction({int(node['actionId'])})")
    if node.get("personId"):
        conditions.append(f"person_id = {quote(str(node['personId']))}")
    before = _when(node["before"], "before", now) if node.get("before") else now + timedelta(seconds=5)
    conditions.append(f"timestamp < toDateTime({quote(before.isoformat())})")
    if node.get("after") != "all":
        after = _when(node.get("after") or "-24h", "after", now)
        conditions.append(f"timestamp > toDateTime({quote(after.isoformat())})")
    where = [c for c in conditions if not has_aggregate(parse_expr(c))]
    having = [c for c in conditions if has_aggregate(parse_expr(c))]
    if node.get("orderBy"):
        order = [str(o) for o in node["orderBy"]]
    elif "count()" in exprs:
        order = ["count() DESC"]
    elif aggregated:
        order = [f"{aggregated[0]} DESC"]
    elif "timestamp" in exprs:
        order = ["timestamp DESC"]
    else:
        order = [f"{exprs[0]} ASC"]
    rest = f" FROM events WHERE {' AND '.join(f'({c})' for c in where)}"
    if aggregated:
        grouped = [e for e in exprs if e not in aggregated]
        rest += f" GROUP BY {', '.join(grouped)}" if grouped else ""
        rest += f" HAVING {' AND '.join(f'({c})' for c in having)}" if having else ""
    rest += f" ORDER BY {', '.join(order)}"
    text = f"SELECT {', '.join(exprs)}{rest}"
    star = f"tuple({', '.join(STAR)})"
    shown = f"SELECT {', '.join(star if k == 'star' else e for e, k in zip(exprs, kinds))}{rest}"
    return text, shown, raw, kinds
