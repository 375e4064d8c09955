"""The single path every request takes: limiter -> send -> error mapping -> retry policy."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import httpx
from httpx_sse import EventSource, ServerSentEvent, SSEError

from .. import __version__
from .errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    BadResponseError,
    TruncatedResponseError,
    error_from_response,
)
from .keys import usable_key
from .ratelimit import RateLimiter
from .retry import SAFE_METHODS, RetryPolicy

T = TypeVar("T")

Params = dict[str, Any] | None


class WriteGate(Protocol):
    """Sees every request that would change the server before it is sent; raises
    `WriteRefused` to keep it back (a read-only session, a scope the key lacks, an
    unconfirmed write to a protected project)."""

    async def admit(self, method: str, path: str, scope: str) -> None: ...


class OpenGate:
    """Lets every write through: scripts and checks that write nothing, and tests."""

    async def admit(self, method: str, path: str, scope: str) -> None:
        return None


def write_scope(path: str) -> str:
    """The API scope a write to `path` needs, in PostHog's words (`dashboard:write`)."""
    segments = [s for s in path.split("?")[0].split("/") if s and not s.isdigit()]
    rest = segments[2:] if segments[:2] == ["api", "projects"] else segments[1:]
    if "sharing" in rest:
        return "sharing_configuration:write"
    noun = rest[0] if rest else ""
    return _WRITE_SCOPES.get(noun, f"{noun.rstrip('s')}:write")


_WRITE_SCOPES = {
    "event_definitions": "event_definition:write",
    "schema_property_groups": "event_definition:write",
    "event_schemas": "event_definition:write",
    "dashboards": "dashboard:write",
    "actions": "action:write",
    "insights": "insight:write",
}


