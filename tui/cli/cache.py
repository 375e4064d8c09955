"""`cache clear`: forget what the lists showed last (the next start waits for the server)."""

from __future__ import annotations

import argparse

from tui.listing import cache as list_cache
from tui.settings import locations


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("cache", help="the cache of what each list last showed")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    clear_parser = actions.add_parser("clear", help="delete the cached lists (every profile's, or one)")
    clear_parser.add_argument("--profile", default=None, help="only this profile's lists")
    clear_parser.set_defaults(run=lambda args: clear(args.profile))


def clear(profile: str | None = None) -> int:
    removed = list_cache.clear(profile, everything=profile is None)
    whose = f"profile {profile!r}" if profile else "every profile"
    print(f"Removed {removed} cached list{'s' if removed != 1 else ''} of {whose} from {locations.cache_dir()}.")
    return 0
