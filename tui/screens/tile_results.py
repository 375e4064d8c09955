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

from textual import work

from tui.resources.insights import view
from tui.resources.tiles import tile_title
from tui.widgets.tiles.board import BoardTile
from tui.widgets.tiles.content import TileKind

QUERY_SCOPE = "query:read"
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
NO_QUERY_SCOPE = (f"insight results unavailable: the API key lacks {QUERY_SCOPE} "
                  "(tiles show what the dashboard had cached)")
NO_RUN_INSIGHTS = "insight results unavailable on this server (no run_insights): tiles show the dashboard's own"


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
    kind: TileKind = ("insight" if tile.insight is not None else "text" if tile.text is not None
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


class TileResults:
    """The dashboard screen's insight results: loading them from run_insights and `C`, which
    computes the ones the server has not (a read: nothing is changed, so nothing is gated)."""

    # Provided by the screen.
    posthog: Any
    dashboard: Any
    tiles: dict[int, Any]
    results: dict[int, Any]
    facts: ServerFacts
    note: str
    computing: int
    _frame: int
    notify: Any
    set_interval: Any
    refresh_bindings: Any
    refresh_status: Any
    _show: Any

    @property
    def can_compute(self) -> bool:
        # Without run_insights (older servers) each insight is computed on its own, which needs no query:read.
        return self.facts.run_insights is False or QUERY_SCOPE not in self.posthog.guard.missing_scopes

    async def _load_results(self, client: Any, *, streamed: bool = False, refresh: str | None = None) -> None:
        """run_insights; without query:read or on servers without it, the tiles keep what the
        dashboard sent and the status line says why, once, instead of an error on every open."""
        from tui.api.errors import ApiError
        from tui.api.models import NotSupported

        if QUERY_SCOPE in self.posthog.guard.missing_scopes:
            self.note = NO_QUERY_SCOPE
            self._show()
            return
        try:
            results = await client.dashboards.run_insights(self.dashboard.id, refresh=refresh, output_format="json")
        except ApiError as exc:
            scope = getattr(exc, "missing_scope", None)
            if scope:
                self.posthog.guard.note_missing(scope)
                self.note = NO_QUERY_SCOPE if scope == QUERY_SCOPE else f"insight results unavailable: {exc}"
            else:
                self.note = f"insight results failed: {exc}"
                self.posthog.show_error(exc, "Loading the insight results")
            self._show()
            return
        if isinstance(results, NotSupported):
            self.facts.run_insights = False
            self.note = NO_RUN_INSIGHTS
        else:
            self.facts.run_insights = True
            self.results = {r.id: r.insight.result for r in results if r.insight is not None}
            self.note = "results from run_insights" if not streamed else "streamed · results from run_insights"
        self.refresh_bindings()
        self._show()

    @work(exclusive=True, group="results", exit_on_error=False)
    async def action_compute(self) -> None:
        """Compute the insight results the server has not computed yet (`refresh=blocking`; a read)."""
        missing = uncomputed(self.tiles, self.results)
        if not missing:
            self.notify("Every insight tile already has a result.", timeout=3)
            return
        client = await self.posthog.client()
        if client is None:
            return
        self.computing, self._frame = len(missing), 0
        spinner = self.set_interval(0.1, self._spin)
        self._show()
        try:
            if self.facts.run_insights is False:
                await self._compute_each(client, missing)
            else:
                await self._load_results(client, refresh="blocking")
        finally:
            spinner.stop()
            self.computing = 0
            self._show()
        left = len(uncomputed(self.tiles, self.results))
        self.notify(f"Computed {len(missing) - left} of {len(missing)} results.", timeout=3)

    def _spin(self) -> None:
        self._frame += 1
        self.refresh_status()

    async def _compute_each(self, client: Any, tiles: list[Any]) -> None:
        """Servers without run_insights compute one insight at a time (`insights/{id}?refresh=blocking`)."""
        from tui.api.errors import ApiError

        for tile in tiles:
            try:
                insight = await client.insights.compute(tile.insight.id)
            except ApiError as exc:
                self.posthog.show_error(exc, f"Computing “{tile_title(tile)}”")
                return
            self.results[tile.id] = insight.result
            self._show()

