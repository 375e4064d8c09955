"""Where the personal API key comes from: env var, then the OS keyring; never a plaintext file.

keyring is imported lazily and only inside a daemon thread with a deadline: resolving its
backend costs ~150-200 ms, a locked desktop keyring can block on an unlock prompt, and on a
headless box the backends raise assorted exceptions (NoKeyringError, RuntimeError, ...).
"""

from __future__ import annotations

import asyncio
import functools
import getpass
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from tui import config
from tui.config import HostError as HostError, validate_host as validate_host

if TYPE_CHECKING:
    from tui.api import models

API_KEY_ENV = "POSTHOG_PERSONAL_API_KEY"
KEYRING_SERVICE = "posthog-tui"
KEYRING_TIMEOUT = 3.0
# Writing may wait on the user typing an unlock password into a desktop prompt.
KEYRING_WRITE_TIMEOUT = 10.0
CHECK_TIMEOUT = 15.0

T = TypeVar("T")


@dataclass(frozen=True)
class KeyResult:
    key: str | None = field(repr=False)
    source: Literal["env", "keyring", "none"]
    reason: str


@dataclass(frozen=True)
class KeyringOutcome:
    ok: bool
    message: str


class _KeyringUnusable(Exception):
    pass


def _scrub(text: str, key: str | None) -> str:
    return text.replace(key, "[key]") if key else text


def _bounded(fn: Callable[[], T], timeout: float) -> T:
    """Run fn in a daemon thread; a backend that never returns must not keep the process alive."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="posthog-tui-keyring", daemon=True).start()
    if not done.wait(timeout):
        raise TimeoutError(
            f"the keyring did not answer within {timeout:g} s (a locked keyring may be "
            "waiting for an unlock prompt)"
        )
    if "error" in box:
        raise box["error"]
    return box["value"]


def _failure(exc: BaseException, key: str | None = None) -> str:
    if isinstance(exc, (TimeoutError, _KeyringUnusable)):
        return str(exc)
    return _scrub(f"the keyring failed: {type(exc).__name__}: {exc}", key)


def _backend_label(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__name__}"


def _backend_problem(backend: Any) -> str | None:
    """Why this backend must not hold the key, or None when it is a real secret store."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, chainer.ChainerBackend):
        chained = list(backend.backends)
        if not chained:
            return "no keyring backend is available"
        return next(filter(None, map(_backend_problem, chained)), None)
    if isinstance(backend, fail.Keyring):
        return (
            "no keyring backend is available (no Secret Service, macOS Keychain or "
            "Windows Credential Locker was found)"
        )
    if isinstance(backend, null.Keyring):
        return "the keyring is disabled (null backend)"
    cls = type(backend)
    if cls.__module__.startswith("keyrings.alt") or "Plaintext" in cls.__name__:
        return (
            f"{_backend_label(backend)} is not a secure store "
            "(it keeps keys in a file, at best base64-encoded)"
        )
    try:
        backend.priority  # noqa: B018 - raises RuntimeError when the backend cannot work here
    except Exception as exc:  # noqa: BLE001
        return f"{_backend_label(backend)} is not usable: {exc}"
    return None


def _secure_backend() -> Any:
    import keyring

    backend = keyring.get_keyring()
    problem = _backend_problem(backend)
    if problem:
        raise _KeyringUnusable(problem)
    return backend


def _keyring_lookup(profile: str) -> tuple[str | None, str]:
    backend = _secure_backend()
    return backend.get_password(KEYRING_SERVICE, profile), _backend_label(backend)


def resolve_api_key(profile_name: str, *, timeout: float = KEYRING_TIMEOUT) -> KeyResult:
    """The key for a profile: POSTHOG_PERSONAL_API_KEY first (keyring untouched), then keyring."""
    env_key = os.environ.get(API_KEY_ENV, "").strip()
    if env_key:
        return KeyResult(env_key, "env", f"from {API_KEY_ENV}")
    try:
        key, label = _bounded(functools.partial(_keyring_lookup, profile_name), timeout)
    except BaseException as exc:  # noqa: BLE001 - any backend failure means "no key"
        return KeyResult(None, "none", _failure(exc))
    if not key:
        return KeyResult(None, "none", f"no key stored for profile {profile_name!r} in {label}")
    return KeyResult(key, "keyring", f"from {label}")


def keyring_status(*, timeout: float = KEYRING_TIMEOUT) -> tuple[bool, str]:
    """(usable, description); usable only for a real secret store."""
    try:
        backend = _bounded(_secure_backend, timeout)
    except BaseException as exc:  # noqa: BLE001
        return False, _failure(exc)
    return True, _backend_label(backend)


