"""The demo organisation's members (UserBasic shapes)."""

from __future__ import annotations

from .data import Record

ORGANIZATION_ID = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"

USERS: dict[int, Record] = {
    1: {"id": 1, "uuid": "0193a1b2-0001-7000-8000-000000000001", "distinct_id": "hana-hedgehog",
        "first_name": "Hana", "last_name": "Hedgehog", "email": "hana@hedgebox.net"},
    2: {"id": 2, "uuid": "0193a1b2-0002-7000-8000-000000000002", "distinct_id": "max-hog",
        "first_name": "Max", "last_name": "Hog", "email": "max@hedgebox.net"},
    3: {"id": 3, "uuid": "0193a1b2-0003-7000-8000-000000000003", "distinct_id": "liu-wei",
        "first_name": "Wei", "last_name": "Liu", "email": "wei.liu@hedgebox.net"},
    4: {"id": 4, "uuid": "0193a1b2-0004-7000-8000-000000000004", "distinct_id": "zoe-ostergaard",
        "first_name": "Zoë", "last_name": "Østergaard", "email": "zoe@hedgebox.net"},
}
for _user in USERS.values():
    _user.update(is_email_verified=True, hedgehog_config=None, role_at_organization="engineering")
CURRENT_USER_ID = 1


def user_basic(user_id: int | None) -> Record | None:
    return dict(USERS[user_id]) if user_id in USERS else None
