"""`plan` and `apply`: what a setup file (or another project) would change on a project, and doing it.

`plan` exits 0 when nothing would change, 2 when something would (a CI drift check), 1 on any
error, a wrong command line included. `apply` shows the plan, asks (a protected profile: its
project's name, typed; `--yes` is refused there), then runs it with a progress line and reports
every item; an interrupted apply run again resumes from its journal.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

NO_CHANGES, ERROR, CHANGES = 0, 1, 2


def register(commands: argparse._SubParsersAction) -> None:
    plan = commands.add_parser(
        "plan", help="show what a setup file (or another project) would change on a project",
        description="Exit status: 0 nothing would change, 2 something would, 1 an error.")
    _sides(plan)
    plan.add_argument("--format", choices=("text", "json"), default="text")
    plan.set_defaults(run=lambda args: asyncio.run(_plan(args)))
    # A usage error must not read as "changes" (2) to a CI drift check.
    plan.error = lambda message: _usage_error(plan, message)
    apply = commands.add_parser(
        "apply", help="apply a setup file (or another project's setup) to a project",
        description="Shows the plan, asks, then sends it in dependency order at PostHog's rate limit.")
    _sides(apply)
    apply.add_argument("--yes", action="store_true", help="do not ask (refused for protected profiles)")
    apply.set_defaults(run=run_apply)


def _usage_error(parser: argparse.ArgumentParser, message: str) -> None:
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    raise SystemExit(ERROR)


def _sides(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", type=Path, help="a setup file, or a folder from `pull --split`")
    parser.add_argument("--from", dest="source", metavar="SIDE",
                        help="another project instead of a file: PROFILE, PROFILE:PROJECT, an address "
                             "with /project/ID, or demo[:ID]")
    parser.add_argument("--to", dest="target", metavar="SIDE", required=True, help="the project to change")
    parser.add_argument("--prune", action="store_true",
                        help="also remove what the target has and the file does not (for the kinds it lists); "
                             "dashboards and actions are archived")


def _fail(message: Any) -> int:
    print(f"posthog-tui: {message}", file=sys.stderr)
    return ERROR


async def _prepare(args: argparse.Namespace, sides: Any) -> tuple[Any, Any] | int:
    """The plan and the opened target, or an exit status with the reason printed."""
    from tui.api.errors import ApiError
    from tui.setup.document import SetupFileError, load_path
    from tui.setup.plan import make_plan
    from tui.setup.pull import pull
    from tui.setup.sides import SideError, parse_side

    if (args.file is None) == (args.source is None):
        return _fail("give a setup file or --from SIDE (one of them).")
    try:
        if args.file is not None:
            desired = load_path(args.file)
        else:
            source = parse_side(args.source, files=True)
            if source.is_file:
                assert source.path is not None
                desired = load_path(source.path)
            else:
                desired = (await pull((await sides.open(source)).client)).setup
        target = await sides.open(parse_side(args.target))
        project = await pull(target.client)
        plan = make_plan(desired, project, prune=args.prune, source=desired.origin)
    except SetupFileError as exc:
        print("The setup file has problems; nothing was sent:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return ERROR
    except (SideError, ApiError) as exc:
        return _fail(exc)
    return plan, target


async def _plan(args: argparse.Namespace) -> int:
    from tui.setup import render
    from tui.setup.ops import build_ops
    from tui.setup.sides import Sides

    sides = Sides()
    try:
        prepared = await _prepare(args, sides)
    finally:
        await sides.close()
    if isinstance(prepared, int):
        return prepared
    plan, _ = prepared
    requests = len(build_ops(plan))
    if args.format == "json":
        json.dump(render.as_json(plan, requests), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render.text(plan, requests))
    return CHANGES if plan.pending else NO_CHANGES


def run_apply(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_apply(args))
    except KeyboardInterrupt:
        print("\nInterrupted: run the same apply again to resume where it stopped.", file=sys.stderr)
        return 130


def _ask(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip()


def _agreed(args: argparse.Namespace, target: Any, plan: Any, requests: int) -> bool:
    """Whether to go on: the typed name of a protected project, else a yes (or --yes)."""
    side, project = target.side, plan.target
    if side.protected:
        if args.yes:
            print(f"posthog-tui: --yes is refused for the protected profile {side.profile!r}: run apply in a "
                  "terminal and type the project's name.", file=sys.stderr)
            return False
        name = project.name or str(project.project_id)
        typed = _ask(f"PROTECTED PROJECT {name}: type its name to send {requests:,} requests: ")
        if typed != name:
            print("Not applied: the name typed is not the project's.", file=sys.stderr)
            return False
        target.gate.confirm()
        return True
    if args.yes:
        return True
    answer = _ask(f"Apply {len(plan.pending):,} changes ({requests:,} requests) to {project.describe()}? [y/N] ")
    if answer.lower() not in ("y", "yes"):
        print("Not applied.", file=sys.stderr)
        return False
    return True


async def _apply(args: argparse.Namespace) -> int:
    from tui.setup import render
    from tui.setup.apply import Job
    from tui.setup.journal import Journal
    from tui.setup.ops import build_ops
    from tui.setup.sides import Sides

    sides = Sides()
    try:
        prepared = await _prepare(args, sides)
        if isinstance(prepared, int):
            return prepared
        plan, target = prepared
        refusal = target.gate.refusal()
        if refusal:
            return _fail(refusal)
        job_requests = len(build_ops(plan))
        sys.stdout.write(render.text(plan, job_requests))
        if not plan.pending:
            print("Nothing to do: the target already matches.")
            return NO_CHANGES
        sys.stdout.flush()
        if not _agreed(args, target, plan, job_requests):
            return ERROR
        journal = Journal.open(plan.target.host, plan.target.project_id, plan.desired.digest(),
                               f"prune={plan.prune}", describe=plan.target.describe())
        if journal.resumed:
            print(f"Resuming the apply started {journal.started}: {journal.done_before:,} steps were done then "
                  "and are not sent again.", file=sys.stderr)
        bar = ProgressLine(sys.stderr)
        report = await Job(plan, target.client, journal=journal, progress=bar)()
        bar.close()
    finally:
        await sides.close()
    _report(plan, report)
    return NO_CHANGES if report.ok else ERROR


class ProgressLine:
    """A progress bar on one terminal line (rewritten in place), or a line now and then into a log."""

    def __init__(self, out: TextIO, width: int = 28) -> None:
        self.out = out
        self.width = width
        self.tty = out.isatty()
        self._last = 0.0
        self._shown = False

    def __call__(self, status: Any) -> None:
        from tui.setup.render import duration
        from tui.text import one_line

        now = time.monotonic()
        if not self.tty and status.done != status.total and now - self._last < 5:
            return
        self._last = now
        filled = self.width * status.done // max(1, status.total)
        eta = f" · {duration(status.eta)} left" if status.eta else ""
        earlier = f" ({status.earlier:,} done in the earlier run)" if status.earlier else ""
        line = (f"[{'#' * filled}{'.' * (self.width - filled)}] {status.done:,}/{status.total:,} requests{earlier}"
                f"{eta} · {one_line(status.label)[:50]}")
        if self.tty:
            self.out.write("\r\x1b[2K" + line)
        else:
            self.out.write(line + "\n")
        self.out.flush()
        self._shown = True

    def close(self) -> None:
        if self.tty and self._shown:
            self.out.write("\n")
            self.out.flush()


_DONE_VERBS = {"create": "created", "update": "updated", "delete": "deleted", "archive": "archived"}


def _report(plan: Any, report: Any) -> None:
    """One line per object, then the totals; failures also name their reason."""
    from tui.setup.apply import DONE, EARLIER
    from tui.setup.render import duration
    from tui.text import one_line

    tally: dict[str, int] = {}
    for change in plan.pending:
        status, why = report.change_status(change.id)
        verb = _DONE_VERBS[change.op] if status in (DONE, EARLIER) else status
        if status == EARLIER:
            verb += " (in the earlier run)"
        tally[verb] = tally.get(verb, 0) + 1
        line = f"{verb:>10} {change.noun} {one_line(change.key)}"
        print(line + (f": {one_line(why)}" if why and status not in (DONE, EARLIER) else ""))
    summary = ", ".join(f"{n:,} {verb}" for verb, n in tally.items())
    print(f"\n{summary}; {report.sent:,} requests in {duration(report.elapsed)}.")
    if report.interrupted:
        print(f"Stopped: {one_line(report.interrupted)}\nRun the same apply again to resume; the journal is "
              f"{report.journal}.", file=sys.stderr)