class Session:
    """Owns the one `httpx.AsyncClient` of a client and the key (kept out of every repr).

    `timeout` bounds each wait for the network (connect, each read); `deadline` bounds a whole
    request from sending to the last byte of the body (default: four timeouts), so a server
    that trickles its answer cannot hold a request forever. An event stream has the deadline
    only until it opens; after that its long read timeout is its idle rule.
    """

    def __init__(
        self,
        host: str,
        api_key: str,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None,
        policy: RetryPolicy,
        limiter: RateLimiter,
        gate: WriteGate | None = None,
        deadline: float | None = None,
    ) -> None:
        api_key = usable_key(api_key)
        self.host = normalise_host(host)
        self.gate: WriteGate = gate or OpenGate()
        self.timeout = timeout
        self.deadline = deadline if deadline is not None else timeout * 4
        self.policy = policy
        self.limiter = limiter
        self._api_key = api_key
        self._stream_timeout = httpx.Timeout(timeout, connect=min(timeout, 10.0), read=max(60.0, timeout * 4))
        self._http = httpx.AsyncClient(
            base_url=self.host,
            headers={
                "Authorization": f"Bearer {api_key}",
                "Accept": "application/json",
                "User-Agent": f"posthog-tui/{__version__}",
            },
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=10, max_keepalive_connections=10),
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"Session(host={self.host!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params = None,
        json_body: Any = None,
        bucket: str = "crud",
        raw: bool = False,
        reads: bool = False,
    ) -> Any:
        """Send one API call and return its decoded JSON (None for an empty 2xx body).

        `raw` returns the JSON undecoded, as a `JsonBody`, for callers that parse it straight
        into models (a 500-row page: no Python dicts on the way, half the time). Every request
        that is not a GET passes the write gate first, unless `reads` says it only reads
        (a query is a POST).
        """
        if not reads and method.upper() not in SAFE_METHODS:
            try:
                await self.gate.admit(method.upper(), path, write_scope(path))
            except ApiError as error:
                raise error.redact(self._api_key) from None

        async def attempt() -> Any:
            await self.limiter.acquire(bucket)
            async with self._within_deadline(method, path):
                response = await self._open(method, path, params, json_body)
                try:
                    # Not `aread()`: it keeps the body on the response, which httpx's own references make
                    # cyclic, so a 350 KB page would wait for the collector's next full pass to be freed.
                    body = b"".join([chunk async for chunk in response.aiter_bytes()])
                except httpx.TimeoutException:
                    raise self._timeout(method, path) from None
                except httpx.TransportError:
                    raise TruncatedResponseError(
                        "The server's answer was cut off before it was complete.",
                        status=response.status_code,
                        method=method,
                        path=path,
                    ) from None
                finally:
                    await response.aclose()
            checked = _json_body(response, body, method, path)
            return checked if raw or checked is None else checked.decode()

        return await self._with_retries(method, attempt)

    async def stream_sse(
        self, path: str, *, params: Params = None, bucket: str = "crud"
    ) -> AsyncGenerator[ServerSentEvent, None]:
        """Open a Server-Sent Events stream (retried like a GET until it opens) and yield events."""

        async def attempt() -> httpx.Response:
            await self.limiter.acquire(bucket)
            async with self._within_deadline("GET", path):
                return await self._open("GET", path, params, None, accept="text/event-stream", long_read=True)

        response = await self._with_retries("GET", attempt)
        try:
            async for event in EventSource(response).aiter_sse():
                yield event
        except SSEError as exc:
            raise BadResponseError(
                f"The server did not answer with an event stream ({exc}).",
                status=response.status_code,
                method="GET",
                path=path,
            ) from None
        except httpx.TimeoutException:
            raise self._timeout("GET", path) from None
        except httpx.TransportError:
            raise TruncatedResponseError(
                "The event stream was cut off before it was complete.",
                status=response.status_code,
                method="GET",
                path=path,
            ) from None
        finally:
            await response.aclose()

    async def _with_retries(self, method: str, attempt: Callable[[], Awaitable[T]]) -> T:
        tries = 0
        while True:
            try:
                return await attempt()
            except ApiError as error:
                error.redact(self._api_key)
                wait = self.policy.delay(error, method, tries)
                if wait is None:
                    raise
                tries += 1
                await asyncio.sleep(wait)

    @asynccontextmanager
    async def _within_deadline(self, method: str, path: str) -> AsyncIterator[None]:
        # Waiting for the rate limiter is not the server's slowness: callers enter this after it.
        try:
            async with asyncio.timeout(self.deadline):
                yield
        except TimeoutError:
            raise ApiTimeoutError(
                f"The server did not finish answering within {self.deadline:g} s "
                "(it was sending too slowly).",
                method=method,
                path=path,
            ) from None

    async def _open(
        self,
        method: str,
        path: str,
        params: Params,
        json_body: Any,
        *,
        accept: str | None = None,
        long_read: bool = False,
    ) -> httpx.Response:
        """Send and return a 2xx response whose body is still unread; raise typed errors otherwise."""
        request = self._http.build_request(
            method,
            path,
            params=params,
            json=json_body,
            headers={"Accept": accept} if accept else None,
            # An event stream may go quiet for a while as the server computes slow tiles.
            timeout=self._stream_timeout if long_read else httpx.USE_CLIENT_DEFAULT,
        )
        try:
            response = await self._http.send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise ApiConnectionError(
                f"Could not connect to {self.host} ({_reason(exc)}).", method=method, path=path
            ) from None
        except httpx.TimeoutException:
            raise self._timeout(method, path) from None
        except httpx.TransportError as exc:
            raise ApiConnectionError(
                f"The connection to {self.host} failed during the request ({_reason(exc)}).",
                reached_server=True,
                method=method,
                path=path,
            ) from None
        if 200 <= response.status_code < 300:
            return response
        try:
            body = await response.aread()
        except httpx.HTTPError:
            body = b""
        finally:
            await response.aclose()
        raise error_from_response(
            response.status_code,
            response.headers.get("content-type", ""),
            body,
            method=method,
            path=path,
            retry_after=response.headers.get("retry-after"),
        )

    def _timeout(self, method: str, path: str) -> ApiTimeoutError:
        return ApiTimeoutError(
            f"The server did not answer within {self.timeout:g} s.", method=method, path=path
        )


def normalise_host(host: str) -> str:
    host = host.strip().rstrip("/")
    if "://" not in host:
        host = f"https://{host}"
    return host


def _reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if "name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "host name not found"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if "ssl" in text or "certificate" in text:
        return "TLS handshake failed"
    return str(exc) or type(exc).__name__


@dataclass(frozen=True, slots=True)
class JsonBody:
    """A 2xx answer whose body is JSON (by its type or its first character), not yet decoded."""

    content: bytes
    status: int
    method: str
    path: str

    def decode(self) -> Any:
        try:
            return json.loads(self.content)
        except RecursionError:
            raise BadResponseError(
                f"The server sent JSON nested too deeply to read (status {self.status}).",
                status=self.status,
                method=self.method,
                path=self.path,
            ) from None
        except (ValueError, UnicodeDecodeError):
            raise BadResponseError(
                f"The server sent malformed or truncated JSON (status {self.status}).",
                status=self.status,
                method=self.method,
                path=self.path,
            ) from None


def _json_body(response: httpx.Response, body: bytes, method: str, path: str) -> JsonBody | None:
    if not body.strip():
        return None
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type.lower():
        stripped = body.lstrip()[:1]
        if stripped not in (b"{", b"["):
            raise error_from_response(response.status_code, content_type, body, method=method, path=path)
    return JsonBody(body, response.status_code, method, path)
