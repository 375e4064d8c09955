"""Edit, `$EDITOR`, new, delete/archive, restore, bulk and undo for any resource screen.

`WriteActions` is mixed into the list and the detail screen; everything it does is driven by
the screen's `ResourceSpec` (its form key and removal kind), so one flow serves every resource.
Every write asks the app's write gate first (`app.guard`), which also sees each request the
client sends.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.content import Content

from tui.keys import registry
from tui.resources.base import ResourceSpec
from tui.screens.guard import write_scope
from tui.screens.messages import CopyObjects

# The form, its fields and the external editor load when a write first needs them: a list's
# first frame does not wait for them.


def broadcast(app: Any, resource: str, *, saved: Any = None, removed: str | None = None) -> None:
    """Show a write on every open screen of that resource (a list below a detail view too)."""
    for screen in app.all_screens():
        spec = getattr(screen, "spec", None)
        if spec is not None and spec.id == resource and hasattr(screen, "show_saved"):
            if saved is not None:
                screen.show_saved(saved)
            if removed is not None:
                screen.show_removed(removed)


async def edit_object(screen: Any, spec: ResourceSpec, obj: Any, *, external: bool = False) -> Any | None:
    """Open the form (or `$EDITOR`) on the server's current copy of `obj`; the saved object or None."""
    from tui.api.errors import ApiError
    from tui.editing import service
    from tui.editing.specs import form_fields, load_choices
    from tui.screens.edit import EditScreen

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


