"""Bulk edits on marked rows: pick the change, confirm the list, watch it go, read the report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, ProgressBar, Static

from tui.api.tags import normalize_tags
from tui.editing import bulk, service
from tui.keys import registry
from tui.resources.base import ResourceSpec
from tui.screens.guard import Approval, write_scope
from tui.text import safe

BULK_RESOURCES = frozenset(bulk.OPS)


class BulkScreen(ModalScreen[list]):
    """Runs one bulk change with a progress bar; stays open with the report until dismissed."""

    KEY_SCOPES = ("bulk",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, spec: ResourceSpec, targets: Sequence[Any], op: bulk.BulkOp, tags: Sequence[str],
                 approval: Approval) -> None:
        super().__init__()
        self.spec, self.targets, self.op, self.tags = spec, list(targets), op, list(tags)
        self.approval = approval
        self.report: bulk.BulkReport | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="bulk"):
            what = f"{self.op.label}" + (f" “{', '.join(self.tags)}”" if self.tags else "")
            yield Static(Content(safe(f"{what} on {len(self.targets)} {self.spec.title.lower()}")), id="bulk-title")
            yield ProgressBar(total=len(self.targets), id="bulk-progress")
            yield Static("working…", id="bulk-status")
            with VerticalScroll(id="bulk-failures"):
                yield Static("", id="bulk-report")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#bulk-failures").display = False
        self.run()

    @work(exclusive=True, group="bulk", exit_on_error=False)
    async def run(self) -> None:
        client = await self.app.client()
        bar = self.query_one(ProgressBar)
        journal = service.journal_for(self.app)
        with self.approval:
            if self.op is bulk.DELETE:
                self.report = await bulk.delete(client, journal, self.spec, self.targets,
                                                lambda done: bar.update(progress=done))
            else:
                self.report = await bulk.apply(client, journal, self.spec, self.targets, self.op, self.tags,
                                               lambda done: bar.update(progress=done))
        report = self.report
        verb = "deleted" if self.op is bulk.DELETE else "updated"
        status = f"{len(report.updated)} {verb} · {len(report.failed)} failed · esc closes"
        if report.unsupported:
            status = f"Not sent: {report.unsupported} · {status}"
        self.query_one("#bulk-status", Static).update(Content(status))
        if report.failed:
            lines = Text("Failed:\n", style="bold")
            for label, reason in report.failed:
                lines.append(safe(f"• {label}: {reason}") + "\n")
            self.query_one("#bulk-report", Static).update(lines)
            self.query_one("#bulk-failures").display = True

    def action_close(self) -> None:
        if self.report is None:
            self.notify("Still working: the report follows when every item has been sent.", timeout=3)
            return
        self.dismiss(self.report.updated)


async def bulk_edit(screen: Any, spec: ResourceSpec, targets: Sequence[Any]) -> list:
    """Ask what to change on `targets`, confirm, run; the objects as updated."""
    from tui.screens.dialogs.picker import PickerScreen
    from tui.screens.dialogs.prompt import PromptScreen

    app = screen.app
    title = f"Bulk edit {len(targets)} {spec.title.lower()}"
    op = await app.push_screen_wait(PickerScreen(title, [(o.label, o) for o in bulk.OPS[spec.id]]))
    if op is None:
        return []
    tags: list[str] = []
    if op.tags:
        typed = await app.push_screen_wait(PromptScreen(f"{op.label}: which tags?", placeholder="comma separated"))
        tags = normalize_tags((typed or "").split(","))
        if not tags and op.tags != "set":
            return []
    what = f"{op.label}" + (f" “{', '.join(tags)}”" if tags else "")
    approval = await app.guard.confirm(f"{what} on these {spec.title.lower()}?", write_scope(spec),
                                       items=[spec.label(o) for o in targets], yes_label="Apply")
    if approval is None:
        return []
    return await app.push_screen_wait(BulkScreen(spec, targets, op, tags, approval)) or []
