"""Replacing what the server will not update: an event schema has no update route (405), so
"editing" one means adding the new property group and removing the old one, in that order (a
failure half-way leaves the event with both groups, never with none)."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from tui.editing import service
from tui.editing.service import Step, Write
from tui.resources.base import ResourceSpec
from tui.screens.guard import write_scope


async def replace_event_schema(app: Any, spec: ResourceSpec, schema: Any) -> Any | None:
    """Swap the schema's property group for another; the new schema, or None."""
    from tui.api.errors import ApiError
    from tui.screens.dialogs.change_preview import ChangePreview
    from tui.screens.dialogs.picker import PickerScreen

    client = await app.client()
    old = schema.property_group
    if client is None or old is None:
        return None
    try:
        groups = [g for g in await client.property_groups.all() if g.id != old.id]
    except ApiError as exc:
        app.show_error(exc, "Listing property groups")
        return None
    group = await app.push_screen_wait(PickerScreen(f"Replace “{old.name}” with", [(g.name, g) for g in groups]))
    if group is None:
        return None
    what = f"Replace “{old.name}” with “{group.name}” in the schema"
    rows = [("Property group", old.name or "", group.name or ""),
            ("Requests", "", "POST event_schemas (the new group), then DELETE the old one")]
    if not await app.push_screen_wait(ChangePreview(rows, title=f"{what}?")):
        return None
    approval = await app.guard.ask(what, write_scope(spec))
    if approval is None:
        return None
    body = {"event_definition": schema.event_definition, "property_group_id": group.id}
    try:
        with approval:
            created = await client.event_schemas.create(body)
            await client.event_schemas.delete(schema.id)
    except ApiError as exc:
        app.show_error(exc, what)
        return None
    old_body = {"event_definition": schema.event_definition, "property_group_id": old.id}
    service.journal_for(app).record(Write(
        what,
        undo=(Step("create", spec.id, None, old.name or "", old_body),
              Step("delete", spec.id, created.id, group.name or "")),
        rows=(("Property group", group.name or "", old.name or ""),),
    ))
    app.notify(Content(f"Replaced “{old.name}” with “{group.name}”."), timeout=4)
    return created
