"""A dashboard's tile writes: copy to, move to, and a new order; each previewed, passed through
the write gate and recorded with its undo, like every other write."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from tui.editing import service, verify
from tui.editing.service import Step, Write
from tui.resources.tiles import tile_title

SCOPE = "dashboard:write"


def _name(dashboard: Any) -> str:
    return dashboard.name or f"dashboard {dashboard.id}"


async def _preview(app: Any, title: str, rows: list[tuple[str, str, str]]) -> Any:
    """The change preview, then the gate; an approval or None."""
    from tui.screens.dialogs.change_preview import ChangePreview

    if not await app.push_screen_wait(ChangePreview(rows, title=title)):
        return None
    return await app.guard.ask(title.rstrip("?"), SCOPE)


async def pick_destination(app: Any, source: Any, title: str) -> Any | None:
    from tui.screens.dialogs.picker import PickerScreen

    client = await app.client()
    others = [d for d in await client.dashboards.all() if d.id != source.id]
    return await app.push_screen_wait(PickerScreen(title, [(_name(d), d) for d in others]))


async def copy_tile(app: Any, source: Any, tile: Any, target: Any) -> Any | None:
    """Copy `tile` onto `target`; the destination dashboard as it is now, or None."""
    title = tile_title(tile)
    approval = await _preview(app, f"Copy “{title}” to {_name(target)}?",
                              [(f"tile “{title}”", f"on {_name(source)}", f"also on {_name(target)}")])
    if approval is None:
        return None
    with approval:
        destination = await copy_tile_checked(app, source.id, target, tile)
    if destination is None:
        return None
    copy = next((t for t in reversed(destination.tiles or []) if _same_content(tile, t)), None)
    journal = service.journal_for(app)
    if copy is not None:
        journal.record(Write(f"Copied “{title}” to {_name(target)}",
                             undo=(Step("delete_tile", "dashboards", copy.id, title, {"dashboard": target.id}),),
                             rows=((f"tile “{title}”", f"on {_name(target)}", "removed from it"),)))
    app.notify(Content(f"Copied “{title}” to {_name(target)}."), timeout=4)
    return destination


async def move_tile(app: Any, source: Any, tile: Any, target: Any) -> Any | None:
    """Move `tile` from `source` to `target`; the source dashboard without it, or None."""
    from tui.api.errors import ApiError

    title = tile_title(tile)
    approval = await _preview(app, f"Move “{title}” to {_name(target)}?",
                              [(f"tile “{title}”", f"on {_name(source)}", f"on {_name(target)}")])
    if approval is None:
        return None
    client = await app.client()
    try:
        with approval:
            moved = await client.dashboards.move_tile(source.id, tile.id, target.id)
    except ApiError as exc:
        app.show_error(exc, "Moving the tile")
        return None
    service.journal_for(app).record(Write(
        f"Moved “{title}” to {_name(target)}",
        undo=(Step("move_tile", "dashboards", tile.id, title, {"from": target.id, "to": source.id}),),
        rows=((f"tile “{title}”", f"on {_name(target)}", f"back on {_name(source)}"),),
    ))
    app.notify(Content(f"Moved “{title}” to {_name(target)}."), timeout=4)
    return moved


async def save_order(app: Any, dashboard: Any, tiles: dict[int, Any], order: list[int], mode: str) -> Any | None:
    """`reorder_tiles` with the board's order; the dashboard as the server laid it out, or None."""
    from tui.api.errors import ApiError

    saved = [t.id for t in sorted(tiles.values(), key=lambda t: (t.order if t.order is not None else 1e9))]
    rows = [
        (tile_title(tiles[tid]), f"#{saved.index(tid) + 1}" if tid in saved else "—", f"#{i + 1}")
        for i, tid in enumerate(order)
        if tid not in saved or saved.index(tid) != i
    ]
    rows.append(("layout", "", mode))
    approval = await _preview(app, f"reorder_tiles on {_name(dashboard)}?", rows)
    if approval is None:
        return None
    client = await app.client()
    try:
        with approval:
            answer = await client.dashboards.reorder_tiles(dashboard.id, order, layout=mode)
    except ApiError as exc:
        app.show_error(exc, "Saving the tile order")
        return None
    # Undo puts every tile's layouts back with one dashboard PATCH (tiles not named stay as they are).
    before = [{"id": t.id, "layouts": {k: v.model_dump() for k, v in (t.layouts or {}).items()}}
              for t in tiles.values()]
    service.journal_for(app).record(Write(
        f"New tile order on {_name(dashboard)}",
        undo=(Step("update", "dashboards", dashboard.id, _name(dashboard), {"tiles": before}),),
        rows=tuple((label, new, old) for label, old, new in rows[:-1]),
    ))
    app.notify("Tile order saved.", timeout=3)
    return answer


async def copy_tile_checked(app: Any, source_id: int, target: Any, tile: Any) -> Any | None:
    """copy_tile, and when its outcome is unknown, look at the destination before offering to send again.

    A copy that did arrive would fail the second time ("already on the destination") at best, so
    the destination is read first; only a tile that is really missing is sent again, and only if asked.
    Returns the destination dashboard, or None.
    """
    from tui.api.errors import ApiError
    from tui.screens.dialogs.confirm import ConfirmScreen

    client = await app.client()
    try:
        return await client.dashboards.copy_tile(target.id, source_id, tile.id)
    except ApiError as exc:
        if not verify.uncertain(exc):
            app.show_error(exc, "Copying the tile")
            return None
        first = exc
    try:
        destination = await client.dashboards.get(target.id)
    except ApiError as exc:
        app.show_error(exc, f"Copying the tile ({first}); checking {_name(target)}")
        return None
    if any(_same_content(tile, other) for other in destination.tiles or []):
        app.notify(Content(f"The copy did arrive on {_name(target)} (the answer was lost: {first})."), timeout=6)
        return destination
    question = f"The copy failed ({first}) and {_name(target)} does not have the tile. Send it again?"
    if not await app.push_screen_wait(ConfirmScreen(question, yes_label="Send again")):
        return None
    try:
        return await client.dashboards.copy_tile(target.id, source_id, tile.id)
    except ApiError as exc:
        app.show_error(exc, "Copying the tile again")
        return None


def _same_content(tile: Any, other: Any) -> bool:
    if tile.insight is not None and other.insight is not None:
        return tile.insight.id == other.insight.id
    if tile.text is not None and other.text is not None:
        return tile.text.id == other.text.id
    return False
