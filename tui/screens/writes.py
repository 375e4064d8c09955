"""Edit, `$EDITOR`, new, delete/archive, restore, bulk and undo for any resource screen.

`WriteActions` is mixed into the list and the detail screen; everything it does is driven by
the screen's `ResourceSpec` (its form key and removal kind), so one flow serves every resource.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from textual import work
from textual.content import Content

from tui.editing import service
from tui.editing.specs import as_dict, form_fields, load_choices
from tui.keys import registry as actions
from tui.resources.base import ResourceSpec
from tui.screens.edit import EditScreen, commit, confirm_protected, protected_name


def _action_id(screen: Any, name: str) -> str:
    scoped = f"{screen.ACTION_SCOPES[0]}.{name}"
    try:
        actions.get(scoped)
    except KeyError:
        return f"resource.{name}"
    return scoped


def broadcast(app: Any, resource: str, *, saved: Any = None, removed: str | None = None) -> None:
    """Show a write on every open screen of that resource (a list below a detail view too)."""
    for screen in app.screen_stack:
        if isinstance(screen, WriteActions) and screen.spec.id == resource:
            if saved is not None:
                screen.show_saved(saved)
            if removed is not None:
                screen.show_removed(removed)


async def edit_object(screen: Any, spec: ResourceSpec, obj: Any, *, external: bool = False) -> Any | None:
    """Open the form (or `$EDITOR`) on the server's current copy of `obj`; the saved object or None."""
    from tui.api.errors import ApiError

    app = screen.app
    client = await app.client()
    if client is None:
        return None
    try:
        fresh = await service.current(client, spec, obj)
        choices = await load_choices(client, spec)
    except ApiError as exc:
        app.show_error(exc, f"Opening the {spec.singular}")
        return None
    if fresh is None:
        app.notify(f"This {spec.singular} no longer exists on the server.", severity="warning")
        return None
    fields = form_fields(spec)
    if external:
        return await _edit_external(app, spec, fresh, fields, choices)
    saved = await app.push_screen_wait(EditScreen(spec, fresh, fields, choices=choices))
    if saved is not None:
        broadcast(app, spec.id, saved=saved)
    return saved


def editor_command() -> list[str]:
    return shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")


async def run_editor(app: Any, text: str, suffix: str = ".yaml") -> str:
    """Hand `text` to the user's editor with the app suspended; the file as saved."""
    from textual.app import SuspendNotSupported

    handle, name = tempfile.mkstemp(prefix="posthog-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        command = [*editor_command(), str(path)]
        try:
            with app.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            # Headless runs (tests, pipes) cannot give the terminal away; the editor runs beside.
            await asyncio.to_thread(subprocess.run, command, check=False, stdin=subprocess.DEVNULL)
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)


async def _edit_external(app: Any, spec: ResourceSpec, obj: Any, fields: list, choices: dict) -> Any | None:
    """YAML out, the editor, YAML back: the same diff and preview as the form.

    Nothing typed is lost: unreadable YAML goes back into the editor with the reason on top;
    a refused save opens the form holding the edited values, with the errors beside them.
    """
    from tui.forms import FormError
    from tui.forms.diff import changes as diff_changes
    from tui.forms.validate import validate
    from tui.forms.yaml_doc import from_yaml, to_yaml
    from tui.screens.dialogs.confirm import ConfirmScreen

    original = as_dict(obj)
    text = to_yaml(original, fields, title=spec.label(obj))
    while True:
        text = await run_editor(app, text)
        try:
            edited = from_yaml(text, fields)
            break
        except FormError as err:
            again = await app.push_screen_wait(ConfirmScreen(f"{err} Edit the file again?", yes_label="Edit again"))
            if not again:
                return None
            text = "".join(f"# {line}\n" for line in str(err).splitlines()) + text
    errors: dict[str | None, str] = dict(validate({**original, **edited}, fields))
    if not errors:
        outcome = await commit(app, spec, fields, obj, diff_changes(original, edited, fields), label=spec.label(obj))
        if outcome.errors is None:
            if outcome.saved is not None:
                broadcast(app, spec.id, saved=outcome.saved)
            return outcome.saved
        errors = outcome.errors
    saved = await app.push_screen_wait(EditScreen(spec, obj, fields, choices=choices, edited=edited, errors=errors))
    if saved is not None:
        broadcast(app, spec.id, saved=saved)
    return saved


