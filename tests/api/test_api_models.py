"""Models accept every shape the servers send: old and new fields, nulls, junk, unknown keys."""

from __future__ import annotations

from tui.api import models
from tui.api.models import parse_model
from tui.api.pagination import PageStyle, parse_page

USER = {"id": 3, "uuid": "095be615", "distinct_id": "d", "first_name": "Ada", "email": "ada@example.com"}

OLD_DEFINITION = {
    "id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "name": "signup", "volume_30_day": 12,
    "query_usage_30_day": 4, "created_at": "2019-08-24T14:15:22Z", "last_seen_at": None,
    "tags": [None], "is_action": "string", "action_id": 0, "is_calculating": True,
    "created_by": USER, "post_to_slack": False,
}

EE_DEFINITION = {
    "id": "497f6eca-6276-4993-bfeb-53cbbbba6f09", "name": "$pageview", "owner": USER, "description": None,
    "tags": ["core"], "updated_by": USER, "verified": True, "verified_at": "2024-05-01T12:00:00.123456Z",
    "verified_by": USER, "hidden": None, "enforcement_mode": "allow", "primary_property": "$current_url",
    "default_columns": None, "media_preview_urls": [], "brand_new_field": {"kept": True},
}


def test_older_definition_shape_keeps_usage_counters_and_survives_junk():
    definition = parse_model(models.EventDefinition, OLD_DEFINITION)
    assert definition.volume_30_day == 12 and definition.query_usage_30_day == 4
    assert definition.tags == [] and definition.is_action is None
    assert definition.created_by.display_name == "Ada"


def test_enterprise_definition_shape_reads_owner_object_and_keeps_unknown_fields():
    definition = parse_model(models.EventDefinition, EE_DEFINITION)
    assert isinstance(definition.owner, models.UserBasic) and definition.owner_id == 3
    assert definition.verified and definition.verified_at.microsecond == 123456
    assert definition.default_columns == [] and definition.hidden is None
    assert definition.model_extra == {"brand_new_field": {"kept": True}}


def test_owner_written_as_int_is_still_readable():
    assert parse_model(models.EventDefinition, {"id": "x", "owner": 7}).owner_id == 7


def test_dashboard_tiles_of_every_kind_and_odd_layouts():
    dashboard = parse_model(models.Dashboard, {
        "id": 1, "name": None, "tags": None, "tiles": [
            {"id": 1, "insight": {"id": 9, "derived_name": "Pageviews", "result": [1, 2]},
             "layouts": {"sm": {"x": 0, "y": 0, "w": 6.0, "h": 5, "minW": 3}, "xs": None}},
            {"id": 2, "text": {"id": 4, "body": "# Notes\nmore"}, "layouts": None, "color": None},
            {"id": 3, "button_tile": {"url": "/x", "text": "Go"}, "layouts": "junk"},
        ],
    })
    insight, text, button = dashboard.tiles
    assert (insight.kind, insight.title) == ("insight", "Pageviews")
    assert insight.layouts["sm"].w == 6 and insight.layouts["sm"].model_extra == {"minW": 3}
    assert set(insight.layouts) == {"sm"}
    assert (text.kind, text.title, text.layouts) == ("text", "# Notes", {})
    assert (button.kind, button.title) == ("button_tile", "Go")
    assert dashboard.tags == []


def test_list_rows_without_tiles_parse():
    row = parse_model(models.Dashboard, {"id": 5, "name": "Board", "tiles": None, "pinned": None})
    assert row.tiles is None and row.pinned is False


def test_one_bad_row_does_not_sink_the_page():
    data = {"count": 3, "next": None, "results": [
        {"id": 1, "name": "ok", "steps": [{"event": "$pageview", "properties": [{"key": "a", "value": 1}]}]},
        {"id": 2, "name": "bad steps", "steps": None, "created_at": "not a date"},
        {"id": 3, "steps": [{"event": "x"}, "junk"]},
    ]}
    page = parse_page(PageStyle.COUNTED, data, models.Action, 0)
    assert [a.id for a in page.results] == [1, 2, 3]
    assert page.results[1].steps == [] and page.results[1].created_at is None
    assert [s.event for s in page.results[2].steps] == ["x"]


def test_stream_messages_of_every_type():
    kinds = [
        {"type": "metadata", "dashboard": {"id": 1, "tiles": [{"id": 1}]}},
        {"type": "tile", "order": 2, "tile": {"id": 2, "insight": None}},
        {"type": "error", "tile_id": 3, "error": "boom"},
        {"type": "complete"},
    ]
    parsed = [parse_model(models.TileStreamMessage, k) for k in kinds]
    assert [m.type for m in parsed] == ["metadata", "tile", "error", "complete"]
    assert parsed[1].tile.id == 2 and parsed[2].error == "boom"


def test_not_supported_is_a_falsy_result_with_a_sentence():
    result = models.NotSupported(feature="Action event count", detail="Gone.")
    assert not result
    assert str(result) == "Action event count is not available: Gone."


def test_event_with_offset_timestamp_and_elements():
    event = parse_model(models.Event, {
        "id": "u", "distinct_id": 42, "event": "$autocapture", "timestamp": "2024-05-01T12:00:00+00:00",
        "properties": {"$browser": "Firefox"}, "person": None,
        "elements": [{"tag_name": "a", "attr_class": ["btn"], "nth_child": 1, "attributes": {"attr__href": "/"}}],
    })
    assert event.distinct_id == "42" and event.timestamp.utcoffset().total_seconds() == 0
    assert event.elements[0].tag_name == "a"
