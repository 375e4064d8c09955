"""Client-side pacing that mirrors PostHog's per-key throttles, so we rarely see a 429."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aiolimiter import AsyncLimiter

# (requests, seconds) windows per bucket, from posthog/rate_limit.py. Every request counts
# against exactly one bucket: the ClickHouse-backed views replace the default throttles.
DEFAULT_BUCKETS: Mapping[str, Sequence[tuple[int, float]]] = {
    "crud": ((480, 60.0), (4800, 3600.0)),
    "query": ((240, 60.0), (1200, 3600.0)),
    "values": ((60, 60.0), (300, 3600.0)),
}


class RateLimiter:
    """One instance per API key; share it between clients that use the same key."""

    def __init__(self, buckets: Mapping[str, Sequence[tuple[int, float]]] = DEFAULT_BUCKETS):
        self._buckets = {
            name: tuple(AsyncLimiter(rate, period) for rate, period in windows)
            for name, windows in buckets.items()
        }

    async def acquire(self, bucket: str) -> None:
        for limiter in self._buckets[bucket]:
            await limiter.acquire()
