"""The Starlette application of the demo backend."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from . import (
    routes_actions,
    routes_dashboard_data,
    routes_dashboards,
    routes_definitions,
    routes_events,
    routes_insights,
    routes_members,
    routes_meta,
    routes_query,
    routes_schemas,
    routes_sharing,
    routes_tiles,
)
from .errors import drf_body
from .faults import FaultMiddleware
from .options import DemoOptions
from .state import DemoState


async def _unrouted(request: Request, exc: Exception) -> Response:
    return JSONResponse(drf_body("invalid_request", "not_found", "Endpoint not found."), status_code=404)


def create_app(options: DemoOptions | None = None, state: DemoState | None = None) -> Starlette:
    """A PostHog-compatible ASGI app; pass `state` to share data with a DemoServer."""
    state = state or DemoState(options or DemoOptions())
    routes = [
        *routes_meta.ROUTES,
        *routes_members.ROUTES,
        *routes_definitions.ROUTES,
        *routes_schemas.ROUTES,
        *routes_dashboards.ROUTES,
        *routes_sharing.ROUTES,
        *routes_tiles.ROUTES,
        *routes_dashboard_data.ROUTES,
        *routes_insights.ROUTES,
        *routes_actions.ROUTES,
        *routes_events.ROUTES,
        *routes_query.ROUTES,
    ]
    app = Starlette(routes=routes, exception_handlers={404: _unrouted})
    app.state.demo = state
    app.add_middleware(FaultMiddleware, state=state)
    return app
