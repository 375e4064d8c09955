"""The organization's members (to pick owners by name) over real HTTP: the project's own organization,
limit/offset pages, and why nobody can be listed on a 403 or a 404."""

from __future__ import annotations

import json

from scripted_http import FAST_RETRY, Reply

from tui.api.client import PostHogClient
from tui.api.endpoints.members import members_endpoint
from tui.api.models import NotSupported, OrganizationMember
from tui.demo import DEMO_NO_SCOPE_KEY, DEMO_SCOPED_KEY
from tui.demo.users import ORGANIZATION_ID, USERS


def _paths(demo) -> list[str]:
    return [r.path for r in demo.requests]


async def test_the_projects_organization_is_listed_newest_member_first(client, demo):
    members = await client.project_members()
    assert isinstance(members, list) and all(isinstance(m, OrganizationMember) for m in members)
    assert [m.user_id for m in members] == [4, 3, 2, 1]  # joined last first, as PostHog orders them
    hana = members[-1]
    assert (hana.user.first_name, hana.user.last_name, hana.user.email) == ("Hana", "Hedgehog", "hana@hedgebox.net")
    assert hana.level == 15 and hana.joined_at is not None and hana.user.uuid == USERS[1]["uuid"]
    # Its own organization, named by the project: `@current` is whichever one the user visited last.
    assert _paths(demo) == [f"/api/projects/{demo.project_id}/", f"/api/organizations/{ORGANIZATION_ID}/members/"]


async def test_members_come_page_by_page_without_duplicates(client, demo):
    first = await client.members.of().page(limit=3)
    assert first.count == 4 and len(first.results) == 3 and first.has_more
    assert "offset=3" in (first.next or "")
    demo.requests.clear()
    members = await client.members.of().all(limit=1)
    assert sorted(m.user_id for m in members) == [1, 2, 3, 4]
    offsets = sorted(int((r.query.get("offset") or ["0"])[0]) for r in demo.requests)
    assert offsets[:4] == [0, 1, 2, 3] and all(r.query["limit"] == ["1"] for r in demo.requests)


async def test_search_email_and_order_narrow_the_listing(client):
    members = client.members.of()
    assert sorted(m.user.first_name for m in await members.all(search="HOG")) == ["Hana", "Max"]
    assert [m.user_id for m in await members.all(email="wei.liu@hedgebox.net")] == [3]
    assert [m.user_id for m in await members.all(order="joined_at")] == [1, 2, 3, 4]


async def test_a_key_limited_to_projects_or_without_the_scope_gets_the_reason_not_an_error(demo):
    async with PostHogClient(demo.url, DEMO_SCOPED_KEY, demo.project_id, **FAST_RETRY) as scoped:
        refused = await scoped.project_members()
    assert isinstance(refused, NotSupported) and not refused
    assert "scoped projects are only supported on project-based endpoints" in str(refused)
    async with PostHogClient(demo.url, DEMO_NO_SCOPE_KEY, demo.project_id, **FAST_RETRY) as other:
        refused = await other.project_members()
    assert isinstance(refused, NotSupported)
    assert str(refused) == ("The organization's member list is not available: "
                            "API key missing required scope 'organization_member:read'")


async def test_an_unknown_organization_or_a_server_without_the_route_is_a_404_said_so(client, scripted):
    missing = await client.members.listed("0193a1b2-0000-7000-8000-000000000000")
    assert isinstance(missing, NotSupported) and "(404)" in str(missing)
    server = await scripted(Reply(200, json.dumps({"id": 1, "organization": "org-1"})),
                            Reply(404, json.dumps({"type": "invalid_request", "code": "not_found",
                                                   "detail": "Endpoint not found.", "attr": None})))
    async with PostHogClient(server.url, "phx_test_key_0123456789", 1, **FAST_RETRY) as old:
        answer = await old.project_members()
    assert isinstance(answer, NotSupported) and "(404)" in str(answer)
    assert [r.target.split("?")[0] for r in server.requests] == ["/api/projects/1/", "/api/organizations/org-1/members/"]


async def test_an_older_server_answering_one_bare_list_is_read_whole(scripted):
    rows = [{"id": f"m{n}", "user": {"id": n, "first_name": f"P{n}", "email": f"p{n}@x.io"}, "level": 1}
            for n in (7, 8)]
    server = await scripted(Reply(403, json.dumps({"detail": "You don't have access to the project."})),
                            Reply(200, json.dumps(rows)))
    async with PostHogClient(server.url, "phx_test_key_0123456789", 1, **FAST_RETRY) as old:
        members = await old.project_members()
    # Without project:read the user's current organization is asked for.
    assert [m.user_id for m in members] == [7, 8]
    assert server.requests[1].target.startswith("/api/organizations/@current/members/")


def test_the_organization_id_is_one_path_segment_whatever_it_holds():
    assert members_endpoint("@current").path == "organizations/@current/members"
    assert members_endpoint("../../projects/1").path == "organizations/..%2F..%2Fprojects%2F1/members"
