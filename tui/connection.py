"""A connection to one PostHog project: the client, where it points, and how it was opened."""

from __future__ import annotations

import asyncio
import importlib
import threading
from collections.abc import Callable
from concurrent.futures import Future
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
    # Read from the config file without its full validation (settings/first_read.py): the app
    # validates the file before it connects.
    check_config: bool = False


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


def _in_a_thread(work: Callable[[], Any]) -> Future[Any]:
    # A daemon thread, not an executor's worker: an executor joins its threads at exit, so a quit
    # during start-up would wait for the demo's seeding.
    done: Future[Any] = Future()

    def run() -> None:
        try:
            done.set_result(work())
        except BaseException as exc:  # noqa: BLE001 - handed to whoever awaits it
            done.set_exception(exc)

    threading.Thread(target=run, name="posthog-tui-early-start", daemon=True).start()
    return done


_client_module: Future[Any] | None = None
_demo_server: tuple[Target, Future[Any]] | None = None
_stored_key: tuple[str, Future[Any]] | None = None


def _start_demo(target: Target) -> Any:
    demo = importlib.import_module("tui.demo")
    # Seeding and starting uvicorn take a while: never on the event loop.
    return demo.DemoServer(options=demo.DemoOptions(**target.demo_options)).start()


def _look_up_key(profile: str) -> Any:
    return importlib.import_module("tui.settings.key_store").resolve_api_key(profile)


def start_early(target: Target | None, api_key: str | None = None) -> None:
    """Begin what connecting needs (the client's imports, the keyring's key, for `--demo` the demo
    server) in threads now, while the first frame is built: connecting after it finds them done
    or under way. The first frame never waits for them."""
    global _client_module, _demo_server, _stored_key
    _client_module = _in_a_thread(lambda: importlib.import_module("tui.api.client"))
    if target is None:
        return
    if target.demo:
        _demo_server = (target, _in_a_thread(lambda: _start_demo(target)))
    elif api_key is None and (profile := target.profile):
        _stored_key = (profile, _in_a_thread(lambda: _look_up_key(profile)))


async def stored_key(profile: str) -> Any:
    """The keyring's answer for `profile` (a `KeyResult`): the lookup begun at start, else a new one."""
    global _stored_key
    if _stored_key is not None and _stored_key[0] == profile:
        found, _stored_key = _stored_key[1], None
        return await asyncio.wrap_future(found)
    from tui.settings.key_store import resolve_api_key_async

    return await resolve_api_key_async(profile)


async def _import_client():
    # About 200 ms of imports (httpx, pydantic, the models): off the event loop, so the
    # first frame and the spinner keep painting meanwhile.
    if _client_module is not None:
        module = await asyncio.wrap_future(_client_module)
    else:
        module = await asyncio.to_thread(importlib.import_module, "tui.api.client")
    return module.PostHogClient


async def open_demo(target: Target, gate: WriteGate) -> Connection:
    global _demo_server
    PostHogClient = await _import_client()
    if _demo_server is not None and _demo_server[0] is target:
        started, _demo_server = _demo_server[1], None
        server = await asyncio.wrap_future(started)
    else:
        server = await asyncio.to_thread(_start_demo, target)
    client = PostHogClient(server.url, server.api_key, server.project_id, gate=gate)
    return Connection(client=client, host=server.url, project_id=server.project_id, profile=None, demo=True,
                      demo_server=server, api_key=server.api_key)


async def open_remote(target: Target, api_key: str, gate: WriteGate) -> Connection:
    PostHogClient = await _import_client()

    assert target.host is not None and target.project is not None
    client = PostHogClient(target.host, api_key, target.project, gate=gate)
    return Connection(client=client, host=target.host, project_id=target.project, profile=target.profile,
                      api_key=api_key)
