"""What a dashboard's tiles show, and what this server can tell about their results.

`run_insights` needs the `query:read` scope and is missing on older servers; either way the tiles
still show what the dashboard itself carries, and the status line says so once. `snapshot` and
`analyze_refresh_result` exist only on older servers: what the server answered decides whether
`N` is offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from tui.resources.insights import view
from tui.resources.tiles import tile_title
from tui.widgets.tiles.board import BoardTile

QUERY_SCOPE = "query:read"


@dataclass
class ServerFacts:
    """Learned from the answers of one connection; None while nothing has told."""

    run_insights: bool | None = None
    snapshot: bool | None = None

    @property
    def offers_snapshot(self) -> bool:
        # Servers that have run_insights are the ones that dropped snapshot.
        return self.snapshot if self.snapshot is not None else self.run_insights is not True


_FACTS: WeakKeyDictionary[Any, ServerFacts] = WeakKeyDictionary()


def facts_for(client: Any) -> ServerFacts:
    """One record per client: a new login or profile starts over."""
    if client not in _FACTS:
        _FACTS[client] = ServerFacts()
    return _FACTS[client]


def result_of(tile: Any, results: dict[int, Any]) -> Any:
    """The tile's result from run_insights, else what the dashboard sent with the tile."""
    if tile.id in results:
        return results[tile.id]
    return tile.insight.result if tile.insight is not None else None


def uncomputed(tiles: dict[int, Any], results: dict[int, Any]) -> list[Any]:
    """Insight tiles the server has no result for yet (`result: null` from its cache)."""
    return [t for t in tiles.values() if t.insight is not None and not t.error and result_of(t, results) is None]


def board_tile(tile: Any, result: Any = None, note: str | None = None) -> BoardTile:
    """The board's view of one tile; `note` is said on an insight that has nothing to show."""
    layout = tile.layouts.get("sm") if tile.layouts else None
    kind = ("insight" if tile.insight is not None else "text" if tile.text is not None
            else "button" if tile.button_tile else "other")
    shown = view(result, tile.insight.query, getattr(tile.insight, "columns", None)) if tile.insight else view(None)
    error = (tile.error or {}).get("message") if tile.error else None
    return BoardTile(
        id=tile.id,
        # A text tile's heading is part of its text, drawn as a title there.
        title="" if kind == "text" else tile_title(tile),
        kind=kind,
        x=layout.x if layout else None,
        y=layout.y if layout else None,
        w=layout.w if layout else None,
        h=layout.h if layout else None,
        body=tile.text.body if tile.text is not None else shown.text,
        value=shown.value,
        series=shown.series,
        error=error,
        steps=shown.steps,
        header=shown.header,
        rows=shown.rows,
        note=note if kind == "insight" and shown.empty else None,
    )


def missing_note(can_compute: bool, computing: bool) -> str:
    if computing:
        return "computing…"
    if can_compute:
        return "not computed yet · C computes it"
    return f"no cached result (computing needs {QUERY_SCOPE})"
