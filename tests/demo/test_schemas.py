from __future__ import annotations

from .conftest import walk


def test_property_groups_list_by_name_with_events(api):
    rows, pages = walk(api, "/schema_property_groups/", {"limit": 3})
    assert pages[0]["count"] == len(rows) == 8
    assert [g["name"] for g in rows] == sorted(g["name"] for g in rows)
    file_group = next(g for g in rows if g["name"] == "File")
    assert [e["name"] for e in file_group["events"]] == sorted(e["name"] for e in file_group["events"])
    assert "file_uploaded" in {e["name"] for e in file_group["events"]}
    assert [p["name"] for p in file_group["properties"]] == sorted(p["name"] for p in file_group["properties"])


def test_property_group_create_rules(api):
    created = api.post("/schema_property_groups/", json={"name": "Checkout", "properties": [
        {"name": "  cart_value ", "property_type": "Numeric", "validation_rules": {"minimum": 0, "maximum": 10}},
        {"name": "currency", "property_type": "String", "is_required": True}]})
    assert created.status_code == 201
    assert [p["name"] for p in created.json()["properties"]] == ["cart_value", "currency"]
    duplicate = api.post("/schema_property_groups/", json={"name": "Checkout"})
    assert duplicate.json()["attr"] == "name"
    assert duplicate.json()["detail"] == "A property group with this name already exists for this team"
    blank = api.post("/schema_property_groups/", json={"name": "X", "properties": [{"name": "  "}]})
    assert blank.json()["detail"] == "Property name is required"
    bad_rule = api.post("/schema_property_groups/", json={"name": "Y", "properties": [
        {"name": "flag", "property_type": "Boolean", "validation_rules": {"enum": ["a"]}}]})
    assert bad_rule.status_code == 400 and "validation_rules" in bad_rule.json()["attr"]
    bad_type = api.post("/schema_property_groups/", json={"name": "Z", "properties": [
        {"name": "a", "property_type": "Text"}]})
    assert bad_type.json()["attr"] == "properties__0__property_type"


def test_patch_with_properties_recreates_every_row_with_new_ids(api):
    group = next(g for g in api.get("/schema_property_groups/").json()["results"] if g["name"] == "Search")
    keep, *dropped = group["properties"]
    patched = api.patch(f"/schema_property_groups/{group['id']}/", json={"properties": [
        {"id": keep["id"], "name": keep["name"], "property_type": "String", "description": "changed",
         "created_at": keep["created_at"]},
        {"name": "page", "property_type": "Numeric"}]})
    assert patched.status_code == 200
    props = {p["name"]: p for p in patched.json()["properties"]}
    assert set(props) == {keep["name"], "page"} and not {p["name"] for p in dropped} & set(props)
    recreated = props[keep["name"]]
    assert recreated["description"] == "changed" and recreated["is_required"] is False
    assert recreated["id"] != keep["id"] and recreated["created_at"] == "2026-11-20T12:00:00Z" != keep["created_at"]
    assert not {p["id"] for p in group["properties"]} & {p["id"] for p in props.values()}
    untouched = api.patch(f"/schema_property_groups/{group['id']}/", json={"description": "d"}).json()
    assert untouched["properties"] == patched.json()["properties"]
    clash = api.patch(f"/schema_property_groups/{group['id']}/", json={"properties": [{"name": "a"}, {"name": "a"}]})
    assert clash.json() == {"type": "validation_error", "code": "invalid_input", "attr": "properties",
                            "detail": "A property named 'a' already exists in this group"}
    other = api.patch(f"/schema_property_groups/{group['id']}/", json={"name": "File"})
    assert other.json()["detail"] == "A property group with this name already exists"


def test_delete_group_removes_its_schemas(api):
    group = next(g for g in api.get("/schema_property_groups/").json()["results"] if g["name"] == "Invite")
    before = api.get("/event_schemas/", params={"limit": 100}).json()["count"]
    assert api.delete(f"/schema_property_groups/{group['id']}/").status_code == 204
    assert api.get(f"/schema_property_groups/{group['id']}/").status_code == 404
    assert api.get("/event_schemas/", params={"limit": 100}).json()["count"] == before - len(group["events"])


def test_event_schemas_filter_create_delete_and_refuse_updates(api):
    definition = api.get("/event_definitions/by_name/", params={"name": "file_uploaded"}).json()
    schemas = api.get("/event_schemas/", params={"event_definition": definition["id"]}).json()["results"]
    assert [s["property_group"]["name"] for s in schemas] == ["File"]
    search = next(g for g in api.get("/schema_property_groups/").json()["results"] if g["name"] == "Search")
    created = api.post("/event_schemas/",
                       json={"event_definition": definition["id"], "property_group_id": search["id"]})
    assert created.status_code == 201 and created.json()["property_group"]["id"] == search["id"]
    duplicate = api.post("/event_schemas/", json={"event_definition": definition["id"],
                                                  "property_group_id": search["id"]})
    assert duplicate.status_code == 400
    assert duplicate.json()["detail"] == "Property group 'Search' is already added to this event schema"
    schema_id = created.json()["id"]
    assert api.get(f"/event_schemas/{schema_id}/").status_code == 405  # no retrieve route
    other = api.get("/event_definitions/by_name/", params={"name": "logged_in"}).json()
    for method in ("PATCH", "PUT"):
        refused = api.request(method, f"/event_schemas/{schema_id}/", json={"event_definition": other["id"]})
        assert refused.status_code == 405
        assert refused.json() == {"type": "invalid_request", "code": "method_not_allowed",
                                  "detail": f'Method "{method}" not allowed.', "attr": None}
    assert api.get("/event_schemas/", params={"event_definition": other["id"]}).json()["count"] == 0
    assert api.delete(f"/event_schemas/{schema_id}/").status_code == 204
    assert schema_id not in {s["id"] for s in api.get("/event_schemas/", params={"limit": 100}).json()["results"]}