def store_api_key(
    profile: str, key: str, *, timeout: float = KEYRING_WRITE_TIMEOUT
) -> KeyringOutcome:
    def store() -> str:
        backend = _secure_backend()
        backend.set_password(KEYRING_SERVICE, profile, key)
        return _backend_label(backend)

    try:
        label = _bounded(store, timeout)
    except BaseException as exc:  # noqa: BLE001
        return KeyringOutcome(False, _failure(exc, key))
    return KeyringOutcome(True, f"saved the key for profile {profile!r} in {label}")


def forget_api_key(profile: str, *, timeout: float = KEYRING_WRITE_TIMEOUT) -> KeyringOutcome:
    def forget() -> bool:
        from keyring.errors import PasswordDeleteError

        backend = _secure_backend()
        try:
            backend.delete_password(KEYRING_SERVICE, profile)
        except PasswordDeleteError:
            return False
        return True

    try:
        removed = _bounded(forget, timeout)
    except BaseException as exc:  # noqa: BLE001
        return KeyringOutcome(False, _failure(exc))
    if removed:
        return KeyringOutcome(True, f"removed the key for profile {profile!r} from the keyring")
    return KeyringOutcome(True, f"no key was stored for profile {profile!r}")


async def resolve_api_key_async(
    profile_name: str, *, timeout: float = KEYRING_TIMEOUT
) -> KeyResult:
    return await asyncio.to_thread(resolve_api_key, profile_name, timeout=timeout)


async def keyring_status_async(*, timeout: float = KEYRING_TIMEOUT) -> tuple[bool, str]:
    return await asyncio.to_thread(keyring_status, timeout=timeout)


async def store_api_key_async(
    profile: str, key: str, *, timeout: float = KEYRING_WRITE_TIMEOUT
) -> KeyringOutcome:
    return await asyncio.to_thread(store_api_key, profile, key, timeout=timeout)


async def forget_api_key_async(
    profile: str, *, timeout: float = KEYRING_WRITE_TIMEOUT
) -> KeyringOutcome:
    return await asyncio.to_thread(forget_api_key, profile, timeout=timeout)


@dataclass(frozen=True)
class CheckResult:
    """Outcome of trying a key against a server; `message` is safe to show (never the key)."""

    ok: bool
    message: str
    host: str = ""
    user: models.User | None = None
    projects: tuple[models.Project, ...] = ()
    current_project_id: int | None = None


_SCOPE_NEEDS = {"user:read": "find your current project", "project:read": "list your projects"}


def _check_failure(exc: Exception, host: str, scope: str, timeout: float) -> str:
    from tui.api import errors

    if isinstance(exc, errors.AuthenticationError):
        return (
            f"{host} rejected this key (401): it is mistyped, revoked, or belongs to an "
            "inactive user. Create a personal API key under Settings > Personal API keys."
        )
    if isinstance(exc, errors.PermissionDeniedError):
        missing = exc.missing_scope
        if missing or "scope" in (exc.detail or ""):
            missing = missing or scope
            return (
                f"This key lacks the '{missing}' scope, which posthog-tui needs to "
                f"{_SCOPE_NEEDS.get(missing, 'work')}. Add '{missing}' to the key in PostHog "
                "(Settings > Personal API keys)."
            )
        return f"{host} refused this key (403): {exc.detail or exc}"
    if isinstance(exc, errors.ApiTimeoutError):
        return f"{host} did not answer within {timeout:g} s. Check the address or try again."
    if isinstance(exc, errors.ApiConnectionError):
        return f"Could not connect to {host}. Check the address and your network."
    if isinstance(exc, (errors.NotFoundError, errors.MethodNotAllowedError, errors.BadResponseError)):
        return f"{host} does not look like a PostHog server: {exc}"
    if isinstance(exc, errors.RateLimitedError):
        wait = f" in {exc.retry_after:g} s" if exc.retry_after else " shortly"
        return f"{host} is rate-limiting requests; try again{wait}."
    if isinstance(exc, errors.ServerError):
        return f"{host} had a server error ({exc.status}); try again later."
    return f"Unexpected answer from {host}: {exc}"


def _project_label(project: models.Project) -> str:
    return f"{project.id} ({project.name})" if project.name else str(project.id)


