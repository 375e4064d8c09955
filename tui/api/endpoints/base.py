"""One generic endpoint group, specialised by an `Endpoint` (path, model, pagination, operations)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from ..errors import ApiError, MethodNotAllowedError, PartialListing
from ..models.base import NotSupported, Page, parse_model
from ..pagination import ListingEnd, OnPage, PageStyle, Turns, emit, in_order, parse_page_body, stream, walk
from ..session import Session

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=Callable[..., Any])

CRUD = frozenset({"list", "get", "create", "update", "delete"})


def writes(method: F) -> F:
    """Mark a client method that changes server state (creates, edits, moves, deletes or shares).

    The UI's read-only and protected modes, and the write gate planned for the HTTP layer, rely on
    this mark; `changes_server_state(method)` reads it. A POST that only reads (the Query API) is not
    marked and passes `reads=True` to `Resource.call` instead.
    """
    method.changes_server_state = True  # type: ignore[attr-defined]
    return method


def changes_server_state(method: Any) -> bool:
    return bool(getattr(method, "changes_server_state", False))


class Home(Protocol):
    """What an endpoint group needs from its client: the HTTP session, where the project's
    routes start, and how many pages it may fetch at once."""

    session: Session
    concurrency: int

    def project_path(self, *parts: str) -> str: ...


@dataclass(frozen=True)
class Endpoint(Generic[M]):
    path: str
    model: type[M]
    style: PageStyle = PageStyle.OFFSET
    operations: frozenset[str] = CRUD
    bucket: str = "crud"
    # `all()` asks for big pages: fewer requests against the per-minute budget.
    bulk_page_size: int = 500
    # Fields read back as nested objects but written as an id: read name -> write name.
    write_refs: Mapping[str, str] = field(default_factory=dict)
    project_scoped: bool = True


class Resource(Generic[M]):
    """List/get/create/update/delete (or archive/restore) for one kind of PostHog object."""

    def __init__(self, client: Home, spec: Endpoint[M]) -> None:
        self._client = client
        self.spec = spec

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.spec.path!r})"

    @property
    def operations(self) -> frozenset[str]:
        return self.spec.operations

    def supports(self, operation: str) -> bool:
        return operation in self.spec.operations

    def path(self, *parts: Any) -> str:
        base = self._client.project_path(self.spec.path) if self.spec.project_scoped else f"/api/{self.spec.path}/"
        return base + "".join(f"{part}/" for part in parts)

    async def call(
        self,
        method: str,
        *parts: Any,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        bucket: str | None = None,
        raw: bool = False,
        reads: bool = False,
    ) -> Any:
        """Send one request for this endpoint group.

        `reads=True` says that a non-GET request only reads (the Query API's POSTs): the session's
        write gate, which treats every other method as a write, lets it through.
        """
        return await self._client.session.request(
            method,
            self.path(*parts),
            params=_query(params),
            json_body=None if body is None else to_jsonable_python(body),
            bucket=bucket or self.spec.bucket,
            raw=raw,
            reads=reads,
        )

    async def optional(
        self, feature: str, method: str, *parts: Any, dropped_route: bool = True, **kwargs: Any
    ) -> Any:
        """Call an endpoint some servers or personal keys lack; answer `NotSupported` then.

        `dropped_route` treats 405, and a 404 that is not about a missing object ("Endpoint
        not found." rather than "Not found."), as "this server does not have the route" (for
        endpoints some servers lack). A 403 refusing personal API keys always means the
        endpoint is session-only.
        """
        try:
            return await self.call(method, *parts, **kwargs)
        except ApiError as error:
            refused = getattr(error, "personal_key_unsupported", False)
            missing_route = error.status == 405 or (error.status == 404 and error.detail != "Not found.")
            if refused or (dropped_route and missing_route):
                return NotSupported(feature=feature, detail=error.message)
            raise

    # -- listing -----------------------------------------------------------------------

    async def page(self, limit: int | None = None, offset: int = 0, **params: Any) -> Page[M]:
        self._require("list")
        query = dict(params)
        if limit is not None:
            query["limit"] = limit
        if offset:
            query["offset"] = offset
        return await self._fetch(query)

    def pages(self, *, resume: PartialListing | None = None, **params: Any) -> AsyncIterator[Page[M]]:
        """Pages one at a time (see `pagination.walk`); `resume` is a failed walk's `error.partial`."""
        self._require("list")
        return walk(self.spec.style, self._fetch, params, resume=resume)

    async def stream(self, on_page: OnPage, *, resume: PartialListing | None = None, **params: Any) -> ListingEnd:
        """Hand every page to `on_page` as it arrives (see `pagination.stream`); none is kept.

        Decoding pages and handing them over take turns (`Turns`), so a screen filling
        from six concurrent requests still repaints and answers keys between pages.

        When retries run out part-way, the error raised has `error.partial`: how many rows
        were handed over and the query of the rest; `stream(on_page, resume=error.partial)`
        fetches only that rest (for offset-paged listings `offset=N` does the same).
        """
        self._require("list")
        query = {"limit": self.spec.bulk_page_size, **params}
        turns = Turns()

        async def fetch(page_params: dict[str, Any]) -> Page[M]:
            return await self._fetch(page_params, turns)

        async def deliver(page: Page[M]) -> None:
            async with turns.slice():
                await emit(on_page, page)

        return await stream(
            self.spec.style, fetch, query, on_page=deliver, concurrency=self._client.concurrency, resume=resume
        )

    async def all(self, **params: Any) -> list[M]:
        """Every row, in listing order, without duplicates."""
        pages: list[Page[M]] = []
        await self.stream(pages.append, **params)
        return in_order(pages)

    async def _fetch(self, params: dict[str, Any], turns: Turns | None = None) -> Page[M]:
        body = await self.call("GET", params=params, raw=True)
        offset = int(params.get("offset") or 0)
        if turns is None:
            return parse_page_body(self.spec.style, body, self.spec.model, offset)
        # The listing's turn first, then the loop's decoding turn (taken only around this synchronous call).
        async with turns.slice(), Turns.decoding().slice():
            return parse_page_body(self.spec.style, body, self.spec.model, offset)

    # -- single objects ----------------------------------------------------------------

    async def get(self, id: Any) -> M:
        self._require("get")
        return self._parse(await self.call("GET", id))

    @writes
    async def create(self, body: Mapping[str, Any]) -> M:
        self._require("create")
        return self._parse(await self.call("POST", body=self.write_body(body)))

    @writes
    async def update(self, id: Any, changes: Mapping[str, Any]) -> M:
        self._require("update")
        return self._parse(await self.call("PATCH", id, body=self.write_body(changes)))

    @writes
    async def delete(self, id: Any) -> None:
        self._require("delete")
        await self.call("DELETE", id)

    @writes
    async def archive(self, id: Any) -> M:
        """Soft delete: the server forbids DELETE (405) and hides archived rows from lists."""
        self._require("archive")
        return self._parse(await self.call("PATCH", id, body={"deleted": True}))

    @writes
    async def restore(self, id: Any) -> M:
        self._require("archive")
        return self._parse(await self.call("PATCH", id, body={"deleted": False}))

    def write_body(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Turn read-shaped values into what the server accepts on write (e.g. owner object -> id)."""
        body = dict(changes)
        for read_name, write_name in self.spec.write_refs.items():
            if read_name not in body:
                continue
            value = body.pop(read_name)
            if isinstance(value, BaseModel):
                value = getattr(value, "id", None)
            elif isinstance(value, Mapping):
                value = value.get("id")
            body[write_name] = value
        return body

    def _parse(self, data: Any) -> M:
        return parse_model(self.spec.model, data if data is not None else {})

    def _require(self, operation: str) -> None:
        if operation in self.spec.operations:
            return
        noun = self.spec.path.rstrip("s").replace("_", " ")
        if operation == "delete" and "archive" in self.spec.operations:
            message = f"This {noun} cannot be deleted; archive it instead."
        else:
            message = f"The server does not offer '{operation}' for {self.spec.path.replace('_', ' ')}."
        raise MethodNotAllowedError(message, status=405, method=operation.upper(), path=self.path())


def _query(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Drop unset parameters and spell booleans the way Django reads them."""
    if not params:
        return None
    query: dict[str, Any] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            value = [str(v) for v in value]
        query[key] = value
    return query
