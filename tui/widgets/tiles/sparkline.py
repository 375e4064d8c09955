"""Time series as unicode block characters: a one-line sparkline or a few rows of bars."""

from __future__ import annotations

import math
from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"
_EIGHTHS = " ▁▂▃▄▅▆▇█"


def resample(values: Sequence[float], width: int) -> list[float]:
    """`width` points: bucket means when there are more values than columns, repeats when fewer."""
    finite = [float(v) if isinstance(v, (int, float)) and math.isfinite(v) else 0.0 for v in values]
    if width <= 0 or not finite:
        return []
    n = len(finite)
    out = []
    for column in range(width):
        start = column * n // width
        stop = max((column + 1) * n // width, start + 1)
        bucket = finite[start:stop]
        out.append(sum(bucket) / len(bucket))
    return out


def _scale(values: list[float]) -> tuple[float, float]:
    # Min-to-max like a classic sparkline: a zero baseline would flatten a busy series into a
    # solid block. The floor sits a little under the minimum so the lowest bar is still a bar.
    low, high = min(values), max(values)
    return low - (high - low) / 8, (high - low) * 9 / 8


def spark_bars(values: Sequence[float], width: int, height: int) -> list[str]:
    """`height` lines of `width` bar characters, top line first; [] when there is nothing to draw."""
    points = resample(values, width)
    if not points or height <= 0:
        return []
    low, span = _scale(points)
    levels = []
    for value in points:
        if span <= 0:
            levels.append(1)
            continue
        level = round((value - low) / span * height * 8)
        levels.append(max(level, 1))  # every sample stays visible, even a zero
    rows = []
    for row in range(height - 1, -1, -1):
        rows.append("".join(_EIGHTHS[max(0, min(8, level - row * 8))] for level in levels))
    return rows


def sparkline(values: Sequence[float], width: int) -> str:
    """One line of ▁▂▃▄▅▆▇█ summarising `values` in `width` cells ("" when empty)."""
    rows = spark_bars(values, width, 1)
    return rows[0] if rows else ""
