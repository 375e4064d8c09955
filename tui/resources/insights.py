"""Turning an insight's result into what a tile box can show: a headline and a series."""

from __future__ import annotations

from typing import Any

from tui.resources import formatting as fmt


def _numbers(values: Any) -> list[float]:
    return [float(v) for v in values or [] if isinstance(v, (int, float)) and not isinstance(v, bool)]


def summarize(result: Any) -> tuple[str | None, list[float] | None, str | None]:
    """(headline value, time series, text) for the result shapes PostHog insights return."""
    if result is None:
        return None, None, None
    if isinstance(result, str):
        # `run_insights` answers with an LLM-friendly text block on some installs.
        return None, None, result
    if isinstance(result, (int, float)) and not isinstance(result, bool):
        return fmt.number(result), None, None
    if isinstance(result, dict):
        if "result" in result:
            return summarize(result["result"])
        if "results" in result:
            return summarize(result["results"])
        return None, None, fmt.text(result)
    if isinstance(result, list) and result and isinstance(result[0], dict):
        first = result[0]
        if "data" in first:  # trends: one entry per series
            series = _numbers(first.get("data"))
            total = first.get("aggregated_value", first.get("count"))
            if total is None and series:
                total = sum(series)
            return fmt.number(total), series or None, None
        if "count" in first and ("order" in first or "name" in first):  # funnel steps
            counts = _numbers(step.get("count") for step in result)
            if len(counts) >= 2 and counts[0]:
                return f"{counts[-1] / counts[0]:.1%} converted", counts, None
            return fmt.number(counts[0] if counts else None), counts or None, None
    if isinstance(result, list):
        numbers = _numbers(result)
        if numbers:
            return fmt.number(numbers[-1]), numbers, None
    return None, None, fmt.text(result)
