"""Turning an insight's result into what a tile can show: a headline and a series (trends), steps
(funnels), a small table (retention, HogQL/SQL, events), or the server's own text summary."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.resources import formatting as fmt

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# Query kinds whose results are rows of cells.
TABLE_KINDS = ("HogQLQuery", "EventsQuery", "RetentionQuery")


@dataclass
class ResultView:
    value: str | None = None
    series: list[float] | None = None
    text: str | None = None
    steps: list[tuple[str, float]] | None = None  # funnel: (step, people)
    header: list[str] | None = None  # a table: header and rows of plain cells
    rows: list[list[str]] | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and not self.series and not self.text and not self.steps and self.header is None


def _numbers(values: Any) -> list[float]:
    return [float(v) for v in values or [] if isinstance(v, (int, float)) and not isinstance(v, bool)]


def query_kind(query: Any) -> str | None:
    """The kind of query that makes the result: the source inside a visualisation node."""
    if not isinstance(query, dict):
        return None
    source = query.get("source")
    if isinstance(source, dict) and query.get("kind") in ("InsightVizNode", "DataVisualizationNode", "DataTableNode"):
        return source.get("kind")
    return query.get("kind")


def _select(query: Any) -> list[str] | None:
    source = query.get("source") if isinstance(query, dict) and isinstance(query.get("source"), dict) else query
    select = source.get("select") if isinstance(source, dict) else None
    return [str(s) for s in select] if isinstance(select, list) else None


def cell(value: Any) -> str:
    """One value of a result row as plain text: an event or person object by its name."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return fmt.number(value)
    if isinstance(value, dict):
        for key in ("event", "name", "email", "distinct_id", "id"):
            if isinstance(value.get(key), (str, int)) and not isinstance(value.get(key), bool):
                return str(value[key])
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, str) and _TIMESTAMP.match(value):
        return fmt.when(value)
    return str(value)


def _is_funnel(rows: list) -> bool:
    return bool(rows) and all(isinstance(r, dict) and "count" in r and ("order" in r or "name" in r) for r in rows)


def _funnel(result: list) -> ResultView:
    # A breakdown answers one list of steps per value: the funnel adds them up.
    runs = result if isinstance(result[0], list) else [result]
    steps: list[tuple[str, float]] = []
    for run in runs:
        for index, step in enumerate(r for r in run if isinstance(r, dict)):
            name = step.get("custom_name") or step.get("name") or step.get("action_id") or f"step {index + 1}"
            count = _numbers([step.get("count")])
            if index < len(steps):
                steps[index] = (steps[index][0], steps[index][1] + (count[0] if count else 0))
            else:
                steps.append((str(name), count[0] if count else 0.0))
    if len(steps) >= 2 and steps[0][1]:
        return ResultView(value=f"{steps[-1][1] / steps[0][1]:.1%} converted", steps=steps)
    return ResultView(value=fmt.number(steps[0][1]) if steps else None, steps=steps or None)


def _cohort(row: dict, index: int) -> str:
    raw = row.get("date")
    if isinstance(raw, str):
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).strftime("%b %d")
        except ValueError:
            return raw
    return str(row.get("label") or f"cohort {index}")


def _retention(result: list) -> ResultView:
    """Cohorts down, periods across: each period's people as a share of the cohort's first."""
    rows = [r for r in result if isinstance(r, dict) and isinstance(r.get("values"), list)]
    periods = max((len(r["values"]) for r in rows), default=0)
    first: list = next((r["values"] for r in rows if len(r["values"]) == periods), [])
    labels = [str(v.get("label") or f"period {i}") if isinstance(v, dict) else f"period {i}"
              for i, v in enumerate(first)]
    header = ["cohort", "people", *labels[1:]]
    table = []
    for index, row in enumerate(rows):
        counts = [_numbers([v.get("count")] if isinstance(v, dict) else [])[:1] or [0.0] for v in row["values"]]
        size = counts[0][0] if counts else 0.0
        table.append([_cohort(row, index), fmt.number(size),
                      *(f"{c[0] / size:.1%}" if size else "—" for c in counts[1:])])
    return ResultView(header=header, rows=table)


def _table(result: list, columns: list[str] | None) -> ResultView:
    rows = [r if isinstance(r, list) else [r] for r in result]
    width = max((len(r) for r in rows), default=len(columns or []))
    header = list(columns or [])[:width] + [f"column {i + 1}" for i in range(len(columns or []), width)]
    if len(rows) == 1 and width == 1 and _numbers(rows[0]):
        return ResultView(value=fmt.number(rows[0][0]))  # `SELECT count() …`: a big number
    return ResultView(header=header, rows=[[cell(v) for v in r] for r in rows])


def view(result: Any, query: Any = None, columns: Any = None) -> ResultView:
    """What to draw for `result`, by the query that made it where known, else by its shape."""
    if result is None:
        return ResultView()
    if isinstance(result, str):
        # `run_insights` answers with an LLM-friendly text block on some installs.
        return ResultView(text=result)
    if isinstance(result, (int, float)) and not isinstance(result, bool):
        return ResultView(value=fmt.number(result))
    if isinstance(result, dict):
        for key in ("result", "results"):
            if key in result:
                names = result.get("columns") if isinstance(result.get("columns"), list) else columns
                return view(result[key], query, names)
        return ResultView(text=fmt.text(result))
    if not isinstance(result, list):
        return ResultView(text=fmt.text(result))
    if not result:
        return ResultView(text="no results")
    kind = query_kind(query)
    first = result[0]
    if kind == "RetentionQuery" or (isinstance(first, dict) and isinstance(first.get("values"), list)):
        return _retention(result)
    if kind == "FunnelsQuery" or _is_funnel(result) or (isinstance(first, list) and _is_funnel(first)):
        return _funnel(result)
    if kind in TABLE_KINDS or isinstance(first, list):
        names = columns if isinstance(columns, list) else _select(query)
        return _table(result, [str(c) for c in names] if names else None)
    if isinstance(first, dict) and "data" in first:  # trends: one entry per series
        series = _numbers(first.get("data"))
        total = first.get("aggregated_value", first.get("count"))
        if total is None and series:
            total = sum(series)
        return ResultView(value=fmt.number(total), series=series or None)
    numbers = _numbers(result)
    if numbers:
        return ResultView(value=fmt.number(numbers[-1]), series=numbers)
    return ResultView(text=fmt.text(result))