async def _edit_external(app: Any, spec: ResourceSpec, obj: Any, fields: list, choices: dict) -> Any | None:
    """YAML out, the editor, YAML back: the same diff and preview as the form.

    Nothing typed is lost: unreadable YAML goes back into the editor with the reason on top;
    a refused save opens the form holding the edited values, with the errors beside them.
    """
    from tui.editing.specs import as_dict
    from tui.forms import FormError
    from tui.forms.diff import changes as diff_changes
    from tui.forms.validate import validate
    from tui.forms.yaml_doc import from_yaml, to_yaml
    from tui.screens.dialogs.confirm import ConfirmScreen
    from tui.screens.edit import EditScreen, commit
    from tui.screens.editor import run_editor

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
    """Write actions for a screen with a `spec` and a current object (list row or detail).

    The screen provides `write_subject()` (what the keys act on), `show_saved(obj)` and
    `show_removed(key)` (how it shows a write), and `KEY_SCOPES`.
    """

    spec: ResourceSpec
    KEY_SCOPES: tuple[str, ...]
    # Provided by the Screen this is mixed into.
    app: Any
    notify: Any
    post_message: Any

    def write_subject(self) -> Any | None:
        raise NotImplementedError

    async def live_subject(self) -> Any | None:
        """`write_subject()` as the server has it: a list showing cached rows waits for the live one."""
        return self.write_subject()

    def show_saved(self, obj: Any) -> None:
        raise NotImplementedError

    def show_removed(self, key: str) -> None:
        raise NotImplementedError

    def marked(self) -> list[Any]:
        """The objects a bulk action works on (the marked rows of a list)."""
        return []

    # Which write keys work here ---------------------------------------------------------
    def scope_of(self, key: registry.KeyAction) -> str | None:
        """The API scope a write key needs ("resource": the scope of the screen's resource)."""
        if key.writes == "resource":
            return write_scope(self.spec)
        return f"{key.writes}:write" if key.writes else None

    def write_check(self, action: str) -> bool | None:
        """Greyed out (None) when the key lacks the write's scope; True for everything else.

        Read-only sessions keep the keys, which then say why nothing happens; the footer hides
        them (`active_bindings`).
        """
        key = registry.writes_by_action(self.KEY_SCOPES).get(action)
        if key is None or self.app.read_only:
            return True
        return None if self.app.guard.refusal(self.scope_of(key)) else True

    @property
    def active_bindings(self):
        bindings = super().active_bindings
        if not self.app.read_only:
            return bindings
        writes = {a.id for a in registry.REGISTRY if a.writes}
        return {key: b for key, b in bindings.items() if b.binding.id not in writes}

    async def _ask(self, what: str):
        return await self.app.guard.ask(what, write_scope(self.spec))

    def _refused(self) -> bool:
        """Say why, when no write can start here at all (read-only, scope missing)."""
        problem = self.app.guard.refusal(write_scope(self.spec))
        if problem is not None:
            self.notify(Content(problem), severity="warning")
        return problem is not None

    # Actions -------------------------------------------------------------------------
    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_edit(self) -> None:
        await self._edit(external=False)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_edit_external(self) -> None:
        await self._edit(external=True)

    async def _edit(self, *, external: bool) -> None:
        obj = await self.live_subject()
        if obj is None or self.spec.form is None or self._refused():
            return
        if self.spec.update == "replace":
            from tui.screens.replace import replace_event_schema

            replaced = await replace_event_schema(self.app, self.spec, obj)
            if replaced is not None:
                broadcast(self.app, self.spec.id, removed=self.spec.key(obj))
                broadcast(self.app, self.spec.id, saved=replaced)
            return
        await edit_object(self, self.spec, obj, external=external)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_new(self) -> None:
        from tui.screens.create import create_object

        if self.spec.form is None:
            self.notify(f"{self.spec.title} cannot be created from here.", severity="warning")
            return
        if self._refused():
            return
        created = await create_object(self, self.spec)
        if created is not None:
            broadcast(self.app, self.spec.id, saved=created)
            self.created(created)

    def created(self, obj: Any) -> None:
        """A new object was made from this screen (a list moves its cursor onto it)."""

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_delete(self) -> None:
        from tui.api.errors import ApiError
        from tui.editing import service

        obj = await self.live_subject()
        if obj is None or self.spec.removal is None:
            return
        label = self.spec.label(obj)
        archive = self.spec.removal == "archive"
        verb = "Archive" if archive else "Delete"
        note = " It can be restored from the archived view (A)." if archive else " This cannot be undone."
        approval = await self.app.guard.confirm(f"{verb} {self.spec.singular} “{label}”?{note}",
                                                write_scope(self.spec), yes_label=verb)
        if approval is None:
            return
        client = await self.app.client()
        journal = service.journal_for(self.app)
        try:
            with approval:
                await service.remove(client, journal, self.spec, obj)
        except ApiError as exc:
            if not await self._removed_after_all(client, obj, exc, f"{verb} {self.spec.singular} “{label}”"):
                self.app.show_error(exc, f"{verb} {self.spec.singular}")
                return
            service.record_removed(journal, self.spec, obj)
        self.notify(Content(f"{'Archived' if archive else 'Deleted'} {self.spec.singular} “{label}”."), timeout=4)
        broadcast(self.app, self.spec.id, removed=self.spec.key(obj))

    async def _removed_after_all(self, client: Any, obj: Any, error: Exception, what: str) -> bool:
        from tui.api.errors import ApiError
        from tui.editing import verify
        from tui.screens.edit import offer_check

        if not verify.uncertain(error) or not await offer_check(self.app, error, what):
            return False
        try:
            return await verify.removed(client, self.spec, obj)
        except ApiError:
            return False

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_toggle_archived(self) -> None:
        from tui.api.errors import ApiError
        from tui.editing import service
        from tui.screens.dialogs.picker import PickerScreen

        if self.spec.removal != "archive":
            return
        journal = service.journal_for(self.app)
        archived = journal.archived_of(self.spec.id)
        if not archived:
            self.notify(f"Nothing archived from this app yet. The server does not list archived "
                        f"{self.spec.title.lower()}: this view shows those archived here.", timeout=6)
            return
        title = f"Archived {self.spec.title.lower()} · enter restores"
        picked = await self.app.push_screen_wait(PickerScreen(title,
                                                              [(label, (key, label)) for key, label in archived]))
        if picked is None:
            return
        key, label = picked
        approval = await self._ask(f"Restore {self.spec.singular} “{label}”")
        if approval is None:
            return
        client = await self.app.client()
        try:
            with approval:
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
        targets = self.marked() or [o for o in [await self.live_subject()] if o is not None]
        if targets and not self._refused():
            for obj in await bulk_edit(self, self.spec, targets):
                broadcast(self.app, self.spec.id, saved=obj)

    @work(exclusive=True, group="write", exit_on_error=False)
    async def action_undo(self) -> None:
        await undo_last(self.app)

    def action_copy_to(self) -> None:
        objects = self.marked() or [o for o in [self.write_subject()] if o is not None]
        self.post_message(CopyObjects(self.spec.id, objects))


async def undo_last(app: Any) -> None:
    """Undo the newest write of this session, after a preview (any screen's `u`)."""
    from tui.api.errors import ApiError
    from tui.editing import service
    from tui.screens.dialogs.change_preview import ChangePreview

    journal = service.journal_for(app)
    write = journal.last()
    if write is None:
        app.notify("Nothing to undo in this session.", timeout=3)
        return
    if write.cannot_undo:
        app.notify(Content(write.cannot_undo), severity="warning", timeout=8)
        return
    if not await app.push_screen_wait(ChangePreview(list(write.rows), title=f"Undo: {write.description}?")):
        return
    approval = await app.guard.ask(f"Undo: {write.description}")
    if approval is None:
        return
    client = await app.client()
    try:
        with approval:
            done = await service.undo(client, journal, write)
    except ApiError as exc:
        app.show_error(exc, "Undo")
        return
    for step, result in done:
        if step.op in ("update", "restore", "create"):
            broadcast(app, step.resource, saved=result)
        elif step.op in ("delete", "archive"):
            broadcast(app, step.resource, removed=str(step.id))
        else:  # a tile operation: the dashboard it changed
            broadcast(app, "dashboards", saved=result)
    app.notify(Content(f"Undone: {write.description}."), timeout=4)
