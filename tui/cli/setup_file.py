"""`pull` and `schema`: a project's setup written to YAML, and the JSON Schema of that file."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any


def register(commands: argparse._SubParsersAction) -> None:
    pull = commands.add_parser(
        "pull", help="write a project's setup (definitions, schemas, actions, dashboards) as YAML",
        description="Write a project's setup as one YAML document, keyed by names so it applies to any "
                    "project. Without a side, the default profile's project.")
    add_side_options(pull)
    out = pull.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", type=Path, help="the file to write (default: standard output)")
    out.add_argument("--split", type=Path, metavar="DIR", help="one file per kind in DIR instead")
    pull.set_defaults(run=run_pull)
    schema = commands.add_parser("schema", help="print the JSON Schema of a setup file (for editors)")
    schema.add_argument("-o", "--output", type=Path, help="the file to write (default: standard output)")
    schema.set_defaults(run=run_schema)


def add_side_options(parser: argparse.ArgumentParser) -> None:
    # Their own destinations: the top-level --profile/--host/--project would be overwritten otherwise.
    parser.add_argument("--profile", dest="side_profile", help="a profile (NAME, or NAME:PROJECT for another project)")
    parser.add_argument("--host", dest="side_host", help="a PostHog address (key from POSTHOG_PERSONAL_API_KEY)")
    parser.add_argument("--project", dest="side_project", type=int, help="the project id, with --host")
    parser.add_argument("--demo", dest="side_demo", action="store_true", help="the embedded demo project")


def side_text(args: argparse.Namespace) -> str | None:
    """The side the options name (`pull --profile P`, `--host H --project N`, `--demo`), or the default
    profile's; None with the reason printed."""
    from tui.settings.config import ConfigError, load_config

    host = args.side_host or getattr(args, "host", None)
    project = args.side_project or getattr(args, "project", None)
    if args.side_demo or getattr(args, "demo", False):
        return f"demo:{project}" if project else "demo"
    if host:
        if not project:
            print("posthog-tui: give --project with --host.", file=sys.stderr)
            return None
        return f"{host.rstrip('/')}/project/{project}"
    profile = args.side_profile or getattr(args, "profile", None)
    if profile is None:
        try:
            profile = load_config().choose_profile()
        except ConfigError as exc:
            print(exc, file=sys.stderr)
            return None
    if profile is None:
        print("posthog-tui: no profile to pull from: give --profile, --host and --project, or --demo.",
              file=sys.stderr)
        return None
    return f"{profile}:{project}" if project and ":" not in profile else profile


def header(project: Any) -> list[str]:
    from tui import __version__

    when = project.pulled_at.strftime("%Y-%m-%d %H:%M UTC") if project.pulled_at else "now"
    return [f"PostHog project setup: {project.describe()}",
            f"pulled {when} by posthog-tui {__version__}; `posthog-tui plan FILE --to PROFILE` shows what "
            "applying it would change"]


def run_pull(args: argparse.Namespace) -> int:
    text = side_text(args)
    if text is None:
        return 1
    return asyncio.run(_pull(text, args.output, args.split))


async def _pull(text: str, output: Path | None, split: Path | None) -> int:
    from tui.api.errors import ApiError
    from tui.setup.document import dump, dump_split
    from tui.setup.pull import pull
    from tui.setup.sides import SideError, Sides, parse_side

    sides = Sides()
    try:
        opened = await sides.open(parse_side(text))
        project = await pull(opened.client)
    except (SideError, ApiError) as exc:
        print(f"posthog-tui: {exc}", file=sys.stderr)
        return 1
    finally:
        await sides.close()
    for warning in project.setup.warnings:
        print(f"note: {warning}", file=sys.stderr)
    lines = header(project)
    try:
        if split is not None:
            split.mkdir(parents=True, exist_ok=True)
            for name, content in dump_split(project.setup, lines).items():
                (split / name).write_text(content, encoding="utf-8")
            print(f"Wrote {project.setup.count():,} entries to {split}/.", file=sys.stderr)
        elif output is not None:
            output.write_text(dump(project.setup, lines), encoding="utf-8")
            print(f"Wrote {project.setup.count():,} entries to {output}.", file=sys.stderr)
        else:
            sys.stdout.write(dump(project.setup, lines))
    except OSError as exc:
        print(f"posthog-tui: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from tui.setup.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"posthog-tui: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 1
    return 0
