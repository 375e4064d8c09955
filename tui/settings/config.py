"""Profiles and keymap in a TOML file, validated strictly, written privately.

```toml
default_profile = "prod"

[profiles.prod]
host = "https://us.posthog.com"
project = 12345
read_only = false
protected = true

[keymap]
"resource.refresh" = "ctrl+r"
```

The file is the user's: it is written only when they ask for a change (login, adding or
removing a profile), and then only what changed is rewritten, keeping their comments and
layout (tomlkit); a symlink is followed, so a config kept in a dotfiles repository stays a
link. The profile used last lives in the state folder (`state.py`); a `last_profile` key
left in an older file is still read.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tui.listing import cache as list_cache

if TYPE_CHECKING:
    import tomlkit
from tui.settings import locations
from tui.settings.first_read import choose_profile, last_used

# The host checks live without pydantic; their callers import them from here.
from tui.settings.hosts import REGION_HOSTS as REGION_HOSTS
from tui.settings.hosts import HostError as HostError
from tui.settings.hosts import is_loopback as is_loopback
from tui.settings.hosts import validate_host

_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_BARE_TOML_KEY = re.compile(r"[A-Za-z0-9_-]+")


class ConfigError(Exception):
    """The config file cannot be used; names the file and each offending key."""

    def __init__(self, path: Path, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        lines = [f"{key}: {problem}" if key else problem for key, problem in problems]
        if len(lines) == 1:
            text = f"Invalid config file {path}: {lines[0]}"
        else:
            text = f"Invalid config file {path}:\n" + "\n".join(f"  {line}" for line in lines)
        super().__init__(text)


class UnknownProfileError(LookupError):
    def __init__(self, name: str, cfg: Config, path: Path) -> None:
        known = ", ".join(sorted(cfg.profiles)) or "none yet"
        super().__init__(f"No profile named {name!r} in {path} (profiles: {known}).")
        self.name = name


def check_profile_name(name: str) -> str:
    if not _PROFILE_NAME.fullmatch(name):
        raise ValueError(
            f"Invalid profile name {name!r}: use up to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
    return name


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    host: str
    project: int = Field(gt=0)
    read_only: bool = False
    protected: bool = False
    # The triage's rules for this project (None: the defaults, 30 days and snake_case).
    stale_days: int | None = Field(None, gt=0)
    naming: str | None = None

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        return validate_host(value)

    @field_validator("naming")
    @classmethod
    def _naming(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {exc}") from None
        return value


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    default_profile: str | None = None
    last_profile: str | None = None
    profiles: dict[str, Profile] = Field(default_factory=dict)
    cache: bool = True  # `cache = false`: every start waits for the server, nothing is kept
    # action id -> key string; the action registry decides which ids and keys are valid
    keymap: dict[str, str] = Field(default_factory=dict)

    def choose_profile(self, requested: str | None = None) -> str | None:
        return choose_profile(self, requested)

    def last_used(self) -> str | None:
        return last_used(self)


_ALLOWED_KEYS = {1: list(Config.model_fields), 3: list(Profile.model_fields)}
_EXPECTED = {
    "int_type": "an integer",
    "bool_type": "true or false",
    "string_type": "a string",
    "dict_type": "a table",
    "model_type": "a table",
}


def _toml_key(loc: tuple[Any, ...]) -> str:
    return ".".join(
        part if _BARE_TOML_KEY.fullmatch(str(part)) else f'"{part}"' for part in map(str, loc)
    )


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _describe(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "missing (required)"
    if kind == "extra_forbidden":
        allowed = _ALLOWED_KEYS.get(len(error["loc"]))
        return f"unknown key (expected one of: {', '.join(allowed)})" if allowed else "unknown key"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {_shown(error['input'])}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return error["msg"]


def _reference_problems(cfg: Config) -> list[tuple[str, str]]:
    problems = []
    for name in cfg.profiles:
        try:
            check_profile_name(name)
        except ValueError as exc:
            problems.append((_toml_key(("profiles", name)), str(exc)))
    known = ", ".join(sorted(cfg.profiles)) or "none"
    for key in ("default_profile", "last_profile"):
        value = getattr(cfg, key)
        if value is not None and value not in cfg.profiles:
            problems.append((key, f"{value!r} is not a profile in this file (profiles: {known})"))
    return problems


def load_config(path: Path | None = None) -> Config:
    """The config at `path` (default: locations.config_file()); empty when the file is missing."""
    path = path or locations.config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(path, [("", f"cannot read the file: {exc.strerror}")]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(path, [("", f"not valid TOML: {exc}")]) from None
    try:
        cfg = Config.model_validate(data)
    except ValidationError as exc:
        problems = [(_toml_key(err["loc"]), _describe(err)) for err in exc.errors()]
        raise ConfigError(path, problems) from None
    problems = _reference_problems(cfg)
    if problems:
        raise ConfigError(path, problems)
    return cfg


def _make_private_dir(directory: Path) -> None:
    # Only directories created here get 0700: an override may point into a shared dir.
    if not directory.exists():
        directory.mkdir(parents=True, mode=0o700)
        directory.chmod(0o700)


def save_config(cfg: Config, path: Path | None = None) -> Path:
    """Make the file at `path` say `cfg`, rewriting only the values that differ.

    Comments, order and formatting of the rest are kept, and nothing is written when nothing
    changed. A symlink is followed: its target is replaced atomically (no reader sees half a
    file) and keeps its mode; a new file is 0600 (mkstemp's default).
    """
    import tomlkit  # only writing needs the layout-keeping parser: reading is on the way to the first frame

    path = path or locations.config_file()
    target = path.resolve()
    try:
        exists = target.exists()
        old_text = target.read_text(encoding="utf-8") if exists else ""
        doc = tomlkit.parse(old_text)
        _merge(doc, cfg)
        text = tomlkit.dumps(doc)
    except OSError as exc:
        raise ConfigError(path, [("", f"cannot read the file: {exc.strerror}")]) from None
    except (ValueError, tomlkit.exceptions.TOMLKitError):
        raise ConfigError(path, [("", "its layout cannot be updated in place; make the change by hand")]) from None
    if Config.model_validate(tomllib.loads(text)) != cfg:
        raise ConfigError(path, [("", "its layout cannot be updated in place; make the change by hand")])
    if text != old_text or not exists:
        _write_atomically(target, text.encode("utf-8"), path)
    return path


def _merge(doc: tomlkit.TOMLDocument, cfg: Config) -> None:
    data = cfg.model_dump(exclude_none=True)
    for key in ("default_profile", "last_profile"):
        _assign(doc, key, data.get(key))
    profiles = _subtable(doc, "profiles", bool(data["profiles"]))
    if profiles is not None:
        for name in [name for name in profiles if name not in data["profiles"]]:
            del profiles[name]
        for name, fields in data["profiles"].items():
            new = name not in profiles
            if new:
                profiles[name] = _new_table(profiles)
            for key, value in fields.items():
                # A flag left out of an existing profile stays out while it keeps its default.
                if new or key in profiles[name] or value != Profile.model_fields[key].default:
                    _assign(profiles[name], key, value)
    keymap = _subtable(doc, "keymap", bool(data["keymap"]))
    if keymap is not None:
        for key in [key for key in keymap if key not in data["keymap"]]:
            del keymap[key]
        for key, value in data["keymap"].items():
            _assign(keymap, key, value)


def _assign(container: Any, key: str, value: Any) -> None:
    """Set `key` only when its value changes, so an untouched line keeps its comment and spelling."""
    if value is None:
        if key in container:
            del container[key]
    elif key not in container or container[key] != value:
        container[key] = value


def _subtable(doc: tomlkit.TOMLDocument, key: str, needed: bool) -> Any:
    import tomlkit

    if key not in doc and needed:
        doc[key] = tomlkit.table(is_super_table=key == "profiles")
    return doc.get(key)


def _new_table(parent: Any) -> Any:
    import tomlkit

    # Inside `profiles = {...}` a profile must be inline too.
    return tomlkit.inline_table() if isinstance(parent, tomlkit.items.InlineTable) else tomlkit.table()


def _write_atomically(target: Path, payload: bytes, shown: Path) -> None:
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o600
        _make_private_dir(target.parent)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(shown, [("", f"cannot write the file: {exc.strerror}")]) from None


def upsert_profile(
    name: str,
    *,
    host: str,
    project: int,
    read_only: bool | None = None,
    protected: bool | None = None,
    make_default: bool = False,
    path: Path | None = None,
) -> Config:
    """Add or update a profile; flags left as None keep their current value (False when new).

    The first profile saved becomes the default. Raises ValueError (bad name), HostError,
    ConfigError.
    """
    check_profile_name(name)
    path = path or locations.config_file()
    cfg = load_config(path)
    old = cfg.profiles.get(name)
    cfg.profiles[name] = Profile(
        host=validate_host(host),
        project=project,
        read_only=(old.read_only if old else False) if read_only is None else read_only,
        protected=(old.protected if old else False) if protected is None else protected,
        stale_days=old.stale_days if old else None,
        naming=old.naming if old else None,
    )
    if make_default or cfg.default_profile is None:
        cfg.default_profile = name
    save_config(cfg, path)
    return cfg


def _load_for(name: str, path: Path | None) -> tuple[Config, Path]:
    path = path or locations.config_file()
    cfg = load_config(path)
    if name not in cfg.profiles:
        raise UnknownProfileError(name, cfg, path)
    return cfg, path


def remove_profile(name: str, path: Path | None = None) -> Config:
    cfg, path = _load_for(name, path)
    del cfg.profiles[name]
    list_cache.clear(name)
    if cfg.default_profile == name:
        cfg.default_profile = None
    if cfg.last_profile == name:
        cfg.last_profile = None
    save_config(cfg, path)
    return cfg
