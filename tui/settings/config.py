"""Profiles and keymap in a TOML file, validated strictly, written privately.

```toml
default_profile = "prod"
last_profile = "prod"

[profiles.prod]
host = "https://us.posthog.com"
project = 12345
read_only = false
protected = true

[keymap]
"resource.refresh" = "ctrl+r"
```
"""

from __future__ import annotations

import ipaddress
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tui.settings import locations

REGION_HOSTS = {"us": "https://us.posthog.com", "eu": "https://eu.posthog.com"}
# The `.i.` hosts only take ingestion (capture, flags); the private API answers on the app host.
_INGESTION_HOSTS = {"us.i.posthog.com": REGION_HOSTS["us"], "eu.i.posthog.com": REGION_HOSTS["eu"]}
_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_BARE_TOML_KEY = re.compile(r"[A-Za-z0-9_-]+")


class HostError(ValueError):
    """A host the app refuses to send a key to; the message says why and what to do."""


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


def is_loopback(hostname: str) -> bool:
    if hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def validate_host(url: str) -> str:
    """Normalise a host (or the shortcuts `us` / `eu`) to `scheme://host[:port]`.

    Plain http is refused except on loopback: the key travels in every request header.
    """
    text = url.strip()
    if not text:
        raise HostError("Enter a host: us, eu, or the https:// address of your PostHog server.")
    if text.lower() in REGION_HOSTS:
        return REGION_HOSTS[text.lower()]
    if "://" not in text:
        # Without a scheme, loopback means a local dev or demo server, which speaks http.
        bare = urlsplit(f"//{text}").hostname or ""
        text = f"{'http' if is_loopback(bare) else 'https'}://{text}"
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    try:
        hostname, port = parts.hostname, parts.port
    except ValueError:
        raise HostError(f"{url.strip()!r} has an invalid port number.") from None
    if scheme not in ("http", "https") or not hostname:
        raise HostError(f"{url.strip()!r} is not a web address; use e.g. https://posthog.example.com.")
    if parts.username is not None or parts.password is not None:
        raise HostError("Leave user names and passwords out of the host address.")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise HostError(
            f"Enter only the server address, without a path: {scheme}://{parts.netloc}."
        )
    if hostname in _INGESTION_HOSTS:
        raise HostError(
            f"{hostname} only receives events; the API is at {_INGESTION_HOSTS[hostname]}."
        )
    if scheme == "http" and not is_loopback(hostname):
        raise HostError(
            f"Refusing plain http for {hostname}: the API key would travel unencrypted. "
            "Use https:// (http is allowed only for localhost, 127.0.0.1 and ::1)."
        )
    netloc = f"[{hostname}]" if ":" in hostname else hostname
    if port is not None:
        netloc = f"{netloc}:{port}"
    return f"{scheme}://{netloc}"


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

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        return validate_host(value)


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    default_profile: str | None = None
    last_profile: str | None = None
    profiles: dict[str, Profile] = Field(default_factory=dict)
    # action id -> key string; the action registry decides which ids and keys are valid
    keymap: dict[str, str] = Field(default_factory=dict)

    def choose_profile(self, requested: str | None = None) -> str | None:
        """Requested name, else default_profile, else last_profile, else the only profile."""
        if requested:
            return requested
        if self.default_profile or self.last_profile:
            return self.default_profile or self.last_profile
        return next(iter(self.profiles)) if len(self.profiles) == 1 else None


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
    """Write atomically with mode 0600 (mkstemp's default), so no reader sees half a file."""
    path = path or locations.config_file()
    data = cfg.model_dump(exclude_none=True)
    if not data["keymap"]:
        del data["keymap"]
    payload = tomli_w.dumps(data).encode("utf-8")
    try:
        _make_private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(path, [("", f"cannot write the file: {exc.strerror}")]) from None
    return path


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
    if cfg.default_profile == name:
        cfg.default_profile = None
    if cfg.last_profile == name:
        cfg.last_profile = None
    save_config(cfg, path)
    return cfg


def set_last_used(name: str, path: Path | None = None) -> Config:
    cfg, path = _load_for(name, path)
    if cfg.last_profile != name:
        cfg.last_profile = name
        save_config(cfg, path)
    return cfg
