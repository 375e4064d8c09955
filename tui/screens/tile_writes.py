"""A dashboard's tile writes: copy to, move to, a new order, and text tiles added, edited and
removed (any tile can be removed); each previewed, passed through the write gate and recorded
with its undo, like every other write."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from tui.editing import service, verify
from tui.editing.service import Step, Write
from tui.resources.tiles import tile_title

SCOPE = "dashboard:write"


def name_of(dashboard: Any) -> str:
    return dashboard.name or f"dashboard {dashboard.id}"


async def preview_and_ask(app: Any, title: str, rows: list[tuple[str, str, str]], **changed_meanwhile: Any) -> Any:
    """The change preview, then the gate; an approval or None."""
    from tui.screens.dialogs.change_preview import ChangePreview

    if not await app.push_screen_wait(ChangePreview(rows, title=title, **changed_meanwhile)):
        return None
    return await app.guard.ask(title.rstrip("?"), SCOPE)


async def pick_destination(app: Any, source: Any, title: str) -> Any | None:
    from tui.screens.dialogs.picker import PickerScreen

    client = await app.client()
    others = [d for d in await client.dashboards.all() if d.id != source.id]
    return await app.push_screen_wait(PickerScreen(title, [(name_of(d), d) for d in others]))


async def copy_tile(app: Any, source: Any, tile: Any, target: Any) -> Any | None:
    """Copy `tile` onto `target`; the destination dashboard as it is now, or None."""
    title = tile_title(tile)
    approval = await preview_and_ask(app, f"Copy “{title}” to {name_of(target)}?",
                              [(f"tile “{title}”", f"on {name_of(source)}", f"also on {name_of(target)}")])
    if approval is None:
        return None
    with approval:
        destination = await copy_tile_checked(app, source.id, target, tile)
    if destination is None:
        return None
    copy = next((t for t in reversed(destination.tiles or []) if _same_content(tile, t)), None)
    journal = service.journal_for(app)
    if copy is not None:
        journal.record(Write(f"Copied “{title}” to {name_of(target)}",
                             undo=(Step("delete_tile", "dashboards", copy.id, title, {"dashboard": target.id}),),
                             rows=((f"tile “{title}”", f"on {name_of(target)}", "removed from it"),)))
    app.notify(Content(f"Copied “{title}” to {name_of(target)}."), timeout=4)
    return destination


async def move_tile(app: Any, source: Any, tile: Any, target: Any) -> Any | None:
    """Move `tile` from `source` to `target`; the source dashboard without it, or None."""
    from tui.api.errors import ApiError

    title = tile_title(tile)
    approval = await preview_and_ask(app, f"Move “{title}” to {name_of(target)}?",
                              [(f"tile “{title}”", f"on {name_of(source)}", f"on {name_of(target)}")])
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
        f"Moved “{title}” to {name_of(target)}",
        undo=(Step("move_tile", "dashboards", tile.id, title, {"from": target.id, "to": source.id}),),
        rows=((f"tile “{title}”", f"on {name_of(target)}", f"back on {name_of(source)}"),),
    ))
    app.notify(Content(f"Moved “{title}” to {name_of(target)}."), timeout=4)
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
    approval = await preview_and_ask(app, f"reorder_tiles on {name_of(dashboard)}?", rows)
    if approval is None:
        return None
    client = await app.client()
    try:
        with approval:
            answer = await client.dashboards.reorder_tiles(dashboard.id, order, layout=mode)
    except ApiError as exc:
        app.show_error(exc, "Saving the tile order")
        return None
    service.journal_for(app).record(Write(
        f"New tile order on {name_of(dashboard)}",
        undo=(_layouts_back(dashboard, tiles.values()),),
        rows=tuple((label, new, old) for label, old, new in rows[:-1]),
    ))
    app.notify("Tile order saved.", timeout=3)
    return answer


async def remove_tile(app: Any, dashboard: Any, tile: Any, tiles: dict[int, Any]) -> bool:
    """`delete_tile` after a yes; True when the tile is gone.

    The undo puts it back where it was: a text tile is re-created with its text, colour and layout
    (PostHog cannot revive a removed tile through the dashboard, and its text is tied to the
    removed one), an insight tile is revived by adding the insight to the dashboard again, which
    PostHog does with the same tile. Either way the other tiles get their layouts back, since the
    server closed the gap.
    """
    from tui.api.errors import ApiError

    title, name = tile_title(tile), name_of(dashboard)
    others = [t for t in tiles.values() if t.id != tile.id]
    undo: tuple[Step, ...] = ()
    if tile.text is not None:
        again = {"text": {"body": tile.text.body or ""}, "layouts": _layout(tile), "color": tile.color}
        undo = (_layouts_back(dashboard, others, again),)
        after = "u puts it back."
    elif tile.insight is not None and tile.insight.id is not None:
        undo = (Step("add_insight", "dashboards", tile.insight.id, title, {"dashboard": dashboard.id}),
                _layouts_back(dashboard, tiles.values()))
        after = "The insight itself stays; u puts the tile back."
    else:
        after = "This cannot be undone."
    approval = await app.guard.confirm(f"Remove the tile “{title}” from {name}? {after}", SCOPE,
                                       yes_label="Remove")
    if approval is None:
        return False
    client = await app.client()
    try:
        with approval:
            await client.dashboards.delete_tile(dashboard.id, tile.id)
    except ApiError as exc:
        app.show_error(exc, "Removing the tile")
        return False
    service.journal_for(app).record(Write(
        f"Removed the tile “{title}” from {name}", undo=undo,
        rows=((f"tile “{title}”", "removed", f"back on {name}"),),
        cannot_undo=None if undo else f"The tile “{title}” cannot be put back from here.",
    ))
    app.notify(Content(f"Removed the tile “{title}”."), timeout=4)
    return True


def _layout(tile: Any) -> dict[str, Any]:
    return {k: v.model_dump() for k, v in (tile.layouts or {}).items()}


def _layouts_back(dashboard: Any, tiles: Any, *extra: dict[str, Any]) -> Step:
    """Every tile's layouts as they are now, put back by one dashboard PATCH (tiles not named stay as
    they are; `extra` items ride along, e.g. a text tile to re-create)."""
    items = [*extra, *({"id": t.id, "layouts": _layout(t)} for t in tiles)]
    return Step("update", "dashboards", dashboard.id, name_of(dashboard), {"tiles": items})


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
        app.show_error(exc, f"Copying the tile ({first}); checking {name_of(target)}")
        return None
    if any(_same_content(tile, other) for other in destination.tiles or []):
        app.notify(Content(f"The copy did arrive on {name_of(target)} (the answer was lost: {first})."), timeout=6)
        return destination
    question = f"The copy failed ({first}) and {name_of(target)} does not have the tile. Send it again?"
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
