"""Field specs, diffing, validation and the YAML round trip, on plain dicts."""

from __future__ import annotations

import json

import pytest

from tui.forms import FORM_SPECS, FormError, Unparsed
from tui.forms.diff import changes, conflicts, preview_rows
from tui.forms.fields import parse_int, parse_json
from tui.forms.validate import BOTH_HIDDEN_AND_VERIFIED, validate
from tui.forms.yaml_doc import from_yaml, to_yaml

EVENT = FORM_SPECS["event_definition"]
GROUP = FORM_SPECS["property_group"]
ACTION = FORM_SPECS["action"]
DASHBOARD = FORM_SPECS["dashboard"]
SCHEMA = FORM_SPECS["event_schema"]

ANN = {"id": 3, "uuid": "u-3", "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com"}
DEFINITION = {
    "id": "0188a1b2-0000-0000-0000-000000000001", "name": "$pageview", "description": None,
    "tags": ["web", "core"], "verified": False, "hidden": None, "owner": ANN,
    "enforcement_mode": "allow", "primary_property": None, "default_columns": ["$current_url", "$browser"],
    "updated_at": "2024-05-01T12:00:00Z", "last_seen_at": "2024-05-01T12:00:00Z",
}
GROUP_OBJ = {
    "id": "g-1", "name": "Checkout", "description": "",
    "properties": [
        {"id": "p-1", "name": "amount", "property_type": "Numeric", "is_required": True,
         "description": "", "is_optional_in_types": False, "validation_rules": {"minimum": 0},
         "created_at": "2024-01-01T00:00:00Z"},
        {"id": "p-2", "name": "currency", "property_type": "String", "is_required": False,
         "description": "ISO code", "is_optional_in_types": False, "validation_rules": None},
    ],
}
ACTION_OBJ = {
    "id": 7, "name": "Signed up", "description": "", "tags": [], "post_to_slack": False,
    "slack_message_format": "", "steps": [
        {"event": "$pageview", "url": "/signup", "url_matching": "contains", "selector_regex": None},
    ],
}


# ---- diff.changes ---------------------------------------------------------------------------

def test_unchanged_form_sends_nothing_despite_equivalent_spellings():
    edited = dict(DEFINITION, description="", hidden=False, owner=3, primary_property="",
                  tags=["core", "web"])
    assert changes(DEFINITION, edited, EVENT) == {}


def test_only_changed_writable_fields_are_sent():
    edited = dict(DEFINITION, description="Views", name="renamed", verified=True)
    assert changes(DEFINITION, edited, EVENT) == {"description": "Views", "verified": True}


def test_owner_object_compares_by_id_and_is_sent_as_int():
    assert changes(DEFINITION, {"owner": 3}, EVENT) == {}
    assert changes(DEFINITION, {"owner": 4}, EVENT) == {"owner": 4}
    assert changes(DEFINITION, {"owner": None}, EVENT) == {"owner": None}
    assert changes(dict(DEFINITION, owner=None), {"owner": {"id": 5}}, EVENT) == {"owner": 5}


def test_blank_nullable_text_is_sent_as_null():
    original = dict(DEFINITION, description="Old", primary_property="plan")
    assert changes(original, {"description": "", "primary_property": "  "}, EVENT) == {
        "description": None, "primary_property": None,
    }


def test_non_nullable_text_goes_blank_not_null():
    assert changes({"description": None}, {"description": ""}, DASHBOARD) == {}
    assert changes({"description": "x"}, {"description": ""}, DASHBOARD) == {"description": ""}


def test_tags_keep_the_users_order_when_the_set_changes():
    assert changes(DEFINITION, {"tags": ["new", "web", "core"]}, EVENT) == {
        "tags": ["new", "web", "core"],
    }
    assert changes(DEFINITION, {"tags": ["web", "core", "web"]}, EVENT) == {}


def test_reordering_default_columns_is_a_change():
    edited = {"default_columns": ["$browser", "$current_url"]}
    assert changes(DEFINITION, edited, EVENT) == edited


def test_enum_int_values_compare_as_ints():
    dash = {"name": "D", "restriction_level": 21, "pinned": False}
    assert changes(dash, {"restriction_level": 21, "pinned": False}, DASHBOARD) == {}
    assert changes(dash, {"restriction_level": 37}, DASHBOARD) == {"restriction_level": 37}


def test_bool_true_is_not_equal_to_one_in_a_body():
    assert changes({"properties": [1]}, {"properties": [True]},
                   [s for s in ACTION[-1].columns if s.name == "properties"]) == {"properties": [True]}


def test_unchanged_property_rows_are_not_sent():
    edited = {"properties": [{k: v for k, v in row.items() if k != "created_at"}
                             for row in GROUP_OBJ["properties"]]}
    assert changes(GROUP_OBJ, edited, GROUP) == {}


