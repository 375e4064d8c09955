"""One object, as sections of fields; related objects one key away."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from tui.keys import registry
from tui.resources.base import ResourceSpec
from tui.screens.messages import OpenRelated
from tui.screens.worker_errors import ReportWorkerErrors
from tui.screens.writes import WriteActions
from tui.widgets.field_list import FieldList
from tui.widgets.topbar import TopBar


class DetailScreen(ReportWorkerErrors, WriteActions, Screen):
    KEY_SCOPES = ("detail",)
    BINDINGS = registry.bindings(*KEY_SCOPES)
    BROWSING = True

    def __init__(self, spec: ResourceSpec, obj: Any) -> None:
        super().__init__()
        self.spec = spec
        self.obj = obj
        self.extra: list = []

    @property
    def heading(self) -> str:
        return f"{self.spec.singular}: {self.spec.label(self.obj)}"

    def compose(self) -> ComposeResult:
        yield TopBar(self.heading)
        yield FieldList(id="fields")
        yield Static(id="status")
        yield Footer()

    @property
    def fields(self) -> FieldList:
        return self.query_one(FieldList)

    def on_mount(self) -> None:
        self.show(self.obj)
        self.fields.focus()
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
        self.fields.show([*self.spec.detail(obj), *self.extra])
        self.query_one(TopBar).refresh_text(self.heading)
        hint = "enter on a property: its recent values · " if self.spec.id == "events" else ""
        self.query_one("#status", Static).update(Content(f"{hint}R related · y copy · esc back · ? help"))

    # What the write keys act on, and how a write shows here -------------------------------
    def write_subject(self) -> Any | None:
        return self.obj

    def show_saved(self, obj: Any) -> None:
        if self.spec.key(self.obj) == self.spec.key(obj):
            self.show(obj)

    def show_removed(self, key: str) -> None:
        if self.spec.key(self.obj) == key and self.app.screen is self:
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "related":
            return bool(self.spec.relations)
        if action in ("edit", "edit_external", "undo"):
            return self.spec.form is not None and self.write_check(action)
        if action == "delete":
            return self.spec.removal is not None and self.write_check(action)
        if action == "refresh":
            return self.spec.refreshable
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_copy_id(self) -> None:
        key = self.fields.highlighted_key
        text = (self.fields.values.get(key) if key else None) or self.spec.label(self.obj)
        self.app.copy_to_clipboard(text)
        self.notify(Content(f"Copied “{text}”"), timeout=2)

    def action_related(self) -> None:
        self.post_message(OpenRelated(self.spec.id, self.obj))

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def action_refresh(self) -> None:
        from tui.api.errors import ApiError

        client = await self.app.client()
        if client is None:
            return
        try:
            self.show(await getattr(client, self.spec.group).get(self.spec.key(self.obj)))
        except ApiError as exc:
            self.app.show_error(exc, "Refreshing")

    @on(OptionList.OptionSelected, "#fields")
    def _activated(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        if self.spec.id == "events" and key.startswith("1."):
            self.property_values(key.split(".", 2)[2])

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
