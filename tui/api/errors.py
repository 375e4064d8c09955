"""Typed errors for every way a PostHog request can fail.

PostHog answers errors in several shapes: the flat drf-exceptions-hog object
`{type, code, detail, attr}`, ad-hoc `{"detail": ...}` / `{"error": ...}` bodies,
empty bodies (405 on DELETE of dashboards/actions) and, from proxies in front of
it, HTML pages. `error_from_response` turns all of them into one of the classes
below whose `str()` is a single sentence a person can act on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = [
    "ApiError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "MethodNotAllowedError",
    "RequestValidationError",
    "RateLimitedError",
    "ServerError",
    "HtmlServerError",
    "TruncatedResponseError",
    "ApiTimeoutError",
    "ApiConnectionError",
    "BadResponseError",
    "WriteRefused",
    "CursorLoopError",
    "PageCapError",
    "InvalidApiKeyError",
    "PartialListing",
    "error_from_response",
    "parse_retry_after",
    "resource_noun",
]

_MISSING_SCOPE = re.compile(r"missing required scope '([^']+)'")
_PERSONAL_KEY_UNSUPPORTED = "does not support personal api key access"
_KEY_PATTERN = re.compile(r"\bph[xas]_[A-Za-z0-9_\-]{6,}")


@dataclass(frozen=True)
class PartialListing:
    """How far a listing got before it failed, and what fetches the rest.

    `delivered` rows were handed to the page callback. `resume` is the query of the first page
    not delivered, or None when asking again cannot help (a cursor that loops); hand the whole
    object back as `Resource.stream(on_page, resume=...)` or `Resource.pages(resume=...)`.
    Offset-paged listings delivered every row before `resume_offset`; pages after it that
    arrived too come again, with the same offsets. `seen` holds the ids a cursor listing
    delivered last, so the overlap of its next page is not handed over twice.
    """

    delivered: int
    resume: dict[str, Any] | None = None
    resume_offset: int | None = None
    seen: frozenset[Any] = field(default=frozenset(), repr=False)


class ApiError(Exception):
    """Base of every error raised by `tui.api`; `str()` is one readable sentence."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        type: str | None = None,
        code: str | None = None,
        detail: str | None = None,
        attr: str | None = None,
        retry_after: float | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.type = type
        self.code = code
        self.detail = detail
        self.attr = attr
        self.retry_after = retry_after
        self.method = method
        self.path = path
        # Set when a listing failed part-way: see `PartialListing`.
        self.partial: PartialListing | None = None

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"

    def redact(self, secret: str | None) -> ApiError:
        """Remove `secret` (and anything shaped like a PostHog key) from every text the error holds.

        Every attribute is covered, not a list of known ones: a server may echo the key in any
        field of its error body (`attr`, `code`, ...), and subclasses add fields of their own.
        """
        for name, value in list(vars(self).items()):
            if isinstance(value, str):
                setattr(self, name, _scrub(value, secret))
        self.args = tuple(_scrub(a, secret) if isinstance(a, str) else a for a in self.args)
        return self


class AuthenticationError(ApiError):
    """401: no key, or the key is invalid/revoked."""


class PermissionDeniedError(ApiError):
    """403: the key lacks a scope, a project, or the action refuses personal keys."""

    @property
    def missing_scope(self) -> str | None:
        match = _MISSING_SCOPE.search(self.detail or "")
        return match.group(1) if match else None

    @property
    def personal_key_unsupported(self) -> bool:
        return _PERSONAL_KEY_UNSUPPORTED in (self.detail or "").lower()


class NotFoundError(ApiError):
    """404."""


class MethodNotAllowedError(ApiError):
    """405 (DELETE on dashboards/actions comes back with an empty body)."""


class RequestValidationError(ApiError):
    """400: the server rejected the request body or parameters; `.attr` names the field."""


class RateLimitedError(ApiError):
    """429 that could not be waited out; `.retry_after` is the server's wait in seconds."""


class ServerError(ApiError):
    """5xx."""


class BadResponseError(ApiError):
    """The answer was not usable JSON: an HTML page, malformed, truncated or absurdly nested JSON."""


class CursorLoopError(BadResponseError):
    """A listing's `next` led back to a page already requested: following it would never end."""


class PageCapError(BadResponseError):
    """A listing was still going after `pagination.MAX_PAGES` pages; `.partial` says how to go on."""


class InvalidApiKeyError(ApiError, ValueError):
    """The key cannot be sent at all (control or non-ASCII characters); refused before any request."""


class TruncatedResponseError(BadResponseError):
    """The connection dropped while the body was arriving."""


class HtmlServerError(ServerError, BadResponseError):
    """A 5xx whose body is a proxy's HTML page: both a server failure and a bad response."""


class ApiTimeoutError(ApiError):
    """The server did not answer in time."""


