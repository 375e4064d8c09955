"""How a demo route is declared and dispatched: the DRF order of checks (authentication, then
405, then the project lookup, the key's project restriction and its scope), JSON bodies, and
limit/offset pages."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import errors
from .auth import ANY_KEY, NO_PERSONAL_KEY_ACCESS, DemoKey, authenticate, check_reach, require_scope
from .data import ProjectData
from .options import DEMO_PROJECT_ID
from .state import DemoState

Handler = Callable[["Ctx"], Awaitable[Response]]


@dataclass
class Ctx:
    request: Request
    state: DemoState
    body: Any
    key: DemoKey
    project: ProjectData | None = None
    path: dict[str, str] = field(default_factory=dict)

    @property
    def data(self) -> ProjectData:
        assert self.project is not None
        return self.project

    @property
    def query(self) -> QueryParams:
        return self.request.query_params

    @property
    def legacy(self) -> bool:
        return self.state.options.flavour == "legacy"

    def fields(self) -> dict[str, Any]:
        """The JSON body as a dict, or DRF's non-field error for anything else."""
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise errors.validation(f"Invalid data. Expected a dictionary, but got {type(self.body).__name__}.",
                                    code="invalid_input")
        return self.body

    def int_path(self, name: str) -> int:
        try:
            return int(self.path[name])
        except ValueError:
            raise errors.not_found() from None


def scoped(scope: str) -> Callable[[Handler], Handler]:
    """Declare the personal-key scope a handler needs. `session:x:y` marks endpoints PostHog keeps
    for browser sessions: 403 for keys unless options.session_endpoints, then they need `x:y`.
    `auth.ANY_KEY` answers every valid key, whatever its scopes and projects."""

    def mark(handler: Handler) -> Handler:
        handler.scope = scope  # type: ignore[attr-defined]
        return handler

    return mark


def only_on(flavour: str) -> Callable[[Handler], Handler]:
    """A route one flavour of server has: the other answers 404 "Endpoint not found." before any check."""

    def mark(handler: Handler) -> Handler:
        handler.flavour = flavour  # type: ignore[attr-defined]
        return handler

    return mark


def ok(payload: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(payload, status_code=status)


def rows_response(payload: dict[str, Any], rows_key: str = "results", status: int = 200) -> Response:
    """Like `ok`, for answers with tens of thousands of rows: the rows are encoded a thousand at a time,
    which is about twice as fast as one `json.dumps` building a single huge string."""
    rows = payload[rows_key]
    head = json.dumps({k: v for k, v in payload.items() if k != rows_key}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    chunks = [json.dumps(rows[i:i + 1000], ensure_ascii=False, separators=(",", ":")).encode()[1:-1]
              for i in range(0, len(rows), 1000)]
    body = head[:-1] + (b"," if len(head) > 2 else b"") + json.dumps(rows_key).encode() + b":[" \
        + b",".join(chunks) + b"]}"
    return Response(body, status_code=status, media_type="application/json")


def no_content() -> Response:
    return Response(b"", status_code=204)


def _parse_body(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise errors.parse_error(f"JSON parse error - {exc}") from None


def only_if(option: str) -> Callable[[Handler], Handler]:
    """A route a boolean `DemoOptions` field can take away: off, it answers 404 "Endpoint not found."
    before any check, as a server without that API does."""

    def mark(handler: Handler) -> Handler:
        handler.option = option  # type: ignore[attr-defined]
        return handler

    return mark


def resource(path: str, **methods: Handler) -> list[Route]:
    """Routes for `path` with and without the trailing slash (PostHog's router accepts both)."""

    flavours = {getattr(handler, "flavour", None) for handler in methods.values()}
    only = flavours.pop() if len(flavours) == 1 else None
    switches: set[str] = {handler.option for handler in methods.values() if hasattr(handler, "option")}

    async def endpoint(request: Request) -> Response:
        state: DemoState = request.app.state.demo
        try:
            if only is not None and state.options.flavour != only:
                raise errors.endpoint_not_found()
            if not all(getattr(state.options, option) for option in switches):
                raise errors.endpoint_not_found()
            body = _parse_body(await request.body()) if request.method in ("POST", "PATCH", "PUT") else None
            key = authenticate(request, body)
            handler = methods.get(request.method)
            if handler is None:
                raise errors.method_not_allowed(request.method, sorted(methods))
            scope: str = handler.scope  # type: ignore[attr-defined]
            if scope.startswith("session:"):
                if not state.options.session_endpoints:
                    raise errors.permission_denied(NO_PERSONAL_KEY_ACCESS)
                scope = scope.removeprefix("session:")
            ctx = Ctx(request, state, body, key, path=dict(request.path_params))
            if "project_id" in ctx.path:
                ctx.project = resolve_project(state, ctx.path["project_id"])
                state.catch_up(ctx.project)
            if scope != ANY_KEY:
                check_reach(key, scope, ctx.project.id if ctx.project else None)
                require_scope(key.scopes, scope)
            state.key_used[key.id] = state.clock()
            return await handler(ctx)
        except errors.ApiError as exc:
            return exc.response

    verbs = [*methods, "DELETE", "GET", "PATCH", "POST", "PUT"]
    return [Route(path, endpoint, methods=verbs), Route(path + "/", endpoint, methods=verbs)]


def resolve_project(state: DemoState, raw: str) -> ProjectData:
    project_id = DEMO_PROJECT_ID if raw == "@current" else int(raw) if raw.isdigit() else None
    if project_id not in state.projects:
        raise errors.not_found("Project not found.")
    return state.projects[project_id]


def absolute_url(ctx: Ctx, **params: Any) -> str:
    """The request URL with `params` replaced (None removes one); keys sorted, as DRF does."""
    query = dict(parse_qsl(ctx.request.url.query, keep_blank_values=True))
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    base = str(ctx.request.url.replace(query=""))
    return base.rstrip("?") + ("?" + urlencode(sorted(query.items())) if query else "")


def int_param(ctx: Ctx, name: str, default: int, *, minimum: int = 0, strict: bool = False) -> int:
    """DRF's `_positive_int`: bad values fall back to the default, unless the endpoint is `strict`."""
    raw = ctx.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        if strict:
            raise errors.validation("A valid integer is required.", name) from None
        return default
    if value < minimum:
        if strict:
            raise errors.validation(f"Ensure this value is greater than or equal to {minimum}.", name, "min_value")
        return default
    return value


def limit_offset_page(ctx: Ctx, rows: list[Any], *, count: int | None = None, full_page_next: bool = False,
                      strict: bool = False, serialize: Callable[[Any], Any] = lambda r: r) -> dict[str, Any]:
    """DRF LimitOffsetPagination: `{count, next, previous, results}` with absolute URLs."""
    limit = int_param(ctx, "limit", 100, minimum=1, strict=strict)
    offset = int_param(ctx, "offset", 0, strict=strict)
    results = rows[offset:offset + limit]
    total = len(rows) if count is None else count
    more = len(results) == limit if full_page_next else offset + limit < total
    return {
        "count": total,
        "next": absolute_url(ctx, limit=limit, offset=offset + limit) if more else None,
        "previous": None if offset <= 0 else absolute_url(
            ctx, limit=limit, offset=offset - limit if offset - limit > 0 else None),
        "results": [serialize(r) for r in results],
    }
