"""Error bodies as PostHog sends them.

DRF errors go through drf-exceptions-hog: one flat `{type, code, detail, attr}` object. A few
PostHog endpoints bypass it with ad-hoc bodies (`{"detail"}`, `{"error"}`, empty); those have
their own helpers so a route states which one it mimics.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response


class ApiError(Exception):
    """Raised anywhere inside a route; the dispatcher answers with `response`."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def drf_body(type_: str, code: str, detail: str, attr: str | None = None) -> dict[str, Any]:
    return {"type": type_, "code": code, "detail": detail, "attr": attr}


def drf_error(
    status: int, type_: str, code: str, detail: str, attr: str | None = None, headers: dict[str, str] | None = None
) -> ApiError:
    return ApiError(JSONResponse(drf_body(type_, code, detail, attr), status_code=status, headers=headers))


def validation(detail: str, attr: str | None = None, code: str = "invalid_input") -> ApiError:
    return drf_error(400, "validation_error", code, detail, attr)


def required(attr: str) -> ApiError:
    return validation("This field is required.", attr, "required")


def not_found(detail: str = "Not found.") -> ApiError:
    return drf_error(404, "invalid_request", "not_found", detail)


def endpoint_not_found() -> ApiError:
    """What PostHog answers for a path no route matches (also routes a newer server dropped)."""
    return not_found("Endpoint not found.")


def parse_error(detail: str) -> ApiError:
    return drf_error(400, "invalid_request", "parse_error", detail)


def permission_denied(detail: str) -> ApiError:
    return drf_error(403, "authentication_error", "permission_denied", detail)


def method_not_allowed(method: str, allowed: list[str]) -> ApiError:
    return drf_error(
        405,
        "invalid_request",
        "method_not_allowed",
        f'Method "{method}" not allowed.',
        headers={"Allow": ", ".join(allowed)},
    )


def server_error() -> ApiError:
    return drf_error(500, "server_error", "error", "A server error occurred.")


def plain_detail(status: int, detail: str) -> ApiError:
    """`{"detail": ...}` without type/code/attr, as by_name and reorder_tiles answer."""
    return ApiError(JSONResponse({"detail": detail}, status_code=status))


def plain_error(status: int, message: str) -> ApiError:
    """`{"error": ...}`, as the sharing-password and unlisted-dashboard endpoints answer."""
    return ApiError(JSONResponse({"error": message}, status_code=status))


def empty(status: int) -> ApiError:
    """An empty body: DELETE on dashboards/actions (405 after the permission checks)."""
    return ApiError(Response(b"", status_code=status))


def throttled_body(detail: str) -> JSONResponse:
    """A 429 without Retry-After, as DRF's Throttled with only a detail (query concurrency) sends."""
    return JSONResponse(drf_body("throttled_error", "throttled", detail), status_code=429)


def throttled(retry_after: int) -> JSONResponse:
    return JSONResponse(
        drf_body(
            "throttled_error", "throttled", f"Request was throttled. Expected available in {retry_after} seconds."
        ),
        status_code=429,
        headers={"Retry-After": str(retry_after)},
    )


BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
