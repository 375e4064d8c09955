"""A PostHog-compatible demo backend: a seeded "Hedgebox" project (and a smaller, differently set up
"Hedgebox Staging") behind PostHog's private REST API, with the real server's pagination styles,
errors, scopes and quirks, insights, a Query API that really runs HogQL over the demo's events,
live events on the wall clock, plus switchable faults."""

from .app import create_app
from .options import (
    DEMO_API_KEY,
    DEMO_NO_QUERY_KEY,
    DEMO_NO_SCOPE_KEY,
    DEMO_PROJECT_ID,
    DEMO_READ_ONLY_KEY,
    DEMO_SCOPED_KEY,
    SECOND_PROJECT_ID,
    DemoOptions,
)
from .server import DemoServer, serve
from .state import RecordedRequest

__all__ = [
    "DEMO_API_KEY",
    "DEMO_NO_QUERY_KEY",
    "DEMO_NO_SCOPE_KEY",
    "DEMO_PROJECT_ID",
    "DEMO_READ_ONLY_KEY",
    "DEMO_SCOPED_KEY",
    "DemoOptions",
    "DemoServer",
    "RecordedRequest",
    "SECOND_PROJECT_ID",
    "create_app",
    "serve",
]
