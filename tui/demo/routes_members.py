"""`/api/organizations/{id}/members/`: the demo organisation's people, as PostHog lists them.

DRF's limit/offset pages (100 by default), newest member first unless `order=joined_at`, an exact
`email=` filter and a `search=` over first name, last name and email (PostHog adds trigram
similarity to the substring match; here a case-insensitive substring of any of them). The scope
is `organization_member:read`; the route has no project in it, so project-scoped keys get 403.
"""

from __future__ import annotations

from starlette.responses import Response

from . import errors
from .data import Record
from .routing import Ctx, limit_offset_page, ok, resource, scoped
from .users import ORGANIZATION_ID, USERS

# Membership levels as PostHog numbers them: 1 member, 8 admin, 15 owner.
_MEMBERSHIPS = {
    1: (15, "2024-01-08T09:00:00Z"),
    2: (8, "2024-02-12T10:30:00Z"),
    3: (1, "2024-06-03T08:15:00Z"),
    4: (1, "2025-03-17T14:45:00Z"),
}
ORDERINGS = ("joined_at", "-joined_at")
MAX_SEARCH = 200


def _member(user_id: int) -> Record:
    level, joined = _MEMBERSHIPS[user_id]
    return {
        "id": f"0193a1b2-{user_id:04d}-7000-9000-{user_id:012d}",
        "user": dict(USERS[user_id]), "level": level, "joined_at": joined, "updated_at": joined,
        "is_2fa_enabled": False, "has_social_auth": False, "last_login": "2026-11-19T08:00:00Z",
    }


@scoped("organization_member:read")
async def list_members(ctx: Ctx) -> Response:
    if ctx.path["organization_id"] not in ("@current", ORGANIZATION_ID):
        raise errors.not_found()
    rows = [_member(user_id) for user_id in USERS]
    email = ctx.query.get("email")
    if email is not None:
        rows = [r for r in rows if r["user"]["email"] == email]
    search = (ctx.query.get("search") or "").strip()
    if len(search) > MAX_SEARCH:
        raise errors.validation(f"Search query must be {MAX_SEARCH} characters or fewer.", "search")
    if search:
        needle = search.casefold()
        rows = [{**r, "search_match_type": "exact"} for r in rows
                if any(needle in (r["user"][k] or "").casefold() for k in ("first_name", "last_name", "email"))]
        rows.sort(key=lambda r: r["user"]["first_name"])
    else:
        order = ctx.query.get("order")
        order = order if order in ORDERINGS else "-joined_at"
        rows.sort(key=lambda r: r["joined_at"], reverse=order.startswith("-"))
    return ok(limit_offset_page(ctx, rows))


ROUTES = [
    *resource("/api/organizations/{organization_id}/members", GET=list_members),
]