async def check_key(
    host: str,
    key: str,
    project_id: int | None = None,
    *,
    timeout: float = CHECK_TIMEOUT,
    transport: Any = None,
) -> CheckResult:
    """Try the key: who am I (user:read), which projects (project:read), and, when a project
    is given, whether the key can see it."""
    try:
        host = validate_host(host)
    except HostError as exc:
        return CheckResult(False, str(exc))
    key = key.strip()
    if not key:
        return CheckResult(False, "Enter a personal API key.", host)
    if key.startswith("phc_"):
        return CheckResult(
            False,
            "That is a project API key (phc_...), which can only send events. Use a personal "
            "API key (phx_...) from Settings > Personal API keys.",
            host,
        )
    from tui.api import errors
    from tui.api.client import PostHogClient

    scope = "user:read"
    try:
        async with PostHogClient(
            host,
            key,
            "@current" if project_id is None else project_id,
            timeout=timeout,
            transport=transport,
            max_retries=0,
        ) as client:
            user = await client.me()
            scope = "project:read"
            projects = tuple(await client.projects())
    except errors.ApiError as exc:
        return CheckResult(False, _scrub(_check_failure(exc, host, scope, timeout), key), host)
    current = user.current_project_id
    if not projects:
        return CheckResult(False, "This key can see no projects.", host, user)
    visible = {p.id for p in projects}
    if project_id is not None and project_id not in visible:
        seen = ", ".join(_project_label(p) for p in projects[:10])
        return CheckResult(
            False, f"Project {project_id} is not visible to this key. It can see: {seen}.", host
        )
    if current not in visible:
        current = projects[0].id
    return CheckResult(True, "The key works.", host, user, projects, current)


def save_login(
    profile: str, host: str, project: int, key: str, *, save_key: bool
) -> KeyringOutcome | None:
    """Persist a checked login: the profile always, the key only into a secure keyring.

    Raises ConfigError / HostError / ValueError when the profile cannot be written.
    """
    config.upsert_profile(profile, host=host, project=project)
    return store_api_key(profile, key) if save_key else None


async def save_login_async(
    profile: str, host: str, project: int, key: str, *, save_key: bool
) -> KeyringOutcome | None:
    return await asyncio.to_thread(save_login, profile, host, project, key, save_key=save_key)


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}."


def _read_key() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Personal API key (input hidden): ")
    return os.environ.get(API_KEY_ENV) or sys.stdin.readline()


def cmd_login(
    host: str | None = None, project: int | None = None, profile: str | None = None
) -> int:
    """`posthog-tui login`: check a key, save the profile, and the key into the keyring."""
    try:
        return _login(host, project, profile)
    except (KeyboardInterrupt, EOFError):
        print("\nLogin cancelled.", file=sys.stderr)
        return 130
    except (config.ConfigError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1


def _login(host: str | None, project: int | None, profile: str | None) -> int:
    cfg = config.load_config()
    name = config.check_profile_name(profile or cfg.default_profile or "default")
    existing = cfg.profiles.get(name)
    host = host or (existing.host if existing else None)
    if not host and sys.stdin.isatty():
        host = input("PostHog host: us, eu or https://your.server [us]: ").strip() or "us"
    if not host:
        print("No host given: pass --host (us, eu or https://your.server).", file=sys.stderr)
        return 2
    host = validate_host(host)
    key = _read_key().strip()
    if not key:
        print(f"No key given. Create a personal API key, or set {API_KEY_ENV}.", file=sys.stderr)
        return 1
    print(f"Checking the key with {host} ...")
    wanted = project or (existing.project if existing else None)
    result = asyncio.run(check_key(host, key, wanted))
    if not result.ok:
        print(result.message, file=sys.stderr)
        return 1
    chosen = next(p for p in result.projects if p.id == (wanted or result.current_project_id))
    if not wanted and len(result.projects) > 1:
        others = ", ".join(_project_label(p) for p in result.projects[:10])
        print(f"Projects this key can see: {others}. Pass --project to choose another.")
    stored = save_login(name, host, chosen.id, key, save_key=True)
    email = result.user.email if result.user else None
    who = f", as {email}" if email else ""
    print(f"Profile {name!r}: {host}, project {_project_label(chosen)}{who}.")
    if stored and stored.ok:
        print(_sentence(stored.message))
    elif stored:
        print(f"The key was not saved: {stored.message}.")
        print(f"Set {API_KEY_ENV} before starting posthog-tui.")
    return 0


def cmd_logout(profile: str | None = None) -> int:
    """`posthog-tui logout`: forget the profile's key (the profile itself stays)."""
    try:
        name = profile or config.load_config().choose_profile()
    except config.ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not name:
        print("No profile to log out of: pass --profile NAME.", file=sys.stderr)
        return 1
    outcome = forget_api_key(name)
    print(_sentence(outcome.message), file=sys.stdout if outcome.ok else sys.stderr)
    if os.environ.get(API_KEY_ENV):
        print(f"Note: {API_KEY_ENV} is still set in this environment and takes precedence.")
    return 0 if outcome.ok else 1
