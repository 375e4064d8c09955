"""Applying a `:diff`: asking first (the write gate of the target), then the job with its progress
bar and ETA, then the per-item report."""

from __future__ import annotations

import contextlib
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, ProgressBar, Static

from tui.keys import registry
from tui.setup import render
from tui.setup.apply import DONE, EARLIER, Job, Report, Status
from tui.setup.ops import build_ops
from tui.setup.plan import Plan
from tui.text import one_line, safe


async def permission(app: Any, target: Any, plan: Plan) -> Any | None:
    """What lets the writes through (`with it:`), or None: this project asks the app's gate; another
    side asks here, and a protected one only after its project's name was typed."""
    from tui.screens.dialogs.confirm import ConfirmScreen

    requests = len(build_ops(plan))
    question = f"Apply {len(plan.changes):,} changes ({requests:,} requests) to {plan.target.describe()}?"
    items = [f"{c.op} {c.noun} {c.key}" for c in plan.changes]
    if target.gate is None:
        return await app.guard.confirm(question, items=items, yes_label="Apply")
    refusal = target.gate.refusal()
    if refusal is not None:
        app.notify(Content(refusal), severity="warning")
        return None
    name = (plan.target.name or str(plan.target.project_id)) if target.gate.side.protected else None
    screen = ConfirmScreen(f"PROTECTED PROJECT · {question}" if name else question, items,
                           typed_confirmation=name, yes_label="Apply")
    if name:
        screen.add_class("-protected")
    if not await app.push_screen_wait(screen):
        return None
    target.gate.confirm()
    return contextlib.nullcontext()


class SetupApplyScreen(ModalScreen[Report | None]):
    """The job of `posthog-tui apply`, with a progress bar; stays open with the report until closed."""

    KEY_SCOPES = ("setup_apply",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def __init__(self, plan: Plan, client: Any, approval: Any) -> None:
        super().__init__()
        self.plan, self.client, self.approval = plan, client, approval
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="setup-apply"):
            yield Static(Content(safe(f"Applying to {self.plan.target.describe()}")), id="setup-apply-title")
            yield ProgressBar(total=len(build_ops(self.plan)), id="setup-apply-progress", show_eta=False)
            yield Static("starting…", id="setup-apply-status")
            with VerticalScroll(id="setup-apply-report"):
                yield Static("", id="setup-apply-items")
        yield Footer()

    def on_mount(self) -> None:
        self.run()

    def _progress(self, status: Status) -> None:
        self.query_one(ProgressBar).update(progress=status.done)
        eta = f" · {render.duration(status.eta)} left" if status.eta else ""
        self.query_one("#setup-apply-status", Static).update(
            Content(safe(f"{status.done:,}/{status.total:,} requests{eta} · {one_line(status.label)}")))

    @work(exclusive=True, group="setup-apply", exit_on_error=False)
    async def run(self) -> None:
        from tui.setup.journal import Journal

        target = self.plan.target
        journal = Journal.open(target.host, target.project_id, self.plan.desired.digest(),
                               f"prune={self.plan.prune}:{','.join(sorted(c.id for c in self.plan.changes))}",
                               describe=target.describe())
        with self.approval:
            self.report = await Job(self.plan, self.client, journal=journal, progress=self._progress)()
        self._show(self.report)

    def _show(self, report: Report) -> None:
        lines = Text()
        tally: dict[str, int] = {}
        for change in self.plan.changes:
            status, why = report.change_status(change.id)
            verb = {"create": "created", "update": "updated", "delete": "deleted", "archive": "archived"}[change.op] \
                if status in (DONE, EARLIER) else status
            tally[verb] = tally.get(verb, 0) + 1
            style = "" if status in (DONE, EARLIER) else "bold red"
            lines.append(f"{verb:>10} {change.noun} {one_line(change.key)}", style=style)
            lines.append(f": {one_line(why)}\n" if why and style else "\n", style=style)
        summary = ", ".join(f"{n:,} {verb}" for verb, n in tally.items())
        stopped = f" · stopped: {report.interrupted} (apply again to resume)" if report.interrupted else ""
        self.query_one("#setup-apply-status", Static).update(
            Content(safe(f"{summary} · {report.sent:,} requests in {render.duration(report.elapsed)}{stopped}"
                         " · esc closes")))
        self.query_one("#setup-apply-items", Static).update(lines)

    def action_close(self) -> None:
        if self.report is None:
            self.notify("Still applying: the report follows when every step has been sent.", timeout=3)
            return
        self.dismiss(self.report)
