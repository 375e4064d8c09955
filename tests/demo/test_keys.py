"""Personal keys describe themselves at `@current`; a key limited to projects only reaches those."""

from __future__ import annotations

import httpx
import pytest

from tui.demo import DEMO_API_KEY, DEMO_NO_SCOPE_KEY, DEMO_READ_ONLY_KEY, DEMO_SCOPED_KEY, SECOND_PROJECT_ID

PROJECT_KEYS_ONLY = {"type": "authentication_error", "code": "permission_denied",
                     "detail": "API keys with scoped projects are only supported on project-based endpoints.",
                     "attr": None}
FIELDS = {"id", "label", "mask_value", "created_at", "last_used_at", "user_id", "scopes", "scoped_teams",
          "scoped_organizations"}


def get(demo, path: str, key: str) -> httpx.Response:
    return httpx.get(f"{demo.url}{path}", headers={"Authorization": f"Bearer {key}"}, timeout=10)


@pytest.mark.parametrize(("key", "scopes", "teams"), [
    (DEMO_API_KEY, ["*"], []),
    (DEMO_SCOPED_KEY, ["*"], [1]),
    (DEMO_NO_SCOPE_KEY, ["feature_flag:read"], []),
])
def test_current_key_describes_itself_without_its_value(demo, key, scopes, teams):
    response = get(demo, "/api/personal_api_keys/@current/", key)
    assert response.status_code == 200
    described = response.json()
    assert set(described) == FIELDS and described["scopes"] == scopes and described["scoped_teams"] == teams
    assert described["scoped_organizations"] == [] and described["user_id"] == 1
    assert described["mask_value"] == f"{key[:4]}...{key[-4:]}" and key not in response.text
    assert described["last_used_at"] == "2026-11-20T12:00:00Z"


def test_read_only_key_lists_each_read_scope(demo):
    scopes = get(demo, "/api/personal_api_keys/@current/", DEMO_READ_ONLY_KEY).json()["scopes"]
    assert {"dashboard:read", "query:read", "insight:read", "user:read"} <= set(scopes)
    assert all(scope.endswith(":read") for scope in scopes)


def test_project_scoped_key_is_refused_on_routes_without_a_project(demo):
    for path in ("/api/projects/", "/api/organizations/", "/api/organizations/@current/",
                 "/api/organizations/@current/projects/"):
        response = get(demo, path, DEMO_SCOPED_KEY)
        assert response.status_code == 403, path
        assert response.json() == PROJECT_KEYS_ONLY
    assert get(demo, "/api/users/@me/", DEMO_SCOPED_KEY).status_code == 200
    assert get(demo, "/api/organizations/@current/projects/", DEMO_API_KEY).json()["count"] == 2


def test_project_scoped_key_reaches_its_project_only(demo):
    assert get(demo, "/api/projects/1/", DEMO_SCOPED_KEY).json()["id"] == 1
    assert get(demo, "/api/projects/1/dashboards/", DEMO_SCOPED_KEY).status_code == 200
    for path in (f"/api/projects/{SECOND_PROJECT_ID}/", f"/api/projects/{SECOND_PROJECT_ID}/dashboards/"):
        response = get(demo, path, DEMO_SCOPED_KEY)
        assert response.status_code == 403
        assert response.json()["detail"] == "API key does not have access to the requested project: ID 2."
    assert get(demo, "/api/projects/77/dashboards/", DEMO_SCOPED_KEY).status_code == 404


def test_other_keys_are_found_by_id_and_unknown_ids_are_404(demo):
    me = get(demo, "/api/personal_api_keys/@current/", DEMO_API_KEY).json()
    assert get(demo, f"/api/personal_api_keys/{me['id']}/", DEMO_NO_SCOPE_KEY).json()["label"] == me["label"]
    assert get(demo, "/api/personal_api_keys/nope/", DEMO_API_KEY).status_code == 404
