"""Schema drift (`D` in triage): recent events of one name against its schema's property groups.

One row per property: which group declares it (required or optional) and as what type, on how
many of the sampled events it is present and as which types, and what is wrong: required but
missing from more than 1 % of the events, a type that does not match, or a frequent property the
schema lacks. Two keys fix the group: `a` adds a property the schema lacks (optional, with the type
that arrives), `o` marks a required one optional.

A fix is a PATCH of the property group with its whole property list, built from the group as the
server has it at that moment: PostHog deletes and recreates every property of a group on PATCH (new
ids), so nothing here relies on property ids. It goes through the app's one save path (`commit`:
the change previewed, the write gate, the undo journal, the check after a lost answer), and the
rows follow the saved group (or an undo) without sampling the events again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.editing import service
from tui.editing.specs import as_dict, form_fields
from tui.forms.fields import canonical, read_value, same
from tui.keys import registry
from tui.resources import BY_ID
from tui.screens.guard import write_scope
from tui.screens.messages import OpenObject
from tui.screens.worker_errors import ReportWorkerErrors
from tui.screens.writes import broadcast, undo_last
from tui.settings.locations import styles_dir
from tui.text import one_line, safe
from tui.triage.drift import PropertyDrift, drift, made_optional, property_type, with_property
from tui.widgets.table.resource_table import Column, ResourceTable, Row
from tui.widgets.topbar import TopBar

SPEC = BY_ID["property_groups"]
COLUMNS = (
    Column("property", "Property", ratio=2, min_width=14),
    Column("group", "Property group", ratio=1, drop=3),
    Column("schema", "In schema", ratio=0),
    Column("present", "Present", align="right", ratio=0),
    Column("observed", "Observed", ratio=1, min_width=8, drop=1),
    Column("declared", "Declared", ratio=0, drop=2),
    Column("problem", "Problem", ratio=3, min_width=18),
)


def attached_groups(definition: Any, schemas: Sequence[Any]) -> list[str]:
    """The ids of the property groups the definition's event schemas attach, in their order."""
    ids = (s.property_group_id or (s.property_group.id if s.property_group else None)
           for s in schemas if s.event_definition == definition.id)
    return [key for key in dict.fromkeys(ids) if key]


def open_drift(app: Any, definition: Any, schemas: Sequence[Any], groups: Sequence[Any]) -> None:
    """The drift view of `definition` (its groups as the caller read them, read again on open), or a
    note when no event schema attaches a property group to it."""
    from tui.api.models import PropertyGroup

    attached = attached_groups(definition, schemas)
    if not attached:
        app.notify(f"“{one_line(definition.name)}” has no event schema to compare with.", timeout=4, markup=False)
        return
    known = {g.id: g for g in groups}
    nested = {s.property_group.id: s.property_group for s in schemas if s.property_group}
    app.push_screen(DriftScreen(definition, [known.get(key) or nested.get(key) or PropertyGroup(id=key)
                                             for key in attached]))


def _percent(share: float) -> str:
    return f"{share:.0%}"


