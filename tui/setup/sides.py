"""The two sides a setup command compares: a file, or a project reached through a profile, a URL or
the embedded demo, and the write gate a project side gets.

A project side is written:
- `NAME`: the profile NAME (its host, project, read-only and protected flags; its key from
  POSTHOG_PERSONAL_API_KEY or the keyring), `NAME:ID` the same account's project ID;
- `https://host/project/ID` (a PostHog address as the browser shows it): the key from
  POSTHOG_PERSONAL_API_KEY;
- `demo` or `demo:ID` (unless a profile has that name): a fresh embedded demo server, one for every
  demo side of a command (`demo-server` keeps one running between commands).
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tui.setup.pace import SteadyPace

_PROJECT_IN_URL = re.compile(r"/(?:project|projects)/(\d+)")
DEMO = "demo"


class SideError(Exception):
    """A side that cannot be opened; the message says what to give instead."""


@dataclass(frozen=True)
class Side:
    label: str
    host: str | None = None
    project: int | None = None
    profile: str | None = None
    read_only: bool = False
    protected: bool = False
    demo: bool = False
    path: Path | None = None

    @property
    def is_file(self) -> bool:
        return self.path is not None


def parse_side(text: str, *, files: bool = False) -> Side:
    """What `text` names; `files` lets it be a setup file or folder (the `--from` side)."""
    from tui.settings.config import ConfigError, HostError, load_config, validate_host

    text = text.strip()
    if not text:
        raise SideError("An empty side: give a profile, a PostHog address with /project/ID, or demo.")
    if "://" in text:
        parts = urlsplit(text)
        found = _PROJECT_IN_URL.search(parts.path)
        if found is None:
            raise SideError(f"{text}: the address needs the project, as in https://us.posthog.com/project/12345.")
        try:
            host = validate_host(f"{parts.scheme}://{parts.netloc}")
        except HostError as exc:
            raise SideError(str(exc)) from None
        return Side(label=f"{host}/project/{found.group(1)}", host=host, project=int(found.group(1)))
    if files and (Path(text).exists() or text.endswith((".yaml", ".yml"))):
        return Side(label=text, path=Path(text))
    name, _, project = text.partition(":")
    if project and not project.isdigit():
        raise SideError(f"{text}: after the colon comes a project id (prod:12345).")
    try:
        config = load_config()
    except ConfigError as exc:
        raise SideError(str(exc)) from None
    profile = config.profiles.get(name)
    if profile is None and name == DEMO:
        return Side(label=text, demo=True, project=int(project or 1))
    if profile is None:
        known = ", ".join(sorted(config.profiles)) or "none yet (posthog-tui login adds one)"
        raise SideError(f"No profile named {name!r} (profiles: {known}); or give a PostHog address "
                        "with /project/ID, or demo.")
    return Side(label=text, host=profile.host, project=int(project) if project else profile.project,
                profile=name, read_only=profile.read_only, protected=profile.protected)


class SideGate:
    """The write gate of a project opened for a setup command (see `tui.api.session.WriteGate`).

    Refuses every write of a read-only profile; on a protected one, writes wait until `confirm()`
    was called, which happens only after the project's name was typed."""

    def __init__(self, side: Side) -> None:
        self.side = side
        self.confirmed = False

    def refusal(self) -> str | None:
        if self.side.read_only:
            return f"The profile {self.side.profile!r} is read-only: nothing is sent to it."
        return None

    def confirm(self) -> None:
        self.confirmed = True

    async def admit(self, method: str, path: str, scope: str) -> None:
        from tui.api.errors import WriteRefused

        problem = self.refusal()
        if problem is not None:
            raise WriteRefused(problem, method=method, path=path)
        if self.side.protected and not self.confirmed:
            raise WriteRefused("Not sent: the protected project's name was not typed.", method=method, path=path)


@dataclass
class Opened:
    side: Side
    client: Any
    gate: SideGate


@dataclass
class Sides:
    """Opens sides for one command: the demo server and a pace per key are shared between them
    (PostHog counts a key's requests together, whichever project they go to)."""

    opened: list[Opened] = field(default_factory=list)
    demo_server: Any = None
    paces: dict[tuple[str, str], SteadyPace] = field(default_factory=dict)

    async def open(self, side: Side, *, key: str | None = None) -> Opened:
        """A client of the side's project; `key` when the caller already holds it (the app's demo)."""
        from tui.api.client import PostHogClient

        host, key = (side.host or "", key) if key else await self._where(side)
        pace = self.paces.setdefault((host, key), SteadyPace())
        gate = SideGate(side)
        assert side.project is not None
        client = PostHogClient(host, key, side.project, gate=gate, limiter=pace)
        opened = Opened(side, client, gate)
        self.opened.append(opened)
        return opened

    async def _where(self, side: Side) -> tuple[str, str]:
        from tui.settings.key_store import API_KEY_ENV, resolve_api_key_async

        if side.demo:
            if self.demo_server is None:
                from tui.demo import DemoServer

                self.demo_server = await asyncio.to_thread(lambda: DemoServer().start())
            return self.demo_server.url, self.demo_server.api_key
        assert side.host is not None
        if side.profile:
            found = await resolve_api_key_async(side.profile)
            if found.key is None:
                raise SideError(f"No API key for the profile {side.profile!r}: {found.reason}. "
                                f"Run `posthog-tui login --profile {side.profile}` or set {API_KEY_ENV}.")
            return side.host, found.key
        key = os.environ.get(API_KEY_ENV, "").strip()
        if not key:
            raise SideError(f"No API key for {side.label}: set {API_KEY_ENV}, or use a profile.")
        return side.host, key

    async def close(self) -> None:
        for opened in self.opened:
            await opened.client.aclose()
        self.opened.clear()
        if self.demo_server is not None:
            await asyncio.to_thread(self.demo_server.stop)
            self.demo_server = None
