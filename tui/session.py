"""A connection to one PostHog project: the client, where it points, and how it was opened."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.api.client import PostHogClient


@dataclass
class Target:
    """What the user asked to open, before any network or keyring work."""

    host: str | None = None
    project: int | None = None
    profile: str | None = None
    demo: bool = False
    read_only: bool = False
    protected: bool = False
    demo_options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Session:
    client: PostHogClient
    host: str
    project_id: int
    profile: str | None
    read_only: bool
    protected: bool = False
    demo: bool = False
    project_name: str = ""
    demo_server: Any = None

    def describe(self) -> str:
        """Profile, host and project, short enough for a top bar at 80 columns."""
        where = "demo" if self.demo else (self.profile or "no profile")
        host = urlsplit(self.host).hostname or self.host
        project = f"{self.project_name} ({self.project_id})" if self.project_name else f"project {self.project_id}"
        return f"{where} · {host} · {project}"

    async def close(self) -> None:
        await self.client.aclose()
        if self.demo_server is not None:
            await asyncio.to_thread(self.demo_server.stop)


async def open_demo(target: Target) -> Session:
    from tui.api.client import PostHogClient
    from tui.demo import DemoOptions, DemoServer

    # Seeding and starting uvicorn block for a moment: keep them off the event loop.
    server = await asyncio.to_thread(lambda: DemoServer(options=DemoOptions(**target.demo_options)).start())
    client = PostHogClient(server.url, server.api_key, server.project_id)
    return Session(
        client=client,
        host=server.url,
        project_id=server.project_id,
        profile=None,
        read_only=target.read_only,
        demo=True,
        demo_server=server,
    )


async def open_remote(target: Target, api_key: str) -> Session:
    from tui.api.client import PostHogClient

    assert target.host is not None and target.project is not None
    client = PostHogClient(target.host, api_key, target.project)
    return Session(
        client=client,
        host=target.host,
        project_id=target.project,
        profile=target.profile,
        read_only=target.read_only,
        protected=target.protected,
    )
