"""The people of an organization: `organizations/{id}/members/`."""

from __future__ import annotations

from datetime import datetime

from .base import ApiModel
from .common import UserBasic

# `level` of a membership, as PostHog numbers them.
MEMBER, ADMIN, OWNER = 1, 8, 15


class OrganizationMember(ApiModel):
    """One membership: `id` is the membership's uuid, `user.id` the integer id an owner is written as."""

    id: str | None = None
    user: UserBasic | None = None
    level: int | None = None
    joined_at: datetime | None = None
    updated_at: datetime | None = None
    last_login: datetime | None = None
    is_2fa_enabled: bool | None = None
    has_social_auth: bool | None = None

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user is not None else None
