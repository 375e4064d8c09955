"""What the benchmarks share: a demo server in its own process, medians, and the printed table."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEMO_KEY = "phx_demo_hedgebox_all_scopes_0000000000000000"
DEMO_PROJECT = 1
T = TypeVar("T")

_SERVE = """
import json, sys
from datetime import datetime
from tui.demo import DemoOptions, serve
options = json.loads(sys.argv[2])
if options.get("now"):
    options["now"] = datetime.fromisoformat(options["now"])
serve(int(sys.argv[1]), DemoOptions(**options))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def demo_process(**options: object) -> Iterator[str]:
    """A demo server in a child process (so its CPU and memory are not the measured process's).

    Yields its URL once it answers; `options` are `DemoOptions` fields.
    """
    port = free_port()
    child = subprocess.Popen(
        [sys.executable, "-c", _SERVE, str(port), json.dumps(options, default=str)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/api/users/@me/", headers={"Authorization": f"Bearer {DEMO_KEY}"}, timeout=2)
                break
            except httpx.TransportError:
                if child.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the demo server did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        child.terminate()
        child.wait(timeout=10)


def timed(runs: int, make: Callable[[], Awaitable[T]]) -> tuple[list[float], T]:
    """Wall times of `runs` fresh event loops each running `make()`, and the last result."""
    times: list[float] = []
    result: T
    for _ in range(runs):
        started = time.perf_counter()
        result = asyncio.run(make())
        times.append(time.perf_counter() - started)
    return times, result


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float], unit: str = "ms", scale: float = 1000.0, digits: int = 0) -> str:
    """`median (min–max)` of seconds, shown in `unit`."""
    shown = [v * scale for v in values]
    return f"{median(shown):.{digits}f} ({min(shown):.{digits}f}–{max(shown):.{digits}f}) {unit}"


def print_table(heads: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    table = [list(heads), *[list(r) for r in rows]]
    widths = [max(len(row[i]) for row in table) for i in range(len(heads))]
    for index, row in enumerate(table):
        cells = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:]))]
        print("  ".join(cells).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model or platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")
