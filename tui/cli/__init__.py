"""The `posthog-tui` command and its subcommands."""

from tui.cli.main import main

__all__ = ["main"]
