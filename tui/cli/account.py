"""`login`, `logout`, `profiles` and `locate`: the account and where its files live."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys

from tui.listing import cache as list_cache
from tui.settings import locations
from tui.settings.key_store import API_KEY_ENV, forget_api_key

# The config (pydantic) and the key check are imported by the commands that use
# them: the parser registers these commands on every start, the app's included.


def register(commands: argparse._SubParsersAction) -> None:
    login_parser = commands.add_parser("login", help="check a personal API key and save it with a profile")
    login_parser.add_argument("--host", required=True, help="us, eu, or the address of your PostHog")
    login_parser.add_argument("--project", type=int, help="project id (default: the key's current project)")
    login_parser.add_argument("--profile", default="default", help="the profile to save (default: default)")
    login_parser.set_defaults(run=lambda args: login(args.host, args.project, args.profile))
    logout_parser = commands.add_parser("logout", help="forget a profile's key from the keyring")
    logout_parser.add_argument("--profile", default=None, help="the profile (default: the default profile)")
    logout_parser.set_defaults(run=lambda args: logout(args.profile))
    commands.add_parser("profiles", help="list the configured profiles").set_defaults(run=lambda args: profiles())
    commands.add_parser("locate", help="print where config, data and state live").set_defaults(
        run=lambda args: locate())


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}."


def _read_key() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Personal API key (input hidden): ")
    return os.environ.get(API_KEY_ENV) or sys.stdin.readline()


def login(
    host: str | None = None, project: int | None = None, profile: str | None = None
) -> int:
    """`posthog-tui login`: check a key, save the profile, and the key into the keyring."""
    from tui.settings import config

    try:
        return _login(host, project, profile)
    except (KeyboardInterrupt, EOFError):
        print("\nLogin cancelled.", file=sys.stderr)
        return 130
    except (config.ConfigError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1


def _login(host: str | None, project: int | None, profile: str | None) -> int:
    from tui.settings import config
    from tui.settings.key_check import check_key, describe_missing, project_label, save_login

    cfg = config.load_config()
    name = config.check_profile_name(profile or cfg.default_profile or "default")
    existing = cfg.profiles.get(name)
    host = host or (existing.host if existing else None)
    if not host and sys.stdin.isatty():
        host = input("PostHog host: us, eu or https://your.server [us]: ").strip() or "us"
    if not host:
        print("No host given: pass --host (us, eu or https://your.server).", file=sys.stderr)
        return 2
    host = config.validate_host(host)
    key = _read_key().strip()
    if not key:
        print(f"No key given. Create a personal API key, or set {API_KEY_ENV}.", file=sys.stderr)
        return 1
    print(f"Checking the key with {host} ...")
    wanted = project or (existing.project if existing else None)
    result = asyncio.run(check_key(host, key, wanted))
    if not result.ok:
        print(result.message, file=sys.stderr)
        return 1
    chosen = next(p for p in result.projects if p.id == (wanted or result.current_project_id))
    if not wanted and len(result.projects) > 1:
        others = ", ".join(project_label(p) for p in result.projects[:10])
        print(f"Projects this key can see: {others}. Pass --project to choose another.")
    if result.missing:
        print(f"The key lacks: {describe_missing(result.missing)}. The app works without them and says so.")
    stored = save_login(name, host, chosen.id, key, save_key=True)
    email = result.user.email if result.user else None
    who = f", as {email}" if email else ""
    print(f"Profile {name!r}: {host}, project {project_label(chosen)}{who}.")
    if stored and stored.ok:
        print(_sentence(stored.message))
    elif stored:
        print(f"The key was not saved: {stored.message}.")
        print(f"Set {API_KEY_ENV} before starting posthog-tui.")
    return 0


def logout(profile: str | None = None) -> int:
    """`posthog-tui logout`: forget the profile's key (the profile itself stays)."""
    from tui.settings import config

    try:
        name = profile or config.load_config().choose_profile()
    except config.ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not name:
        print("No profile to log out of: pass --profile NAME.", file=sys.stderr)
        return 1
    outcome = forget_api_key(name)
    list_cache.clear(name)  # what its lists showed goes with the key
    print(_sentence(outcome.message), file=sys.stdout if outcome.ok else sys.stderr)
    if os.environ.get(API_KEY_ENV):
        print(f"Note: {API_KEY_ENV} is still set in this environment and takes precedence.")
    return 0 if outcome.ok else 1


def profiles() -> int:
    """`posthog-tui profiles`: a table of the configured profiles."""
    from tui.settings import config

    path = locations.config_file()
    try:
        cfg = config.load_config(path)
    except config.ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not cfg.profiles:
        print(f"No profiles in {path}. Run `posthog-tui login` to add one.")
        return 0
    rows = [("", "PROFILE", "HOST", "PROJECT", "FLAGS")]
    last_used = cfg.last_used()
    for name, prof in sorted(cfg.profiles.items()):
        flags = [
            flag
            for flag, on in (
                ("read-only", prof.read_only),
                ("protected", prof.protected),
                ("last used", name == last_used),
            )
            if on
        ]
        marker = "*" if name == cfg.default_profile else ""
        rows.append((marker, name, prof.host, str(prof.project), ", ".join(flags)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    print(f"\n* default profile   (file: {path})")
    return 0


def locate() -> int:
    """`posthog-tui locate`: where the config, data and state live."""
    override = locations.config_override()
    origin = f"  (from {locations.CONFIG_ENV})" if override else ""
    rows = [
        ("config file", f"{locations.config_file()}{origin}"),
        ("config dir", str(locations.config_dir())),
        ("data dir", str(locations.data_dir())),
        ("state dir", str(locations.state_dir())),
        ("cache dir", str(locations.cache_dir())),
    ]
    for label, value in rows:
        print(f"{label:<12} {value}")
    return 0
