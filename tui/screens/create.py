"""New objects: the form for most resources, pickers for an event schema, three kinds of dashboard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.content import Content

from tui.editing import service
from tui.editing.specs import FORM_CREATE, form_fields, new_object
from tui.resources.base import ResourceSpec
from tui.screens.dialogs.prompt import PromptScreen
from tui.screens.edit import EditScreen
from tui.screens.guard import write_scope

UNLISTED_TAGS = ("llm-analytics", "mcp-analytics")


async def create_object(screen: Any, spec: ResourceSpec) -> Any | None:
    """Run the creation flow for `spec`; the created object, or None."""
    if spec.id in FORM_CREATE:
        return await _form(screen.app, spec)
    if spec.id == "event_schemas":
        return await _event_schema(screen, spec)
    if spec.id == "dashboards":
        return await _dashboard(screen.app, spec)
    screen.notify(f"{spec.title} cannot be created here.", severity="warning")
    return None


async def _form(app: Any, spec: ResourceSpec) -> Any | None:
    return await app.push_screen_wait(EditScreen(spec, None, form_fields(spec, creating=True), edited=new_object(spec)))


async def _send(app: Any, spec: ResourceSpec, what: str, rows: list[tuple[str, str, str]], call) -> Any | None:
    """Preview, protected-project check, then one call; NotSupported and errors are reported, never retried."""
    from tui.api.errors import ApiError
    from tui.api.models import NotSupported
    from tui.screens.dialogs.change_preview import ChangePreview

    if not await app.push_screen_wait(ChangePreview(rows, title=f"{what}?")):
        return None
    approval = await app.guard.ask(what, write_scope(spec))
    if approval is None:
        return None
    try:
        with approval:
            created = await call()
    except ApiError as exc:
        app.show_error(exc, what)
        return None
    if isinstance(created, NotSupported):
        app.notify(Content(str(created)), title="Not supported", severity="error", timeout=10)
        return None
    service.record_created(service.journal_for(app), spec, created)
    app.notify(Content(f"Created {spec.singular} “{spec.label(created)}”."), timeout=4)
    return created


async def _event_schema(screen: Any, spec: ResourceSpec) -> Any | None:
    """An event schema joins one event definition and one property group."""
    from tui.api.errors import ApiError
    from tui.screens.dialogs.picker import PickerScreen

    app = screen.app
    client = await app.client()
    if client is None:
        return None
    filters = getattr(screen, "filters", None)
    fixed = filters.fixed.get("event_definition") if filters is not None else None
    try:
        definitions = await client.event_definitions.all()
        groups = await client.property_groups.all()
    except ApiError as exc:
        app.show_error(exc, "Loading definitions and property groups")
        return None
    names = {d.id: d.name for d in definitions}
    definition = fixed if fixed in names else await app.push_screen_wait(
        PickerScreen("Event schema: which event?",
                     sorted(((d.name, d.id) for d in definitions), key=lambda o: o[0].lower())))
    if definition is None:
        return None
    group = await app.push_screen_wait(PickerScreen(f"Property group for {names[definition]}",
                                                    [(g.name, g) for g in groups]))
    if group is None:
        return None
    body = {"event_definition": definition, "property_group_id": group.id}
    rows = [("Event", "", names[definition]), ("Property group", "", group.name)]
    return await _send(app, spec, f"Add “{group.name}” to the schema of {names[definition]}", rows,
                       lambda: client.event_schemas.create(body))


async def _dashboard(app: Any, spec: ResourceSpec) -> Any | None:
    from tui.screens.dialogs.picker import PickerScreen

    kinds = [("Blank dashboard", "blank"), ("From a template JSON file…", "template"),
             ("Unlisted dashboard (for LLM / MCP analytics)", "unlisted")]
    kind = await app.push_screen_wait(PickerScreen("New dashboard", kinds))
    if kind == "blank":
        return await _form(app, spec)
    client = await app.client()
    if kind == "template" and client is not None:
        template = await _read_template(app)
        if template is None:
            return None
        name = str(template.get("template_name") or "(unnamed template)")
        rows = [("Template", "", name), ("Tiles", "", str(len(template.get("tiles") or []))),
                ("Tags", "", ", ".join(map(str, template.get("tags") or [])) or "(empty)")]
        return await _send(app, spec, f"Create a dashboard from the template “{name}”", rows,
                           lambda: client.dashboards.create_from_template_json(template))
    if kind == "unlisted" and client is not None:
        tag = await app.push_screen_wait(PickerScreen("Unlisted dashboard for", [(t, t) for t in UNLISTED_TAGS]))
        if tag is None:
            return None
        return await _send(app, spec, f"Create the unlisted “{tag}” dashboard", [("Tag", "", tag)],
                           lambda: client.dashboards.create_unlisted(tag))
    return None


async def _read_template(app: Any) -> dict | None:
    """Ask for a file until it holds a JSON object; the path typed is kept between attempts."""
    path, problem = "", None
    while True:
        path = await app.push_screen_wait(PromptScreen("Template JSON file", value=path, placeholder="~/template.json",
                                                       note=problem))
        if not path:
            return None
        try:
            template = json.loads(Path(path).expanduser().read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problem = f"Could not read it: {exc}"
            continue
        if isinstance(template, dict):
            return template
        problem = "The file must hold one JSON object (a dashboard template)."

