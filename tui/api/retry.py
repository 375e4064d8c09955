"""When a failed request may be sent again, and how long to wait first."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    RateLimitedError,
    ServerError,
    TruncatedResponseError,
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TRANSIENT_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Safe methods are retried on transient failures; writes only when the server never saw them.

    A POST/PATCH/DELETE that timed out or got a 5xx may already have been applied,
    so sending it again could create a duplicate or repeat a move. A 429 or a
    failed connect proves the server did not act, so any method may be resent.
    """

    max_retries: int = 3
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    # PostHog's own MCP client gives up on a 429 whose wait exceeds 30 s.
    max_wait: float = 30.0

    def backoff(self, attempt: int) -> float:
        ceiling = min(self.backoff_cap, self.backoff_base * 2**attempt)
        return random.uniform(ceiling / 2, ceiling)

    def delay(self, error: ApiError, method: str, attempt: int) -> float | None:
        """Seconds to wait before attempt number `attempt + 1`, or None to give up."""
        if attempt >= self.max_retries:
            return None
        if isinstance(error, RateLimitedError):
            wait = error.retry_after if error.retry_after is not None else self.backoff(attempt)
            return wait if wait <= self.max_wait else None
        if isinstance(error, ApiConnectionError) and not error.reached_server:
            return self.backoff(attempt)
        if method.upper() not in SAFE_METHODS:
            return None
        if isinstance(error, (ApiTimeoutError, ApiConnectionError, TruncatedResponseError)):
            return self.backoff(attempt)
        if isinstance(error, ServerError) and error.status in TRANSIENT_STATUSES:
            wait = max(self.backoff(attempt), error.retry_after or 0.0)
            return wait if wait <= self.max_wait else None
        return None
