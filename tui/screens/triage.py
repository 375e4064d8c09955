"""`:triage` (and `7`): the data-quality queues of the event definitions, each with its count, and
single keys that act on the current row and move on to the next.

The queues come from `tui.triage` (pure functions); this screen loads their inputs once (the
definitions, the schemas, one HogQL volume query, and the actions and insights for where-used),
sends each write through the app's write gate and the undo journal, and recomputes the queues
after every write so that a definition that no longer needs work leaves the queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.collector import FullPassesHeld
from tui.editing import service
from tui.editing.specs import as_dict, form_fields
from tui.keys import registry
from tui.resources import BY_ID
from tui.resources import formatting as fmt
from tui.screens.edit import write_scope
from tui.screens.messages import OpenObject
from tui.screens.worker_errors import ReportWorkerErrors
from tui.screens.writes import broadcast, undo_last
from tui.settings.locations import styles_dir
from tui.text import one_line, safe
from tui.triage.queues import KINDS, Triage, TriageConfig, triage
from tui.triage.snooze import SNOOZE_DAYS, Snoozed
from tui.triage.usage import UsageIndex
from tui.widgets.footer import Footer
from tui.widgets.table.resource_table import Column, ResourceTable, Row
from tui.widgets.topbar import TopBar

SPEC = BY_ID["event_definitions"]
ROW_BATCH = 250  # rows a loop turn: 500 took ~12 ms, and a repaint often fell in the same turn
COLUMNS = (
    Column("name", "Name", ratio=3, min_width=24),
    Column("volume", "30 days", align="right", ratio=0),  # how busy an event is says what to fix first: kept
    Column("description", "Description", ratio=2, drop=2),
    Column("tags", "Tags", ratio=1, drop=3),
    Column("last_seen", "Last seen", ratio=0, drop=4),
)


_ROW_ACTIONS = frozenset(registry.action_name(a) for a in registry.for_scopes("triage"))


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value else "—"


class DescribeInput(Input):
    """The description typed in place under the queue: enter saves, esc leaves it."""

    KEY_SCOPES = ("triage_describe",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def action_cancel(self) -> None:
        screen = self.screen
        if isinstance(screen, TriageScreen):
            screen.close_describe()


class TriageScreen(ReportWorkerErrors, Screen):
    heading = "Triage"
    KEY_SCOPES = ("triage",)
    BINDINGS = registry.bindings(*KEY_SCOPES)
    CSS_PATH = [styles_dir() / "triage.tcss"]
    BROWSING = True
    # Focused as it is composed: a second focus change (the queues first, then the table) would rebuild
    # the footer's keys twice more while the definitions load.
    AUTO_FOCUS = "#triage-table"

    def __init__(self, config: TriageConfig | None = None) -> None:
        super().__init__()
        # Writes elsewhere (an undo, a detail view) reach this screen through `broadcast`.
        self.spec = SPEC
        # None: the profile's rules, read when the screen loads.
        self.config = config
        self.busy = False
        self.definitions: dict[str, Any] = {}
        self.schemas: list[Any] = []
        self.volumes: Any = None
        self.volumes_problem: str | None = None
        self.usage: UsageIndex | None = None
        self.actions: list[Any] = []
        self.groups: list[Any] = []
        self.result: Triage | None = None
        self.snoozed: Snoozed | None = None
        self.queue = KINDS[0].id
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)

    def compose(self) -> ComposeResult:
        yield TopBar("Triage")
        with Horizontal(id="triage-body"):
            yield OptionList(id="triage-queues")
            with Vertical(id="triage-main"):
                yield Static(id="triage-about")
                yield ResourceTable(COLUMNS, id="triage-table", empty_message="Nothing in this queue")
                yield DescribeInput(id="triage-describe", placeholder="Description (enter saves, esc leaves)")
        yield Static(id="triage-status")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a description is typed, its letters are text (`v` is a priority key here).
        return not (isinstance(self.focused, DescribeInput) and action in _ROW_ACTIONS)

    def on_mount(self) -> None:
        # Thousands of definitions kept for the screen's life: no full collector pass walks them (tui.collector).
        self._full_passes = FullPassesHeld()
        self.query_one(DescribeInput).display = False
        self.table.focus()
        # After the first frame: the answers then no longer arrive while the screen and its footer are built.
        self.call_after_refresh(self.reload)

    def on_unmount(self) -> None:
        # Freed here by reference counting, not by a full pass: the screen is cyclic and may outlive this
        # (`now` is the inputs' bound method, and holds them).
        self.definitions, self.result, self._rest, self.now = {}, None, [], lambda: datetime.now(UTC)
        self._full_passes.release()

    @property
    def table(self) -> ResourceTable:
        return self.query_one("#triage-table", ResourceTable)

    def say(self, text: str) -> None:
        self.query_one("#triage-status", Static).update(Content(safe(text)))

    # Loading --------------------------------------------------------------------------------
    def action_refresh(self) -> None:
        self.reload(refresh=True)

    @work(exclusive=True, group="triage-load", exit_on_error=False)
    async def reload(self, refresh: bool = False) -> None:
        """The inputs; the volumes come from the session's one query unless `refresh` asks again."""
        from tui.api.errors import ApiError
        from tui.triage.load import load, profile_config

        app: Any = self.app
        client = await app.client()
        if client is None:
            return
        self.busy = True
        self.say("reading the definitions and the 30-day volumes…")
        try:
            inputs, usage = await asyncio.gather(load(client, refresh=refresh), self._usage(client))
        except ApiError as error:
            self.say(f"Could not load the definitions: {error}")
            return
        finally:
            self.busy = False
        connection = app.connection
        if self.config is None:
            self.config = profile_config(connection.profile)
        self.snoozed = Snoozed(f"{connection.host} project {connection.project_id}")
        self.definitions = {d.id: d for d in inputs.definitions}
        self.schemas, self.volumes, self.volumes_problem = inputs.schemas, inputs.volumes, inputs.volumes_problem
        self.now = inputs.now
        self.usage = usage
        await self.recompute()
        where = "volumes from one HogQL query" if self.volumes is not None else \
            f"no volumes: {self.volumes_problem}"
        self.say(f"{len(self.definitions):,} definitions · {where}")

    async def _usage(self, client: Any) -> UsageIndex:
        from tui.api.errors import ApiError
        from tui.triage.load import schemas_or_none

        async def listed(resources: Any) -> list[Any]:
            try:
                return list(await resources.all())
            except ApiError:  # where-used shows what could be read
                return []

        actions, insights, schemas, groups = await asyncio.gather(
            listed(client.actions), listed(client.insights), schemas_or_none(client), listed(client.property_groups))
        self.actions, self.groups = actions, groups
        return UsageIndex.build(actions, insights, schemas, groups)

    async def recompute(self) -> None:
        """The queues again (in a thread: near-duplicates over 10,000 names take a while)."""
        now = self.now()
        hidden = self.snoozed.active(now) if self.snoozed else set()
        definitions = [d for key, d in self.definitions.items() if key not in hidden]
        config = self.config or TriageConfig()
        self.result = await asyncio.to_thread(triage, definitions, self.schemas, self.volumes, config, now)
        self._fill_sidebar()
        self.show_queue(self.queue)

    def _fill_sidebar(self) -> None:
        assert self.result is not None
        sidebar = self.query_one("#triage-queues", OptionList)
        labels = {queue.id: Content(f"{queue.kind.title}  {'—' if queue.unavailable else f'{len(queue.members):,}'}")
                  for queue in self.result.queues.values()}
        if sidebar.option_count:
            # In place: refilling the list while a page key moves in it is a race Textual loses.
            for queue_id, label in labels.items():
                sidebar.replace_option_prompt(queue_id, label)
            return
        sidebar.add_options([Option(label, id=queue_id) for queue_id, label in labels.items()])
        sidebar.highlighted = 0

    @on(OptionList.OptionHighlighted, "#triage-queues")
    def _queue_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.queue:
            self.show_queue(event.option.id, from_top=True)

    @on(OptionList.OptionSelected, "#triage-queues")
    def _queue_entered(self, event: OptionList.OptionSelected) -> None:
        self.table.focus()

    def show_queue(self, queue_id: str, *, from_top: bool = False) -> None:
        """The queue's rows; after a write the cursor stays at its place (the next row), in another queue
        it starts at the top."""
        self.queue = queue_id
        if self.result is None:
            return
        queue = self.result.queues[queue_id]
        about = queue.kind.help if queue.unavailable is None else \
            f"{queue.unavailable}" + (f" ({self.volumes_problem})" if self.volumes_problem else "")
        self.query_one("#triage-about", Static).update(Content(f"{queue.kind.title}: {safe(about)}"))
        table = self.table
        cursor = 0 if from_top else table.cursor_row
        # At once: the first batch, and the rows down to the cursor's and the one after it.
        head = max(ROW_BATCH, (cursor or 0) + 2)
        table.set_rows(self._row(d) for d in queue.members[:head])
        if cursor is not None and table.row_count:
            table.cursor_row = min(cursor, table.row_count - 1)
        self._rest = queue.members[head:]
        self._append_rest()

    # Not an argument: a worker describes itself with its arguments' repr, thousands of models here.
    _rest: list[Any] = []

    @work(exclusive=True, group="triage-rows", exit_on_error=False)
    async def _append_rest(self) -> None:
        # In batches, so that a queue of thousands never holds the event loop for long.
        members = self._rest
        for start in range(0, len(members), ROW_BATCH):
            await asyncio.sleep(0)
            self.table.append_rows(self._row(d) for d in members[start:start + ROW_BATCH])

    def _row(self, definition: Any) -> Row:
        volume = self.result.volume(definition.name) if self.result else None
        return Row(definition.id, (one_line(definition.name), volume, one_line(definition.description or ""),
                                   ", ".join(definition.tags), fmt.when(definition.last_seen_at)))

    @on(ResourceTable.RowActivated, "#triage-table")
    def _opened(self, event: ResourceTable.RowActivated) -> None:
        obj = self.definitions.get(event.key)
        if obj is not None:
            self.post_message(OpenObject(SPEC.id, obj))

    # The row the keys act on ------------------------------------------------------------------
    def current(self) -> Any | None:
        key = self.table.selected_key
        return self.definitions.get(key) if key else None

    def marked(self) -> list[Any]:
        return [self.definitions[key] for key in self.table.selected_keys if key in self.definitions]

    async def _write(self, obj: Any, changes: dict[str, Any], what: str, approval: Any = None) -> Any | None:
        """One PATCH through the gate (asked now unless a confirmation already was), journalled for
        `u`; the saved definition or None."""
        from tui.api.errors import ApiError

        app: Any = self.app
        # A write that may not go is refused before it is previewed (`ask` says why).
        refused = app.guard.refusal(write_scope(SPEC)) is not None
        if approval is None and not refused and not await self._previewed(obj, changes, what):
            return None
        approval = approval or await app.guard.ask(f"{what} “{obj.name}”", write_scope(SPEC))
        if approval is None:
            return None
        client = await app.client()
        try:
            with approval:
                saved = await service.update(client, service.journal_for(app), SPEC, as_dict(obj), changes,
                                             form_fields(SPEC), SPEC.label(obj))
        except ApiError as error:
            app.show_error(error, f"{what} the event definition")
            return None
        await self.saved(saved)
        return saved

    previewing = True  # until the user says, in a preview, to stop asking on this screen

    async def _previewed(self, obj: Any, changes: dict[str, Any], what: str) -> bool:
        """The change as a preview (y sends, a sends and stops previewing here); True to send."""
        if not self.previewing:
            return True
        from tui.forms.diff import preview_rows
        from tui.screens.dialogs.change_preview import ChangePreview

        preview = ChangePreview(preview_rows(as_dict(obj), changes, form_fields(SPEC)),
                                title=f"{what} “{obj.name}”?", stop_asking="no more previews here")
        sent = await self.app.push_screen_wait(preview)
        if preview.stop_asked:
            self.previewing = False
            self.notify("Quick edits on this screen are sent without a preview now (u still undoes).", timeout=4)
        return bool(sent)

    async def saved(self, obj: Any) -> None:
        self.definitions[obj.id] = obj
        broadcast(self.app, SPEC.id, saved=obj)
        await self._moved_on()

    async def _moved_on(self) -> None:
        """Recompute and keep the cursor where it was: the next row, once the acted-on one left."""
        table = self.table
        index = table.cursor_row
        await self.recompute()
        if index is not None and table.row_count:
            table.cursor_row = min(index + (1 if self._still_here(index) else 0), table.row_count - 1)

    def _still_here(self, index: int) -> bool:
        return self._acted is not None and self.table.visible_keys()[index:index + 1] == [self._acted]

    _acted: str | None = None

    def _acting(self) -> Any | None:
        obj = self.current()
        self._acted = obj.id if obj is not None else None
        return obj

    # Keys -------------------------------------------------------------------------------------
    def action_describe(self) -> None:
        obj = self._acting()
        if obj is None:
            return
        field = self.query_one(DescribeInput)
        field.value = obj.description or ""
        field.display = True
        field.focus()

    def close_describe(self) -> None:
        field = self.query_one(DescribeInput)
        field.display = False
        self.table.focus()

    @on(Input.Submitted, "#triage-describe")
    def _described(self, event: Input.Submitted) -> None:
        self._save_description(event.value.strip())

    @work(exclusive=True, group="triage-write", exit_on_error=False)
    async def _save_description(self, text: str) -> None:
        obj = self.definitions.get(self._acted or "")
        self.close_describe()
        if obj is not None and text != (obj.description or ""):
            await self._write(obj, {"description": text}, "Describe")

    @work(exclusive=True, group="triage-write", exit_on_error=False)
    async def action_verify(self) -> None:
        obj = self._acting()
        if obj is not None:
            # PostHog refuses an event both hidden and verified: verifying shows it again.
            changes = {"verified": False} if obj.verified else {"verified": True, "hidden": False}
            await self._write(obj, changes, "Unverify" if obj.verified else "Verify")

    @work(exclusive=True, group="triage-write", exit_on_error=False)
    async def action_hide(self) -> None:
        obj = self._acting()
        if obj is None:
            return
        if obj.hidden:
            await self._write(obj, {"hidden": False}, "Unhide")
            return
        approval = await self._confirm(obj, "Hide")
        if approval is not None:
            await self._write(obj, {"hidden": True, "verified": False}, "Hide", approval)

    @work(exclusive=True, group="triage-write", exit_on_error=False)
    async def action_tag(self) -> None:
        from tui.screens.dialogs.prompt import PromptScreen

        obj = self._acting()
        if obj is None:
            return
        tag = await self.app.push_screen_wait(PromptScreen(f"Tag for {one_line(obj.name)}", placeholder="tag"))
        if tag and tag.strip() and tag.strip() not in obj.tags:
            await self._write(obj, {"tags": [*obj.tags, tag.strip()]}, "Tag")

    @work(exclusive=True, group="triage-write", exit_on_error=False)
    async def action_owner(self) -> None:
        from tui.screens.owner import owner_change

        obj = self._acting()
        changes = await owner_change(self.app, obj, write_scope(SPEC)) if obj is not None else None
        if changes is not None:
            await self._write(obj, changes, "Set the owner of")

    @work(exclusive=True, group="triage-write", exit_on_error=False)
    async def action_delete(self) -> None:
        from tui.api.errors import ApiError

        marked = self.marked()
        if marked:
            await self._delete_marked(marked)
            return
        obj = self._acting()
        if obj is None:
            return
        approval = await self._confirm(obj, "Delete")
        if approval is None:
            return
        app: Any = self.app
        client = await app.client()
        try:
            with approval:
                await service.remove(client, service.journal_for(app), SPEC, obj)
        except ApiError as error:
            app.show_error(error, "Delete the event definition")
            return
        self.definitions.pop(obj.id, None)
        broadcast(app, SPEC.id, removed=obj.id)
        self.notify(f"Deleted event definition “{one_line(obj.name)}”.", timeout=4, markup=False)
        await self._moved_on()

    async def _delete_marked(self, targets: list[Any]) -> None:
        """One where-used summary for all of them, the count typed, then one DELETE each with a
        progress bar and a report of every failure."""
        from tui.editing import bulk
        from tui.screens.bulk import BulkScreen
        from tui.screens.dialogs.confirm import ConfirmScreen

        app: Any = self.app
        scope = write_scope(SPEC)
        problem = app.guard.refusal(scope)
        if problem is not None:
            self.notify(problem, severity="warning", markup=False)
            return
        count = len(targets)
        usages = [(obj, self.usage.of(obj)) for obj in targets] if self.usage else []
        used = [(obj, usage) for obj, usage in usages if not usage.empty]
        actions = sum(len(u.actions) for _, u in used)
        insights = sum(len(u.insights) for _, u in used)
        schemas = sum(1 for _, u in used if u.schemas)
        summary = (f" {len(used)} of them are used: {actions} action steps, {insights} insights, {schemas} schemas."
                   if used else " None of them is used by an action, a saved insight or a schema.")
        items = [one_line(f"{obj.name}: {usage.summary()}") for obj, usage in used]
        items += [one_line(obj.name) for obj in targets if all(obj is not o for o, _ in used)]
        question = (f"Delete {count} event definitions?{summary} This cannot be undone. "
                    f"Type {count} to delete {count} definitions.")
        if not await app.push_screen_wait(ConfirmScreen(question, items, typed_confirmation=str(count),
                                                        yes_label=f"Delete {count}")):
            return
        approval = await app.guard.ask(f"Delete {count} event definitions", scope)
        if approval is None:
            return
        deleted = await app.push_screen_wait(BulkScreen(SPEC, targets, bulk.DELETE, [], approval)) or []
        for obj in deleted:
            self.definitions.pop(obj.id, None)
            broadcast(app, SPEC.id, removed=obj.id)
        self.table.clear_marks()
        await self.recompute()

    async def _confirm(self, obj: Any, verb: str) -> Any | None:
        """Hide and delete ask first, with where the event is used; No is the default."""
        usage = self.usage.of(obj) if self.usage else None
        used = f" It is used by {usage.summary()}." if usage and not usage.empty else " Nothing uses it."
        note = " This cannot be undone." if verb == "Delete" else ""
        items = [one_line(line) for line in usage.lines()] if usage else []
        app: Any = self.app
        return await app.guard.confirm(f"{verb} event definition “{one_line(obj.name)}”?{used}{note}",
                                       write_scope(SPEC), items=items, yes_label=verb)

    @work(exclusive=True, group="triage-write", exit_on_error=False)
    async def action_snooze(self) -> None:
        obj = self._acting()
        if obj is None or self.snoozed is None:
            return
        self.snoozed.snooze(obj.id, self.now())
        self.notify(f"Snoozed “{one_line(obj.name)}” for {SNOOZE_DAYS} days.", timeout=3, markup=False)
        await self._moved_on()

    @work(exclusive=True, group="triage-write", exit_on_error=False)
    async def action_undo(self) -> None:
        await undo_last(self.app)

    @work(exclusive=True, group="triage-write", exit_on_error=False)
    async def action_merge(self) -> None:
        """Pick the canonical name of the row's near-duplicate cluster, preview every call, send them."""
        from tui.api.errors import ApiError
        from tui.screens.dialogs.change_preview import ChangePreview
        from tui.screens.dialogs.picker import PickerScreen
        from tui.triage.merge import plan_merge

        obj = self._acting()
        cluster = next((c for c in self.result.clusters if any(d.id == obj.id for d in c)), None) \
            if obj is not None and self.result else None
        if cluster is None:
            self.notify("Merge works on a near-duplicate: this name has none.", severity="warning", markup=False)
            return
        app: Any = self.app
        volume = self.result.volume if self.result else (lambda name: None)
        ordered = sorted(cluster, key=lambda d: -(volume(d.name) or 0))
        canonical = await app.push_screen_wait(PickerScreen(
            "Merge into which name?", [(one_line(f"{d.name}  ({volume(d.name) or 0:,} events)"), d) for d in ordered]))
        if canonical is None:
            return
        plan = plan_merge(cluster, canonical, self.actions)
        title = f"Merge {len(cluster)} names into “{one_line(canonical.name)}”? Nothing is deleted."
        if not await app.push_screen_wait(ChangePreview(plan.calls(), title=title)):
            return
        approval = await app.guard.ask(f"Merge into “{canonical.name}”", write_scope(SPEC))
        if approval is None:
            return
        client = await app.client()
        journal = service.journal_for(app)
        actions = BY_ID["actions"]
        try:
            with approval:
                if plan.action is None:
                    self.actions.append(await service.create(client, journal, actions,
                                                             {"name": canonical.name, "steps": plan.steps}))
                elif plan.sends_action:
                    await service.update(client, journal, actions, as_dict(plan.action), {"steps": plan.steps},
                                         form_fields(actions), actions.label(plan.action))
                targets = [(canonical, plan.changes)] if plan.changes else []
                targets += [(d, {"hidden": True, "verified": False}) for d in plan.hide]
                for definition, changes in targets:
                    saved = await service.update(client, journal, SPEC, as_dict(definition), changes,
                                                 form_fields(SPEC), SPEC.label(definition))
                    self.definitions[saved.id] = saved
                    broadcast(app, SPEC.id, saved=saved)
        except ApiError as error:
            app.show_error(error, "Merge")
        await self._moved_on()

    @work(exclusive=True, group="triage-write", exit_on_error=False)
    async def action_edit_document(self) -> None:
        """The marked definitions (or the whole queue) as one YAML document in `$EDITOR`; on save, the
        changes against the server's current copies (conflicts shown), then one PATCH each, one undo."""
        from tui.screens.dialogs.change_preview import ChangePreview
        from tui.screens.dialogs.confirm import ConfirmScreen
        from tui.screens.editor import run_editor
        from tui.triage.document import DocumentError, changes, dump

        app: Any = self.app
        targets = self.marked() or [self.definitions[key] for key in self.table.visible_keys()]
        problem = app.guard.refusal(write_scope(SPEC))
        if problem is not None:
            self.notify(problem, severity="warning", markup=False)
            return
        if not targets:
            return
        text = dump(targets)
        while True:
            text = await run_editor(app, text)
            try:
                found = changes(text, targets)
                break
            except DocumentError as error:
                if not await app.push_screen_wait(ConfirmScreen(f"{error}\nEdit the document again?",
                                                                yes_label="Edit again")):
                    return
                text = "".join(f"# {line}\n" for line in str(error).splitlines()) + text
        if not found:
            self.notify("No changes in the document.", timeout=3, markup=False)
            return
        client = await app.client()
        loaded = {d.id: d for d in targets if d.id in found}
        live = dict(zip(loaded, await asyncio.gather(*(service.current(client, SPEC, d) for d in loaded.values()))))
        rows, conflicts = [], []
        for key, edit in found.items():
            name, now = loaded[key].name, live.get(key)
            for field, value in edit.items():
                rows.append((f"{name}: {field}", _shown(getattr(loaded[key], field)), _shown(value)))
            for field in ("description", "tags", "verified", "hidden"):
                if now is None:
                    conflicts.append((name, "loaded", "deleted on the server"))
                    break
                if _shown(getattr(now, field)) != _shown(getattr(loaded[key], field)):
                    conflicts.append((f"{name}: {field}", _shown(getattr(loaded[key], field)),
                                      _shown(getattr(now, field))))
        title = f"Save the changes to {len(found)} event definitions?"
        if not await app.push_screen_wait(ChangePreview(rows, title=title, conflict_rows=conflicts)):
            return
        approval = await app.guard.ask(f"Save {len(found)} event definitions", write_scope(SPEC))
        if approval is None:
            return
        await self._save_document(client, {key: (live[key], edit) for key, edit in found.items()
                                           if live.get(key) is not None}, approval)

    async def _save_document(self, client: Any, edits: dict[str, tuple[Any, dict[str, Any]]], approval: Any) -> None:
        from tui.api.errors import ApiError

        fields = form_fields(SPEC)
        steps, failed = [], []
        with approval:
            for done, (obj, edit) in enumerate(edits.values(), 1):
                self.say(f"saving {done:,} of {len(edits):,}…")
                try:
                    saved = await service.group(client, SPEC.id).update(obj.id, edit)
                except ApiError as error:
                    failed.append(f"{obj.name}: {error}")
                    continue
                steps.append(service.Step("update", SPEC.id, obj.id, SPEC.label(obj),
                                          service.before_image(as_dict(obj), edit, fields)))
                self.definitions[saved.id] = saved
                broadcast(self.app, SPEC.id, saved=saved)
        if steps:
            service.journal_for(self.app).record(service.Write(
                f"Edited {len(steps)} event definitions as one document", undo=tuple(steps),
                rows=tuple((step.label, "edited", "as before") for step in steps)))
        self.say(f"saved {len(steps):,} · {len(failed):,} failed")
        if failed:
            self.notify(safe("Not saved:\n" + "\n".join(failed), multiline=True), severity="error", timeout=10,
                        markup=False)
        await self._moved_on()

    def action_drift(self) -> None:
        """Recent events of the row's name against its schema's properties: the drift view."""
        from tui.screens.triage_drift import open_drift

        obj = self.current()
        if obj is not None:
            open_drift(self.app, obj, self.schemas, self.groups)

    @work(exclusive=True, group="triage-recompute", exit_on_error=False)
    async def _recompute_later(self) -> None:
        await self.recompute()

    def show_saved(self, obj: Any) -> None:
        """An undo (or another screen) saved a definition: the queues follow."""
        if obj.id in self.definitions and self.definitions[obj.id] is not obj:
            self.definitions[obj.id] = obj
            self._recompute_later()

    def show_removed(self, key: str) -> None:
        if self.definitions.pop(key, None) is not None:
            self._recompute_later()

    def action_related(self) -> None:
        obj = self.current()
        if obj is None or self.usage is None:
            return
        usage = self.usage.of(obj)
        lines = usage.lines() or ["nothing: no action, saved insight or schema names it"]
        self.notify(safe(f"{obj.name} is used by {usage.summary()}:\n" + "\n".join(lines), multiline=True),
                    title="Where used", timeout=10, markup=False)

    def action_back(self) -> None:
        self.dismiss()