class WriteActions:
    """Write actions for a screen with a `spec` and a current object (list row or detail)."""

    spec: ResourceSpec

    # What the actions work on, and how a screen shows their result --------------------
    def write_subject(self) -> Any | None:
        selected = getattr(self, "selected", None)
        return selected() if callable(selected) else getattr(self, "obj", None)

    def show_saved(self, obj: Any) -> None:
        from tui.widgets.table.resource_table import Row

        key = self.spec.key(obj)
        objects = getattr(self, "objects", None)
        if objects is None:  # a detail view shows one object
            if self.spec.key(self.obj) == key:
                self.show(obj)
            return
        table = self.table
        if key in table:
            table.update_row(key, self.spec.cells(obj))
        else:
            table.append_rows([Row(key, self.spec.cells(obj))])
        objects[key] = obj
        self.refresh_status()

    def show_removed(self, key: str) -> None:
        objects = getattr(self, "objects", None)
        if objects is None:
            if self.spec.key(self.obj) == key and self.app.screen is self:
                self.app.pop_screen()
            return
        if key in objects:  # `del`, not `pop`: no page is unpacked for an object being dropped
            del objects[key]
        if key in self.table:  # a page held back behind a late one is not shown yet
            self.table.remove_row(key)
            self.refresh_status()

    @property
    def active_bindings(self):
        # Read-only sessions hide every write from the footer; the key still explains why.
        bindings = super().active_bindings
        if not getattr(self.app, "read_only", False):
            return bindings
        writes = {a.id for a in actions.REGISTRY if a.writes}
        return {key: b for key, b in bindings.items() if b.binding.id not in writes}

    def _allowed(self, name: str) -> bool:
        return self.app.allow_write(_action_id(self, name))

    # Actions -------------------------------------------------------------------------
    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_edit(self) -> None:
        await self._edit(external=False)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_edit_external(self) -> None:
        await self._edit(external=True)

    async def _edit(self, *, external: bool) -> None:
        obj = self.write_subject()
        if obj is None or self.spec.form is None:
            return
        if self._allowed("edit_external" if external else "edit"):
            await edit_object(self, self.spec, obj, external=external)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_new(self) -> None:
        from tui.screens.create import create_object

        if self.spec.form is None:
            self.notify(f"{self.spec.title} cannot be created from here.", severity="warning")
            return
        if not self._allowed("new"):
            return
        created = await create_object(self, self.spec)
        if created is not None:
            broadcast(self.app, self.spec.id, saved=created)
            if getattr(self, "objects", None) is not None:
                self.table.move_cursor_to(self.spec.key(created))

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_delete(self) -> None:
        from tui.api.errors import ApiError
        from tui.screens.dialogs.confirm import ConfirmScreen

        obj = self.write_subject()
        if obj is None or self.spec.removal is None or not self._allowed("delete"):
            return
        label = self.spec.label(obj)
        archive = self.spec.removal == "archive"
        verb = "Archive" if archive else "Delete"
        note = " It can be restored from the archived view (A)." if archive else " This cannot be undone."
        name = protected_name(self.app)
        question = f"{verb} {self.spec.singular} “{label}”?{note}"
        screen = ConfirmScreen(f"PROTECTED PROJECT · {question}" if name else question, typed_confirmation=name,
                               yes_label=verb)
        if name:
            screen.add_class("-protected")
        if not await self.app.push_screen_wait(screen):
            return
        client = await self.app.client()
        try:
            await service.remove(client, service.journal_for(self.app), self.spec, obj)
        except ApiError as exc:
            self.app.show_error(exc, f"{verb} {self.spec.singular}")
            return
        self.notify(Content(f"{'Archived' if archive else 'Deleted'} {self.spec.singular} “{label}”."), timeout=4)
        broadcast(self.app, self.spec.id, removed=self.spec.key(obj))

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_toggle_archived(self) -> None:
        from tui.api.errors import ApiError
        from tui.screens.dialogs.picker import PickerScreen

        if self.spec.removal != "archive":
            return
        journal = service.journal_for(self.app)
        archived = journal.archived_of(self.spec.id)
        if not archived:
            self.notify(f"Nothing archived in this session. The server does not list archived "
                        f"{self.spec.title.lower()}, so only those archived here can be restored here.", timeout=6)
            return
        title = f"Archived {self.spec.title.lower()} (this session) · enter restores"
        picked = await self.app.push_screen_wait(PickerScreen(title, [(label, (key, label)) for key, label in archived]))
        if picked is None or not self._allowed("archived"):
            return
        key, label = picked
        if not await confirm_protected(self.app, f"Restore {self.spec.singular} “{label}”"):
            return
        client = await self.app.client()
        try:
            restored = await service.restore(client, journal, self.spec, key, label)
        except ApiError as exc:
            self.app.show_error(exc, f"Restoring the {self.spec.singular}")
            return
        self.notify(Content(f"Restored {self.spec.singular} “{label}”."), timeout=4)
        broadcast(self.app, self.spec.id, saved=restored)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_bulk(self) -> None:
        from tui.screens.bulk import BULK_RESOURCES, bulk_edit

        if self.spec.id not in BULK_RESOURCES:
            self.notify(f"Bulk edits work on event definitions and dashboards, not {self.spec.title.lower()}.",
                        severity="warning")
            return
        table = getattr(self, "table", None)
        keys = list(table.selected_keys) if table is not None else []
        objects = getattr(self, "objects", {})
        targets = [objects[k] for k in keys if k in objects] or [o for o in [self.write_subject()] if o is not None]
        if targets and self._allowed("bulk"):
            for obj in await bulk_edit(self, self.spec, targets):
                broadcast(self.app, self.spec.id, saved=obj)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_undo(self) -> None:
        from tui.api.errors import ApiError
        from tui.screens.dialogs.change_preview import ChangePreview

        journal = service.journal_for(self.app)
        write = journal.last()
        if write is None:
            self.notify("Nothing to undo in this session.", timeout=3)
            return
        if write.cannot_undo:
            self.notify(Content(write.cannot_undo), severity="warning", timeout=8)
            return
        if not self._allowed("undo"):
            return
        preview = ChangePreview(list(write.rows), title=f"Undo: {write.description}?")
        if not await self.app.push_screen_wait(preview):
            return
        if not await confirm_protected(self.app, f"Undo: {write.description}"):
            return
        client = await self.app.client()
        try:
            done = await service.undo(client, journal, write)
        except ApiError as exc:
            self.app.show_error(exc, "Undo")
            return
        for step, result in done:
            if step.op in ("update", "restore"):
                broadcast(self.app, step.resource, saved=result)
            else:
                broadcast(self.app, step.resource, removed=str(step.id))
        self.notify(Content(f"Undone: {write.description}."), timeout=4)


