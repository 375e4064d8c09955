"""Where posthog-tui keeps its files, settled once (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "posthog-tui"
CONFIG_ENV = "POSTHOG_TUI_CONFIG"
CONFIG_FILE_NAME = "config.toml"


def config_dir() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def state_dir() -> Path:
    return platformdirs.user_state_path(APP_NAME, appauthor=False)


def config_override() -> Path | None:
    """The config file named by POSTHOG_TUI_CONFIG, if that is set and not empty."""
    value = os.environ.get(CONFIG_ENV, "").strip()
    return Path(value).expanduser() if value else None


def config_file() -> Path:
    return config_override() or config_dir() / CONFIG_FILE_NAME
