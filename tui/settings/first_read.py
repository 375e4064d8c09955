"""The config file as the start needs it, read with `tomllib` alone.

The profile, its host, project and flags, `cache` and `[keymap]` are all the first frame needs
(the top bar and the list cache are keyed by them). pydantic costs about 100 ms to import, so
the full validation (`config.load_config`: unknown keys, profile names, references) runs in
the app once the first frame is up. A file this read cannot use as it is (not TOML, a value of
the wrong type) gets no first read: the command line validates it at once and says what is
wrong before the app starts, as it always did.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tui.settings import locations, state
from tui.settings.hosts import HostError, validate_host


@dataclass(frozen=True)
class FirstProfile:
    host: str
    project: int
    read_only: bool = False
    protected: bool = False


@dataclass
class FirstRead:
    default_profile: str | None = None
    last_profile: str | None = None
    profiles: dict[str, FirstProfile] = field(default_factory=dict)
    cache: bool = True
    keymap: dict[str, str] = field(default_factory=dict)
    exists: bool = False  # a missing file needs no validation later

    def choose_profile(self, requested: str | None = None) -> str | None:
        return choose_profile(self, requested)


class _Profiles(Protocol):
    default_profile: str | None
    last_profile: str | None

    @property
    def profiles(self) -> Any: ...


def choose_profile(cfg: _Profiles, requested: str | None = None) -> str | None:
    """Requested name, else default_profile, else the one used last, else the only profile."""
    if requested:
        return requested
    if cfg.default_profile:
        return cfg.default_profile
    if last := last_used(cfg):
        return last
    return next(iter(cfg.profiles)) if len(cfg.profiles) == 1 else None


def last_used(cfg: _Profiles) -> str | None:
    """The profile used last: the state folder's note if it names one of these profiles, else
    the `last_profile` key of older config files."""
    remembered = state.last_profile()
    return remembered if remembered in cfg.profiles else cfg.last_profile


def _typed(value: Any, kind: type, default: Any = None) -> Any:
    if value is None:
        return default
    # bool is an int to Python and not to the config's strict validation.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError
    return value


def _profile(data: Any) -> FirstProfile:
    if not isinstance(data, dict):
        raise TypeError
    host, project = _typed(data.get("host"), str), _typed(data.get("project"), int)
    if host is None or project is None or project <= 0:
        raise TypeError
    try:
        host = validate_host(host)
    except HostError:
        raise TypeError from None  # the full validation names the profile
    return FirstProfile(host=host, project=project,
                        read_only=_typed(data.get("read_only"), bool, False),
                        protected=_typed(data.get("protected"), bool, False))


def first_read(path: Path | None = None) -> FirstRead | None:
    """What the start needs from the config file, or None when only the full validation can say
    what to do with it."""
    path = path or locations.config_file()
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return FirstRead()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    try:
        profiles = _typed(data.get("profiles"), dict, {})
        keymap = _typed(data.get("keymap"), dict, {})
        if not all(isinstance(value, str) for value in keymap.values()):
            return None
        return FirstRead(
            default_profile=_typed(data.get("default_profile"), str),
            last_profile=_typed(data.get("last_profile"), str),
            profiles={name: _profile(profile) for name, profile in profiles.items()},
            cache=_typed(data.get("cache"), bool, True),
            keymap=keymap,
            exists=True,
        )
    except TypeError:
        return None
