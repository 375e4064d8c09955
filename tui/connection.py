"""A connection to one PostHog project: the client, where it points, and how it was opened."""

from __future__ import annotations

import asyncio
import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from tui.api.client import PostHogClient
    from tui.api.session import WriteGate


@dataclass
class Target:
    """What the user asked to open, before any network or keyring work."""

    host: str | None = None
    project: int | None = None
    profile: str | None = None
    demo: bool = False
    read_only: bool = False
    protected: bool = False
    cache: bool = True  # paint what each list last showed while the live rows load
    demo_options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Connection:
    client: PostHogClient
    host: str
    project_id: int
    profile: str | None
    demo: bool = False
    project_name: str = ""
    demo_server: Any = None
    # Kept so another project of the same account can be opened beside this one (`:diff`).
    api_key: str = field(default="", repr=False)

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


async def _import_client():
    # About 200 ms of imports (httpx, pydantic, the models): off the event loop, so the
    # first frame and the spinner keep painting meanwhile.
    module = await asyncio.to_thread(importlib.import_module, "tui.api.client")
    return module.PostHogClient


async def open_demo(target: Target, gate: WriteGate) -> Connection:
    PostHogClient = await _import_client()
    demo = await asyncio.to_thread(importlib.import_module, "tui.demo")
    DemoOptions, DemoServer = demo.DemoOptions, demo.DemoServer

    # Seeding and starting uvicorn block for a moment: keep them off the event loop.
    server = await asyncio.to_thread(lambda: DemoServer(options=DemoOptions(**target.demo_options)).start())
    client = PostHogClient(server.url, server.api_key, server.project_id, gate=gate)
    return Connection(client=client, host=server.url, project_id=server.project_id, profile=None, demo=True,
                      demo_server=server, api_key=server.api_key)


async def open_remote(target: Target, api_key: str, gate: WriteGate) -> Connection:
    PostHogClient = await _import_client()

    assert target.host is not None and target.project is not None
    client = PostHogClient(target.host, api_key, target.project, gate=gate)
    return Connection(client=client, host=target.host, project_id=target.project, profile=target.profile,
                      api_key=api_key)
