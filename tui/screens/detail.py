"""One object, as sections of fields; related objects one key away."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.keys import registry as actions
from tui.resources.base import ResourceSpec
from tui.screens.worker_errors import ReportWorkerErrors
from tui.screens.writes import WriteActions
from tui.widgets.table.resource_table import Column, ResourceTable, Row
from tui.widgets.topbar import TopBar

SECTION = "§"


class DetailScreen(ReportWorkerErrors, WriteActions, Screen):
    ACTION_SCOPES = ("detail",)
    BINDINGS = actions.bindings("detail")

    def __init__(self, spec: ResourceSpec, obj: Any) -> None:
        super().__init__()
        self.spec = spec
        self.obj = obj
        self.values: dict[str, str] = {}
        self.extra: list = []

    def compose(self) -> ComposeResult:
        yield TopBar(self.spec.singular)
        yield ResourceTable([Column("field", "Field", width=22), Column("value", "Value", ratio=1)], id="table")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.obj)
        self.query_one(ResourceTable).focus()
        if self.spec.more_detail is not None:
            self.fetch_more()

    @work(exclusive=True, group="more", exit_on_error=False)
    async def fetch_more(self) -> None:
        from tui.api.errors import ApiError

        client = await self.app.client()
        if client is None:
            return
        try:
            self.extra = await self.spec.more_detail(client, self.obj)
        except ApiError as exc:
            self.extra = [("More", [("unavailable", str(exc))])]
        self.show(self.obj)

    def show(self, obj: Any) -> None:
        self.obj = obj
        rows: list[Row] = []
        self.values.clear()
        for index, (title, fields) in enumerate([*self.spec.detail(obj), *self.extra]):
            rows.append(Row(f"{SECTION}{index}", (f"── {title}", "")))
            for position, (name, value) in enumerate(fields):
                key = f"{index}.{position}.{name}"
                self.values[key] = value
                rows.append(Row(key, (name, value)))
        table = self.query_one(ResourceTable)
        table.set_rows(rows)
        self.query_one(TopBar).refresh_text(f"{self.spec.singular}: {self.spec.label(obj)}")
        hint = "enter on a property: its recent values · " if self.spec.id == "events" else ""
        self.query_one("#status", Static).update(Content(f"{hint}R related · y copy · esc back"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.app.write_unavailable(action, self.ACTION_SCOPES):
            return None
        if action == "related":
            return bool(self.spec.relations)
        if action in ("edit", "edit_external"):
            return self.spec.form is not None
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_copy_id(self) -> None:
        key = self.query_one(ResourceTable).selected_key
        text = self.values.get(key) if key else None
        text = text or self.spec.label(self.obj)
        self.app.copy_to_clipboard(text)
        self.notify(Content(f"Copied “{text}”"), timeout=2)

    def action_related(self) -> None:
        from tui.screens.resource import open_related

        open_related(self.app, self.spec, self.obj)

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def action_refresh(self) -> None:
        from tui.api.errors import ApiError

        client = await self.app.client()
        if client is None or not self.spec.group or self.spec.id == "events":
            return
        try:
            self.show(await getattr(client, self.spec.group).get(self.spec.key(self.obj)))
        except ApiError as exc:
            self.app.show_error(exc, "Refreshing")

    @on(ResourceTable.RowActivated)
    def _activated(self, event: ResourceTable.RowActivated) -> None:
        if self.spec.id == "events" and event.key.startswith("1."):
            self.property_values(event.key.split(".", 2)[2])

    @work(group="values", exit_on_error=False)
    async def property_values(self, key: str) -> None:
        from tui.api.errors import ApiError
        from tui.screens.dialogs.picker import PickerScreen

        client = await self.app.client()
        if client is None:
            return
        try:
            values = await client.events.values(key, event_name=self.obj.event)
        except ApiError as exc:
            self.app.show_error(exc, f"Looking up values of {key}")
            return
        options = [(str(v), str(v)) for v in values] or [("(no values in the last 7 days)", None)]
        picked = await self.app.push_screen_wait(PickerScreen(f"Recent values of {key} on {self.obj.event}", options))
        if picked:
            self.app.copy_to_clipboard(picked)
            self.notify(Content(f"Copied “{picked}”"), timeout=2)
