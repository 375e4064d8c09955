from __future__ import annotations

import httpx

from tui.demo import DEMO_NO_SCOPE_KEY, DEMO_READ_ONLY_KEY

from .conftest import client_for


def test_missing_credentials_is_401_not_authenticated_with_bearer_challenge(demo):
    response = httpx.get(f"{demo.url}/api/projects/1/dashboards/")
    assert response.status_code == 401
    assert response.json() == {"type": "authentication_error", "code": "not_authenticated",
                               "detail": "Authentication credentials were not provided.", "attr": None}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_invalid_key_names_where_it_was_found(demo):
    header = httpx.get(f"{demo.url}/api/projects/1/actions/", headers={"Authorization": "Bearer phx_nope"})
    query = httpx.get(f"{demo.url}/api/projects/1/actions/?personal_api_key=phx_nope")
    assert header.status_code == query.status_code == 401
    assert header.json()["code"] == "authentication_failed"
    assert header.json()["detail"] == "Personal API key found in request Authorization header is invalid."
    assert query.json()["detail"] == "Personal API key found in request query string is invalid."


def test_key_is_accepted_in_body_and_query_string(demo):
    body = httpx.post(f"{demo.url}/api/projects/1/event_definitions/",
                      json={"personal_api_key": demo.api_key, "name": "from_body"})
    query = httpx.get(f"{demo.url}/api/projects/1/actions/", params={"personal_api_key": demo.api_key})
    assert body.status_code == 201
    assert query.status_code == 200


def test_read_only_key_gets_403_missing_write_scope(demo):
    with client_for(demo, DEMO_READ_ONLY_KEY) as client:
        assert client.get("/dashboards/").status_code == 200
        response = client.patch("/dashboards/1/", json={"name": "x"})
    assert response.status_code == 403
    assert response.json() == {"type": "authentication_error", "code": "permission_denied",
                               "detail": "API key missing required scope 'dashboard:write'", "attr": None}


def test_scopes_per_endpoint_follow_posthog(demo):
    expected = {
        "/event_definitions/": "event_definition:read", "/schema_property_groups/": "event_definition:read",
        "/dashboards/": "dashboard:read", "/dashboards/1/run_insights/": "query:read",
        "/dashboards/1/sharing/": "sharing_configuration:read", "/actions/": "action:read",
        "/events/": "query:read",
    }
    with client_for(demo, DEMO_NO_SCOPE_KEY) as client:
        for path, scope in expected.items():
            response = client.get(path)
            assert response.status_code == 403, path
            assert response.json()["detail"] == f"API key missing required scope '{scope}'"
        assert httpx.get(f"{demo.url}/api/users/@me/", headers=client.headers).json()["detail"].endswith(
            "'user:read'")


def test_session_only_endpoints_reject_personal_keys_when_disabled(demo):
    demo.set_options(session_endpoints=False)
    with client_for(demo) as client:
        for method, path in [("GET", "/dashboards/1/stream_tiles/"),
                             ("POST", "/dashboards/create_from_template_json/"),
                             ("POST", "/dashboards/create_unlisted_dashboard/"),
                             ("POST", "/dashboards/bulk_update_tags/")]:
            response = client.request(method, path, json={})
            assert response.status_code == 403, path
            assert response.json()["detail"] == "This action does not support personal API key access"


def test_unknown_project_and_object_are_404_in_the_flat_shape(api, demo):
    assert api.get("/dashboards/999/").json() == {"type": "invalid_request", "code": "not_found",
                                                  "detail": "Not found.", "attr": None}
    response = httpx.get(f"{demo.url}/api/projects/77/dashboards/", headers=api.headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "Project not found."
    assert httpx.get(f"{demo.url}/api/projects/abc/actions/", headers=api.headers).status_code == 404


def test_current_project_alias_and_optional_trailing_slash(demo, api):
    current = httpx.get(f"{demo.url}/api/projects/@current/dashboards", headers=api.headers)
    assert current.status_code == 200
    assert current.json() == api.get("/dashboards/").json()


def test_unsupported_method_is_405_in_the_flat_shape(api):
    response = api.put("/events/", json={})
    assert response.status_code == 405
    assert response.json() == {"type": "invalid_request", "code": "method_not_allowed",
                               "detail": 'Method "PUT" not allowed.', "attr": None}


def test_malformed_json_body_is_a_parse_error(api):
    response = api.post("/actions/", content=b"{nope", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["type"] == "invalid_request"
    assert response.json()["code"] == "parse_error"


def test_me_and_projects_discover_two_projects(demo, api):
    me = httpx.get(f"{demo.url}/api/users/@me/", headers=api.headers).json()
    assert me["team"]["id"] == demo.project_id
    assert me["organization"]["slug"] == "hedgebox"
    listing = httpx.get(f"{demo.url}/api/projects/", params={"limit": 1}, headers=api.headers).json()
    assert listing["count"] == 2
    assert listing["next"].endswith("/api/projects/?limit=1&offset=1")
    second = httpx.get(listing["next"], headers=api.headers).json()["results"][0]
    assert second["name"] == "Hedgebox Staging"
    detail = httpx.get(f"{demo.url}/api/projects/{second['id']}/", headers=api.headers).json()
    assert detail["id"] == second["id"]
    assert httpx.get(f"{demo.url}/api/projects/2/dashboards/", headers=api.headers).json()["count"] == 3
