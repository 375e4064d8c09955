"""Everything one running demo backend holds: options, seeded and live data, recorded requests."""

from __future__ import annotations

import dataclasses
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .clock import wall_now
from .data import ProjectData
from .definitions_query import warm_default_order
from .options import DemoOptions
from .seed import seed_all
from .seed_events import catch_up, freshen


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any


class DemoState:
    def __init__(self, options: DemoOptions) -> None:
        self.options = options
        # The wall clock used when `options.now` is unset; replaceable to let time pass in tests.
        self.wall: Callable[[], datetime] = wall_now
        self.now: datetime = options.now or self.wall()
        self._seeded = seed_all(options, self.now)
        for data in self._seeded.values():
            # Sorting the default definition order once here keeps the first list page fast.
            warm_default_order(data)
        self.projects: dict[int, ProjectData] = {}
        self.requests: list[RecordedRequest] = []
        self.recent: deque[float] = deque()
        # When each personal key (by id) last called the API.
        self.key_used: dict[str, datetime] = {}
        # The Query API's bookkeeping (see routes_query): slots per project, async runs by id.
        self.query_slots: dict[int, Any] = {}
        self.query_runs: dict[tuple[int, str], Any] = {}
        self.query_running: dict[int, int] = {}
        self.query_peak: dict[int, int] = {}
        self.fault_rng = random.Random(options.seed)
        self.reset()

    def reset(self) -> None:
        self.projects = {pid: data.clone() for pid, data in self._seeded.items()}
        self.requests.clear()
        self.recent.clear()
        self.key_used.clear()
        self.query_runs.clear()
        self.query_peak.clear()
        self.fault_rng = random.Random(self.options.seed)

    def set_options(self, **changes: Any) -> None:
        unknown = set(changes) - DemoOptions.field_names()
        if unknown:
            raise TypeError(f"unknown demo options: {sorted(unknown)}")
        reseed = {"seed", "event_definitions", "events", "now"} & set(changes)
        if reseed:
            raise ValueError(f"{sorted(reseed)} shape the seeded data; start a new DemoServer instead")
        self.options = dataclasses.replace(self.options, **changes)

    def clock(self) -> datetime:
        """The server's notion of "now" for stamps written by requests."""
        return self.options.now or self.wall()

    def catch_up(self, data: ProjectData) -> None:
        """Add the live events the clock has reached since the last request (none on a fixed clock)."""
        if self.options.now is None:
            added = catch_up(data.log, f"{self.options.seed}:{data.id}", self.now, self.wall())
            if added:
                freshen(data, added)
