"""A dashboard's text tiles: added and edited in the form (markdown and a colour), previewed,
passed through the write gate and recorded with their undo like every other write."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.content import Content

from tui.editing import service
from tui.editing.service import Step, Write
from tui.forms import FORM_SPECS
from tui.forms.diff import preview_rows
from tui.resources import BY_ID
from tui.resources.tiles import tile_title
from tui.screens.edit import EditScreen, Outcome, error_fields
from tui.screens.tile_writes import name_of, preview_and_ask

FIELDS = FORM_SPECS["text_tile"]
# The form's subject: a text tile as the flat values the form edits (its label precomputed).
SPEC = replace(BY_ID["tile"], id="text_tile", title="Text tiles", singular="text tile", form="text_tile",
               scope_object="dashboard", label=lambda values: values["label"])


def values_of(tile: Any) -> dict[str, Any]:
    return {"id": tile.id, "label": tile_title(tile), "body": tile.text.body or "", "color": tile.color}


class TextTileScreen(EditScreen):
    """The form for one text tile; saving hands the changes to `save_changes` instead of `commit`."""

    def __init__(self, values: dict[str, Any] | None, save_changes: Any, heading: str) -> None:
        super().__init__(SPEC, values, FIELDS)
        self.heading = heading
        self._save_changes = save_changes

    async def send(self, changes: dict, label: str) -> Outcome:
        return await self._save_changes(changes)


def _short(body: str) -> str:
    from tui.widgets.tiles.canvas import fit
    from tui.widgets.tiles.markdown import plain

    return fit(plain(body), 60) or "empty text tile"


async def add_text_tile(app: Any, dashboard: Any) -> Any | None:
    """The form, then `create_text_tile` (the server places the tile at the bottom); the new tile or None."""
    from tui.api.errors import ApiError

    async def save(changes: dict) -> Outcome:
        if not changes.get("body"):
            return Outcome(errors={"body": "Write something for the tile to show."})
        label = _short(changes["body"])
        what = f"Add the text tile “{label}” to {name_of(dashboard)}?"
        approval = await preview_and_ask(app, what, preview_rows({}, changes, FIELDS))
        if approval is None:
            return Outcome()
        client = await app.client()
        try:
            with approval:
                tile = await client.dashboards.create_text_tile(dashboard.id, changes["body"],
                                                                color=changes.get("color"))
        except ApiError as exc:
            app.show_error(exc, "Adding the text tile")
            return Outcome(errors=error_fields(exc))
        service.journal_for(app).record(Write(
            f"Added the text tile “{label}” to {name_of(dashboard)}",
            undo=(Step("delete_tile", "dashboards", tile.id, label, {"dashboard": dashboard.id}),),
            rows=((f"text tile “{label}”", f"on {name_of(dashboard)}", "removed"),),
        ))
        app.notify(Content(f"Added the text tile “{label}”."), timeout=4)
        return Outcome(saved=tile)

    return await app.push_screen_wait(TextTileScreen(None, save, f"New text tile on {name_of(dashboard)}"))


async def edit_text_tile(app: Any, dashboard: Any, tile: Any) -> Any | None:
    """The form on the tile as the server has it now, then `update_text_tile`; the tile or None."""
    from tui.api.errors import ApiError

    client = await app.client()
    fresh = await _current(app, client, dashboard, tile)
    if fresh is None:
        return None
    loaded = values_of(fresh)

    async def save(changes: dict) -> Outcome:
        now = await _current(app, client, dashboard, fresh)
        if now is None:
            return Outcome(errors={None: "The tile is no longer on the dashboard."})
        current = values_of(now)
        conflicts = [(spec.label, str(loaded[spec.name] or "—"), str(current[spec.name] or "—"))
                     for spec in FIELDS if current[spec.name] != loaded[spec.name]]
        warning = "Changed on the server since you opened it (saving overwrites it):" if conflicts else None
        what = f"Save the text tile “{loaded['label']}”?"
        approval = await preview_and_ask(app, what, preview_rows(loaded, changes, FIELDS), warning=warning,
                                  conflict_rows=conflicts)
        if approval is None:
            return Outcome()
        try:
            with approval:
                saved = await client.dashboards.update_text_tile(dashboard.id, tile.id, **changes)
        except ApiError as exc:
            app.show_error(exc, "Saving the text tile")
            return Outcome(errors=error_fields(exc))
        before = {name: current[name] for name in changes}
        service.journal_for(app).record(Write(
            f"Edited the text tile “{loaded['label']}”",
            undo=(Step("update_text_tile", "dashboards", tile.id, loaded["label"], {"dashboard": dashboard.id,
                                                                                    **before}),),
            rows=tuple(preview_rows(changes, before, FIELDS)),
        ))
        app.notify(Content(f"Saved the text tile “{_short(saved.text.body or '') if saved.text else ''}”."),
                   timeout=4)
        return Outcome(saved=saved)

    return await app.push_screen_wait(TextTileScreen(loaded, save, f"Edit text tile: {loaded['label']}"))


async def _current(app: Any, client: Any, dashboard: Any, tile: Any) -> Any | None:
    """The tile as the server has it now; None (said on screen) when it is gone or cannot be read."""
    from tui.api.errors import ApiError

    try:
        now = await client.dashboards.get(dashboard.id)
    except ApiError as exc:
        app.show_error(exc, "Reading the dashboard")
        return None
    found = next((t for t in now.tiles or [] if t.id == tile.id and t.text is not None), None)
    if found is None:
        app.notify("That text tile is no longer on the dashboard.", severity="warning")
    return found

