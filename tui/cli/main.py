"""Command line: parse arguments, settle the target, run the app or a subcommand."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def _parser() -> argparse.ArgumentParser:
    from tui import __version__
    from tui.cli import account, cache, demo, serve, setup_apply, setup_file, triage

    parser = argparse.ArgumentParser(
        prog="posthog-tui",
        description="Browse and edit a PostHog project from the keyboard.",
        epilog="Each command has --help. Without a command, the app starts.",
    )
    parser.add_argument("--version", action="version", version=f"posthog-tui {__version__}")
    parser.add_argument("--demo", action="store_true", help="run against the embedded demo backend (no account)")
    parser.add_argument("--host", help="PostHog host: us, eu, or a URL such as https://posthog.example.com")
    parser.add_argument("--project", type=int, help="project id")
    parser.add_argument("--profile", help="profile name from the config file")
    parser.add_argument("--read-only", action="store_true", help="hide and refuse every write")
    parser.add_argument("--no-cache", action="store_true",
                        help="start from the server only: no list cached from the last run is shown or kept")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in (account, cache, demo, serve, setup_apply, setup_file, triage):
        module.register(commands)
    return parser


def _target(args: argparse.Namespace):
    """The target and the user's keymap, or an error message for the terminal."""
    from tui.connection import Target

    if args.demo:
        return Target(demo=True, read_only=args.read_only, cache=not args.no_cache), {}, None
    from tui.keys import registry
    from tui.settings import locations
    from tui.settings.first_read import FirstRead, first_read
    from tui.settings.hosts import validate_host

    # The full validation (pydantic) runs in the app after the first frame, unless only it can
    # say what to do with the file.
    config: Any = first_read()
    if config is None:
        from tui.settings.config import ConfigError, load_config

        try:
            config = load_config()
        except ConfigError as exc:
            return None, {}, str(exc)
    keymap = dict(config.keymap)
    problems = registry.keymap_problems(keymap)
    if problems:
        return None, keymap, (f"[keymap] in {locations.config_file()}: {'; '.join(problems)}"
                              " (`?` in the app shows the ids).")
    profile_name = config.choose_profile(args.profile)
    profile = config.profiles.get(profile_name) if profile_name else None
    if args.profile and profile is None:
        return None, keymap, f"No profile named '{args.profile}' (see `posthog-tui profiles`)."
    host = args.host or (profile.host if profile else None)
    project = args.project or (profile.project if profile else None)
    if host is None or project is None:
        if args.host or args.project:
            return None, keymap, "Give both --host and --project (or a --profile that has them)."
        return None, keymap, None  # first run: the login screen asks
    try:
        host = validate_host(host)
    except ValueError as exc:
        return None, keymap, str(exc)
    read_only = args.read_only or bool(profile and profile.read_only)
    protected = bool(profile and profile.protected)
    target = Target(host=host, project=project, profile=profile_name, read_only=read_only, protected=protected,
                    cache=config.cache and not args.no_cache,
                    check_config=isinstance(config, FirstRead) and config.exists)
    return target, keymap, None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    command = getattr(args, "run", None)
    if command is not None:
        return int(command(args))
    target, keymap, problem = _target(args)
    if target is not None and target.profile and not target.demo:
        from tui.settings import state

        state.remember_profile(target.profile)
    if problem:
        print(f"posthog-tui: {problem}", file=sys.stderr)
        return 2
    api_key = os.environ.get("POSTHOG_PERSONAL_API_KEY") if target and not target.demo else None
    from tui.app import PostHogApp
    from tui.connection import start_early

    start_early(target, api_key)
    app = PostHogApp(target, keymap=keymap, api_key=api_key)
    app.run()
    return app.return_code or 0
