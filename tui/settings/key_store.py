"""Where the personal API key comes from: env var, then the OS keyring; never a plaintext file.

keyring is imported lazily and only inside a daemon thread with a deadline: resolving its
backend costs ~150-200 ms, a locked desktop keyring can block on an unlock prompt, and on a
headless box the backends raise assorted exceptions (NoKeyringError, RuntimeError, ...).
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

API_KEY_ENV = "POSTHOG_PERSONAL_API_KEY"
KEYRING_SERVICE = "posthog-tui"
KEYRING_TIMEOUT = 3.0
# Writing may wait on the user typing an unlock password into a desktop prompt.
KEYRING_WRITE_TIMEOUT = 10.0

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


def scrub_key(text: str, key: str | None) -> str:
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
    return scrub_key(f"the keyring failed: {type(exc).__name__}: {exc}", key)


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


def _keyring_lookup(profile: str) -> tuple[Any, str]:
    backend = _secure_backend()
    return backend.get_password(KEYRING_SERVICE, profile), _backend_label(backend)


def resolve_api_key(profile_name: str, *, timeout: float = KEYRING_TIMEOUT) -> KeyResult:
    """The key for a profile: POSTHOG_PERSONAL_API_KEY first (keyring untouched), then keyring."""
    env_key = os.environ.get(API_KEY_ENV, "").strip()
    if env_key:
        return KeyResult(env_key, "env", f"from {API_KEY_ENV}")
    try:
        stored, label = _bounded(functools.partial(_keyring_lookup, profile_name), timeout)
    except BaseException as exc:  # noqa: BLE001 - any backend failure means "no key"
        return KeyResult(None, "none", _failure(exc))
    if isinstance(stored, bytes):
        # Some backends hand back what another tool stored as raw bytes.
        try:
            stored = stored.decode("utf-8")
        except UnicodeDecodeError:
            return KeyResult(
                None, "none", f"the key stored for profile {profile_name!r} in {label} is not text; "
                "store it again with `posthog-tui login`"
            )
    # A key pasted into a keyring tool often keeps its trailing newline: every request would fail.
    key = stored.strip() if isinstance(stored, str) else None
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