def test_changed_property_rows_send_the_full_list_without_ids():
    rows = [dict(row) for row in GROUP_OBJ["properties"]]
    rows[1]["is_required"] = True
    rows.append({"name": "coupon", "property_type": "String", "is_required": False, "description": ""})
    sent = changes(GROUP_OBJ, {"properties": rows}, GROUP)["properties"]
    # The server recreates every property on PATCH, so ids would mean nothing (§12.3).
    assert [row.get("id") for row in sent] == [None, None, None]
    assert sent[0]["validation_rules"] == {"minimum": 0}  # carried through untouched
    assert "created_at" not in sent[0]
    assert sent[1]["is_required"] is True
    assert sent[2] == {"name": "coupon", "property_type": "String", "is_required": False,
                       "description": ""}


def test_removing_a_property_row_sends_the_shorter_list():
    sent = changes(GROUP_OBJ, {"properties": GROUP_OBJ["properties"][1:]}, GROUP)
    assert [row["name"] for row in sent["properties"]] == [GROUP_OBJ["properties"][1]["name"]]


def test_reordered_steps_are_a_change_and_blank_step_text_is_null():
    steps = [{"event": "$autocapture", "text": "Buy", "text_matching": "exact", "url": ""},
             ACTION_OBJ["steps"][0]]
    sent = changes(ACTION_OBJ, {"steps": steps}, ACTION)["steps"]
    assert [s["event"] for s in sent] == ["$autocapture", "$pageview"]
    assert sent[0]["url"] is None
    assert "selector_regex" not in sent[1]
    assert changes(ACTION_OBJ, {"steps": [dict(ACTION_OBJ["steps"][0], text="")]}, ACTION) == {}


def test_event_schema_property_group_is_read_from_the_nested_object():
    schema = {"id": "s-1", "event_definition": "e-1", "property_group": {"id": "g-1", "name": "G"}}
    assert changes(schema, {"event_definition": "e-1", "property_group_id": "g-1"}, SCHEMA) == {}
    assert changes(schema, {"property_group_id": "g-2"}, SCHEMA) == {"property_group_id": "g-2"}


def test_changes_are_json_serialisable():
    edited = dict(DEFINITION, description="x", owner=9, tags=["a"])
    json.dumps(changes(DEFINITION, edited, EVENT), allow_nan=False)


# ---- diff.preview_rows / conflicts ----------------------------------------------------------

def test_preview_rows_use_labels_and_readable_values():
    rows = preview_rows(DEFINITION, {"description": "Views", "owner": 4, "verified": True}, EVENT)
    assert rows == [
        ("Description", "(empty)", "Views"),
        ("Owner", "Ann Lee <ann@example.com>", "user 4"),
        ("Verified", "no", "yes"),
    ]


def test_preview_rows_show_enum_labels_and_nested_rows():
    dash = {"restriction_level": 21}
    assert preview_rows(dash, {"restriction_level": 37}, DASHBOARD) == [
        ("Who can edit", "Everyone can edit", "Only invited can edit"),
    ]
    (label, old, new), = preview_rows(ACTION_OBJ, {"steps": []}, ACTION)
    assert (label, new) == ("Steps (any matches)", "(empty)")
    assert old == "1. event $pageview, url /signup, url matching contains"


def test_preview_rows_without_specs_fall_back_to_field_names():
    assert preview_rows({"color": None}, {"color": "blue"}) == [("Color", "(empty)", "blue")]


def test_conflicts_list_fields_we_send_first_then_the_rest():
    server = dict(DEFINITION, description="Theirs", tags=["web"], updated_at="2024-06-01T00:00:00Z")
    assert conflicts(DEFINITION, server, {"tags": ["web", "x"]}, EVENT) == ["tags", "description"]


def test_conflicts_ignore_server_stamps_and_equivalent_spellings():
    server = dict(DEFINITION, owner={"id": 3, "email": "new@example.com"}, hidden=False,
                  last_seen_at="2025-01-01T00:00:00Z", updated_at="2025-01-01T00:00:00Z")
    assert conflicts(DEFINITION, server, {"description": "x"}, EVENT) == []


# ---- validate -------------------------------------------------------------------------------

def test_hidden_and_verified_together_is_refused_on_hidden():
    errors = validate(dict(DEFINITION, hidden=True, verified=True), EVENT)
    assert errors == {"hidden": BOTH_HIDDEN_AND_VERIFIED}
    assert BOTH_HIDDEN_AND_VERIFIED == "An event cannot be both hidden and verified"


@pytest.mark.parametrize("specs", [DASHBOARD, ACTION, GROUP], ids=["dashboard", "action", "group"])
def test_blank_names_are_refused(specs):
    assert validate({"name": "   "}, specs) == {"name": "This field may not be blank."}


def test_length_limits_use_the_servers_message():
    assert validate({"name": "x" * 400}, DASHBOARD) == {}
    assert validate({"name": "x" * 401}, DASHBOARD) == {
        "name": "Ensure this field has no more than 400 characters.",
    }
    assert "slack_message_format" in validate({"slack_message_format": "x" * 1201}, ACTION)
    assert validate({"body": "x" * 4000}, FORM_SPECS["text_tile"]) == {}
    assert "4000" in validate({"body": "x" * 4001}, FORM_SPECS["text_tile"])["body"]


