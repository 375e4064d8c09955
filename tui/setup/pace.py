"""Pacing that keeps every window of PostHog's throttles, so a long apply never meets a 429.

PostHog counts a key's requests in sliding windows (480 a minute and 4,800 an hour for CRUD): any
60 s may hold at most 480. The client's default limiter lets a full minute's worth go at once and
then refills continuously, which over a long run can put nearly twice the limit into one window.
`SteadyPace` never lets a window hold more than its limit (less a little left to the key's other
requests), lets a short burst through (a pull's few dozen reads go at once), and then spaces
requests evenly at the limit's rate, which is what makes an ETA honest: N requests take about
N / 480 minutes.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence

from tui.api.ratelimit import DEFAULT_BUCKETS, RateLimiter

# Requests a window may take at once before the pacing starts.
BURST = 40
# Arrival times at the server differ from send times by the network's jitter: the windows are
# held a little longer than the server's, so a request never lands one too early.
MARGIN_SECONDS = 1.0
# PostHog counts every request of the key, this apply's or not (the app open beside it, a script):
# this much of each window is left to them.
SPARE = 0.02


class SteadyPace(RateLimiter):
    def __init__(
        self,
        buckets: Mapping[str, Sequence[tuple[int, float]]] = DEFAULT_BUCKETS,
        *,
        burst: int = BURST,
        margin: float = MARGIN_SECONDS,
        spare: float = SPARE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__({})
        self.windows = {name: tuple((max(1, int(limit * (1 - spare))), period + margin) for limit, period in windows)
                        for name, windows in buckets.items()}
        self._sent: dict[str, tuple[deque[float], ...]] = {
            name: tuple(deque() for _ in windows) for name, windows in self.windows.items()}
        self._locks: dict[str, asyncio.Lock] = {}
        self.burst = burst
        self._clock = clock
        self._sleep = sleep

    def interval(self, bucket: str = "crud") -> float:
        """Seconds between two requests once the pacing has started (the first window's rate)."""
        limit, period = self.windows[bucket][0]
        return period / limit

    def wait_for(self, bucket: str, now: float) -> float:
        """How long a request of `bucket` must wait at `now` (0: it may go)."""
        wait = 0.0
        windows = self.windows[bucket]
        for (limit, period), sent in zip(windows, self._sent[bucket]):
            while sent and now - sent[0] >= period:
                sent.popleft()
            if len(sent) >= limit:
                wait = max(wait, sent[0] + period - now)
        first = self._sent[bucket][0]
        if len(first) >= self.burst:
            wait = max(wait, first[-1] + self.interval(bucket) - now)
        return wait

    async def acquire(self, bucket: str) -> None:
        lock = self._locks.setdefault(bucket, asyncio.Lock())
        async with lock:
            while True:
                now = self._clock()
                wait = self.wait_for(bucket, now)
                if wait <= 0:
                    break
                await self._sleep(wait)
            for sent in self._sent[bucket]:
                sent.append(now)


def minutes_needed(requests: int, per_minute: int = DEFAULT_BUCKETS["crud"][0][0]) -> float:
    """The fewest minutes `requests` take at PostHog's write limit."""
    return requests / per_minute
