"""Running a plan as a job: phase by phase, a few requests at a time, with progress and a report.

The pace is the client's limiter's (a `SteadyPace` keeps PostHog's throttle windows); the ETA
comes from it and from how fast requests have gone so far. A refusal (a 4xx: nothing happened)
fails that step and the steps that need it, and the job goes on. Anything that leaves a write's
outcome unknown (a timeout, a 5xx, an answer cut off), or that says the server cannot take more
now (429 after waiting, no connection), stops the job: the journal keeps where it stopped, and
running the same apply again resumes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tui.setup.journal import Journal
from tui.setup.ops import Op, Run, build_ops
from tui.setup.plan import Plan

DONE, FAILED, SKIPPED, EARLIER, NOT_RUN = "done", "failed", "skipped", "done earlier", "not sent"
CONCURRENCY = 4

Progress = Callable[["Status"], None]


@dataclass(frozen=True)
class Status:
    """Where a running job is: for a progress bar and its ETA."""

    done: int
    total: int
    eta: float | None
    label: str
    earlier: int = 0


@dataclass(frozen=True)
class Outcome:
    op: Op
    status: str
    detail: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    # Why the job stopped before the end, or None when it ran every step.
    interrupted: str | None = None
    elapsed: float = 0.0
    journal: str | None = None
    # Items of bulk calls the server skipped: change id -> reason.
    item_failures: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.interrupted is None and not self.item_failures and all(
            o.status in (DONE, EARLIER) for o in self.outcomes)

    @property
    def sent(self) -> int:
        return sum(1 for o in self.outcomes if o.status in (DONE, FAILED))

    def by_change(self) -> dict[str, list[Outcome]]:
        """Each change's steps, in plan order."""
        found: dict[str, list[Outcome]] = {}
        for outcome in self.outcomes:
            for change in outcome.op.changes:
                found.setdefault(change, []).append(outcome)
        return found

    def change_status(self, change_id: str) -> tuple[str, str]:
        """One line's worth for a change: its status and why (the first problem among its steps)."""
        if change_id in self.item_failures:
            return FAILED, self.item_failures[change_id]
        outcomes = self.by_change().get(change_id, [])
        for status in (FAILED, SKIPPED, NOT_RUN):
            bad = next((o for o in outcomes if o.status == status), None)
            if bad is not None:
                return status, bad.detail or bad.op.label
        if outcomes and all(o.status == EARLIER for o in outcomes):
            return EARLIER, ""
        return DONE, ""


def definite(error: BaseException) -> bool:
    """Whether a failed write surely changed nothing, so the job may go on without it."""
    from tui.api.errors import ApiError, RateLimitedError, WriteRefused

    if isinstance(error, LookupError):
        return True  # an id the step needed was never made: nothing was sent
    if not isinstance(error, ApiError) or isinstance(error, (RateLimitedError, WriteRefused)):
        return False
    return error.status is not None and 400 <= error.status < 500


class Job:
    """One apply of one plan to the client's project."""

    def __init__(self, plan: Plan, client: Any, *, journal: Journal | None = None,
                 progress: Progress | None = None, concurrency: int = CONCURRENCY) -> None:
        self.plan = plan
        self.client = client
        self.journal = journal
        self.progress = progress
        self.concurrency = concurrency
        self.ops = build_ops(plan)
        self.run = Run(client, plan.target, ids=dict(plan.target.ids))
        self.report = Report(journal=str(journal.path) if journal else None)
        self._results: dict[str, str] = {}
        self._stop: str | None = None
        self._done = 0
        self._started = 0.0
        self._spent: list[float] = []

    @property
    def total(self) -> int:
        return len(self.ops)

    async def __call__(self) -> Report:
        self._started = time.monotonic()
        phases = sorted({op.phase for op in self.ops})
        for phase in phases:
            batch = [op for op in self.ops if op.phase == phase]
            if self._stop is None:
                await self._phase(batch)
            else:
                for op in batch:
                    self._finish(op, NOT_RUN, "the apply stopped before this step")
        self.report.interrupted = self._stop
        self.report.elapsed = time.monotonic() - self._started
        self.report.item_failures = dict(self.run.item_failures)
        order = {op.id: n for n, op in enumerate(self.ops)}
        self.report.outcomes.sort(key=lambda o: order[o.op.id])
        if self.journal is not None and self._stop is None:
            self.journal.finish()
        return self.report

    async def _phase(self, batch: list[Op]) -> None:
        slots = asyncio.Semaphore(self.concurrency)

        async def one(op: Op) -> None:
            async with slots:
                if self._stop is not None:
                    self._finish(op, NOT_RUN, "the apply stopped before this step")
                    return
                await self._one(op)

        await asyncio.gather(*(one(op) for op in batch))

    async def _one(self, op: Op) -> None:
        failed = [need for need in op.needs if self._results.get(need) not in (DONE, EARLIER)]
        if failed:
            self._finish(op, SKIPPED, f"needs a step that did not happen: {failed[0].split(':', 1)[-1]}")
            return
        journal = self.journal
        if journal is not None and journal.done(op.id):
            if op.keep is not None:
                op.keep(self.run, journal.results.get(op.id))
            self._finish(op, EARLIER)
            return
        if journal is not None:
            journal.sent(op.id)
        began = time.monotonic()
        try:
            result = await op.send(self.run)
        except Exception as error:  # noqa: BLE001 - every failure is the step's outcome
            if not definite(error):
                self._stop = f"{op.label}: {error}"
                if journal is not None:
                    journal.unknown(op.id, str(error))
                self._finish(op, NOT_RUN, f"outcome unknown: {error}")
                return
            if journal is not None:
                journal.failed(op.id, str(error))
            self._finish(op, FAILED, str(error))
            return
        self._spent.append(time.monotonic() - began)
        if op.keep is not None:
            op.keep(self.run, result)
        if journal is not None:
            journal.succeeded(op.id, result)
        self._finish(op, DONE)

    def _finish(self, op: Op, status: str, detail: str = "") -> None:
        self._results[op.id] = status
        self.report.outcomes.append(Outcome(op, status, detail))
        self._done += 1
        if self.progress is not None:
            earlier = sum(1 for o in self.report.outcomes if o.status == EARLIER)
            self.progress(Status(self._done, self.total, self.eta(), op.label, earlier))

    def eta(self) -> float | None:
        """Seconds left: the remaining steps at the pace the limiter allows or the pace seen, the slower."""
        remaining = self.total - self._done
        if remaining <= 0:
            return 0.0
        elapsed = time.monotonic() - self._started
        sent = max(1, sum(1 for o in self.report.outcomes if o.status in (DONE, FAILED)))
        seen = elapsed / sent if self._spent else 0.0
        interval = getattr(getattr(self.client.session, "limiter", None), "interval", None)
        paced = interval() if callable(interval) else 0.0
        per_step = max(seen, paced)
        return remaining * per_step if per_step else None


async def apply(plan: Plan, client: Any, *, journal: Journal | None = None, progress: Progress | None = None,
                concurrency: int = CONCURRENCY) -> Report:
    return await Job(plan, client, journal=journal, progress=progress, concurrency=concurrency)()
