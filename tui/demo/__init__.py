"""A PostHog-compatible demo backend: a seeded "Hedgebox" project behind PostHog's private REST
API, with the real server's pagination styles, errors, scopes and quirks, plus switchable faults."""

from .app import create_app
from .options import (
    DEMO_API_KEY,
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
