"""`triage`: the data-quality queues of a project's event definitions, for a terminal or CI.

Exits 0 when every queue named by `--fail-on` is empty, 2 when one is not, 1 on any error (a
wrong command line, an unreachable project, or a `--fail-on` queue that needs the Query API the
server does not answer).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

CLEAN, ERROR, FINDINGS = 0, 1, 2


def register(commands: argparse._SubParsersAction) -> None:
    from tui.cli.setup_file import add_side_options
    from tui.triage.queues import BUSIEST, KIND_IDS, STALE_DAYS

    parser = commands.add_parser(
        "triage", help="list the event definitions that need work (undescribed, stale, near-duplicates...)",
        description="Exit status: 0 every --fail-on queue is empty, 2 one is not, 1 an error. "
                    f"Queues: {', '.join(KIND_IDS)}.")
    add_side_options(parser)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--fail-on", default="", metavar="QUEUES",
                        help="comma-separated queues that must be empty (e.g. undescribed,stale,naming)")
    parser.add_argument("--stale-days", type=int, metavar="N",
                        help=f"no event for N days is stale (default: the profile's stale_days, else {STALE_DAYS})")
    parser.add_argument("--naming", metavar="REGEX",
                        help="the rule names must match (default: the profile's naming, else snake_case)")
    parser.add_argument("--busiest", type=int, default=BUSIEST, metavar="N",
                        help=f"how many of the busiest events the busy queues look at (default {BUSIEST})")
    parser.add_argument("--members", type=int, default=20, metavar="N",
                        help="names listed per queue in the table (0: all; JSON lists all)")
    parser.set_defaults(run=run)
    parser.error = lambda message: _usage_error(parser, message)


def _usage_error(parser: argparse.ArgumentParser, message: str) -> None:
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    raise SystemExit(ERROR)


def _fail(message: object) -> int:
    print(f"posthog-tui: {message}", file=sys.stderr)
    return ERROR


def run(args: argparse.Namespace) -> int:
    import re

    from tui.cli.setup_file import side_text
    from tui.setup.sides import SideError, parse_side
    from tui.triage.load import profile_config
    from tui.triage.queues import KIND_IDS, NAMING_PATTERN

    fail_on = [name.strip() for name in args.fail_on.split(",") if name.strip()]
    unknown = [name for name in fail_on if name not in KIND_IDS]
    if unknown:
        return _fail(f"no queue named {', '.join(unknown)} (queues: {', '.join(KIND_IDS)}).")
    if (args.stale_days is not None and args.stale_days < 1) or args.busiest < 1:
        return _fail("--stale-days and --busiest take a positive number.")
    try:
        re.compile(args.naming or NAMING_PATTERN)
    except re.error as exc:
        return _fail(f"--naming is not a regular expression: {exc}.")
    text = side_text(args)
    if text is None:
        return ERROR
    try:
        profile = parse_side(text).profile
    except SideError as exc:
        return _fail(exc)
    config = profile_config(profile, stale_days=args.stale_days, naming=args.naming, busiest=args.busiest)
    return asyncio.run(_triage(text, config, args.format, fail_on, args.members))


async def _triage(text: str, config: object, form: str, fail_on: list[str], members: int) -> int:
    from tui.api.errors import ApiError
    from tui.setup.sides import SideError, Sides, parse_side
    from tui.triage import report
    from tui.triage.load import load
    from tui.triage.queues import TriageConfig, triage

    assert isinstance(config, TriageConfig)
    sides = Sides()
    try:
        opened = await sides.open(parse_side(text))
        inputs = await load(opened.client)
    except (SideError, ApiError) as exc:
        return _fail(exc)
    finally:
        await sides.close()
    result = triage(inputs.definitions, inputs.schemas, inputs.volumes, config, inputs.now())
    if form == "json":
        json.dump(report.as_json(result, inputs.volumes_problem), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report.text(result, members, inputs.volumes_problem))
    blind = [name for name in fail_on if result.queues[name].unavailable is not None]
    if blind:
        return _fail(f"cannot check {', '.join(blind)}: the 30-day volumes are unavailable "
                     f"({inputs.volumes_problem}).")
    failing = [name for name in fail_on if result.queues[name].members]
    if failing:
        counts = ", ".join(f"{name} {len(result.queues[name].members):,}" for name in failing)
        print(f"posthog-tui: queues not empty: {counts}.", file=sys.stderr)
        return FINDINGS
    return CLEAN
