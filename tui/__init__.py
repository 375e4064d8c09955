"""posthog-tui: a keyboard-first explorer for a PostHog project."""

__version__ = "0.1.0"
