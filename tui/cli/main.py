"""Command line: parse arguments, settle the target, run the app or a subcommand."""

from __future__ import annotations

import argparse
import os
import sys

SUBCOMMANDS = ("demo-server", "login", "logout", "profiles", "locate")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="posthog-tui",
        description="Browse and edit a PostHog project from the keyboard.",
        epilog="Subcommands: demo-server, login, logout, profiles, locate (each has --help).",
    )
    parser.add_argument("--demo", action="store_true", help="run against the embedded demo backend (no account)")
    parser.add_argument("--host", help="PostHog host: us, eu, or a URL such as https://posthog.example.com")
    parser.add_argument("--project", type=int, help="project id")
    parser.add_argument("--profile", help="profile name from the config file")
    parser.add_argument("--read-only", action="store_true", help="hide and refuse every write")
    return parser


def _sub_parser(name: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"posthog-tui {name}")
    if name == "demo-server":
        parser.add_argument("--port", type=int, default=8010)
        parser.add_argument("--definitions", type=int, default=2000, help="number of event definitions")
        parser.add_argument("--latency-ms", type=float, default=0.0)
        parser.add_argument("--error-rate", type=float, default=0.0, help="fraction of 502 HTML responses")
        parser.add_argument("--throttle", type=int, default=None, help="requests per minute before 429")
        parser.add_argument("--flavour", choices=("current", "legacy"), default="current")
    elif name == "login":
        parser.add_argument("--host", required=True)
        parser.add_argument("--project", type=int)
        parser.add_argument("--profile", default="default")
    elif name == "logout":
        parser.add_argument("--profile", default=None)
    return parser


def _run_subcommand(name: str, argv: list[str]) -> int:
    args = _sub_parser(name).parse_args(argv)
    if name == "demo-server":
        from tui.demo import DemoOptions, serve

        options = DemoOptions(
            event_definitions=args.definitions,
            latency_ms=args.latency_ms,
            error_rate=args.error_rate,
            throttle_per_minute=args.throttle,
            flavour=args.flavour,
        )
        serve(args.port, options)
        return 0
    from tui.cli import account

    if name == "login":
        return account.login(args.host, args.project, args.profile)
    if name == "logout":
        return account.logout(args.profile)
    if name == "profiles":
        return account.profiles()
    return account.locate()


def _target(args: argparse.Namespace):
    """The target and the user's keymap, or an error message for the terminal."""
    from tui.connection import Target

    if args.demo:
        return Target(demo=True, read_only=args.read_only), {}, None
    # Config validation pulls in pydantic: only when there is a config to read.
    from tui.keys import registry as actions
    from tui.settings.config import ConfigError, load_config, validate_host
    try:
        config = load_config()
    except ConfigError as exc:
        return None, {}, str(exc)
    keymap = dict(config.keymap)
    unknown = actions.unknown_ids(keymap)
    if unknown:
        return None, keymap, f"Unknown action ids under [keymap]: {', '.join(unknown)} (see `?` in the app for ids)."
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
    target = Target(host=host, project=project, profile=profile_name, read_only=read_only, protected=protected)
    return target, keymap, None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        return _run_subcommand(argv[0], argv[1:])
    args = _parser().parse_args(argv)
    target, keymap, problem = _target(args)
    if target is not None and target.profile and not target.demo:
        from tui.settings import state

        state.remember_profile(target.profile)
    if problem:
        print(f"posthog-tui: {problem}", file=sys.stderr)
        return 2
    api_key = os.environ.get("POSTHOG_PERSONAL_API_KEY") if target and not target.demo else None
    from tui.app import PostHogApp

    app = PostHogApp(target, keymap=keymap, api_key=api_key)
    app.run()
    return app.return_code or 0
