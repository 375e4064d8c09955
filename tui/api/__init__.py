"""PostHog API layer: async client, models, errors. Never imports the UI toolkit.

Submodules load on first use (`tui.api.PostHogClient`, `tui.api.models`, ...) so
importing the package itself stays cheap for the app's first frame.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import errors, models
    from .client import PostHogClient
    from .models import NotSupported, Page
    from .ratelimit import RateLimiter
    from .tags import normalize_tags

__all__ = ["NotSupported", "Page", "PostHogClient", "RateLimiter", "errors", "models", "normalize_tags"]

_LAZY = {
    "PostHogClient": ("tui.api.client", "PostHogClient"),
    "RateLimiter": ("tui.api.ratelimit", "RateLimiter"),
    "NotSupported": ("tui.api.models", "NotSupported"),
    "Page": ("tui.api.models", "Page"),
    "normalize_tags": ("tui.api.tags", "normalize_tags"),
    "errors": ("tui.api.errors", None),
    "models": ("tui.api.models", None),
}


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'tui.api' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    return module if attribute is None else getattr(module, attribute)
