"""Editing one object: the form, the check against the server, the preview and the write.

`commit` is the one save path: the form (ctrl+s), the `$EDITOR` round trip and creation all
end in it. It never retries: a failed write comes back as errors for the form to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.editing import service
from tui.editing.specs import as_dict
from tui.forms.diff import not_kept, preview_rows
from tui.forms.fields import FieldSpec
from tui.forms.validate import control_errors
from tui.keys import registry
from tui.resources.base import ResourceSpec
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.guard import write_scope
from tui.screens.worker_errors import ReportWorkerErrors
from tui.text import safe
from tui.widgets.form.edit_form import EditForm
from tui.widgets.form.field import FieldBox, UserInput
from tui.widgets.topbar import TopBar


@dataclass
class Outcome:
    saved: Any = None
    errors: dict[str | None, str] | None = None  # None: nothing was sent (cancelled, no change)


def error_fields(error: Exception) -> dict[str | None, str]:
    """A server refusal as form errors: beside the field its `attr` names, else above the form."""
    attr = getattr(error, "attr", None)
    if attr:
        return {attr: getattr(error, "detail", None) or str(error)}
    return {None: str(error)}


async def commit(app: Any, spec: ResourceSpec, fields: list[FieldSpec], obj: Any, changes: dict, *,
                 label: str, what: str | None = None) -> Outcome:
    """Preview `changes` to `obj` (None: create) with what changed on the server meanwhile; send them.

    `what` names the write in the preview's title and the gate (default: "Save <singular> “label”")."""
    from tui.api.errors import ApiError

    creating = obj is None
    original = {} if creating else as_dict(obj)
    if not changes:
        app.notify("Nothing changed.", timeout=3)
        return Outcome()
    refused = control_errors(changes, fields)
    if refused:
        return Outcome(errors=dict(refused))
    client = await app.client()
    if client is None:
        return Outcome(errors={None: app.connect_error or "Not connected."})
    journal = service.journal_for(app)
    conflicts: list[tuple[str, str, str]] = []
    try:
        if not creating:
            now = await service.current(client, spec, obj)
            if now is None:
                return Outcome(errors={None: f"This {spec.singular} no longer exists on the server."})
            conflicts = service.conflict_rows(original, as_dict(now), fields, changes)
    except ApiError as exc:
        return Outcome(errors=error_fields(exc))
    verb = "Create" if creating else "Save"
    what = what or f"{verb} {spec.singular} “{label}”"
    rows = preview_rows(original, changes, fields)
    warning = ("Changed on the server since you opened it (saving overwrites the fields you changed):"
               if conflicts else None)
    if not await app.push_screen_wait(ChangePreview(rows, title=f"{what}?", warning=warning, conflict_rows=conflicts)):
        return Outcome()
    approval = await app.guard.ask(what, write_scope(spec))
    if approval is None:
        return Outcome()
    try:
        with approval:
            if creating:
                saved = await service.create(client, journal, spec, changes)
            else:
                saved = await service.update(client, journal, spec, original, changes, fields, label)
    except ApiError as exc:
        saved = await _applied_after_all(app, client, spec, obj, changes, fields, exc, what)
        if saved is None:
            app.show_error(exc, what)
            return Outcome(errors=error_fields(exc))
        if creating:
            service.record_created(journal, spec, saved)
        else:
            service.record_update(journal, spec, original, changes, fields, label)
    app.notify(Content(f"{'Created' if creating else 'Saved'} {spec.singular} “{spec.label(saved)}”."), timeout=4)
    dropped = not_kept(changes, as_dict(saved), fields)
    if dropped:
        app.notify(f"The server did not keep {', '.join(dropped)}: it answered without the change (this "
                   "server may not store the field).", severity="warning", timeout=10)
    return Outcome(saved=saved)


async def offer_check(app: Any, error: Exception, what: str) -> bool:
    """After a write whose answer was lost: whether the user wants the server looked at."""
    from tui.screens.dialogs.confirm import ConfirmScreen

    question = (f"{what}: the server did not confirm it ({error}). It may have been applied. "
                "Look at the server now? (Nothing is sent again.)")
    return bool(await app.push_screen_wait(ConfirmScreen(question, yes_label="Look")))