def test_unparsed_int_and_json_report_their_parse_error():
    assert validate({"owner": parse_int("3x")}, EVENT) == {"owner": "Enter a whole number."}
    assert validate({"owner": parse_int(" 12 ")}, EVENT) == {}
    bad = parse_json('[{"key": 1,')
    assert isinstance(bad, Unparsed)
    errors = validate({"steps": [{"properties": bad}]}, ACTION)
    assert errors["steps__0__properties"].startswith("Invalid JSON:")


def test_json_rejects_nan_which_python_would_accept():
    assert isinstance(parse_json("[NaN]"), Unparsed)


def test_step_matching_must_be_a_known_mode():
    errors = validate({"steps": [{"url": "/a", "url_matching": "startswith", "text_matching": "regex",
                                  "href_matching": "glob"}]}, ACTION)
    assert errors == {
        "steps__0__url_matching": "Must be one of: contains, regex, exact.",
        "steps__0__href_matching": "Must be one of: contains, regex, exact.",
    }


def test_step_properties_must_be_a_list_of_filters():
    errors = validate({"steps": [{"properties": {"key": "plan"}}]}, ACTION)
    assert "list of filters" in errors["steps__0__properties"]
    assert validate({"steps": [{"properties": [{"key": "plan", "value": "pro"}]}]}, ACTION) == {}


def test_property_names_must_be_present_and_unique():
    rows = [{"name": " ", "property_type": "String"}, {"name": "a", "property_type": "String"},
            {"name": "a ", "property_type": "Numeric"}]
    assert validate({"name": "G", "properties": rows}, GROUP) == {
        "properties__0__name": "Property name is required",
        "properties": "A property named 'a' already exists in this group",
    }


def test_null_characters_are_refused_in_text():
    assert validate({"name": "a\x00b"}, DASHBOARD) == {"name": "Null characters are not allowed."}


def test_a_valid_object_has_no_errors():
    assert validate(DEFINITION, EVENT) == {}
    assert validate(GROUP_OBJ, GROUP) == {}
    assert validate(ACTION_OBJ, ACTION) == {}


# ---- YAML -----------------------------------------------------------------------------------

def test_yaml_has_a_header_and_writable_fields_in_spec_order():
    text = to_yaml(DEFINITION, EVENT)
    assert text.startswith(f"# Editing: $pageview (id {DEFINITION['id']})\n")
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == [s.name for s in EVENT if not s.read_only]
    assert "owner: 3\n" in text  # written as the id the server accepts


@pytest.mark.parametrize("obj,specs", [(DEFINITION, EVENT), (GROUP_OBJ, GROUP), (ACTION_OBJ, ACTION)],
                         ids=["event_definition", "property_group", "action"])
def test_yaml_round_trip_changes_nothing(obj, specs):
    assert changes(obj, from_yaml(to_yaml(obj, specs), specs), specs) == {}


def test_yaml_edit_becomes_changes():
    text = to_yaml(DEFINITION, EVENT).replace("verified: false", "verified: true")
    text = text.replace("description: null", "description: 'Page views: all [of] them'")
    assert changes(DEFINITION, from_yaml(text, EVENT), EVENT) == {
        "verified": True, "description": "Page views: all [of] them",
    }


def test_yaml_missing_keys_are_left_unchanged():
    assert from_yaml("verified: true\n", EVENT) == {"verified": True}
    assert from_yaml("# nothing\n", EVENT) == {}


@pytest.mark.parametrize("text,field,fragment", [
    ("colour: red\n", "colour", "Unknown field 'colour'"),
    ("name: renamed\n", "name", "Unknown field 'name'"),
    ("verified: 'yes'\n", "verified", "'verified' must be true or false, not text"),
    ("owner: ann\n", "owner", "'owner' must be a whole number, not text"),
    ("owner: true\n", "owner", "'owner' must be a whole number"),
    ("description: 12\n", "description", "'description' must be text (put it in quotes), not a number"),
    ("tags: web\n", "tags", "'tags' must be a list of text values"),
    ("enforcement_mode: warn\n", "enforcement_mode", "must be one of: allow, reject"),
])
def test_yaml_errors_name_the_key(text, field, fragment):
    with pytest.raises(FormError) as info:
        from_yaml(text, EVENT)
    assert info.value.field == field
    assert fragment in info.value.message


def test_yaml_nested_errors_name_the_row_and_key():
    with pytest.raises(FormError) as info:
        from_yaml("steps:\n- url_matching: 3\n", ACTION)
    assert info.value.field == "steps__0__url_matching"
    assert "'steps[0].url_matching'" in info.value.message
    with pytest.raises(FormError) as info:
        from_yaml("steps:\n- colour: red\n", ACTION)
    assert info.value.field == "steps" and "Unknown key 'colour' in 'steps[0]'" in info.value.message


@pytest.mark.parametrize("text,fragment", [
    ("description: [unclosed\n", "could not be read at line"),
    ("- just\n- a list\n", "must be a mapping"),
])
def test_yaml_document_errors_have_no_field(text, fragment):
    with pytest.raises(FormError) as info:
        from_yaml(text, EVENT)
    assert info.value.field is None and fragment in info.value.message