class DriftScreen(ReportWorkerErrors, Screen[None]):
    KEY_SCOPES = ("triage_drift",)
    BINDINGS = registry.bindings(*KEY_SCOPES)
    CSS_PATH = [styles_dir() / "triage_drift.tcss"]
    BROWSING = True

    def __init__(self, definition: Any, groups: Sequence[Any]) -> None:
        super().__init__()
        # Writes to property groups (a fix, an undo, an edit elsewhere) reach this screen through `broadcast`.
        self.spec = SPEC
        self.definition = definition
        self.groups: dict[str, Any] = {g.id: g for g in groups}
        self.events: list[dict[str, Any]] | None = None  # None: not sampled (yet, or the query failed)
        self.rows: dict[str, PropertyDrift] = {}
        self.busy = False
        self.heading = f"Schema drift · {one_line(definition.name)}"

    def compose(self) -> ComposeResult:
        yield TopBar(self.heading)
        yield Static(id="drift-about")
        yield ResourceTable(COLUMNS, id="drift-table", empty_message="Sampling the recent events…")
        yield Static(id="drift-status")
        yield Footer()

    def on_mount(self) -> None:
        self.table.focus()
        self.sample()

    @property
    def table(self) -> ResourceTable:
        return self.query_one("#drift-table", ResourceTable)

    def say(self, text: str) -> None:
        self.query_one("#drift-status", Static).update(Content(safe(text)))

    # Sampling ---------------------------------------------------------------------------------
    def action_refresh(self) -> None:
        self.sample()

    @work(exclusive=True, group="drift-sample", exit_on_error=False)
    async def sample(self) -> None:
        """The recent events through the Query API, and the groups as the server has them now."""
        from tui.api.errors import ApiError
        from tui.triage.load import recent_properties

        app: Any = self.app
        client = await app.client()
        if client is None:
            return
        self.busy = True
        self.say("sampling the recent events through the Query API…")

        async def sampled() -> Any:
            try:
                return await recent_properties(client, self.definition.name, "triage drift")
            except ApiError as error:
                return error

        async def groups_now() -> Any:
            try:
                return await asyncio.gather(*(client.property_groups.get(key) for key in self.groups))
            except ApiError as error:
                return error

        try:
            answer, groups = await asyncio.gather(sampled(), groups_now())
        finally:
            self.busy = False
        notes = []
        if isinstance(groups, ApiError):
            notes.append(f"the property groups as triage read them (reading them again failed: {groups})")
        else:
            self.groups = {g.id: g for g in groups}
        if isinstance(answer, ApiError):
            self.events = None
            notes.insert(0, f"Schema drift samples events through the Query API: {answer} · r tries again")
        else:
            self.events = answer
        self.show()
        self.say(" · ".join(notes) if notes else "u undoes a fix · enter opens the property group · r samples again")

    def show(self) -> None:
        """The rows for the groups as they are now; the cursor stays on its property."""
        groups = ", ".join(one_line(SPEC.label(g)) for g in self.groups.values())
        if self.events is None:
            rows: list[PropertyDrift] = []
            about = f"property groups: {groups} · no sample"
        else:
            declared = [p for g in self.groups.values() for p in g.properties]
            rows = drift(declared, self.events)
            flagged = sum(1 for row in rows if row.problem)
            seen = (f"{len(self.events):,} recent events (30 days)" if self.events
                    else "no events of this name in 30 days")
            about = f"{seen} · property groups: {groups} · {flagged} flagged"
        self.rows = {row.name: row for row in rows}
        self.table.empty_message = ("No sample: the Query API did not answer" if self.events is None
                                    else "No properties declared or seen")
        self.query_one("#drift-about", Static).update(Content(safe(about)))
        self.table.set_rows(Row(row.name, self._cells(row)) for row in rows)

    def _holders(self, name: str) -> list[Any]:
        return [g for g in self.groups.values() if any(p.name == name for p in g.properties)]

    def _cells(self, row: PropertyDrift) -> tuple[Any, ...]:
        in_schema = "—" if row.declared is None else "required" if row.required else "optional"
        return (one_line(row.name), ", ".join(one_line(SPEC.label(g)) for g in self._holders(row.name)) or "—",
                in_schema, _percent(row.present), ", ".join(row.types) or "—", row.declared or "—",
                row.problem or "")

    def current(self) -> PropertyDrift | None:
        key = self.table.selected_key
        return self.rows.get(key) if key else None

    # Writes elsewhere -------------------------------------------------------------------------
    def show_saved(self, obj: Any) -> None:
        """A property group was saved (a fix, its undo, an edit in another screen): the rows follow."""
        if obj.id in self.groups:
            self.groups[obj.id] = obj
            self.show()

    def show_removed(self, key: str) -> None:
        if self.groups.pop(key, None) is not None:
            self.show()

    # Keys -------------------------------------------------------------------------------------
    @work(exclusive=True, group="drift-write", exit_on_error=False)
    async def action_add_property(self) -> None:
        row = self.current()
        if row is None:
            return
        name = one_line(row.name)
        if row.declared is not None:
            holders = ", ".join(one_line(SPEC.label(g)) for g in self._holders(row.name))
            self.say(f"“{name}” is in the schema already ({holders}): a adds a property the schema lacks.")
            return
        group = await self._pick(list(self.groups.values()), f"Add “{name}” to which property group?")
        if group is None:
            return
        kind = property_type(row.types)
        await self._fix(group, lambda props: with_property(props, row.name, kind),
                        f"Add “{name}” ({kind}, optional) to property group “{one_line(SPEC.label(group))}”",
                        unchanged=f"“{name}” is in that group on the server already.")

    @work(exclusive=True, group="drift-write", exit_on_error=False)
    async def action_make_optional(self) -> None:
        row = self.current()
        if row is None:
            return
        name = one_line(row.name)
        holders = [g for g in self.groups.values() if any(p.name == row.name and p.is_required for p in g.properties)]
        if not holders:
            where = "not in the schema" if row.declared is None else "optional already"
            self.say(f"“{name}” is {where}: o marks a required property optional.")
            return
        group = await self._pick(holders, f"Mark “{name}” optional in which property group?")
        if group is None:
            return
        await self._fix(group, lambda props: made_optional(props, row.name),
                        f"Mark “{name}” optional in property group “{one_line(SPEC.label(group))}”",
                        unchanged=f"“{name}” is optional in that group on the server already.")

    async def _pick(self, groups: list[Any], title: str) -> Any | None:
        if len(groups) <= 1:
            return groups[0] if groups else None
        from tui.screens.dialogs.picker import PickerScreen

        return await self.app.push_screen_wait(PickerScreen(title, [(one_line(SPEC.label(g)), g) for g in groups]))

    async def _fix(self, group: Any, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]], what: str, *,
                   unchanged: str) -> None:
        """The group's whole property list, changed, from the server's copy: previewed, gated, journalled."""
        from tui.api.errors import ApiError
        from tui.screens.edit import commit

        app: Any = self.app
        problem = app.guard.refusal(write_scope(SPEC))
        if problem is not None:
            self.say(problem)
            self.notify(problem, severity="warning", markup=False)
            return
        client = await app.client()
        if client is None:
            return
        try:
            fresh = await service.current(client, SPEC, group)
        except ApiError as error:
            app.show_error(error, f"Reading the property group for “{what}”")
            self.say(f"Not sent: the property group could not be read ({error}).")
            return
        if fresh is None:
            self.say(f"The property group “{one_line(SPEC.label(group))}” no longer exists on the server.")
            self.show_removed(group.id)
            return
        self.show_saved(fresh)  # the rows show what the change starts from
        fields = form_fields(SPEC)
        properties = next(f for f in fields if f.name == "properties")
        before = canonical(properties, read_value(properties, as_dict(fresh)))
        after = change(before)
        if same(properties, before, after):
            self.say(f"Nothing to send: {unchanged}")
            return
        outcome = await commit(app, SPEC, fields, fresh, {"properties": after}, label=SPEC.label(fresh), what=what)
        if outcome.saved is not None:
            broadcast(app, SPEC.id, saved=outcome.saved)  # this screen's rows too
            self.say(f"Done: {what} · u undoes it")
        elif outcome.errors:
            self.say(f"Not saved: {'; '.join(outcome.errors.values())}")
        else:
            self.say(f"Nothing was sent ({what}).")

    @work(exclusive=True, group="drift-write", exit_on_error=False)
    async def action_undo(self) -> None:
        await undo_last(self.app)

    @on(ResourceTable.RowActivated, "#drift-table")
    def _opened(self, event: ResourceTable.RowActivated) -> None:
        group = next(iter(self._holders(event.key)), None) or next(iter(self.groups.values()), None)
        if group is not None and group.name:
            self.post_message(OpenObject(SPEC.id, group))

    def action_back(self) -> None:
        self.dismiss()