def _uncertain(error: Exception) -> bool:
    """Whether a failed write may have been applied anyway (no answer, or a broken one)."""
    from tui.api.errors import ApiConnectionError, ApiTimeoutError, BadResponseError, ServerError

    if isinstance(error, ApiConnectionError):
        return error.reached_server
    return isinstance(error, (ApiTimeoutError, BadResponseError, ServerError))


async def copy_tile_checked(screen: Any, source_id: int, target: Any, tile: Any) -> bool:
    """copy_tile, and when its outcome is unknown, look at the destination before offering to send again.

    A copy that did arrive would fail the second time ("already on the destination") at best, so
    the destination is read first; only a tile that is really missing is sent again, and only if asked.
    """
    from tui.api.errors import ApiError
    from tui.screens.dialogs.confirm import ConfirmScreen

    app = screen.app
    client = app.connection.client
    try:
        await client.dashboards.copy_tile(target.id, source_id, tile.id)
        return True
    except ApiError as exc:
        if not _uncertain(exc):
            app.show_error(exc, "Copying the tile")
            return False
        first = exc
    try:
        destination = await client.dashboards.get(target.id)
    except ApiError as exc:
        app.show_error(exc, f"Copying the tile ({first}); checking {target.name}")
        return False
    if any(_same_content(tile, other) for other in destination.tiles or []):
        app.notify(Content(f"The copy did arrive on {target.name} (the answer was lost: {first})."), timeout=6)
        return True
    question = f"The copy failed ({first}) and {target.name} does not have the tile. Send it again?"
    if not await app.push_screen_wait(ConfirmScreen(question, yes_label="Send again")):
        return False
    try:
        await client.dashboards.copy_tile(target.id, source_id, tile.id)
    except ApiError as exc:
        app.show_error(exc, "Copying the tile again")
        return False
    return True


def _same_content(tile: Any, other: Any) -> bool:
    if tile.insight is not None and other.insight is not None:
        return tile.insight.id == other.insight.id
    if tile.text is not None and other.text is not None:
        return tile.text.id == other.text.id
    return False
