"""`serve`: the app in a web browser (textual-serve), for demos on a projector or a shared screen.

Every browser tab gets its own app process on this machine; the page receives what the app
draws and sends keys back, never the API key (it stays in this process's environment and
keyring). There is no login in front of it, so it binds loopback unless told otherwise.
"""

from __future__ import annotations

import argparse
import shlex
import sys


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="serve the app in a web browser on 127.0.0.1 (textual-serve)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--demo", action="store_true", help="the embedded demo backend (no account)")
    where.add_argument("--profile", help="a profile from the config file")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host-address", default="127.0.0.1",
                        help="the address to bind; anything but loopback lets anyone who reaches it use the app")
    parser.add_argument("--read-only", action="store_true", help="hide and refuse every write")
    parser.set_defaults(run=run)


def app_command(args: argparse.Namespace) -> str:
    """How each browser tab's app process is started: this Python, this package, these options."""
    options = ["--demo"] if args.demo else (["--profile", args.profile] if args.profile else [])
    return shlex.join([sys.executable, "-m", "tui", *options, *(["--read-only"] if args.read_only else [])])


def run(args: argparse.Namespace) -> int:
    from tui.settings.config import is_loopback

    try:
        from textual_serve.server import Server
    except ImportError:
        print("posthog-tui: serving needs textual-serve: pip install 'posthog-tui[serve]'", file=sys.stderr)
        return 1
    host = args.host_address
    if not is_loopback(host):
        print(f"posthog-tui: warning: serving on {host}, not loopback: anyone who can reach this address "
              "uses the app as you, with your profile's key.", file=sys.stderr)
    print(f"Serving posthog-tui at http://{host}:{args.port}/ (ctrl+c stops)", flush=True)
    try:
        Server(app_command(args), host=host, port=args.port, title="posthog-tui").serve()
    except OSError as exc:
        print(f"posthog-tui: could not serve on {host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
