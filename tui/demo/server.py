"""Running the demo backend: in a background thread for tests and the app, or blocking for the CLI."""

from __future__ import annotations

import gc
import socket
import threading
import time
from typing import Any

import uvicorn

from .app import create_app
from .options import DEMO_API_KEY, DEMO_PROJECT_ID, DemoOptions
from .state import DemoState, RecordedRequest

HOST = "127.0.0.1"


def _config(app: Any, sock_port: int) -> uvicorn.Config:
    # Stalled requests must not hold up shutdown for their whole stall.
    return uvicorn.Config(app, host=HOST, port=sock_port, log_level="warning", access_log=False, lifespan="off",
                          timeout_graceful_shutdown=1)


class DemoServer:
    """A PostHog-compatible server on 127.0.0.1 (a free port), ready when `start()` returns."""

    def __init__(self, options: DemoOptions | None = None) -> None:
        self.state = DemoState(options or DemoOptions())
        self.api_key = DEMO_API_KEY
        self.project_id = DEMO_PROJECT_ID
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.url = ""

    @property
    def options(self) -> DemoOptions:
        return self.state.options

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.state.requests

    def reset(self) -> None:
        """Restore the seeded data and forget recorded requests and throttle history."""
        self.state.reset()

    def set_options(self, **changes: Any) -> None:
        """Change latency, faults, throttle, flavour or session_endpoints while running."""
        self.state.set_options(**changes)

    def start(self) -> DemoServer:
        # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets that say so,
        # and without it every keep-alive response waits ~40 ms for a delayed ACK.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((HOST, 0))
        port = self._socket.getsockname()[1]
        self.url = f"http://{HOST}:{port}"
        self._server = uvicorn.Server(_config(create_app(state=self.state), port))
        self._server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name="posthog-demo-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("demo server failed to start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(port: int = 8010, options: DemoOptions | None = None, host: str = HOST) -> None:
    """Serve until interrupted (the `demo-server` CLI command)."""
    state = DemoState(options or DemoOptions())
    # The seed lives as long as the process: keep it out of the collector's full passes.
    gc.freeze()
    projects = ", ".join(f"{pid} ({data.project['name']})" for pid, data in state.projects.items())
    print(f"PostHog demo server on http://{host}:{port}  projects {projects}  key {DEMO_API_KEY}", flush=True)
    uvicorn.Server(uvicorn.Config(create_app(state=state), host=host, port=port, log_level="warning")).run()
