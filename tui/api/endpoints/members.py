"""The people of an organization (`/api/organizations/{id}/members/`), to pick owners by name.

PostHog lists them limit/offset paged like most lists (`{count, next, previous, results}`, 100 a
page by default; very old servers answered one bare list), newest members first, with the scope
`organization_member:read`. The route is outside any project, so a key limited to some projects
is refused (403), as is a key without the scope.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..errors import NotFoundError, PermissionDeniedError
from ..models import NotSupported, OrganizationMember
from .base import Endpoint, Home, Resource

MEMBERS_SCOPE = "organization_member:read"
CURRENT = "@current"


def members_endpoint(organization: str = CURRENT) -> Endpoint[OrganizationMember]:
    # The id comes from the server (a project's `organization`): one path segment, whatever it holds.
    segment = quote(str(organization), safe="@")
    return Endpoint(f"organizations/{segment}/members", OrganizationMember, operations=frozenset({"list"}),
                    project_scoped=False)


class Members:
    """`of(organization)` is the listing of one organization; `listed()` reads all of it, or says why not."""

    def __init__(self, client: Home) -> None:
        self._client = client

    def of(self, organization: str = CURRENT) -> Resource[OrganizationMember]:
        return Resource(self._client, members_endpoint(organization))

    async def listed(self, organization: str = CURRENT, **params: Any) -> list[OrganizationMember] | NotSupported:
        """Every member, or `NotSupported` (with the server's sentence) when the key or the server
        cannot list them: a 403 (no `organization_member:read`, a project-scoped key) or a 404."""
        try:
            return await self.of(organization).all(**params)
        except PermissionDeniedError as error:
            return NotSupported(feature="The organization's member list", detail=error.message)
        except NotFoundError:
            return NotSupported(feature="The organization's member list",
                                detail="this server has no such list (404).")
