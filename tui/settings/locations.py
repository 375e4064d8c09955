"""Where posthog-tui keeps its files (platformdirs), and where its stylesheets ship."""

from __future__ import annotations

import os
from importlib.resources import files
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


def cache_dir() -> Path:
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def config_override() -> Path | None:
    """The config file named by POSTHOG_TUI_CONFIG, if that is set and not empty."""
    value = os.environ.get(CONFIG_ENV, "").strip()
    return Path(value).expanduser() if value else None


def config_file() -> Path:
    return config_override() or config_dir() / CONFIG_FILE_NAME


def styles_dir() -> Path:
    # The wheel force-includes the top-level styles/ as tui/styles; a checkout or an
    # editable install only has the top-level folder.
    packaged = Path(str(files("tui") / "styles"))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "styles"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("posthog-tui stylesheets not found (styles/)")