async def _applied_after_all(app: Any, client: Any, spec: ResourceSpec, obj: Any, changes: dict,
                             fields: list[FieldSpec], error: Exception, what: str) -> Any:
    """The saved object when a write that failed without an answer was applied; None otherwise."""
    from tui.api.errors import ApiError
    from tui.editing import verify

    if not verify.uncertain(error) or not await offer_check(app, error, what):
        return None
    try:
        found = await (verify.created(client, spec, changes) if obj is None
                       else verify.updated(client, spec, obj, changes, fields))
    except ApiError as exc:
        app.show_error(exc, f"Looking at the server after “{what}”")
        return None
    if found is None:
        app.notify(f"{what}: it was not applied; your input is still here.", severity="warning", timeout=8)
    else:
        app.notify(f"{what}: it was applied (only the answer was lost).", timeout=6)
    return found


class EditScreen(ReportWorkerErrors, Screen[Any]):
    """The form for one object (new when `creating`); dismisses with the saved object."""

    KEY_SCOPES = ("edit",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, spec: ResourceSpec, obj: Any, fields: list[FieldSpec], *, choices: dict | None = None,
                 edited: dict | None = None, errors: dict[str | None, str] | None = None) -> None:
        """`obj` None creates; `edited` pre-fills values; `errors` are shown beside their fields."""
        super().__init__()
        self.spec = spec
        self.obj = obj
        self.original = {} if obj is None else as_dict(obj)
        self.fields = fields
        self.creating = obj is None
        self.label = "new" if obj is None else spec.label(obj)
        self.heading = f"{'New' if self.creating else 'Edit'} {spec.singular}: {self.label}"
        # Input from an earlier attempt ($EDITOR, a refused save) is shown, but diffed against the original.
        self.form = EditForm(fields, {**self.original, **(edited or {})}, choices=choices, id="edit-form")
        self._errors = errors or {}

    def compose(self) -> ComposeResult:
        yield TopBar(self.heading)
        name = self.app.guard.protected_name
        if name is not None:
            yield Static(Content(safe(f"PROTECTED PROJECT “{name}”: saving asks you to type its name")),
                         id="protected-banner")
        yield self.form
        yield Static("ctrl+s save (preview first) · esc back · tab next field · f1 help", id="edit-status")
        yield Footer()

    def on_mount(self) -> None:
        self.form.original = dict(self.original)
        if self._errors:
            self.form.show_errors(self._errors)
        self.form.focus_first()

    def unsaved(self) -> str | None:
        """What leaving would drop, for the app's quit and switch questions."""
        if self.creating:
            return f"a new {self.spec.singular}" if self.form.edited_anything else None
        return f"changes to {self.spec.singular} “{self.label}”" if self.form.has_changes else None

    @on(EditForm.Submitted)
    def _submitted(self, event: EditForm.Submitted) -> None:
        event.stop()
        self.save()

    @work(exclusive=True, group="edit-save", exit_on_error=False)
    async def save(self) -> None:
        form = self.form
        if form.validate():
            self.notify("Some fields need fixing (marked in red).", severity="warning", timeout=4)
            return
        changes = form.changes()
        label = str(changes.get("name") or self.label) if self.creating else self.label
        outcome = await self.send(changes, label)
        if outcome.errors:
            form.clear_errors()
            form.show_errors(outcome.errors)
        elif outcome.saved is not None and self.is_current:
            # A leave that raced the save may already have closed the screen.
            self.dismiss(outcome.saved)

    async def send(self, changes: dict, label: str) -> Outcome:
        """Preview, gate and write the form's changes (a form for something else overrides this)."""
        return await commit(self.app, self.spec, self.fields, self.obj, changes, label=label)

    @on(UserInput.PickPerson)
    def _pick_person(self, event: UserInput.PickPerson) -> None:
        event.stop()
        self._picked_person(event.field)

    @work(exclusive=True, group="edit-person", exit_on_error=False)
    async def _picked_person(self, field: FieldBox) -> None:
        from tui.screens.owner import pick_person

        value = field.value
        current = value if isinstance(value, int) else None
        picked = await pick_person(self.app, f"{field.spec.label} of “{self.label}”", current)
        if picked is not None:
            field.set_user(picked.person)
            field.focus_input()

    @work(exclusive=True, group="edit-leave", exit_on_error=False)
    async def action_leave(self) -> None:
        from tui.screens.dialogs.confirm import ConfirmScreen

        unsaved = self.unsaved()
        if unsaved and not await self.app.push_screen_wait(ConfirmScreen(f"Discard {unsaved}?", yes_label="Discard")):
            return
        if self.is_current:
            self.dismiss(None)