class ApiConnectionError(ApiError):
    """The request could not be delivered (DNS, refused connection, dropped socket)."""

    def __init__(self, message: str, *, reached_server: bool = False, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        # A refused/failed connect never reached the server, so even a POST is safe to resend.
        self.reached_server = reached_server


class WriteRefused(ApiError):
    """The session's write gate kept the request back: nothing was sent."""


def _scrub(text: str, secret: str | None) -> str:
    if secret:
        text = text.replace(secret, "[api key]")
    return _KEY_PATTERN.sub("[api key]", text)


def resource_noun(path: str | None) -> str:
    """`/api/projects/1/dashboards/5/` -> "dashboard"; used to name things in messages."""
    segments = [s for s in (path or "").split("?")[0].split("/") if s]
    for segment in reversed(segments):
        if segment.isdigit() or segment.startswith("@") or _looks_like_id(segment):
            continue
        if segment in ("api", "projects", "environments"):
            break
        noun = segment.replace("schema_property_groups", "property_groups").replace("_", " ")
        if noun.endswith("ies"):
            return noun[:-3] + "y"
        return noun[:-1] if noun.endswith("s") else noun
    return "item"


def _looks_like_id(segment: str) -> bool:
    return len(segment) >= 32 and segment.count("-") == 4


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` is integer seconds from PostHog, but HTTP also allows a date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _is_html(content_type: str, body: bytes) -> bool:
    if "html" in content_type.lower():
        return True
    head = body.lstrip()[:64].lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return "; ".join(t for t in (_text(v) for v in value) if t) or None
    return str(value)


def _fields(data: Any) -> dict[str, Any]:
    """Pull type/code/detail/attr out of whatever JSON error shape arrived."""
    if isinstance(data, dict) and isinstance(data.get("query_status"), dict):
        # A failed async query: GET query/{id}/ answers 400 with the query's status, whose
        # `error_message` is the sentence for the user (the rest is the query's bookkeeping).
        data = {"detail": data["query_status"].get("error_message") or "The query failed."}
    if isinstance(data, dict):
        detail = _text(data.get("detail")) or _text(data.get("error")) or _text(data.get("message"))
        attr = data.get("attr")
        if detail is None and data and not {"type", "code"} & data.keys():
            # Plain DRF field errors `{"name": ["This field is required."]}` (non-PostHog servers).
            attr, first = next(iter(data.items()))
            detail = _text(first)
        return {
            "type": data.get("type") if isinstance(data.get("type"), str) else None,
            "code": data.get("code") if isinstance(data.get("code"), str) else None,
            "detail": detail,
            "attr": attr if isinstance(attr, str) else None,
        }
    if isinstance(data, list):
        return {"type": None, "code": None, "detail": _text(data), "attr": None}
    return {"type": None, "code": None, "detail": _text(data), "attr": None}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def error_from_response(
    status: int,
    content_type: str,
    body: bytes,
    *,
    method: str,
    path: str,
    retry_after: str | None = None,
) -> ApiError:
    """Map an unsuccessful (or unreadable) HTTP answer to a typed error."""
    where: dict[str, Any] = {"method": method, "path": path, "status": status}
    wait = parse_retry_after(retry_after)

    if body.strip() and _is_html(content_type, body):
        message = f"The server answered with an HTML page (status {status}) instead of JSON"
        if status < 400:
            message += "; check that the host is PostHog's app URL"
        cls = HtmlServerError if status >= 500 else BadResponseError
        return cls(message + ".", retry_after=wait, **where)

    data: Any = None
    if body.strip():
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            if status >= 500:
                return ServerError(
                    f"The server failed with status {status} and an unreadable body.",
                    retry_after=wait,
                    **where,
                )
            return BadResponseError(
                f"The server sent malformed or truncated JSON (status {status}).", **where
            )
    fields = _fields(data)
    detail = fields["detail"]
    noun = resource_noun(path)
    kwargs = {**fields, **where, "retry_after": wait}

    if status == 401:
        if fields["code"] == "not_authenticated" or "not provided" in (detail or ""):
            message = "The server received no API key; set one for this profile."
        else:
            message = "The API key was rejected as invalid; check or recreate it."
        return AuthenticationError(message, **kwargs)
    if status == 403:
        error = PermissionDeniedError("", **kwargs)
        if error.missing_scope:
            error.message = f"API key missing required scope '{error.missing_scope}'"
        elif error.personal_key_unsupported:
            error.message = "This action does not support personal API key access."
        else:
            error.message = _sentence(detail or f"Permission denied for this {noun}")
        error.args = (error.message,)
        return error
    if status == 404:
        if detail and detail.rstrip(".").lower() not in ("not found", ""):
            return NotFoundError(_sentence(detail), **kwargs)
        return NotFoundError(f"The {noun} was not found; it may have been deleted.", **kwargs)
    if status == 405:
        if method.upper() == "DELETE":
            message = f"This {noun} cannot be deleted; archive it instead."
        else:
            message = f"The server does not allow {method.upper()} on this {noun}."
        return MethodNotAllowedError(message, **kwargs)
    if status == 429:
        when = f"retry in {wait:.0f} s" if wait is not None else "retry in a moment"
        return RateLimitedError(f"The server is rate limiting requests; {when}.", **kwargs)
    if status >= 500:
        suffix = f": {_sentence(detail)}" if detail else "."
        return ServerError(f"The server failed with status {status}{suffix}", **kwargs)
    if 400 <= status < 500:
        text = detail or f"The server rejected the request (status {status})"
        if fields["attr"]:
            text = f"{text.rstrip('.')} (field '{fields['attr']}')"
        return RequestValidationError(_sentence(text), **kwargs)
    if 300 <= status < 400:
        return BadResponseError(
            f"The server redirected the request (status {status}); check the host URL.", **kwargs
        )
    return BadResponseError(f"The server answered with unexpected status {status}.", **kwargs)
