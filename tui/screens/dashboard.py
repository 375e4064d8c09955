"""A dashboard: its tiles on the 12-column grid with their results, reordering, copy and move, text
tiles added and edited, any tile removed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.keys import registry
from tui.resources import BY_ID
from tui.resources import formatting as fmt
from tui.resources.tiles import tile_title
from tui.screens import tile_writes
from tui.screens.messages import OpenObject
from tui.screens.tile_results import (
    SPINNER,
    ServerFacts,
    TileResults,
    board_tile,
    facts_for,
    missing_note,
    result_of,
    uncomputed,
)
from tui.screens.worker_errors import ReportWorkerErrors
from tui.text import safe
from tui.widgets.tiles.board import TileBoard
from tui.widgets.tiles.packing import LAYOUT_MODES
from tui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from tui.app import PostHogApp

WRITES = frozenset(registry.writes_by_action(("dashboard",)))


class DashboardScreen(TileResults, ReportWorkerErrors, Screen):
    KEY_SCOPES = ("dashboard",)
    BINDINGS = registry.bindings(*KEY_SCOPES)
    BROWSING = True
    spec = BY_ID["dashboards"]

    def __init__(self, dashboard: Any) -> None:
        super().__init__()
        self.dashboard = dashboard
        self.heading = dashboard.name or f"dashboard {dashboard.id}"
        self.tiles: dict[int, Any] = {}
        self.results: dict[int, Any] = {}
        self.note = "loading tiles…"
        self.facts = ServerFacts()
        self.computing = 0  # how many results are being computed
        self._frame = 0

    def compose(self) -> ComposeResult:
        yield TopBar(f"dashboard: {self.heading}")
        yield TileBoard(id="board")
        yield Static(id="tile-info")
        yield Static(id="status")
        yield Footer()

    @property
    def board(self) -> TileBoard:
        return self.query_one(TileBoard)

    @property
    def posthog(self) -> PostHogApp:
        """The running app with its client and write gate (Textual types `self.app` as a bare App)."""
        return cast("PostHogApp", self.app)

    def selected(self) -> Any | None:
        tile_id = self.board.selected_id
        return self.tiles.get(tile_id) if isinstance(tile_id, int) else None

    def on_mount(self) -> None:
        self.board.focus()
        self.refresh_status()
        self.load()

    def refresh_status(self) -> None:
        board = self.board
        unsaved = " · UNSAVED ORDER (ctrl+s saves, esc discards)" if board.dirty else ""
        note = f"{SPINNER[self._frame % len(SPINNER)]} computing {self.computing} results…" if self.computing \
            else self.note
        missing = len(uncomputed(self.tiles, self.results)) if self.note != "loading tiles…" else 0
        waiting = f" · {missing} not computed yet{' (C computes them)' * self.can_compute}" \
            if missing and not self.computing else ""
        text = f"{len(self.tiles)} tiles · layout {board.mode} · {note}{waiting}{unsaved}"
        self.query_one("#status", Static).update(Content(safe(text)))

    def _show(self) -> None:
        note = missing_note(self.can_compute, bool(self.computing))
        self.board.set_tiles([board_tile(t, result_of(t, self.results), note) for t in self.tiles.values()])
        self.refresh_status()

    @work(exclusive=True, group="dashboard", exit_on_error=False)
    async def load(self) -> None:
        from tui.api.errors import ApiError

        client = await self.posthog.client()
        if client is None:
            return
        self.facts = facts_for(client)
        self.tiles.clear()
        try:
            streamed = await self._stream(client)
            if not streamed:
                dashboard = await client.dashboards.get(self.dashboard.id)
                self.dashboard = dashboard
                self.tiles = {t.id: t for t in dashboard.tiles or []}
                self._show()
        except ApiError as exc:
            self.note = str(exc)
            self.posthog.show_error(exc, "Loading the dashboard")
            self.refresh_status()
            return
        await self._load_results(client, streamed=streamed)

    async def _stream(self, client) -> bool:
        """Show tiles as the server streams them; False when the server cannot stream."""
        from tui.api.errors import ApiError
        from tui.api.models import NotSupported

        try:
            stream = client.dashboards.stream_tiles(self.dashboard.id)
            if isinstance(stream, NotSupported):
                return False
            async for message in stream:
                if isinstance(message, NotSupported):
                    return False
                if message.type == "metadata" and message.dashboard is not None:
                    self.tiles = {t.id: t for t in message.dashboard.tiles or []}
                elif message.type == "tile" and message.tile is not None:
                    self.tiles[message.tile.id] = message.tile
                self.note = f"streaming… {len(self.tiles)} tiles"
                self._show()
        except ApiError:
            # Personal keys cannot use stream_tiles on PostHog Cloud: the plain retrieve works.
            return False
        return bool(self.tiles)

    @on(TileBoard.TileSelected)
    def _selected(self, event: TileBoard.TileSelected) -> None:
        tile = self.tiles.get(event.tile_id)
        if tile is None:
            return
        parts = [tile_title(tile)]
        if tile.insight is not None:
            parts.append(f"insight {tile.insight.short_id or tile.insight.id}")
            if tile.insight.description:
                parts.append(fmt.text(tile.insight.description))
        elif tile.text is not None:
            parts.append("text tile (e edits it)")
        if tile.color:
            parts.append(f"colour {tile.color}")
        layout = tile.layouts.get("sm") if tile.layouts else None
        if layout is not None:
            parts.append(f"x{layout.x} y{layout.y} {layout.w}×{layout.h}")
        self.query_one("#tile-info", Static).update(Content(safe(" · ".join(parts))))

    @on(TileBoard.TileActivated)
    def _activated(self, event: TileBoard.TileActivated) -> None:
        tile = self.tiles.get(event.tile_id)
        if tile is not None:
            if tile.insight is not None and tile.id in self.results:
                result = {"result": self.results[tile.id]}
                tile = tile.model_copy(update={"insight": tile.insight.model_copy(update=result)})
            self.post_message(OpenObject("tile", tile))

    @on(TileBoard.OrderChanged)
    def _reordered(self) -> None:
        self.refresh_status()

    # Actions --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "snapshot":
            return self.facts.offers_snapshot  # hidden where the server has no snapshots
        if action == "compute" and not self.can_compute:
            return None
        if action in WRITES and not self.posthog.read_only and self.posthog.guard.refusal(tile_writes.SCOPE):
            return None
        return True

    def _refused(self, *, order: str | None = None) -> bool:
        """Say why when a tile write cannot start: the key or session, or (`order`) an unsaved order."""
        if order and self.board.dirty:
            self.notify(f"Save or discard the new order before {order}.", severity="warning")
            return True
        problem = self.posthog.guard.refusal(tile_writes.SCOPE)
        if problem is not None:
            self.notify(Content(problem), severity="warning")
        return problem is not None

    def action_back(self) -> None:
        if not self.board.dirty:
            self.app.pop_screen()
            return
        from tui.screens.dialogs.confirm import ConfirmScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen("Discard the unsaved tile order?"), answer)

    def action_refresh(self) -> None:
        if self.board.dirty:
            self.notify("Save (ctrl+s) or discard (esc) the new order first.", severity="warning")
            return
        self.load()

    def action_cycle_layout(self) -> None:
        board = self.board
        board.mode = LAYOUT_MODES[(LAYOUT_MODES.index(board.mode) + 1) % len(LAYOUT_MODES)]
        self.refresh_status()

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_save_order(self) -> None:
        board = self.board
        if not board.dirty:
            return
        dashboard = await tile_writes.save_order(self.app, self.dashboard, self.tiles, board.order, board.mode)
        if dashboard is not None:
            self.tiles = {t.id: t for t in dashboard.tiles or []}
            self._show()
            board.mark_saved()
            self.refresh_status()

    async def _tile_and_target(self, verb: str) -> tuple[Any, Any] | None:
        from tui.api.errors import ApiError

        tile = self.selected()
        if tile is None or self._refused():
            return None
        try:
            target = await tile_writes.pick_destination(self.app, self.dashboard, f"{verb} “{tile_title(tile)}” to")
        except ApiError as exc:
            self.posthog.show_error(exc, "Listing dashboards")
            return None
        return (tile, target) if target is not None else None

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_copy_tile(self) -> None:
        picked = await self._tile_and_target("Copy")
        if picked is not None:
            await tile_writes.copy_tile(self.app, self.dashboard, *picked)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_move_tile(self) -> None:
        if self._refused(order="moving a tile"):
            return
        picked = await self._tile_and_target("Move")
        if picked is None:
            return
        source = await tile_writes.move_tile(self.app, self.dashboard, *picked)
        if source is not None:
            self.tiles = {t.id: t for t in source.tiles or []}
            self._show()

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_add_text(self) -> None:
        from tui.screens.text_tiles import add_text_tile

        if self._refused(order="adding a tile"):
            return
        tile = await add_text_tile(self.app, self.dashboard)
        if tile is not None:
            await self._reload(select=tile.id)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_edit_tile(self) -> None:
        from tui.screens.text_tiles import edit_text_tile

        tile = self.selected()
        if tile is None:
            return
        if tile.text is None:
            self.notify("e edits text tiles; insights are edited in PostHog. E edits this dashboard's name, "
                        "description and tags.", timeout=6)
            return
        if self._refused(order="editing a tile"):
            return
        if await edit_text_tile(self.app, self.dashboard, tile) is not None:
            await self._reload(select=tile.id)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_remove_tile(self) -> None:
        tile = self.selected()
        if tile is None or self._refused(order="removing a tile"):
            return
        if await tile_writes.remove_tile(self.app, self.dashboard, tile, self.tiles):
            await self._reload()

    async def _reload(self, select: int | None = None) -> None:
        """The dashboard as the server has it after a tile write, on every screen showing it."""
        from tui.api.errors import ApiError
        from tui.screens.writes import broadcast

        client = await self.posthog.client()
        try:
            dashboard = await client.dashboards.get(self.dashboard.id)
        except ApiError as exc:
            self.posthog.show_error(exc, "Reading the dashboard again")
            return
        broadcast(self.app, "dashboards", saved=dashboard)
        if select in self.tiles:
            self.board.selected_id = select

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_undo(self) -> None:
        from tui.screens.writes import undo_last

        await undo_last(self.app)

    def action_sharing(self) -> None:
        from tui.screens.sharing import SharingScreen

        self.app.push_screen(SharingScreen(self.dashboard))

    @work(exclusive=True, group="snapshot", exit_on_error=False)
    async def action_snapshot(self) -> None:
        from tui.screens.sharing import snapshot_and_analyze

        answer = await snapshot_and_analyze(self, self.dashboard)
        if answer is True:
            self.facts.snapshot = True
        elif answer is not False:
            # Said once, in the status line; the key goes away for this server.
            self.facts.snapshot = False
            self.note = f"{answer} (N is hidden for this server)"
            self.refresh_bindings()
            self.refresh_status()

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_edit(self) -> None:
        from tui.screens.writes import edit_object

        if not self._refused():
            await edit_object(self, self.spec, self.dashboard)

    def show_saved(self, dashboard: Any) -> None:
        """A write to this dashboard elsewhere (an edit, an undo): show it as the server has it."""
        if dashboard.id != self.dashboard.id:
            return
        self.dashboard = dashboard
        self.heading = dashboard.name or f"dashboard {dashboard.id}"
        self.query_one(TopBar).refresh_text(f"dashboard: {self.heading}")
        if dashboard.tiles is not None and not self.board.dirty:
            self.tiles = {t.id: t for t in dashboard.tiles}
            self._show()

    def show_removed(self, key: str) -> None:
        if key == str(self.dashboard.id) and self.app.screen is self:
            self.app.pop_screen()

    def unsaved(self) -> str | None:
        return f"the new tile order of “{self.heading}”" if self.board.dirty else None
